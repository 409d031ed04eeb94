// @checkout-kit/react/result: the return page only, with the provider it needs.
export type { CheckoutError, PaymentSession, PaymentStatus } from '@checkout-kit/core'
export { CheckoutProvider, type CheckoutProviderProps } from './CheckoutProvider.tsx'
export { en, type FailureCode, type Locale, type Messages, zhCN } from './messages.ts'
export { PaymentResult, type PaymentResultProps } from './PaymentResult.tsx'
export { queryKeys } from './queryKeys.ts'
export {
  type PaymentResultState,
  type PaymentResultStatus,
  usePaymentResult,
} from './usePaymentResult.ts'
export { type UsePaymentStatusOptions, usePaymentStatus } from './usePaymentStatus.ts'
