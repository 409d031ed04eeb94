import { encodeForm } from '../shared/formEncoding.ts'
import { formatAmount, type Money, toMinorUnits } from '../shared/money.ts'
import type { WireRequest } from '../shared/wireRequest.ts'
import { type SignOptions, sign } from './sign.ts'
import {
  type CallbackMacro,
  type CallbackValues,
  type CreditType,
  type CustomerCreateRequest,
  callbackMacros,
  type GoodsInfoItem,
  type IpnFields,
  type OsType,
  type PockytCredentials,
  paths,
  type RefundRequest,
  type SecurePayRequest,
  type Terminal,
  type TranQueryRequest,
  type Vendor,
} from './wire.ts'

// Builders take the merchant's typed input, then the credentials, then transport options — the
// same order as PingPong's and Oceanpayment's — and return a signed request.

export interface RequestEncodingOptions {
  /**
   * Pockyt accepts both bodies and signs the same fields either way. `'form'` (the default) is
   * what the official SDKs and plugins send; `'json'` is what the docs' curl samples send.
   */
  encoding?: 'form' | 'json'
}

export interface BuildOptions extends RequestEncodingOptions {
  /**
   * Overrides the endpoint path, e.g. one of `paths.securePayAliases` where the path is
   * unverified ([U]). The path is not signed, so the signature is the same on any path.
   */
  path?: string
}

// ---------------------------------------------------------------------------------------------
// Shared steps: validate, drop empty optionals, add credentials, sign, encode

type Fields = Record<string, string | undefined>

function requireText(value: unknown, name: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`Pockyt: \`${name}\` is required; pass a non-empty string, e.g. ${example}`)
  }
  return value
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') {
    throw new TypeError(`Pockyt: \`${name}\` must be a string when given; got ${typeof value}`)
  }
  return value
}

function positiveInteger(value: unknown, name: string): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`Pockyt: \`${name}\` must be a positive whole number; got ${String(value)}`)
  }
  return String(value)
}

function optionalPositiveInteger(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : positiveInteger(value, name)
}

function checkCredentials(credentials: PockytCredentials): void {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new TypeError(
      'Pockyt: `credentials` is required: { merchantNo, storeNo, token } as issued by Pockyt',
    )
  }
  requireText(credentials.merchantNo, 'credentials.merchantNo', "'200043'")
  requireText(credentials.storeNo, 'credentials.storeNo', "'300014'")
  requireText(credentials.token, 'credentials.token', 'the API token from the Pockyt dashboard')
}

function positiveAmount(money: Money, name: string): string {
  if (typeof money !== 'object' || money === null) {
    throw new TypeError(`Pockyt: \`${name}\` is required, e.g. { value: '10.00', currency: 'USD' }`)
  }
  const value = formatAmount(money)
  if (toMinorUnits(value, money.currency) === 0n) {
    throw new RangeError(`Pockyt: \`${name}\` must be greater than zero; got ${value}`)
  }
  return value
}

/**
 * [D] Pockyt settles in USD, or GBP for GBP payments (Alipay). Other settlement currencies depend
 * on the merchant's contract, so callers override it.
 */
function defaultSettleCurrency(currency: string): string {
  return currency.toUpperCase() === 'GBP' ? 'GBP' : 'USD'
}

function exactlyOneTarget(
  transactionNo: string | undefined,
  reference: string | undefined,
  call: string,
): void {
  if ((transactionNo === undefined) === (reference === undefined)) {
    throw new TypeError(
      `Pockyt ${call}: pass exactly one of \`transactionNo\` (Pockyt's id) and \`reference\` ` +
        `(your order reference); got ${transactionNo === undefined ? 'neither' : 'both'}`,
    )
  }
}

