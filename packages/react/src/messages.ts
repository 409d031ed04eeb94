import type { CheckoutErrorCode } from '@checkout-kit/core'

/** The server's failure vocabulary (`PaymentSession.failure.code`). */
export type FailureCode =
  | 'card_declined'
  | 'payment_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_card_details'
  | 'authentication_failed'
  | 'suspected_fraud'
  | 'payment_method_unsupported'
  | 'duplicate_order'
  | 'cancelled'
  | 'expired'
  | 'configuration_error'
  | 'gateway_error'
  | 'unknown'

/**
 * Every text the components show. Flat so that any single key can be overridden through
 * `<CheckoutProvider messages={{ pay: 'Place order' }}>`. `{name}` marks a value filled in at render.
 */
export interface Messages
  extends Record<`failure.${FailureCode}`, string>,
    Record<`error.${CheckoutErrorCode}`, string> {
  pay: string
  payAmount: string
  tryAgain: string
  startAgain: string
  cardNumber: string
  cardNumberHint: string
  expiryDate: string
  expiryDateHint: string
  securityCode: string
  securityCodeHint: string
  securityCodeHintAmex: string
  nameOnCard: string
  cardNumberEmpty: string
  cardNumberIncomplete: string
  cardNumberInvalid: string
  expiryEmpty: string
  expiryFormat: string
  expiryPast: string
  securityCodeEmpty: string
  securityCodeLength: string
  nameOnCardEmpty: string
  fixFields: string
  statusIdle: string
  statusSubmitting: string
  statusAction: string
  statusRedirecting: string
  statusHostedReady: string
  statusWaiting: string
  statusScanQr: string
  statusSucceeded: string
  statusFailed: string
  statusCancelled: string
  statusExpired: string
  statusUnknown: string
  statusError: string
  qrTitle: string
  qrOpenLink: string
  qrExpiresIn: string
  qrExpired: string
  resultLoading: string
  resultPending: string
  resultSucceeded: string
  resultSucceededDetail: string
  resultFailed: string
  resultCancelled: string
  resultExpired: string
  resultMissing: string
  resultError: string
}

/** A BCP 47 language tag: `'en'` (default), `'zh-CN'`, … Pass the matching `messages` with it. */
export type Locale = 'en' | 'zh-CN' | (string & {})

/**
 * What the redirect-only component says: the button, progress and the errors of a request and a
 * redirect (English). Every other component says these too. A failed payment's reason is the
 * server's own text (`failure.message`, the same English), unless the provider's `messages` have
 * it in the shopper's language.
 */
export const redirectMessages = {
  pay: 'Pay',
  tryAgain: 'Try again',
  startAgain: 'Start again',
  statusSubmitting: 'Starting your payment…',
  statusRedirecting: 'Taking you to the payment page…',
  statusWaiting: 'Waiting for the payment to be confirmed…',
  statusSucceeded: 'Payment successful.',
  statusFailed: 'The payment did not go through.',
  statusCancelled: 'The payment was cancelled.',
  statusExpired: 'The payment session expired.',
  'error.network_error':
    'We could not reach the payment service. Check your connection and try again.',
  'error.timeout':
    'The payment service did not answer in time. Try again: you will not be charged twice.',
  'error.invalid_response':
    'The payment service sent an unexpected answer. Please try again later.',
  'error.server_error': 'The payment could not be started. Please try again.',
  'error.redirect_blocked':
    'The payment page could not be opened safely. Please contact the shop or try another method.',
  'error.unknown_action': 'This payment step is not supported. Please try another payment method.',
  'error.aborted': 'The payment was interrupted. Please try again.',
  'failure.expired': 'The payment session expired. Start the payment again.',
  'failure.unknown': 'The payment did not go through. Please try again.',
} satisfies Partial<Messages>

