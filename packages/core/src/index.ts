// @checkout-kit/core: the framework-free browser engine of Checkout Kit. Nothing here touches the
// DOM at import time; browser access goes through a replaceable BrowserEnvironment.
export { type AttemptEvent, type AttemptState, attemptReducer } from './attemptReducer.ts'
export {
  type BrowserEnvironment,
  browserDocument,
  browserSessionStorage,
  defaultBrowserEnvironment,
  navigateTo,
  submitFormTo,
} from './browserEnvironment.ts'
export { formatExpiry, parseExpiry } from './cardExpiry.ts'
export {
  type CardBrand,
  detectCardBrand,
  formatCardNumber,
  validateCardNumber,
} from './cardNumber.ts'
export { validateSecurityCode } from './cardSecurityCode.ts'
export {
  CheckoutError,
  type CheckoutErrorCode,
  isCheckoutError,
  isUnknownOutcome,
} from './checkoutError.ts'
export { checkRedirectUrl } from './checkRedirectUrl.ts'
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
export {
  type CheckoutClient,
  type CheckoutClientOptions,
  createCheckoutClient,
  readContractAnswer,
} from './createCheckoutClient.ts'
export { createPaymentAttempt, type PaymentAttempt } from './createPaymentAttempt.ts'
export { loadScript, trustedTypesPolicyName } from './loadScript.ts'
export { maskCardNumbers, passesLuhn } from './luhn.ts'
export { parsePaymentSession, parseRedirectSession } from './parsePaymentSession.ts'
export {
  forgetPayment,
  recallPayment,
  releaseAbandonedCardAttempt,
  rememberPayment,
  resumeAbandonedAttempt,
} from './paymentResume.ts'
export {
  type ActionContext,
  type ActionOutcome,
  type ActionPerformers,
  mountHostedSdk,
  type PerformActionOptions,
  performAction,
  performActionWith,
  performRedirect,
  type RedirectContext,
  showQrCode,
  startThreeDs,
} from './performAction.ts'
export { createPingPongRiskPlugin, type RiskPlugin } from './pingpongRiskPlugin.ts'
export { watchPaymentStatus } from './watchPaymentStatus.ts'