function signedRequest<Message>(
  defaultPath: string,
  credentials: PockytCredentials,
  fields: Fields,
  options: BuildOptions,
): WireRequest<Message> {
  const path = options.path ?? defaultPath
  const sent: Record<string, string> = {
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
  }
  // Empty optionals are never sent: the SDKs disagree on whether `name=&` is signed, and Pockyt's
  // own rule is unverified, so a request without them is signed the same under both rules.
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') sent[name] = value
  }
  sent.verifySign = sign(sent, credentials.token)
  // The fields were assembled from the Message's own properties, with verifySign added last.
  const message = sent as Message
  if (options.encoding === 'json') {
    return {
      method: 'POST',
      path,
      contentType: 'application/json',
      body: JSON.stringify(sent),
      message,
    }
  }
  return {
    method: 'POST',
    path,
    contentType: 'application/x-www-form-urlencoded',
    body: encodeForm(sent),
    message,
  }
}

// ---------------------------------------------------------------------------------------------
// Register customer

/**
 * The wire fields the merchant chooses, documented on `CustomerCreateRequest`; the builder adds
 * `merchantNo`, `storeNo` and `verifySign`.
 */
export interface CustomerCreateInput
  extends Omit<CustomerCreateRequest, 'merchantNo' | 'storeNo' | 'verifySign' | 'timestamp'> {
  /** Sent as UTC `yyyy-MM-ddTHH:mm:ssZ` (the Python SDK requires it); the current time by default. */
  timestamp?: Date
}

function formatTimestamp(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError('Pockyt: `timestamp` must be a valid Date, e.g. new Date()')
  }
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `POST /v1/customers/create`: registers a customer; the answer carries its `customerNo`. */
export function buildCustomerCreateRequest(
  input: CustomerCreateInput,
  credentials: PockytCredentials,
  options: BuildOptions = {},
): WireRequest<CustomerCreateRequest> {
  checkCredentials(credentials)
  const countryCode = requireText(input.countryCode, 'countryCode', "'US'").toUpperCase()
  if (!/^[A-Z]{2}$/.test(countryCode)) {
    throw new TypeError(
      `Pockyt: \`countryCode\` must be an ISO 3166-1 alpha-2 code such as 'US'; got ${JSON.stringify(input.countryCode)}`,
    )
  }
  const state = optionalText(input.state, 'state')
  if (countryCode === 'US' && state === undefined) {
    throw new TypeError("Pockyt: `state` is required when `countryCode` is 'US', e.g. 'CA'")
  }
  const fields: Fields = {
    firstName: requireText(input.firstName, 'firstName', "'Ada'"),
    lastName: requireText(input.lastName, 'lastName', "'Lovelace'"),
    email: requireText(input.email, 'email', "'ada@example.com'"),
    countryCode,
    timestamp: formatTimestamp(input.timestamp ?? new Date()),
    customerCode: optionalText(input.customerCode, 'customerCode'),
    profileType: optionalText(input.profileType, 'profileType'),
    lang: optionalText(input.lang, 'lang'),
    city: optionalText(input.city, 'city'),
    company: optionalText(input.company, 'company'),
    country: optionalText(input.country, 'country'),
    dateOfBirth: optionalText(input.dateOfBirth, 'dateOfBirth'),
    mobileNumber: optionalText(input.mobileNumber, 'mobileNumber'),
    phone: optionalText(input.phone, 'phone'),
    state,
    street: optionalText(input.street, 'street'),
    street2: optionalText(input.street2, 'street2'),
    zip: optionalText(input.zip, 'zip'),
  }
  return signedRequest(paths.customersCreate, credentials, fields, options)
}

// ---------------------------------------------------------------------------------------------
// SecurePay

/** One line of the order, sent inside the `goodsInfo` JSON string. */
export interface GoodsItem {
  name: string
  quantity: number
  category?: string
  description?: string
}

