import { encodeForm } from '../shared/formEncoding.ts'
import { formatAmount, type Money } from '../shared/money.ts'
import { isRecord } from '../shared/records.ts'
import type { WireRequest } from '../shared/wireRequest.ts'
import { signedFields, signRequest, signResult, signTradeResponse } from './sign.ts'
import {
  fieldOrder,
  type NoticeFields,
  noticeTypes,
  type OceanpaymentCredentials,
  pageTypes,
  paths,
  type ReturnFields,
  responseTypes,
  type TradeRequestFields,
  type TradeResponseFields,
} from './wire.ts'
import { buildXml } from './xml.ts'

/** The shopper's billing details. Oceanpayment's risk checks use all of them. */
export interface BillingDetails {
  /** Up to 50 characters once cleaned (see `buildSendTradeRequest`). */
  firstName: string
  lastName: string
  email: string
  phone?: string
  /** ISO 3166-1 alpha-2, e.g. `US`. */
  country: string
  /** Required for `US` and `CA`. */
  state?: string
  city: string
  address: string
  zip: string
  /** The shopper's IP address as your server saw it. Required by sendTrade. */
  ip?: string
}

/** Where the order ships; every field optional, empty ones are not sent. */
export interface ShippingDetails {
  firstName?: string
  lastName?: string
  email?: string
  phone?: string
  country?: string
  state?: string
  city?: string
  address?: string
  zip?: string
}

export interface ProductLine {
  name: string
  sku?: string
  /** A positive whole number. */
  quantity: number
  /** Unit price, in the order's currency. Give every line a price, or none. */
  price?: Money
}

/** One payment to create, in the kit's words; the builders turn it into Oceanpayment's fields. */
export interface TradeInput {
  /** Your order reference, 1–50 characters. Reusing one is rejected with code 20061. */
  orderNumber: string
  /** At most 2 decimals and never zero (Oceanpayment's limits). */
  amount: Money
  /** Where the shopper's browser is sent back, with the result form (POST). */
  backUrl: string
  /** Where Oceanpayment POSTs the notice XML; without it there are no notices. Ports 80/443. */
  noticeUrl?: string
  /** `Credit Card` unless given; `''` lets the cashier offer every method enabled for you. */
  methods?: string
  /** Echoed back in results; sent (empty) even when not given, because results sign it. */
  orderNotes?: string
  billing: BillingDetails
  shipping?: ShippingDetails
  products?: readonly ProductLine[]
  /** Cashier layout: `pc` (`pages=0`) or `mobile` (`pages=1`). */
  pages?: keyof typeof pageTypes
  language?: string
  logoUrl?: string
  cssUrl?: string
  /** Platform identifiers (`cart_info`, `cart_api`), for Oceanpayment's support. */
  cartInfo?: string
  cartApi?: string
  /** Extension fields such as `ET_REGISTERDATE`; empty values are not sent. */
  extensions?: Readonly<Record<`ET_${string}`, string>>
}

/** The auto-redirect variant: an HTML form the shopper's browser submits to Oceanpayment. */
export interface PayForm {
  /** Path of the form's `action`; prefix it with `baseUrls[environment]`. */
  action: typeof paths.pay
  method: 'POST'
  /** One hidden input per field, values exactly as given (they are signed). */
  fields: TradeRequestFields
}

/**
 * The server-to-server create request (`/gateway/service/sendTrade`, §3.2): form-encoded and
 * signed (§3.3). Post it, then parse the answer with `parseSendTradeResponse`.
 *
 * Names and emails lose leading/trailing spaces and the characters `"` `<` `>` `'`, as
 * Oceanpayment's docs ask, and are signed exactly as sent. Throws a `TypeError` naming the field
 * for invalid input, and a `RangeError` for an amount Oceanpayment cannot take.
 */
export function buildSendTradeRequest(
  input: TradeInput,
  credentials: OceanpaymentCredentials,
): WireRequest<TradeRequestFields> {
  const fields = tradeFields(input, credentials, { requireIp: true })
  return {
    method: 'POST',
    path: paths.sendTrade,
    contentType: 'application/x-www-form-urlencoded',
    body: encodeForm(fields),
    message: fields,
  }
}

