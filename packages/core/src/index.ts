// @checkout-kit/core: the browser engine. So far it holds the merchant contract's types, which
// @checkout-kit/server produces; the engine itself is built by the browser-kit issue (#5).
export type {
  CardDetails,
  CheckoutConfig,
  CheckoutFlow,
  CreatePaymentRequest,
  ErrorBody,
  GatewayName,
  MoneyAmount,
  NextAction,
  PaymentFailure,
  PaymentSession,
  PaymentStatus,
} from './contract.ts'