export interface SecurePayInput {
  amount: Money
  /** USD by default (GBP for a GBP amount); set it when your contract settles otherwise. */
  settleCurrency?: string
  vendor: Vendor | (string & {})
  terminal: Terminal
  /** Required when `terminal` is `'WAP'`. */
  osType?: OsType
  /** Your order reference; Pockyt rejects a reference it has seen before. */
  reference: string
  /** HTTPS URL that receives the IPN; the docs call it optional, the SDKs always send it. */
  ipnUrl: string
  /** Browser return URL; `{status}`, `{reference}`, ... are replaced by Pockyt. */
  callbackUrl: string
  /** Shown on the payment page and the card statement. */
  description?: string
  /** Internal note, echoed back. */
  note?: string
  /** Minutes until the payment expires; Pockyt's default is 120. */
  timeoutMinutes?: number
  goods?: readonly GoodsItem[]
  /**
   * [U] Only for `vendor: 'creditcard'`, where it defaults to `'normal'` (PHP SDK). The enum is
   * unverified (`normal`/`recurring`/`CIT`/`hosted`), so any string is sent as given.
   */
  creditType?: CreditType
  /** From `buildCustomerCreateRequest`; needed for AVS and recurring payments. */
  customerNo?: string
  paymentCount?: number
  frequency?: string
  clientIp?: string
}

function goodsInfoText(goods: readonly GoodsItem[] | undefined): string | undefined {
  if (goods === undefined || goods.length === 0) return undefined
  const items = goods.map((item, index): GoodsInfoItem => {
    const line: GoodsInfoItem = {
      goods_name: requireText(item.name, `goods[${index}].name`, "'T-shirt'"),
      // The docs' own sample sends the quantity as a string.
      quantity: positiveInteger(item.quantity, `goods[${index}].quantity`),
    }
    const category = optionalText(item.category, `goods[${index}].category`)
    const description = optionalText(item.description, `goods[${index}].description`)
    if (category !== undefined) line.category = category
    if (description !== undefined) line.description = description
    return line
  })
  return JSON.stringify(items)
}

/** `POST /online/v3/secure-pay`: creates a hosted payment; the answer carries `cashierUrl`. */
export function buildSecurePayRequest(
  input: SecurePayInput,
  credentials: PockytCredentials,
  options: BuildOptions = {},
): WireRequest<SecurePayRequest> {
  checkCredentials(credentials)
  const amount = positiveAmount(input.amount, 'amount')
  const currency = input.amount.currency
  const vendor = requireText(input.vendor, 'vendor', "'creditcard' or 'alipay'")
  const terminal = requireText(input.terminal, 'terminal', "'ONLINE' (desktop) or 'WAP' (mobile)")
  const osType = optionalText(input.osType, 'osType')
  if (terminal === 'WAP' && osType === undefined) {
    throw new TypeError(
      "Pockyt: `osType` ('IOS' or 'ANDROID') is required when `terminal` is 'WAP'",
    )
  }
  const creditType =
    optionalText(input.creditType, 'creditType') ?? (vendor === 'creditcard' ? 'normal' : undefined)
  const fields: Fields = {
    amount,
    currency,
    settleCurrency:
      optionalText(input.settleCurrency, 'settleCurrency') ?? defaultSettleCurrency(currency),
    vendor,
    terminal,
    osType,
    reference: requireText(input.reference, 'reference', "'ORDER-1001'"),
    ipnUrl: requireText(input.ipnUrl, 'ipnUrl', "'https://shop.example/pockyt/ipn'"),
    callbackUrl: requireText(
      input.callbackUrl,
      'callbackUrl',
      "'https://shop.example/return?status={status}&reference={reference}'",
    ),
    description: optionalText(input.description, 'description'),
    note: optionalText(input.note, 'note'),
    timeout: optionalPositiveInteger(input.timeoutMinutes, 'timeoutMinutes'),
    goodsInfo: goodsInfoText(input.goods),
    creditType,
    customerNo: optionalText(input.customerNo, 'customerNo'),
    paymentCount: optionalPositiveInteger(input.paymentCount, 'paymentCount'),
    frequency: optionalText(input.frequency, 'frequency'),
    clientIp: optionalText(input.clientIp, 'clientIp'),
  }
  return signedRequest(paths.securePay, credentials, fields, options)
}

// ---------------------------------------------------------------------------------------------
// Transaction query

export interface TranQueryInput {
  /** Pockyt's id of the transaction; give this or `reference`, not both. */
  transactionNo?: string
  /** Your order reference; give this or `transactionNo`, not both. */
  reference?: string
}

