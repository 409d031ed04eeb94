import { formatAmount, type Money } from '../shared/money.ts'
import type { WireRequest } from '../shared/wireRequest.ts'
import { signEnvelope } from './sign.ts'
import type {
  Address,
  BrowserInfo,
  CardInfo,
  Customer,
  Device,
  Goods,
  PingPongCredentials,
  PrePayBizContent,
  QueryBizContent,
  RefundBizContent,
  RefundQueryBizContent,
  RequestEnvelope,
  ResponseEnvelope,
  ShippingAddress,
  ThreeDSRequestData,
  UnifiedPayBizContent,
} from './wire.ts'
import { paths } from './wire.ts'

// Builders take the merchant's typed input and return a signed request. Invalid input is a bug in
// the caller, so they throw a TypeError or RangeError saying what to fix — never with a card number
// or CVC in the message.

/** What prePay and unifiedPay share: the order, the shopper and where to send results. */
export interface OrderInput {
  /** The merchant's order reference, unique per payment attempt at PingPong (max 64). */
  merchantTransactionId: string
  amount: Money
  /** The shopper's IP address (IPv4 or IPv6). */
  shopperIP: string
  /** Where the shopper's browser lands after paying or after 3DS. */
  payResultUrl?: string
  /** Where the shopper's browser lands after cancelling on the cashier. */
  payCancelUrl?: string
  /** Where PingPong POSTs notifications; PingPong allows no query string. */
  notificationUrl?: string
  /** `0` captures at once (default); `-1` only authorises. */
  captureDelayHours?: 0 | -1
  /** When PingPong closes the unpaid order. */
  expiresAt?: Date
  remark?: string
  /** Cashier language, e.g. `en`, `zh`, `de`. */
  language?: string
  tradeCountry?: string
  merchantSource?: string
  merchantUserId?: string
  customer?: Customer
  goods?: Goods[]
  billingAddress?: Address
  shippingAddress?: ShippingAddress
  browserInfo?: BrowserInfo
  device?: Device
  threeDSRequestData?: ThreeDSRequestData
}

export interface PrePayInput extends OrderInput {
  payResultUrl: string
  payCancelUrl: string
  /** Restricts the cashier's methods, e.g. `['VISA', 'Mastercard']`. */
  paymentMethods?: string[]
}

export interface CardPaymentInput {
  type: 'scheme'
  cardInfo: CardInfo
}

export interface ApmPaymentInput {
  /** The APM's PingPong name, e.g. `AlipayCN`, `WechatPay`. */
  type: string
  /** A wallet's payment code when the merchant scans the shopper's phone. */
  scanCodeId?: string
}

export interface UnifiedPayInput extends OrderInput {
  /** Globally unique per attempt; PingPong's idempotency key for non-hosted payments. */
  requestId: string
  paymentMethod: CardPaymentInput | ApmPaymentInput
  /** The risk plugin's `jsGeneratedData` (JSON text or the object); needed for 3DS. */
  jsGeneratedData?: string | Record<string, unknown>
}

export interface QueryInput {
  transactionId?: string
  merchantTransactionId?: string
  requestId?: string
}

export interface RefundInput {
  merchantTransactionId: string
  /** The merchant's refund reference, unique per refund. */
  merchantRefundId: string
  amount: Money
  notificationUrl?: string
  remark?: string
}

export interface RefundQueryInput {
  merchantTransactionId: string
  refundId?: string
  merchantRefundId?: string
}

export interface BuildOptions {
  /** Overrides the path, for the endpoints whose current path is unverified. */
  path?: string
}

/** JSON text of the business content; `JSON.stringify` leaves out members that are `undefined`. */
function toBizContentText(bizContent: object): string {
  return JSON.stringify(bizContent)
}

function requireText(value: string | undefined, field: string, maxLength: number): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`PingPong: ${field} is required`)
  }
  if (value.length > maxLength) {
    throw new TypeError(`PingPong: ${field} is at most ${maxLength} characters`)
  }
}

function requireNotificationUrl(url: string | undefined): void {
  if (url?.includes('?')) {
    throw new TypeError(
      'PingPong: notificationUrl must not have a query string; put the payment reference in the path',
    )
  }
}

