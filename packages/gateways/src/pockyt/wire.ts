// Pockyt (formerly Yuansfer) wire messages, exactly as they travel. Every request is a flat map of
// strings (nested data such as `goodsInfo` is a JSON *string*), because the signature (§2.3 of
// the facts file) is computed over `name=value` pairs. Responses are JSON envelopes.

/** What Pockyt issues a merchant: test and live tokens differ. */
export interface PockytCredentials {
  merchantNo: string
  storeNo: string
  /** The API token. Only its MD5 enters the signature; it is never sent. */
  token: string
}

export const baseUrls = {
  production: 'https://mapi.yuansfer.com',
  // [U] The current docs name this sandbox host; the SDKs and plugins still use
  // `https://mapi.yuansfer.yunkeguan.com`. Which one is live is unverified: pass your own base URL
  // when this one does not answer.
  sandbox: 'https://mapi.yuansferdev.com',
} as const

export const paths = {
  customersCreate: '/v1/customers/create',
  // The path every SDK and plugin posts to; the docs also show the aliases below, which an
  // emulator serves too (which one is canonical is unverified).
  securePay: '/online/v3/secure-pay',
  securePayAliases: ['/v3/secure-pay', '/online/v4/secure-pay'],
  tranQuery: '/app-data-search/v3/tran-query',
  refund: '/app-data-search/v3/refund',
} as const

/** The exact plain-text body an IPN listener answers; anything else makes Pockyt re-send. */
/** The test merchant of the docs' signing example. The emulator accepts it out of the box. */
export const sandboxCredentials = {
  merchantNo: '200043',
  storeNo: '300014',
  token: '5cbfb079f15b150122261c8537086d77a',
} as const satisfies PockytCredentials

export const acknowledgement = 'success'

/** `ret_code` of a successful call. */
export const successCode = '000100'

/** The JSON envelope of every response. Some error responses spell the message `retMsg`. */
export interface PockytEnvelope<Result> {
  ret_code: string
  ret_msg?: string
  retMsg?: string
  result?: Result
}

// ---------------------------------------------------------------------------------------------
// Register customer — POST /v1/customers/create

export interface CustomerCreateRequest {
  merchantNo: string
  storeNo: string
  firstName: string
  lastName: string
  email: string
  /** ISO 3166-1 alpha-2, e.g. `US`. */
  countryCode: string
  /** UTC `yyyy-MM-ddTHH:mm:ssZ`; mandatory in the Python SDK. */
  timestamp?: string
  /** The merchant's own customer id. */
  customerCode?: string
  /** `INDIVIDUAL` when absent. */
  profileType?: string
  lang?: string
  city?: string
  company?: string
  country?: string
  dateOfBirth?: string
  mobileNumber?: string
  phone?: string
  /** Required when `countryCode` is `US` (the PHP SDK and the builder enforce it). */
  state?: string
  street?: string
  street2?: string
  zip?: string
  verifySign: string
}

export interface CustomerInfo {
  customerNo?: string
  customerCode?: string
  [field: string]: unknown
}

/**
 * [U] Where `customerNo` sits is unverified: the older `creditpay/v2/customer/add` answered a
 * top-level `customerInfo`; a `result` envelope is what every other call answers.
 */
export interface CustomerCreateResponse extends PockytEnvelope<CustomerInfo> {
  customerInfo?: CustomerInfo
}

// ---------------------------------------------------------------------------------------------
// SecurePay (hosted checkout) — POST /online/v3/secure-pay

export type Vendor =
  | 'alipay'
  | 'wechatpay'
  | 'unionpay'
  | 'creditcard'
  | 'paypal'
  | 'venmo'
  | 'truemoney'
  | 'alipay_hk'
  | 'tng'
  | 'gcash'
  | 'dana'
  | 'kakaopay'
  | 'bkash'
  | 'easypaisa'
  | 'cashapppay'
  | 'googlepay'
  | 'applepay'

/** `ONLINE` desktop, `WAP` mobile, `MWEB` WeChat outside its browser, `YIP` partner SDK. */
export type Terminal = 'ONLINE' | 'WAP' | 'MWEB' | 'YIP'

export type OsType = 'IOS' | 'ANDROID'

/**
 * [U] The sources disagree on the enum (PHP SDK `normal`/`recurring`, OpenAPI draft `CIT`, the
 * hosted guide `hosted`), so any string is accepted.
 */
export type CreditType = 'normal' | 'recurring' | 'CIT' | 'hosted' | (string & {})

