// @checkout-kit/react: every component and hook. Redirect-only storefronts can import
// `@checkout-kit/react/hosted` (or /result, /card, /local) to leave the rest out of their bundle.
export { CardPayment, type CardPaymentProps } from './CardPayment.tsx'
export * from './hosted.ts'
export { LocalPayment, type LocalPaymentProps } from './LocalPayment.tsx'