/** What every other payment component adds: its progress, failures and errors (English). */
// A call marked pure, not a spread, for the reason given at `en` below.
export const commonMessages = /* @__PURE__ */ Object.assign({}, redirectMessages, {
  'failure.card_declined': 'Your card was declined. Try another card or contact your bank.',
  'failure.payment_declined': 'Your payment was declined. Try another payment method.',
  'failure.insufficient_funds':
    'Your card has insufficient funds or has reached its limit. Try another card.',
  'failure.expired_card': 'Your card has expired. Try another card.',
  'failure.incorrect_card_details': 'Some card details are incorrect. Check them and try again.',
  'failure.authentication_failed':
    'Your bank could not verify this payment. Try again or use another card.',
  'failure.suspected_fraud': 'This payment could not be accepted. Try another payment method.',
  'failure.payment_method_unsupported': 'This payment method is not available for this order.',
  'failure.duplicate_order': 'This order has already been submitted.',
  'failure.cancelled': 'The payment was cancelled.',
  'failure.configuration_error': 'Payments are temporarily unavailable. Please try again later.',
  'failure.gateway_error': 'The payment service had a problem. Please try again.',
  statusIdle: '',
  statusAction: 'Continue your payment.',
  statusHostedReady: 'Enter your payment details below.',
  statusScanQr: 'Scan the QR code with your payment app.',
  'error.script_load_failed':
    'The payment form could not be loaded. Check your connection and try again.',
  'error.risk_plugin_unavailable':
    'The card security check could not be loaded. Check your connection and try again.',
  'error.invalid_card': 'Some card details are not valid. Check them and try again.',
} satisfies Partial<Messages>)

/** The card form's labels, hints and validation messages (English). */
export const cardMessages = {
  cardNumber: 'Card number',
  cardNumberHint: 'The 13 to 19 digits on the front of your card.',
  expiryDate: 'Expiry date',
  expiryDateHint: 'MM / YY',
  securityCode: 'Security code',
  securityCodeHint: 'The 3 digits on the back of your card.',
  securityCodeHintAmex: 'The 4 digits on the front of your card.',
  nameOnCard: 'Name on card',
  cardNumberEmpty: 'Enter your card number.',
  cardNumberIncomplete: 'Your card number is incomplete.',
  cardNumberInvalid: 'Your card number is not valid. Check it and try again.',
  expiryEmpty: 'Enter the expiry date.',
  expiryFormat: 'Enter the expiry date as MM / YY.',
  expiryPast: 'Your card has expired. Use another card.',
  securityCodeEmpty: 'Enter the security code.',
  securityCodeLength: 'The security code must be {length} digits.',
  nameOnCardEmpty: 'Enter the name as it appears on your card.',
  fixFields: 'Check the highlighted fields.',
} satisfies Partial<Messages>

/** The QR code's texts (English). */
export const qrMessages = {
  qrTitle: 'Payment QR code',
  qrOpenLink: 'Open the payment page',
  qrExpiresIn: 'Expires in {time}',
  qrExpired: 'This QR code has expired.',
} satisfies Partial<Messages>

/** The return page's texts (English). */
export const resultMessages = {
  resultLoading: 'Checking your payment…',
  resultPending: 'Your payment is being confirmed. This page updates by itself.',
  resultSucceeded: 'Payment successful',
  resultSucceededDetail: 'Thank you. Your payment has been received.',
  resultFailed: 'Payment failed',
  resultCancelled: 'Payment cancelled',
  resultExpired: 'Payment expired',
  resultMissing:
    'We could not find a payment to show. If you paid, check your email for a receipt.',
  resultError: 'We could not check your payment right now. Reload the page to try again.',
} satisfies Partial<Messages>

/**
 * Texts no component shows, for custom UIs that read `en` (or `useCheckoutContext().messages`):
 * kept out of the components' groups so no page ships them unless it imports `en`.
 */
const customUiMessages = {
  payAmount: 'Pay {amount}',
  statusUnknown:
    'We could not confirm your payment. Check your connection and try again: you will not be charged twice.',
  statusError: 'The payment could not be started.',
} satisfies Partial<Messages>

export type RedirectMessages = typeof redirectMessages
export type CommonMessages = typeof commonMessages
export type CardMessages = typeof cardMessages
export type QrMessages = typeof qrMessages
export type ResultMessages = typeof resultMessages

/**
 * English, the default: each component ships only its own group of it, and the provider's
 * `messages` (another language, or single overrides) replace any of them.
 */
// A call marked pure, not a spread: bundlers keep an unused spread (it could run getters), and
// this table must vanish from pages that do not import it.
export const en: Messages = /* @__PURE__ */ Object.assign(
  {},
  commonMessages,
  cardMessages,
  qrMessages,
  resultMessages,
  customUiMessages,
)

/**
 * Simplified Chinese. Not bundled unless imported:
 * `<CheckoutProvider locale="zh-CN" messages={zhCN}>`.
 */