/**
 * The auto-redirect variant (`/gateway/service/pay`, §3.5): the same signed fields as
 * sendTrade, for a form the browser posts itself. Render one hidden input per field (as DOM
 * elements, never HTML text) and submit it to `baseUrls[environment] + action`.
 */
export function buildPayForm(input: TradeInput, credentials: OceanpaymentCredentials): PayForm {
  return {
    action: paths.pay,
    method: 'POST',
    fields: tradeFields(input, credentials, { requireIp: false }),
  }
}

/** The emulator's sendTrade answer: everything but `signValue`, which is computed. */
export type TradeResponseInput = Omit<TradeResponseFields, 'signValue'>

/**
 * Gateway side (emulator): the `<respon>` XML sendTrade answers with, signed by the §3.4 rule
 * ([D]/[U], see `signTradeResponse`). Every field is written, empty when not given.
 */
export function buildTradeResponseXml(fields: TradeResponseInput, secureCode: string): string {
  const values = gatewayFields(fields, 'buildTradeResponseXml')
  const entries = ordered(fieldOrder.tradeResponse, values, [])
  return buildXml('respon', withSignature(entries, signTradeResponse(values, secureCode)))
}

/** The emulator's browser return: everything but the computed `signValue` and `response_type`. */
export type ReturnInput = Omit<ReturnFields, 'signValue' | 'response_type'>

/**
 * Gateway side (emulator): the form fields Oceanpayment makes the browser POST to `backUrl`
 * (§3.6), with `response_type` `0` and the uppercase §3.6 `signValue`. Encode them with
 * `encodeForm`, or render them as an auto-submitting form.
 */
export function buildReturnFields(fields: ReturnInput, secureCode: string): ReturnFields {
  const values = gatewayFields(fields, 'buildReturnFields')
  values.response_type = responseTypes.browserReturn
  const entries = ordered(fieldOrder.browserReturn, values, [])
  return Object.fromEntries(withSignature(entries, signResult(values, secureCode))) as ReturnFields
}

/** The emulator's transaction notice: everything but the fields the builder fixes. */
export type NoticeInput = Omit<NoticeFields, 'signValue' | 'response_type' | 'notice_type'>

// Signed fields are always written; the others only when given, as the docs' example leaves
// several out.
const alwaysInNotice = ['notice_type', 'response_type', 'signValue', ...signedFields.result]

/**
 * Gateway side (emulator): the transaction notice XML Oceanpayment POSTs to `noticeUrl`
 * (§3.7): root `<response>` ([U]: receivers ignore the name), `notice_type` `transaction`,
 * `response_type` `1`, signed by the §3.6 rule.
 */
export function buildNoticeXml(fields: NoticeInput, secureCode: string): string {
  const values = gatewayFields(fields, 'buildNoticeXml')
  values.notice_type = noticeTypes.transaction
  values.response_type = responseTypes.notice
  const entries = ordered(fieldOrder.notice, values, alwaysInNotice)
  return buildXml('response', withSignature(entries, signResult(values, secureCode)))
}

// ---------------------------------------------------------------------------------------------