/** The common envelope around any business content, signed with the credentials. */
export function buildEnvelope(
  bizContent: object,
  credentials: PingPongCredentials,
): RequestEnvelope {
  const unsigned = {
    accId: credentials.accId,
    clientId: credentials.clientId,
    signType: credentials.signType ?? 'SHA256',
    version: '1.0' as const,
    bizContent: toBizContentText(bizContent),
  }
  return { ...unsigned, sign: signEnvelope(unsigned, credentials.salt) }
}

function request(
  path: string,
  bizContent: object,
  credentials: PingPongCredentials,
): WireRequest<RequestEnvelope> {
  const envelope = buildEnvelope(bizContent, credentials)
  return {
    method: 'POST',
    path,
    contentType: 'application/json',
    body: JSON.stringify(envelope),
    message: envelope,
  }
}

function orderBizContent(input: OrderInput) {
  requireText(input.merchantTransactionId, 'merchantTransactionId', 64)
  requireText(input.shopperIP, 'shopperIP', 128)
  requireNotificationUrl(input.notificationUrl)
  return {
    captureDelayHours: String(input.captureDelayHours ?? 0),
    timeExpire:
      input.expiresAt === undefined
        ? undefined
        : String(Math.floor(input.expiresAt.getTime() / 1000)),
    amount: formatAmount(input.amount),
    currency: input.amount.currency.toUpperCase(),
    merchantTransactionId: input.merchantTransactionId,
    payResultUrl: input.payResultUrl,
    payCancelUrl: input.payCancelUrl,
    notificationUrl: input.notificationUrl,
    remark: input.remark,
    language: input.language,
    tradeCountry: input.tradeCountry,
    merchantSource: input.merchantSource,
    shopperIP: input.shopperIP,
    merchantUserId: input.merchantUserId,
    threeDSRequestData: input.threeDSRequestData,
    customer: input.customer,
    goods: input.goods,
    shippingAddress: input.shippingAddress,
    billingAddress: input.billingAddress,
    browserInfo: input.browserInfo,
    device: input.device,
  }
}

/** "Create a Payment Intent": the hosted cashier (redirect to `paymentUrl`) or the JS SDK (`token`). */
export function buildPrePayRequest(
  input: PrePayInput,
  credentials: PingPongCredentials,
  options: BuildOptions = {},
): WireRequest<RequestEnvelope> {
  requireText(input.payResultUrl, 'payResultUrl', 255)
  requireText(input.payCancelUrl, 'payCancelUrl', 255)
  const bizContent: PrePayBizContent = {
    ...orderBizContent(input),
    payResultUrl: input.payResultUrl,
    payCancelUrl: input.payCancelUrl,
    paymentMethods: input.paymentMethods,
  }
  return request(options.path ?? paths.prePay, bizContent, credentials)
}

function checkCard(cardInfo: CardInfo): void {
  // Messages name the field, never its value: card data must not reach logs through an error.
  if (!/^\d{12,19}$/.test(cardInfo.number)) {
    throw new TypeError('PingPong: cardInfo.number must be 12 to 19 digits without spaces')
  }
  if (!/^(0[1-9]|1[0-2])$/.test(cardInfo.expireMonth)) {
    throw new TypeError('PingPong: cardInfo.expireMonth must be two digits, 01 to 12')
  }
  if (!/^\d{4}$/.test(cardInfo.expireYear)) {
    throw new TypeError('PingPong: cardInfo.expireYear must be four digits, e.g. 2030')
  }
  if (!/^\d{3,4}$/.test(cardInfo.cvv)) {
    throw new TypeError('PingPong: cardInfo.cvv must be 3 or 4 digits')
  }
  requireText(cardInfo.holderFirstName, 'cardInfo.holderFirstName', 64)
  requireText(cardInfo.holderLastName, 'cardInfo.holderLastName', 64)
}

