// @checkout-kit/server: the merchant-server half of Checkout Kit as a Web-standard fetch handler.
export { CheckoutError, type CheckoutErrorCode } from './checkoutError.ts'
export {
  type CheckoutHandler,
  type CheckoutHandlerOptions,
  type CheckoutLogger,
  createCheckoutHandler,
} from './createCheckoutHandler.ts'
export type { ResolvedOrder } from './gateways/gatewayAdapter.ts'
export type { OceanpaymentOptions } from './gateways/oceanpaymentAdapter.ts'
export type { PingPongOptions } from './gateways/pingpongAdapter.ts'
export type { PockytOptions } from './gateways/pockytAdapter.ts'
export {
  gatewayIdsOf,
  type PaymentRecord,
  type RefundRecord,
  shopperFailure,
  type TimelineEntry,
} from './paymentRecord.ts'
export { readBodyText } from './readBodyText.ts'
export { redactCardNumbers } from './redactCardNumbers.ts'
export { type RefundSummary, refundSummary } from './refundSummary.ts'
export { type RunningServer, type ServeOptions, serve } from './serve.ts'
export { createMemoryPaymentStore } from './stores/memoryPaymentStore.ts'
export {
  DuplicatePaymentError,
  type ListPaymentsOptions,
  type PaymentStore,
} from './stores/paymentStore.ts'
export {
  createSqlitePaymentStore,
  type SqlitePaymentStoreOptions,
} from './stores/sqlitePaymentStore.ts'