/** One line of `goodsInfo`, as it appears inside the JSON string. */
export interface GoodsInfoItem {
  goods_name: string
  quantity: string
  category?: string
  description?: string
}

export interface SecurePayRequest {
  merchantNo: string
  storeNo: string
  /** Decimal string in the currency's major unit. */
  amount: string
  currency: string
  settleCurrency: string
  vendor: Vendor | (string & {})
  terminal: Terminal | (string & {})
  osType?: OsType | (string & {})
  /** The merchant's order reference; Pockyt rejects duplicates. */
  reference: string
  ipnUrl?: string
  /** Browser return URL; `{macro}` placeholders are replaced by Pockyt (see `callbackMacros`). */
  callbackUrl: string
  description?: string
  note?: string
  /** Minutes; 120 when absent. */
  timeout?: string
  /** JSON text of `GoodsInfoItem[]`. */
  goodsInfo?: string
  creditType?: CreditType
  customerNo?: string
  paymentCount?: string
  frequency?: string
  clientIp?: string
  verifySign: string
}

export interface SecurePayResult {
  amount?: string
  currency?: string
  settleCurrency?: string
  reference?: string
  transactionNo?: string
  /** Where to send the shopper's browser; sometimes URI-encoded. */
  cashierUrl?: string
}

export type SecurePayResponse = PockytEnvelope<SecurePayResult>

// ---------------------------------------------------------------------------------------------
// Transaction query — POST /app-data-search/v3/tran-query

/** Exactly one of `transactionNo` and `reference`. */
export interface TranQueryRequest {
  merchantNo: string
  storeNo: string
  transactionNo?: string
  reference?: string
  verifySign: string
}

/** Seen in code and docs; the complete enum was never published ([U]). */
export type TransactionStatus = 'init' | 'pending' | 'success' | 'fail' | 'closed' | 'reversed'

export interface TranQueryResult {
  amount?: string
  currency?: string
  reference?: string
  settleCurrency?: string
  status?: TransactionStatus | (string & {})
  transactionNo?: string
  transactionType?: 'payment' | 'refund' | (string & {})
  refundInfo?: unknown
}

export type TranQueryResponse = PockytEnvelope<TranQueryResult>

// ---------------------------------------------------------------------------------------------
// Refund — POST /app-data-search/v3/refund

/** Exactly one of `transactionNo` and `reference`. Older integrations sent `amount`. */
export interface RefundRequest {
  merchantNo: string
  storeNo: string
  refundAmount: string
  currency: string
  settleCurrency: string
  transactionNo?: string
  reference?: string
  refundReference?: string
  ipnUrl?: string
  verifySign: string
}

export interface RefundResult {
  amount?: string
  currency?: string
  reference?: string
  refundAmount?: string
  refundReference?: string
  refundTransactionNo?: string
  settleCurrency?: string
  status?: string
  transactionNo?: string
}

export type RefundResponse = PockytEnvelope<RefundResult>

// ---------------------------------------------------------------------------------------------
// IPN — form POST to `ipnUrl`, answered with `acknowledgement`

/**
 * [U] The exact field set today is unverified: a real IPN carried the non-optional fields below;
 * the docs add `vendorId` and `note`, legacy IPNs `yuansferId`. The signature covers every field
 * received, so unknown extra fields are kept and verified too.
 */
export interface IpnFields {
  transactionNo: string
  status: string
  amount: string
  currency: string
  settleCurrency: string
  reference: string
  /** `YYYYMMDDHHMMSS`. */
  time: string
  /** The payment provider's own transaction id. */
  vendorId?: string
  note?: string
  /** Legacy name of `transactionNo`. */
  yuansferId?: string
  verifySign: string
}

// ---------------------------------------------------------------------------------------------
// callbackUrl — browser GET after payment, `{macro}` placeholders replaced

/** The placeholders Pockyt replaces in `callbackUrl`. */
export const callbackMacros = [
  'status',
  'amount',
  'reference',
  'note',
  'transactionNo',
  'time',
  'verifySign',
  'yuansferId',
  'rmbAmount',
] as const

export type CallbackMacro = (typeof callbackMacros)[number]

/**
 * The values that go into a `callbackUrl`. The query parameter *names* are the merchant's choice
 * (`id={yuansferId}&num={amount}` is valid), so the return carries whatever names the template used.
 */
export type CallbackValues = Partial<Record<CallbackMacro, string>>
