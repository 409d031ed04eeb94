// @checkout-kit/react/redirect: the hosted redirect alone (PingPong, Pockyt, Oceanpayment), the
// smallest way to take payments. No hosted SDK loader, status watching, card form or QR code
// behind this entry; the return page is `@checkout-kit/react/result`.
export type {
  CheckoutError,
  CheckoutErrorCode,
  NextAction,
  PaymentSession,
  PaymentStatus,
} from '@checkout-kit/core'
export { isCheckoutError } from '@checkout-kit/core'
export { CheckoutProvider, type CheckoutProviderProps } from './CheckoutProvider.tsx'
export { HostedRedirect, type HostedRedirectProps } from './HostedRedirect.tsx'
export { type FailureCode, type Locale, type Messages, zhCN } from './messages.ts'
