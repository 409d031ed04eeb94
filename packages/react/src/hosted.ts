// @checkout-kit/react/hosted: hosted checkout (JS SDK or redirect) and the result page. No card
// form, risk plugin or QR code library behind this entry.
export type {
  AttemptState,
  CheckoutClient,
  CheckoutError,
  CheckoutErrorCode,
  CreatePaymentRequest,
  NextAction,
  PaymentSession,
  PaymentStatus,
} from '@checkout-kit/core'
export { isCheckoutError } from '@checkout-kit/core'
export { CheckoutProvider, type CheckoutProviderProps } from './CheckoutProvider.tsx'
export { HostedCheckout, type HostedCheckoutProps } from './HostedCheckout.tsx'
export { HostedRedirect, type HostedRedirectProps } from './HostedRedirect.tsx'
export { en, type FailureCode, type Locale, type Messages, zhCN } from './messages.ts'
export { PaymentResult, type PaymentResultProps } from './PaymentResult.tsx'
export { queryKeys } from './queryKeys.ts'
export {
  type ActionProgress,
  type CheckoutCallbacks,
  type PayOptions,
  type UseCheckoutOptions,
  type UseCheckoutResult,
  useCheckout,
} from './useCheckout.ts'
export { useCheckoutConfig } from './useCheckoutConfig.ts'
export { type CheckoutContextValue, useCheckoutContext } from './useCheckoutContext.ts'
export {
  type PaymentResultState,
  type PaymentResultStatus,
  usePaymentResult,
} from './usePaymentResult.ts'
export { type UsePaymentStatusOptions, usePaymentStatus } from './usePaymentStatus.ts'
