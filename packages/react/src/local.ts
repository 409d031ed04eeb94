// @checkout-kit/react/local: local payment methods (QR code or wallet redirect), plus everything in
// /hosted. No card form or risk plugin behind this entry.
export * from './hosted.ts'
export { LocalPayment, type LocalPaymentProps } from './LocalPayment.tsx'