function tradeFields(
  input: TradeInput,
  credentials: OceanpaymentCredentials,
  { requireIp }: { requireIp: boolean },
): TradeRequestFields {
  if (!isRecord(credentials)) {
    throw new TypeError(
      'Oceanpayment credentials are required: pass { account, terminal, secureCode } from the ' +
        'Oceanpayment back office',
    )
  }
  const account = requiredText(credentials.account, 'credentials.account')
  const terminal = requiredText(credentials.terminal, 'credentials.terminal')
  const secureCode = requiredText(credentials.secureCode, 'credentials.secureCode')
  if (!isRecord(input)) {
    throw new TypeError('The Oceanpayment trade input is required: pass a TradeInput object')
  }
  if (!isRecord(input.billing)) {
    throw new TypeError(
      'input.billing is required: Oceanpayment needs the name, email and address of the shopper',
    )
  }
  const billing = input.billing
  const country = countryCode(billing.country, 'input.billing.country')
  const state = optionalText(billing.state, 'input.billing.state')
  if (state === undefined && statesRequired.has(country)) {
    throw new TypeError(
      `input.billing.state is required when the billing country is ${country}: pass the state ` +
        'or province',
    )
  }
  const ip = optionalText(billing.ip, 'input.billing.ip')
  if (requireIp && ip === undefined) {
    throw new TypeError(
      'input.billing.ip is required by sendTrade: pass the IP address of the shopper as your server ' +
        'received it',
    )
  }
  const currency = isRecord(input.amount) ? input.amount.currency : undefined

  const fields: TradeRequestFields = {
    account,
    terminal,
    signValue: '',
    backUrl: requiredText(input.backUrl, 'input.backUrl', 500),
    ...present({ noticeUrl: optionalText(input.noticeUrl, 'input.noticeUrl', 500) }),
    methods: input.methods === undefined ? 'Credit Card' : text(input.methods, 'input.methods', 50),
    order_number: requiredText(input.orderNumber, 'input.orderNumber', 50),
    order_currency: typeof currency === 'string' ? currency : '',
    order_amount: wireAmount(input.amount, 'input.amount', { allowZero: false }),
    order_notes: input.orderNotes === undefined ? '' : text(input.orderNotes, 'input.orderNotes'),
    billing_firstName: cleanName(billing.firstName, 'input.billing.firstName'),
    billing_lastName: cleanName(billing.lastName, 'input.billing.lastName'),
    billing_email: cleanEmail(billing.email, 'input.billing.email'),
    ...present({ billing_phone: optionalText(billing.phone, 'input.billing.phone', 50) }),
    billing_country: country,
    ...present({ billing_state: state }),
    billing_city: requiredText(billing.city, 'input.billing.city'),
    billing_address: requiredText(billing.address, 'input.billing.address'),
    billing_zip: requiredText(billing.zip, 'input.billing.zip'),
    ...present({ billing_ip: ip }),
    ...shippingFields(input.shipping),
    ...productFields(input.products, typeof currency === 'string' ? currency : ''),
    ...present({
      cart_info: optionalText(input.cartInfo, 'input.cartInfo'),
      cart_api: optionalText(input.cartApi, 'input.cartApi'),
      pages: pagesValue(input.pages),
      logoUrl: optionalText(input.logoUrl, 'input.logoUrl'),
      cssUrl: optionalText(input.cssUrl, 'input.cssUrl'),
      language: optionalText(input.language, 'input.language'),
    }),
    ...extensionFields(input.extensions),
  }
  fields.signValue = signRequest(fields, secureCode)
  return fields
}

// Oceanpayment's docs name US and CA; other countries that need a state are not listed [U].
const statesRequired = new Set(['US', 'CA'])

function shippingFields(shipping: ShippingDetails | undefined): Partial<TradeRequestFields> {
  if (shipping === undefined) return {}
  if (!isRecord(shipping)) {
    throw new TypeError('input.shipping must be an object of shipping details, or left out')
  }
  const optionalName = (value: unknown, path: string) =>
    value === undefined || (typeof value === 'string' && stripName(value) === '')
      ? undefined
      : cleanName(value, path)
  return present({
    ship_firstName: optionalName(shipping.firstName, 'input.shipping.firstName'),
    ship_lastName: optionalName(shipping.lastName, 'input.shipping.lastName'),
    ship_email:
      shipping.email === undefined || (typeof shipping.email === 'string' && !shipping.email.trim())
        ? undefined
        : cleanEmail(shipping.email, 'input.shipping.email'),
    ship_phone: optionalText(shipping.phone, 'input.shipping.phone', 50),
    ship_country:
      shipping.country === undefined || shipping.country === ''
        ? undefined
        : countryCode(shipping.country, 'input.shipping.country'),
    ship_state: optionalText(shipping.state, 'input.shipping.state'),
    ship_city: optionalText(shipping.city, 'input.shipping.city'),
    ship_addr: optionalText(shipping.address, 'input.shipping.address'),
    ship_zip: optionalText(shipping.zip, 'input.shipping.zip'),
  })
}