/** "Accept a Payment" (Order and Pay): a card payment from the merchant's own form, or an APM. */
export function buildUnifiedPayRequest(
  input: UnifiedPayInput,
  credentials: PingPongCredentials,
  options: BuildOptions = {},
): WireRequest<RequestEnvelope> {
  requireText(input.requestId, 'requestId', 64)
  const method = input.paymentMethod
  const isCard = method.type === 'scheme'
  if (isCard) checkCard((method as CardPaymentInput).cardInfo)
  const order = orderBizContent(input)
  const bizContent: UnifiedPayBizContent = {
    ...order,
    // Capture timing does not apply to local payment methods.
    captureDelayHours: isCard ? order.captureDelayHours : undefined,
    requestId: input.requestId,
    paymentMethod: isCard
      ? { type: 'scheme', cardInfo: (method as CardPaymentInput).cardInfo }
      : { type: method.type, scanCodeId: (method as ApmPaymentInput).scanCodeId },
    jsGeneratedData:
      typeof input.jsGeneratedData === 'object'
        ? JSON.stringify(input.jsGeneratedData)
        : input.jsGeneratedData,
  }
  return request(options.path ?? paths.unifiedPay, bizContent, credentials)
}

/** Transaction query, by PingPong's transactionId or the merchant's merchantTransactionId. */
export function buildQueryRequest(
  input: QueryInput,
  credentials: PingPongCredentials,
  options: BuildOptions = {},
): WireRequest<RequestEnvelope> {
  if (!input.transactionId && !input.merchantTransactionId) {
    throw new TypeError('PingPong: a query needs transactionId or merchantTransactionId')
  }
  const bizContent: QueryBizContent = {
    transactionId: input.transactionId,
    merchantTransactionId: input.merchantTransactionId,
    requestId: input.requestId,
  }
  return request(options.path ?? paths.query, bizContent, credentials)
}

/** A full or partial refund of a paid transaction. */
export function buildRefundRequest(
  input: RefundInput,
  credentials: PingPongCredentials,
  options: BuildOptions = {},
): WireRequest<RequestEnvelope> {
  requireText(input.merchantTransactionId, 'merchantTransactionId', 64)
  requireText(input.merchantRefundId, 'merchantRefundId', 64)
  requireNotificationUrl(input.notificationUrl)
  const bizContent: RefundBizContent = {
    merchantTransactionId: input.merchantTransactionId,
    merchantRefundId: input.merchantRefundId,
    amount: formatAmount(input.amount),
    currency: input.amount.currency.toUpperCase(),
    notificationUrl: input.notificationUrl,
    remark: input.remark,
  }
  return request(options.path ?? paths.refund, bizContent, credentials)
}

/** Refund query. The path is unverified ([U]): pass `{ path: paths.refundQueryAlias }` if needed. */
export function buildRefundQueryRequest(
  input: RefundQueryInput,
  credentials: PingPongCredentials,
  options: BuildOptions = {},
): WireRequest<RequestEnvelope> {
  requireText(input.merchantTransactionId, 'merchantTransactionId', 64)
  if (!input.refundId && !input.merchantRefundId) {
    throw new TypeError('PingPong: a refund query needs refundId or merchantRefundId')
  }
  const bizContent: RefundQueryBizContent = {
    merchantTransactionId: input.merchantTransactionId,
    refundId: input.refundId,
    merchantRefundId: input.merchantRefundId,
  }
  return request(options.path ?? paths.refundQuery, bizContent, credentials)
}

// What the gateway sends: used by the emulator, and by tests that need genuine messages.

/** A signed response envelope, as PingPong answers an API call. */
export function buildResponse(
  response: { code: string; description: string; bizContent?: object },
  credentials: PingPongCredentials,
): ResponseEnvelope {
  const unsigned: Omit<ResponseEnvelope, 'sign'> = {
    accId: credentials.accId,
    clientId: credentials.clientId,
    signType: credentials.signType ?? 'SHA256',
    code: response.code,
    description: response.description,
  }
  if (response.bizContent !== undefined) {
    unsigned.bizContent = toBizContentText(response.bizContent)
  }
  return { ...unsigned, sign: signEnvelope(unsigned, credentials.salt) }
}

/** A signed asynchronous notification (transaction or refund), as PingPong POSTs it. */
export function buildNotification(
  bizContent: object,
  credentials: PingPongCredentials,
): RequestEnvelope {
  return buildEnvelope(bizContent, credentials)
}
