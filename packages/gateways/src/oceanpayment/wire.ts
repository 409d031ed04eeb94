// Oceanpayment's wire messages, field for field as the gateway names them (snake_case and
// camelCase mixed, as Oceanpayment writes them). Shapes are type aliases rather than interfaces
// so that a message can be passed wherever a `Record<string, string>` is expected (the signers).

/**
 * A merchant's credentials from the Oceanpayment back office. A 3-D Secure terminal has its own
 * `terminal` and `secureCode`: use one credentials object per terminal.
 */
export interface OceanpaymentCredentials {
  /** Merchant account number (6 digits, e.g. `995149`). */
  account: string
  /** Terminal number (8–12 digits, e.g. `99514901`). */
  terminal: string
  /** The terminal's secret, used only to sign; never sent. */
  secureCode: string
}

export const baseUrls = {
  test: 'https://test-secure.oceanpayment.com',
  production: 'https://secure.oceanpayment.com',
} as const

export type OceanpaymentEnvironment = keyof typeof baseUrls

export const paths = {
  /** Server-to-server create; answers `<respon>` XML with the `pay_url` to send the shopper to. */
  sendTrade: '/gateway/service/sendTrade',
  /** The shopper's browser posts the signed form here; Oceanpayment redirects back itself. */
  pay: '/gateway/service/pay',
} as const

/** The exact body a notice receiver answers, even when the notice is rejected (docs §3.7). */
/**
 * The docs' test merchant. Whether `12345678` is its sendTrade secureCode is unverified (the docs
 * show it for QuickPay); the emulator accepts it out of the box.
 */
export const testCredentials = {
  account: '995149',
  terminal: '99514901',
  secureCode: '12345678',
} as const satisfies OceanpaymentCredentials

export const acknowledgement = 'receive-ok'

/** `payment_status` values. */
export const paymentStatusCodes = {
  succeeded: '1',
  failed: '0',
  /** Not final: wait for the notice or query. With `payment_authType` `1` a pre-authorization. */
  pending: '-1',
} as const

/** `payment_authType` values. */
export const authTypes = {
  sale: '0',
  preAuthorization: '1',
  threeDSecureSale: '2',
  threeDSecurePreAuthorization: '3',
} as const

/** `pay_results` of the sendTrade response: anything but `1` is a rejection. */
export const payResultCodes = { created: '1' } as const

/** `response_type`: how a transaction result reached the merchant. */
export const responseTypes = { browserReturn: '0', notice: '1' } as const

/** `notice_type` of a payment notice; business-order notices (refunds, chargebacks...) differ. */
export const noticeTypes = { transaction: 'transaction' } as const

/** `pages`: which cashier layout Oceanpayment shows. */
export const pageTypes = { pc: '0', mobile: '1' } as const

/**
 * The create request, identical for sendTrade and the auto-redirect form (§3.2). Multiple
 * products are joined with `;` in each `product*` field.
 */
export type TradeRequestFields = {
  account: string
  terminal: string
  /** §3.3, lowercase SHA-256 hex. */
  signValue: string
  /** Where the shopper's browser posts the result. Signed; absent only in the embedded flow. */
  backUrl?: string
  noticeUrl?: string
  /** `Credit Card`, `Klarna`, `ApplePay`, ...; empty lets the cashier list every method. */
  methods: string
  order_number: string
  order_currency: string
  /** At most 2 decimals, never 0. */
  order_amount: string
  /** Echoed back and part of the response signatures. */
  order_notes?: string
  billing_firstName: string
  billing_lastName: string
  billing_email: string
  billing_phone?: string
  billing_country: string
  billing_state?: string
  billing_city: string
  billing_address: string
  billing_zip: string
  billing_ip?: string
  ship_firstName?: string
  ship_lastName?: string
  ship_email?: string
  ship_phone?: string
  ship_country?: string
  ship_state?: string
  ship_city?: string
  ship_addr?: string
  ship_zip?: string
  productName?: string
  productSku?: string
  productNum?: string
  productPrice?: string
  cart_info?: string
  cart_api?: string
  pages?: string
  logoUrl?: string
  cssUrl?: string
  language?: string
  /** Public key: embedded card form only. */
  key?: string
  [extension: `ET_${string}`]: string
}

