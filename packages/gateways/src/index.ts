// @checkout-kit/gateways: the wire formats of PingPongCheckout, Pockyt and Oceanpayment.
// Each gateway is a namespace with the same shape (wire types, signing, builders, parsers,
// statuses, result codes); the shared vocabulary below is what they map onto.
export * as oceanpayment from './oceanpayment/index.ts'
export * as pingpong from './pingpong/index.ts'
export * as pockyt from './pockyt/index.ts'
export {
  type Failure,
  type FailureCode,
  failure,
  failureMessages,
  withoutCardWords,
} from './shared/failure.ts'
export { decodeForm, encodeForm } from './shared/formEncoding.ts'
export { passesLuhn } from './shared/luhn.ts'
export {
  currencyExponent,
  formatAmount,
  formatMinorUnits,
  isCurrencyCode,
  type Money,
  sameMoney,
  toMinorUnits,
} from './shared/money.ts'
export type { ParseError, ParseErrorCode, ParseResult } from './shared/parseResult.ts'
export { isTerminalStatus, type PaymentStatus, type RefundStatus } from './shared/paymentStatus.ts'
export type { PaymentUpdate, RefundUpdate } from './shared/paymentUpdate.ts'
export type { WireRequest } from './shared/wireRequest.ts'
