// PingPongCheckout v4: hosted (prePay: cashier redirect or JS SDK), non-hosted (unifiedPay: card
// with the risk plugin, APM), query, refund and notifications.
export {
  type ApmPaymentInput,
  type BuildOptions,
  buildEnvelope,
  buildNotification,
  buildPrePayRequest,
  buildQueryRequest,
  buildRefundQueryRequest,
  buildRefundRequest,
  buildResponse,
  buildUnifiedPayRequest,
  type CardPaymentInput,
  type OrderInput,
  type PrePayInput,
  type QueryInput,
  type RefundInput,
  type RefundQueryInput,
  type UnifiedPayInput,
} from './build.ts'
export {
  credentialRefusals,
  credentialsToCheck,
  describeResultCode,
  isSuccessCode,
  leavesOutcomeUnknown,
  type ResultCodeDescription,
  resultCodes,
} from './codes.ts'
export {
  type PingPongNextAction,
  type PingPongNotification,
  type PingPongPaymentResult,
  type PrePayResult,
  parseNotification,
  parsePrePayResponse,
  parseQueryResponse,
  parseRefundResponse,
  parseSignedRequest,
  parseUnifiedPayResponse,
  type SaltSource,
  type VerifiedEnvelope,
} from './parse.ts'
export { signEnvelope, verifyEnvelope } from './sign.ts'
export { toPaymentStatus, toRefundStatus } from './status.ts'
export * from './wire.ts'