function productFields(
  products: readonly ProductLine[] | undefined,
  currency: string,
): Partial<TradeRequestFields> {
  if (products === undefined) return {}
  if (!Array.isArray(products)) {
    throw new TypeError('input.products must be an array of product lines, or left out')
  }
  if (products.length === 0) return {}
  const names: string[] = []
  const skus: string[] = []
  const quantities: string[] = []
  const prices: string[] = []
  products.forEach((product: unknown, index) => {
    const path = `input.products[${index}]`
    if (!isRecord(product)) throw new TypeError(`${path} must be a product line object`)
    names.push(listItem(requiredText(product.name, `${path}.name`)))
    skus.push(listItem(optionalText(product.sku, `${path}.sku`) ?? ''))
    const quantity = product.quantity
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1) {
      throw new TypeError(`${path}.quantity must be a positive whole number, e.g. 1`)
    }
    quantities.push(String(quantity))
    if (product.price !== undefined) {
      if (isRecord(product.price) && product.price.currency !== currency) {
        throw new TypeError(
          `${path}.price is in ${String(product.price.currency)} but the order is in ` +
            `${currency}: give product prices in the order's currency`,
        )
      }
      prices.push(wireAmount(product.price as Money, `${path}.price`, { allowZero: true }))
    }
  })
  if (prices.length !== 0 && prices.length !== products.length) {
    throw new TypeError(
      'input.products: give every product line a price, or none (Oceanpayment pairs the ' +
        'semicolon-separated prices with the products by position)',
    )
  }
  return present({
    productName: names.join(';'),
    productSku: skus.some((sku) => sku !== '') ? skus.join(';') : undefined,
    productNum: quantities.join(';'),
    productPrice: prices.length > 0 ? prices.join(';') : undefined,
  })
}

// Items are separated by `;` in every product field; a `;` inside a name would shift the
// pairing of names, quantities and prices, and these fields are informational (unsigned).
function listItem(value: string): string {
  return value.replace(/;/g, ',')
}

function extensionFields(
  extensions: TradeInput['extensions'] | undefined,
): Partial<TradeRequestFields> {
  if (extensions === undefined) return {}
  if (!isRecord(extensions)) {
    throw new TypeError('input.extensions must be an object of ET_* fields, or left out')
  }
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(extensions)) {
    if (!/^ET_[A-Za-z0-9_]+$/.test(name)) {
      throw new TypeError(
        `input.extensions.${name} is not an extension field: Oceanpayment's names start with ` +
          '"ET_", e.g. ET_REGISTERDATE',
      )
    }
    const kept = optionalText(value, `input.extensions.${name}`)
    if (kept !== undefined) fields[name] = kept
  }
  return fields
}

function pagesValue(pages: TradeInput['pages'] | undefined): string | undefined {
  if (pages === undefined) return undefined
  if (pages !== 'pc' && pages !== 'mobile') {
    throw new TypeError(`input.pages must be 'pc' or 'mobile'; got ${JSON.stringify(pages)}`)
  }
  return pageTypes[pages]
}

/**
 * The amount as Oceanpayment takes it: at most 2 decimals (docs), never longer than 10
 * characters. A 3-decimal currency (KWD, BHD...) is sent with 2 when its last digit is 0.
 */