export const zhCN: Messages = {
  pay: '支付',
  payAmount: '支付 {amount}',
  tryAgain: '重试',
  startAgain: '重新开始',
  cardNumber: '卡号',
  cardNumberHint: '银行卡正面的 13 至 19 位数字。',
  expiryDate: '有效期',
  expiryDateHint: '月 / 年（MM / YY）',
  securityCode: '安全码',
  securityCodeHint: '银行卡背面的 3 位数字。',
  securityCodeHintAmex: '银行卡正面的 4 位数字。',
  nameOnCard: '持卡人姓名',
  cardNumberEmpty: '请输入卡号。',
  cardNumberIncomplete: '卡号不完整。',
  cardNumberInvalid: '卡号无效，请检查后重试。',
  expiryEmpty: '请输入有效期。',
  expiryFormat: '请按 MM / YY 格式输入有效期。',
  expiryPast: '此卡已过期，请换一张卡。',
  securityCodeEmpty: '请输入安全码。',
  securityCodeLength: '安全码应为 {length} 位数字。',
  nameOnCardEmpty: '请输入与卡面一致的持卡人姓名。',
  fixFields: '请检查标出的字段。',
  statusIdle: '',
  statusSubmitting: '正在发起支付…',
  statusAction: '请继续完成支付。',
  statusRedirecting: '正在前往支付页面…',
  statusHostedReady: '请在下方填写支付信息。',
  statusWaiting: '正在等待支付确认…',
  statusScanQr: '请使用支付应用扫描二维码。',
  statusSucceeded: '支付成功。',
  statusFailed: '支付未成功。',
  statusCancelled: '支付已取消。',
  statusExpired: '支付已过期。',
  statusUnknown: '暂时无法确认支付结果。请检查网络后重试，不会重复扣款。',
  statusError: '无法发起支付。',
  qrTitle: '支付二维码',
  qrOpenLink: '打开支付页面',
  qrExpiresIn: '{time} 后过期',
  qrExpired: '二维码已过期。',
  resultLoading: '正在查询支付结果…',
  resultPending: '正在确认您的支付，本页面会自动更新。',
  resultSucceeded: '支付成功',
  resultSucceededDetail: '感谢您的付款，我们已收到款项。',
  resultFailed: '支付失败',
  resultCancelled: '支付已取消',
  resultExpired: '支付已过期',
  resultMissing: '未找到可显示的支付记录。如果您已付款，请查看邮箱中的收据。',
  resultError: '暂时无法查询支付结果，请刷新页面重试。',
  'failure.card_declined': '您的银行卡被拒绝。请换一张卡或联系发卡银行。',
  'failure.payment_declined': '支付被拒绝。请换一种支付方式。',
  'failure.insufficient_funds': '卡内余额不足或已超出额度。请换一张卡。',
  'failure.expired_card': '您的银行卡已过期。请换一张卡。',
  'failure.incorrect_card_details': '部分银行卡信息有误，请检查后重试。',
  'failure.authentication_failed': '发卡银行未能验证此笔支付。请重试或换一张卡。',
  'failure.suspected_fraud': '此笔支付无法受理，请换一种支付方式。',
  'failure.payment_method_unsupported': '此订单不支持该支付方式。',
  'failure.duplicate_order': '此订单已提交过。',
  'failure.cancelled': '支付已取消。',
  'failure.expired': '支付会话已过期，请重新发起支付。',
  'failure.configuration_error': '支付服务暂不可用，请稍后再试。',
  'failure.gateway_error': '支付服务出现问题，请重试。',
  'failure.unknown': '支付未成功，请重试。',
  'error.network_error': '无法连接支付服务，请检查网络后重试。',
  'error.timeout': '支付服务未及时响应。请重试，不会重复扣款。',
  'error.invalid_response': '支付服务返回了异常结果，请稍后再试。',
  'error.server_error': '无法发起支付，请重试。',
  'error.redirect_blocked': '无法安全地打开支付页面。请联系商家或换一种支付方式。',
  'error.unknown_action': '暂不支持此支付步骤，请换一种支付方式。',
  'error.script_load_failed': '支付表单加载失败，请检查网络后重试。',
  'error.risk_plugin_unavailable': '银行卡安全校验组件加载失败，请检查网络后重试。',
  'error.invalid_card': '部分银行卡信息无效，请检查后重试。',
  'error.aborted': '支付被中断，请重试。',
}