/** `POST /app-data-search/v3/tran-query`: asks for a payment's current status. */
export function buildTranQueryRequest(
  input: TranQueryInput,
  credentials: PockytCredentials,
  options: BuildOptions = {},
): WireRequest<TranQueryRequest> {
  checkCredentials(credentials)
  const transactionNo = optionalText(input.transactionNo, 'transactionNo')
  const reference = optionalText(input.reference, 'reference')
  exactlyOneTarget(transactionNo, reference, 'tran-query')
  return signedRequest(paths.tranQuery, credentials, { transactionNo, reference }, options)
}

// ---------------------------------------------------------------------------------------------
// Refund

export interface RefundInput {
  /** The amount to give back, in the payment's currency. */
  refundAmount: Money
  /** USD by default (GBP for a GBP amount); use the payment's settleCurrency. */
  settleCurrency?: string
  /** Pockyt's id of the payment; give this or `reference`, not both. */
  transactionNo?: string
  /** Your order reference of the payment; give this or `transactionNo`, not both. */
  reference?: string
  /** Your own id of this refund. */
  refundReference?: string
  ipnUrl?: string
}

/** `POST /app-data-search/v3/refund`: refunds all or part of a payment. */
export function buildRefundRequest(
  input: RefundInput,
  credentials: PockytCredentials,
  options: BuildOptions = {},
): WireRequest<RefundRequest> {
  checkCredentials(credentials)
  const refundAmount = positiveAmount(input.refundAmount, 'refundAmount')
  const currency = input.refundAmount.currency
  const transactionNo = optionalText(input.transactionNo, 'transactionNo')
  const reference = optionalText(input.reference, 'reference')
  exactlyOneTarget(transactionNo, reference, 'refund')
  const fields: Fields = {
    refundAmount,
    currency,
    settleCurrency:
      optionalText(input.settleCurrency, 'settleCurrency') ?? defaultSettleCurrency(currency),
    transactionNo,
    reference,
    refundReference: optionalText(input.refundReference, 'refundReference'),
    ipnUrl: optionalText(input.ipnUrl, 'ipnUrl'),
  }
  return signedRequest(paths.refund, credentials, fields, options)
}

// ---------------------------------------------------------------------------------------------
// Gateway side (emulator): IPN and callbackUrl

/** The IPN fields before signing; extra fields (legacy ones, or to test a listener) are allowed. */
export type IpnInput = Omit<IpnFields, 'verifySign'> & {
  readonly [field: string]: string | undefined
}

export interface SignedIpn {
  /** The fields as sent, `verifySign` included. */
  fields: IpnFields & Record<string, string>
  /** The form body Pockyt POSTs to `ipnUrl`. */
  body: string
}

/**
 * Signs an IPN as Pockyt does, for an emulator. Fields are sent exactly as given (an empty value
 * is sent empty, to let tests reproduce what a real gateway might send); `undefined` ones are not.
 */
export function buildIpn(fields: IpnInput, token: string, options: SignOptions = {}): SignedIpn {
  const sent: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (name !== 'verifySign' && value !== undefined) sent[name] = value
  }
  sent.verifySign = sign(sent, token, options)
  // Every IpnFields property was copied from `fields`, which the type says holds them all.
  const signed = sent as IpnFields & Record<string, string>
  return { fields: signed, body: encodeForm(signed) }
}

function isCallbackMacro(name: string): name is CallbackMacro {
  return (callbackMacros as readonly string[]).includes(name)
}

/**
 * Replaces the `{macro}` placeholders of a `callbackUrl` as Pockyt does before redirecting the
 * shopper: values are URI-encoded, unknown `{x}` is left as written. `{yuansferId}` and
 * `{transactionNo}` are the same value under its old and new name.
 *
 * [U] A known placeholder without a value becomes empty; whether Pockyt leaves it as written
 * instead is unverified.
 */
export function expandCallbackUrl(template: string, values: CallbackValues): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (placeholder, name: string) => {
    if (!isCallbackMacro(name)) return placeholder
    const value =
      values[name] ??
      (name === 'yuansferId' ? values.transactionNo : undefined) ??
      (name === 'transactionNo' ? values.yuansferId : undefined) ??
      ''
    return encodeURIComponent(value)
  })
}
