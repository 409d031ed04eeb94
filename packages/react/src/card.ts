// @checkout-kit/react/card: the card form (with the PingPong risk plugin and 3DS), plus everything
// in /hosted. No QR code library behind this entry.
export { CardPayment, type CardPaymentProps } from './CardPayment.tsx'
export * from './hosted.ts'
