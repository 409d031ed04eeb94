// PingPongCheckout v4 wire formats: a JSON envelope whose `bizContent` is a JSON *string*.
// Field names and shapes follow the v4 developer docs (see shared/gateways/pingpong.md).

/** `https://…` hosts of the v4 API. Going live is a change of base URL and credentials. */
export const baseUrls = {
  sandbox: 'https://sandbox-acquirer-payment.pingpongx.com',
  /** Frankfurt: Europe and every region without its own host. */
  production: 'https://acquirer-payment.pingpongx.com',
  productionSingapore: 'https://acquirer-payment-checkout-sg.pingpongx.com',
  productionUnitedStates: 'https://acquirer-payment-checkout-us.pingpongx.com',
} as const

export const paths = {
  prePay: '/v4/payment/prePay',
  unifiedPay: '/v4/payment/unifiedPay',
  query: '/v4/payment/query',
  refund: '/v4/payment/refund',
  /**
   * The docs' refund query. A 2026 integration cites `/v4/payment/getRefund` instead; which one is
   * current is unverified, so builders take a `path` option and the emulator serves both.
   */
  refundQuery: '/v4/refund/query',
  refundQueryAlias: '/v4/payment/getRefund',
} as const

/** The public sandbox account of the docs (account A). The emulator accepts it out of the box. */
export const sandboxCredentials = {
  accId: '2018092714313010016291',
  clientId: '2018092714313010016',
  salt: 'F78BC96A55548B2319EE68E0',
} as const satisfies PingPongCredentials

/** What the merchant answers a notification with; any 2xx whose body is not `FAIL` is accepted. */
export const acknowledgement = 'OK'

/** The body that tells PingPong a notification was *not* taken and must be sent again. */
export const rejection = 'FAIL'

export const resultCodeSucceeded = '000000'
export const resultCodeRequestSucceeded = '001000'
export const resultCodeProcessing = '002000'

export type SignType = 'SHA256' | 'MD5'

export interface PingPongCredentials {
  /** Store id. */
  accId: string
  /** Merchant id: the accId without its last three digits. */
  clientId: string
  /** The signing secret. Server-side only. */
  salt: string
  /** SHA256 unless the account is set up for MD5. */
  signType?: SignType
}

/**
 * Every request: the common fields plus the business parameters as a JSON string. (A type, not an
 * interface, so an envelope passes where a `Record<string, string>` is expected, as in signing.)
 */
export type RequestEnvelope = {
  accId: string
  clientId: string
  signType: SignType
  sign: string
  version: '1.0'
  bizContent: string
}

/** Responses carry `code`/`description` and no `version`. */
export type ResponseEnvelope = {
  accId: string
  clientId: string
  signType: SignType
  sign: string
  code: string
  description: string
  bizContent?: string
}

/**
 * Notifications are signed like responses; which common members they carry (`version` or
 * `code`/`description`) differs between the docs, so every member present is signed.
 */
export type NotificationEnvelope = Record<string, string> & { sign: string; bizContent: string }

/** PingPong's transaction statuses (§1.12). */
export type PingPongStatus =
  | 'INIT'
  | 'PROCESSING'
  | 'FAILED'
  | 'CLOSED'
  | 'CANCEL'
  | 'SUCCESS'
  | 'AUTH_SUCCESS'

export interface Customer {
  firstName?: string
  lastName?: string
  email?: string
  phone?: string
  /** YYYY-MM-DD */
  birthDate?: string
  identificationType?: string
  identificationId?: string
}

export interface Goods {
  name: string
  description?: string
  sku?: string
  unitPrice: string
  number: string
  imgUrl: string
  virtualProduct?: 'Y' | 'N'
}

export interface Address {
  street?: string
  postcode?: string
  city?: string
  state?: string
  district?: string
  /** ISO 3166-1 alpha-2 */
  country?: string
}

export interface ShippingAddress extends Address {
  shippingFee?: string
}

export interface BrowserInfo {
  windowSize?: string
  acceptHeader?: string
  colorDepth?: string
  screenHeight?: string
  screenWidth?: string
  /** UTC offset in minutes. */
  jetLag?: string
  userAgent?: string
  javaEnabled?: string
  javaScriptEnabled?: string
  language?: string
}

export interface Device {
  /** `01` mobile browser, `02` PC, `03` iOS SDK, `04` Android SDK. */
  orderTerminal: '01' | '02' | '03' | '04'
}