/**
 * The sendTrade response (§3.4), root element `<respon>`. Only `pay_results` is always there:
 * a rejection may leave the rest empty.
 */
export type TradeResponseFields = {
  account?: string
  terminal?: string
  signValue?: string
  order_number?: string
  order_currency?: string
  order_amount?: string
  order_notes?: string
  payment_id?: string
  pay_url?: string
  /** `1` created; anything else rejected. */
  pay_results: string
  /** `code:description`, e.g. `80000:Transaction Approved`. */
  pay_details?: string
}

/** What the browser return and the notice both carry about a transaction (§3.6, §3.7). */
export type TransactionResultFields = {
  account: string
  terminal: string
  /** §3.6 12-field rule, uppercase SHA-256 hex. */
  signValue: string
  order_number: string
  order_currency: string
  order_amount: string
  order_notes?: string
  /** Masked: first 6 and last 4 digits. */
  card_number?: string
  payment_id?: string
  payment_authType?: string
  payment_status: string
  /** `code:description`, e.g. `80000:Transaction Approved`. */
  payment_details: string
  /** Failed risk rules, `Rule=Score;Rule=Score`. */
  payment_risk?: string
  methods?: string
  /** Country of the shopper's IP. */
  payment_country?: string
  /** Advice for the shopper when the payment failed. */
  payment_solutions?: string
}

/** The form Oceanpayment makes the shopper's browser POST to `backUrl` (§3.6). */
export type ReturnFields = TransactionResultFields & {
  /** `0` for the browser return. */
  response_type?: string
}

/** The XML Oceanpayment POSTs to `noticeUrl` (§3.7); the root element's name is not relied on. */
export type NoticeFields = TransactionResultFields & {
  /** `transaction` for payment notices. */
  notice_type?: string
  push_dateTime?: string
  /** `1` for the server notice. */
  response_type?: string
  card_country?: string
  card_type?: string
  quickpay_id?: string
  payment_amount?: string
  payment_exchangeRate?: string
  pay_barCode?: string
  auth_reason?: string
  order_operator?: string
  auth_code?: string
  pay_userId?: string
  card_cvvResultCode?: string
}

/** Each gateway message's fields in the order the docs and official plugins list them. */
export const fieldOrder = {
  /** §3.4 `<respon>`. */
  tradeResponse: [
    'account',
    'terminal',
    'signValue',
    'order_number',
    'order_currency',
    'order_amount',
    'order_notes',
    'payment_id',
    'pay_url',
    'pay_results',
    'pay_details',
  ],
  /** §3.6, the official plugins' list; every one of these is posted, empty or not. */
  browserReturn: [
    'response_type',
    'account',
    'terminal',
    'payment_id',
    'order_number',
    'order_currency',
    'order_amount',
    'payment_status',
    'payment_details',
    'signValue',
    'order_notes',
    'card_number',
    'payment_authType',
    'payment_risk',
    'methods',
    'payment_country',
    'payment_solutions',
  ],
  /** §3.7, the docs' parameter table. */
  notice: [
    'notice_type',
    'push_dateTime',
    'response_type',
    'account',
    'terminal',
    'signValue',
    'methods',
    'order_number',
    'card_country',
    'order_currency',
    'order_amount',
    'order_notes',
    'card_number',
    'card_type',
    'payment_country',
    'payment_id',
    'quickpay_id',
    'payment_status',
    'payment_authType',
    'payment_details',
    'payment_solutions',
    'payment_risk',
    'payment_amount',
    'payment_exchangeRate',
    'pay_barCode',
    'auth_reason',
    'order_operator',
    'auth_code',
    'pay_userId',
    'card_cvvResultCode',
  ],
} as const