function wireAmount(money: Money, path: string, { allowZero }: { allowZero: boolean }): string {
  if (!isRecord(money)) {
    throw new TypeError(`${path} is required: pass { value: "10.00", currency: "USD" }`)
  }
  const formatted = formatAmount(money)
  const [whole = '', fraction = ''] = formatted.split('.')
  if (/[1-9]/.test(fraction.slice(2))) {
    throw new RangeError(
      `${path} ${JSON.stringify(money.value)} ${money.currency} has more than 2 decimals, and ` +
        'Oceanpayment accepts at most 2: round the amount to 2 decimals',
    )
  }
  const kept = fraction.slice(0, 2)
  const amount = kept === '' ? whole : `${whole}.${kept}`
  if (!allowZero && /^0+(?:\.0+)?$/.test(amount)) {
    throw new RangeError(
      `${path} is zero, and Oceanpayment does not process zero amounts: skip the payment step`,
    )
  }
  if (amount.length > 10) {
    throw new RangeError(`${path} ${amount} is longer than Oceanpayment's 10 characters`)
  }
  return amount
}

function text(value: unknown, path: string, maxLength?: number): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${path} must be a string; got ${value === null ? 'null' : typeof value}`)
  }
  if (maxLength !== undefined && value.length > maxLength) {
    throw new TypeError(
      `${path} is ${value.length} characters; Oceanpayment accepts at most ${maxLength}`,
    )
  }
  return value
}

function requiredText(value: unknown, path: string, maxLength?: number): string {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    throw new TypeError(`${path} is required: pass a non-empty string`)
  }
  return text(value, path, maxLength)
}

/** `undefined` for a value not given or empty: optional fields are never sent empty. */
function optionalText(value: unknown, path: string, maxLength?: number): string | undefined {
  if (value === undefined || value === '') return undefined
  return text(value, path, maxLength)
}

function stripName(value: string): string {
  return value.replace(/["<>']/g, '').trim()
}

/** A name as the docs ask for it: no surrounding spaces, no `"` `<` `>` `'`; 1–50 characters. */
function cleanName(value: unknown, path: string): string {
  const cleaned = stripName(text(value, path))
  if (cleaned === '') {
    throw new TypeError(`${path} is required: pass the name (it is empty once cleaned)`)
  }
  return text(cleaned, path, 50)
}

function cleanEmail(value: unknown, path: string): string {
  const cleaned = cleanName(value, path)
  if (!/^[^\s@]+@[^\s@]+$/.test(cleaned)) {
    throw new TypeError(`${path} ${JSON.stringify(cleaned)} is not an email address`)
  }
  return cleaned
}

function countryCode(value: unknown, path: string): string {
  const code = text(value, path)
  if (!/^[A-Za-z]{2}$/.test(code)) {
    throw new TypeError(
      `${path} must be an ISO 3166-1 alpha-2 code such as "US"; got ${JSON.stringify(code)}`,
    )
  }
  return code.toUpperCase()
}

/** The entries whose value is a non-empty string. */
function present<T extends Record<string, string | undefined>>(
  entries: T,
): { [Name in keyof T]?: string } {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(entries)) {
    if (value !== undefined && value !== '') kept[name] = value
  }
  return kept as { [Name in keyof T]?: string }
}

/** Gateway-side input checked to be flat strings, copied so the builder can add to it. */
function gatewayFields(fields: unknown, caller: string): Record<string, string> {
  if (!isRecord(fields)) throw new TypeError(`${caller} needs an object of fields`)
  const values: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (typeof value !== 'string') {
      throw new TypeError(`${caller}: field ${name} must be a string; got ${typeof value}`)
    }
    values[name] = value
  }
  return values
}

/**
 * Fields in `order`: those in `always` (or all of `order` when `always` is empty) even when not
 * given, the rest only when given; then any extra fields the caller added, in their order.
 */
function ordered(
  order: readonly string[],
  values: Readonly<Record<string, string>>,
  always: readonly string[],
): [string, string][] {
  const entries: [string, string][] = []
  for (const name of order) {
    const value = values[name]
    if (value !== undefined) entries.push([name, value])
    else if (always.length === 0 || always.includes(name)) entries.push([name, ''])
  }
  for (const [name, value] of Object.entries(values)) {
    if (!order.includes(name)) entries.push([name, value])
  }
  return entries
}

function withSignature(entries: [string, string][], signValue: string): [string, string][] {
  return entries.map(([name, value]) => [name, name === 'signValue' ? signValue : value])
}