export interface ThreeDSRequestData {
  executeThreeD?: 'Y' | 'depends' | 'external'
  authenticationValue?: string
  acsTransactionId?: string
  veresEnrolled?: string
  specificationVersion?: string
  directoryServerTransactionId?: string
  threeDSServerTransactionId?: string
  paresStatus?: string
  eci?: string
}

/** Business fields shared by prePay and unifiedPay (§1.4), as they go on the wire. */
export interface OrderBizContent {
  captureDelayHours?: string
  timeExpire?: string
  amount: string
  currency: string
  merchantTransactionId: string
  payResultUrl?: string
  payCancelUrl?: string
  notificationUrl?: string
  remark?: string
  language?: string
  tradeCountry?: string
  merchantSource?: string
  shopperIP: string
  merchantUserId?: string
  threeDSRequestData?: ThreeDSRequestData
  customer?: Customer
  goods?: Goods[]
  shippingAddress?: ShippingAddress
  billingAddress?: Address
  browserInfo?: BrowserInfo
  device?: Device
}

export interface PrePayBizContent extends OrderBizContent {
  payResultUrl: string
  payCancelUrl: string
  paymentMethods?: string[]
}

export interface CardInfo {
  number: string
  pin?: string
  holderFirstName: string
  holderLastName: string
  /** Two digits, `01`–`12`. */
  expireMonth: string
  /** Four digits. */
  expireYear: string
  cvv: string
}

export type PaymentMethod =
  | { type: 'scheme'; cardInfo: CardInfo }
  /** A local payment method (APM) by its PingPong name, e.g. `AlipayCN`. */
  | { type: string; scanCodeId?: string; cardInfo?: never }

export interface UnifiedPayBizContent extends OrderBizContent {
  requestId: string
  paymentMethod: PaymentMethod
  /** The risk plugin's output as a JSON string; without it a 3DS challenge cannot start. */
  jsGeneratedData?: string
}

export interface QueryBizContent {
  transactionId?: string
  merchantTransactionId?: string
  requestId?: string
}

export interface RefundBizContent {
  merchantTransactionId: string
  merchantRefundId: string
  amount: string
  currency: string
  notificationUrl?: string
  remark?: string
}

export interface RefundQueryBizContent {
  merchantTransactionId: string
  refundId?: string
  merchantRefundId?: string
}

/** prePay's business response (§1.5). */
export interface PrePayResponseBizContent {
  transactionId: string
  merchantTransactionId: string
  amount: string
  currency: string
  remark?: string
  /** Initialises the hosted JS SDK (`ppPay.createPayment(token)`). */
  token: string
  /** The SDK script URL including the token. */
  innerJsUrl?: string
  /** The hosted cashier, for the redirect flow. */
  paymentUrl: string
}

/** APM next step in a unifiedPay response. */
export interface ApmAction {
  type: 'QR_CODE' | 'QR_URL' | 'PAYMENT_REDIRECT_URL'
  qrCode?: string
  qrUrl?: string
  paymentRedirectUrl?: string
}

/** What the risk plugin's 3DS trigger takes (§1.8–1.9). */
export interface ThreeDUnionParams {
  threeDContinue?: string
  threeDRedirectUrl?: string
  threeDResult?: string
  [name: string]: unknown
}

/** unifiedPay / query / notification business fields (§1.8, §1.10, §1.11). */
export interface TransactionBizContent {
  transactionId?: string
  merchantTransactionId: string
  requestId?: string
  amount?: string
  currency?: string
  status: PingPongStatus
  transactionTime?: string
  transactionEndingTime?: string
  captureDelayHours?: string | number
  remark?: string
  payResultUrl?: string
  resultCode?: string
  resultDescription?: string
  threeDContinue?: string
  threeDUnionParams?: ThreeDUnionParams
  paymentMethod?: { type: string }
  action?: ApmAction
  /** Legacy (v3) APM fields, still described in the non-hosted guide. */
  paymentQrCode?: string
  paymentRedirectUrl?: string
  notifyType?: 'RECHARGE'
}

/** Refund response and refund notification business fields. */
export interface RefundResultBizContent {
  transactionId?: string
  merchantTransactionId: string
  merchantRefundId?: string
  refundId?: string
  amount?: string
  currency?: string
  status: 'SUCCESS' | 'FAILED' | 'PROCESSING'
  resultCode?: string
  resultDescription?: string
  refundTime?: string
  refundEndingTime?: string
  remark?: string
  notifyType?: 'REFUND'
}
