import { failure } from '../shared/failure.ts'
import { decodeForm } from '../shared/formEncoding.ts'
import { formatMinorUnits, type Money, toMinorUnits } from '../shared/money.ts'
import { type ParseError, type ParseResult, parsed, parseError } from '../shared/parseResult.ts'
import type { PaymentStatus } from '../shared/paymentStatus.ts'
import type { PaymentUpdate, RefundUpdate } from '../shared/paymentUpdate.ts'
import {
  isRecord,
  parseJson,
  readText,
  toFlatStrings,
  type UnknownRecord,
} from '../shared/records.ts'
import { describeResultCode } from './codes.ts'
import { type SignOptions, verify } from './sign.ts'
import { toPaymentStatus, toRefundStatus } from './status.ts'
import {
  type CustomerCreateRequest,
  type IpnFields,
  type RefundRequest,
  type SecurePayRequest,
  successCode,
  type TranQueryRequest,
} from './wire.ts'

// Every parser reads top to bottom and stops at the first problem by throwing a private `Stop`;
// `guarded` turns it, and anything unexpected, into a result. No exception leaves this module.

class Stop {
  constructor(readonly error: ParseError) {}
}

function stop(
  code: ParseError['code'],
  message: string,
  gateway: { gatewayCode?: string; gatewayMessage?: string } = {},
): never {
  throw new Stop({ code, message, ...gateway })
}

function guarded<T>(what: string, read: () => T): ParseResult<T> {
  try {
    return parsed(read())
  } catch (thrown) {
    if (thrown instanceof Stop) return { ok: false, error: thrown.error }
    return parseError('MALFORMED', `Pockyt ${what} could not be read`)
  }
}

// ---------------------------------------------------------------------------------------------
// Reading fields

function text(record: UnknownRecord, name: string): string | undefined {
  const value = readText(record, name)
  return value === '' ? undefined : value
}

function requiredText(record: UnknownRecord, name: string, where: string): string {
  const value = text(record, name)
  if (value === undefined) stop('MALFORMED', `Pockyt ${where} has no \`${name}\``)
  return value
}

/**
 * An id such as `transactionNo` (`"297553638300708562"`). Pockyt sends ids as strings; one sent
 * as a JSON number past 2^53 has already lost digits when parsed, so it is refused, not rounded.
 */
function id(record: UnknownRecord, name: string, where: string): string | undefined {
  const value = record[name]
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    stop('MALFORMED', `Pockyt ${where} sent \`${name}\` as a JSON number too large to keep exact`)
  }
  return text(record, name)
}

function requiredId(record: UnknownRecord, name: string, where: string): string {
  const value = id(record, name, where)
  if (value === undefined) stop('MALFORMED', `Pockyt ${where} has no \`${name}\``)
  return value
}

/** Money from an amount and a currency field, normalised to the currency's decimals. */
function money(
  record: UnknownRecord,
  amountName: string,
  currencyName: string,
  where: string,
): Money | undefined {
  const value = text(record, amountName)
  const currency = text(record, currencyName)?.toUpperCase()
  if (value === undefined || currency === undefined) return undefined
  const minorUnits = toMinorUnits(value, currency)
  if (minorUnits === undefined) {
    stop('MALFORMED', `Pockyt ${where} has an invalid amount ${JSON.stringify(value)} ${currency}`)
  }
  return { value: formatMinorUnits(minorUnits, currency), currency }
}

function requiredMoney(
  record: UnknownRecord,
  amountName: string,
  currencyName: string,
  where: string,
): Money {
  const amount = money(record, amountName, currencyName, where)
  if (amount === undefined) {
    stop('MALFORMED', `Pockyt ${where} has no \`${amountName}\` with a \`${currencyName}\``)
  }
  return amount
}

/** The body of a successful response; a non-success `ret_code` is `GATEWAY_REJECTED`. */
function envelope(raw: unknown, where: string): UnknownRecord {
  const body = typeof raw === 'string' ? parseJson(raw) : raw
  if (!isRecord(body)) stop('MALFORMED', `Pockyt ${where} is not a JSON object`)
  const code = readText(body, 'ret_code')
  if (code === undefined) stop('MALFORMED', `Pockyt ${where} has no \`ret_code\``)
  if (code !== successCode) {
    // Some error responses spell it `retMsg`.
    const gatewayMessage = readText(body, 'ret_msg') ?? readText(body, 'retMsg')
    const meaning = describeResultCode(code).meaning
    stop(
      'GATEWAY_REJECTED',
      `Pockyt answered ${where} with ret_code ${code} (${meaning})` +
        (gatewayMessage === undefined ? '' : `: ${gatewayMessage}`),
      { gatewayCode: code, ...(gatewayMessage === undefined ? {} : { gatewayMessage }) },
    )
  }
  return body
}

function result(body: UnknownRecord, where: string): UnknownRecord {
  const value = body.result
  if (!isRecord(value)) stop('MALFORMED', `Pockyt ${where} has no \`result\` object`)
  return value
}

function withFailure<Update extends { status: string }>(update: Update): Update {
  // Pockyt's `fail` carries no reason code, so the reason is `unknown`.
  return update.status === 'failed' ? { ...update, failure: failure('unknown') } : update
}

// ---------------------------------------------------------------------------------------------
// Responses to the merchant's requests

export interface CreatedCustomer {
  /** Pockyt's id of the customer, to pass as `customerNo` to secure-pay. */
  customerNo: string
}

/**
 * Reads the answer of `/v1/customers/create`.
 *
 * [U] Where `customerNo` sits is unverified, so all known places are read: `result.customerNo`,
 * `result.customerInfo.customerNo` and the older top-level `customerInfo.customerNo`.
 */
export function parseCustomerCreateResponse(raw: unknown): ParseResult<CreatedCustomer> {
  const where = 'customers/create response'
  return guarded(where, () => {
    const body = envelope(raw, where)
    const nested = isRecord(body.result) ? body.result.customerInfo : undefined
    for (const place of [body.result, nested, body.customerInfo]) {
      if (!isRecord(place)) continue
      const customerNo = id(place, 'customerNo', where)
      if (customerNo !== undefined) return { customerNo }
    }
    return stop('MALFORMED', `Pockyt ${where} has no \`customerNo\``)
  })
}

export interface SecurePayCheckout {
  /** Pockyt's id of the transaction, for tran-query and refunds. */
  transactionNo: string
  reference: string
  amount: Money
  /** Where to send the shopper's browser (already URI-decoded). */
  cashierUrl: string
}

/** `cashierUrl` is sometimes sent URI-encoded (the official sample decodes it). */
function cashierUrl(record: UnknownRecord, where: string): string {
  const raw = requiredText(record, 'cashierUrl', where)
  let url = raw
  if (/^https?%3A/i.test(raw)) {
    try {
      url = decodeURIComponent(raw)
    } catch {
      stop('MALFORMED', `Pockyt ${where} has a cashierUrl with an invalid percent-escape`)
    }
  }
  // The merchant redirects the shopper here: anything but a web address (`javascript:`) is refused.
  if (!/^https?:\/\//i.test(url)) {
    stop('MALFORMED', `Pockyt ${where} has a cashierUrl that is not http(s)`)
  }
  return url
}

/** Reads the answer of `/online/v3/secure-pay`: where to send the shopper. */
export function parseSecurePayResponse(raw: unknown): ParseResult<SecurePayCheckout> {
  const where = 'secure-pay response'
  return guarded(where, () => {
    const fields = result(envelope(raw, where), where)
    return {
      transactionNo: requiredId(fields, 'transactionNo', where),
      reference: requiredText(fields, 'reference', where),
      amount: requiredMoney(fields, 'amount', 'currency', where),
      cashierUrl: cashierUrl(fields, where),
    }
  })
}

function paymentUpdate(fields: UnknownRecord, where: string): PaymentUpdate {
  const gatewayStatus = requiredText(fields, 'status', where)
  const update: PaymentUpdate = {
    orderReference: requiredText(fields, 'reference', where),
    status: toPaymentStatus(gatewayStatus),
    gatewayStatus,
  }
  // Legacy messages name it `yuansferId`.
  const transactionNo = id(fields, 'transactionNo', where) ?? id(fields, 'yuansferId', where)
  if (transactionNo !== undefined) update.gatewayTransactionId = transactionNo
  const amount = money(fields, 'amount', 'currency', where)
  if (amount !== undefined) update.amount = amount
  return withFailure(update)
}

/**
 * Reads the answer of `/app-data-search/v3/tran-query`. An unknown status is `processing`, never
 * `succeeded`. `transactionType` (`payment`/`refund`) is not interpreted.
 */
export function parseTranQueryResponse(raw: unknown): ParseResult<PaymentUpdate> {
  const where = 'tran-query response'
  return guarded(where, () => paymentUpdate(result(envelope(raw, where), where), where))
}

/**
 * Reads the answer of `/app-data-search/v3/refund`.
 *
 * [U] Refund statuses were never documented: `success` is `succeeded`, `fail` is `failed`, and
 * anything else, a missing status included, is `processing` — query again before trusting it.
 */
export function parseRefundResponse(raw: unknown): ParseResult<RefundUpdate> {
  const where = 'refund response'
  return guarded(where, () => {
    const fields = result(envelope(raw, where), where)
    const gatewayStatus = text(fields, 'status') ?? ''
    const update: RefundUpdate = {
      orderReference: requiredText(fields, 'reference', where),
      status: toRefundStatus(gatewayStatus),
      gatewayStatus,
    }
    const refundReference = text(fields, 'refundReference')
    if (refundReference !== undefined) update.refundReference = refundReference
    // The refund API names it `refundTransactionNo`; tran-query's refund info `refundTransactionId`.
    const refundId =
      id(fields, 'refundTransactionNo', where) ?? id(fields, 'refundTransactionId', where)
    if (refundId !== undefined) update.gatewayRefundId = refundId
    const amount = money(fields, 'refundAmount', 'currency', where)
    if (amount !== undefined) update.amount = amount
    return withFailure(update)
  })
}

// ---------------------------------------------------------------------------------------------
// IPN and browser return

/** Flat string fields from a form body, or a record the caller already decoded. */
function formFields(raw: unknown, where: string): Record<string, string> {
  if (typeof raw === 'string') {
    const decoded = decodeForm(raw)
    if (!decoded.ok) stop('MALFORMED', `Pockyt ${where}: ${decoded.error.message}`)
    return decoded.value
  }
  if (!isRecord(raw)) stop('MALFORMED', `Pockyt ${where} is neither a form body nor a record`)
  const entries = Object.entries(raw)
  if (!entries.every(([, value]) => typeof value === 'string')) {
    stop('MALFORMED', `Pockyt ${where} has a field that is not a single string`)
  }
  // A fresh object: a field named `__proto__` stays a field.
  return Object.fromEntries(entries as [string, string][])
}

/** What Pockyt answers a request with a bad signature (the docs' GitBook copy shows this pair). */
const badSignature = { gatewayCode: '000000', gatewayMessage: 'data error : verifySign' }

function requireSignature(
  fields: Record<string, string>,
  token: string,
  options: SignOptions,
  where: string,
): void {
  if (typeof fields.verifySign !== 'string' || fields.verifySign === '') {
    stop('SIGNATURE_INVALID', `Pockyt ${where} has no verifySign`, badSignature)
  }
  if (!verify(fields, token, options)) {
    stop(
      'SIGNATURE_INVALID',
      `Pockyt ${where} has a verifySign that does not match: check the API token (test and live ` +
        'tokens differ); treat the message as forged until it matches',
      badSignature,
    )
  }
}

export interface ParsedIpn {
  update: PaymentUpdate
  /** Every field received, `verifySign` included, for logs and fields this parser does not read. */
  fields: Record<string, string> & Partial<IpnFields>
}

/**
 * Verifies and reads an IPN (the form Pockyt POSTs to `ipnUrl`): the raw body, or the fields your
 * framework decoded. The signature covers every received field but `verifySign`. Answer a valid
 * one with `acknowledgement` (`success`), or Pockyt re-sends it.
 */
export function parseIpn(
  raw: string | Record<string, string>,
  token: string,
  options: SignOptions = {},
): ParseResult<ParsedIpn> {
  const where = 'IPN'
  return guarded(where, () => {
    const fields = formFields(raw, where)
    requireSignature(fields, token, options, where)
    return { update: paymentUpdate(fields, where), fields }
  })
}

/**
 * What the browser return *claims*. Nothing in it is verified (the query is whatever the shopper's
 * browser sent), so it can pick the page to show, but never fulfil an order: confirm with the IPN
 * or `buildTranQueryRequest`.
 */
export interface CallbackReturnHints {
  verified: false
  status?: PaymentStatus
  gatewayStatus?: string
  reference?: string
  transactionNo?: string
  /** Decimal text as substituted into the URL; the callback carries no currency. */
  amount?: string
}

export interface ParseCallbackReturnOptions {
  /**
   * The query parameter names your `callbackUrl` template used for each macro, when they differ
   * from the macro names (`id={transactionNo}` → `{ transactionNo: 'id' }`).
   */
  names?: Partial<Record<'status' | 'reference' | 'transactionNo' | 'amount', string>>
}

/** Reads the query of the browser return to `callbackUrl`. See `CallbackReturnHints`: unverified. */
export function parseCallbackReturn(
  query: Record<string, string>,
  options: ParseCallbackReturnOptions = {},
): ParseResult<CallbackReturnHints> {
  const where = 'callback return'
  return guarded(where, () => {
    if (!isRecord(query)) stop('MALFORMED', `Pockyt ${where} query is not a record`)
    const names = options.names ?? {}
    const read = (name: string): string | undefined => {
      const value = Object.hasOwn(query, name) ? query[name] : undefined
      // A placeholder Pockyt did not replace (`{note}`) says nothing.
      if (typeof value !== 'string' || value === '' || /^\{\w+\}$/.test(value)) return undefined
      return value
    }
    const hints: CallbackReturnHints = { verified: false }
    const gatewayStatus = read(names.status ?? 'status')
    if (gatewayStatus !== undefined) {
      hints.gatewayStatus = gatewayStatus
      hints.status = toPaymentStatus(gatewayStatus)
    }
    const reference = read(names.reference ?? 'reference')
    if (reference !== undefined) hints.reference = reference
    const transactionNo =
      names.transactionNo === undefined
        ? (read('transactionNo') ?? read('yuansferId'))
        : read(names.transactionNo)
    if (transactionNo !== undefined) hints.transactionNo = transactionNo
    const amount = read(names.amount ?? 'amount')
    if (amount !== undefined) hints.amount = amount
    return hints
  })
}

// ---------------------------------------------------------------------------------------------
// Gateway side (emulator): the merchant's requests as Pockyt receives them
//
// Errors carry in `gatewayCode` the `ret_code` Pockyt answers for the problem (000020 missing
// parameter, 000023 bad value, 000000 bad signature), so an emulator can answer with it.

const missingParameter = '000020'
const invalidValue = '000023'

/** Flat fields from a form or JSON body (or an already-decoded record). */
function requestFields(raw: unknown, where: string): Record<string, string> {
  const body = typeof raw === 'string' && raw.trimStart().startsWith('{') ? parseJson(raw) : raw
  if (typeof body === 'string') return formFields(body, where)
  if (!isRecord(body)) stop('MALFORMED', `Pockyt ${where} is not a form or JSON object`)
  const fields = toFlatStrings(body)
  if (fields === undefined) {
    stop('MALFORMED', `Pockyt ${where} has a nested value; nested data is sent as a JSON string`, {
      gatewayCode: invalidValue,
    })
  }
  return fields
}

/**
 * Decodes a signed request (form or JSON text, or a decoded record) and verifies its
 * `verifySign`. The fields are returned as received; `SIGNATURE_INVALID` on a missing or wrong
 * signature.
 */
export function parseSignedRequest(
  raw: string | Record<string, unknown>,
  token: string,
  options: SignOptions = {},
): ParseResult<Record<string, string>> {
  return signedRequest(raw, token, options, 'request', () => {})
}

function requireFields(fields: Record<string, string>, names: readonly string[], where: string) {
  const missing = names.filter((name) => !fields[name])
  if (missing.length > 0) {
    stop('MALFORMED', `Pockyt ${where} is missing ${missing.join(', ')}`, {
      gatewayCode: missingParameter,
      gatewayMessage: `${missing[0]} is required`,
    })
  }
}

function requirePositiveAmount(
  fields: Record<string, string>,
  amountName: string,
  where: string,
): void {
  const minorUnits = toMinorUnits(fields[amountName] ?? '', fields.currency ?? '')
  if (minorUnits === undefined || minorUnits === 0n) {
    stop('MALFORMED', `Pockyt ${where} has an invalid ${amountName} or currency`, {
      gatewayCode: invalidValue,
      gatewayMessage: `${amountName} is invalid`,
    })
  }
}

function requireOneTarget(fields: Record<string, string>, where: string): void {
  const count = [fields.transactionNo, fields.reference].filter(Boolean).length
  if (count !== 1) {
    stop('MALFORMED', `Pockyt ${where} needs exactly one of transactionNo and reference`, {
      gatewayCode: count === 0 ? missingParameter : invalidValue,
      gatewayMessage: 'transactionNo or reference is required',
    })
  }
}

function signedRequest<Message>(
  raw: unknown,
  token: string,
  options: SignOptions,
  where: string,
  check: (fields: Record<string, string>) => void,
): ParseResult<Message & Record<string, string>> {
  return guarded(where, () => {
    const fields = requestFields(raw, where)
    requireSignature(fields, token, options, where)
    check(fields)
    // `check` has verified every required field of Message.
    return fields as Message & Record<string, string>
  })
}

const commonFields = ['merchantNo', 'storeNo'] as const

/** Emulator: verifies and checks a `/v1/customers/create` request. */
export function parseCustomerCreateRequest(
  raw: string | Record<string, unknown>,
  token: string,
  options: SignOptions = {},
): ParseResult<CustomerCreateRequest & Record<string, string>> {
  const where = 'customers/create request'
  return signedRequest(raw, token, options, where, (fields) => {
    requireFields(fields, [...commonFields, 'firstName', 'lastName', 'email', 'countryCode'], where)
  })
}

/** Emulator: verifies and checks a secure-pay request. */
export function parseSecurePayRequest(
  raw: string | Record<string, unknown>,
  token: string,
  options: SignOptions = {},
): ParseResult<SecurePayRequest & Record<string, string>> {
  const where = 'secure-pay request'
  return signedRequest(raw, token, options, where, (fields) => {
    requireFields(
      fields,
      [
        ...commonFields,
        'amount',
        'currency',
        'settleCurrency',
        'vendor',
        'terminal',
        'reference',
        'callbackUrl',
      ],
      where,
    )
    requirePositiveAmount(fields, 'amount', where)
  })
}

/** Emulator: verifies and checks a tran-query request. */
export function parseTranQueryRequest(
  raw: string | Record<string, unknown>,
  token: string,
  options: SignOptions = {},
): ParseResult<TranQueryRequest & Record<string, string>> {
  const where = 'tran-query request'
  return signedRequest(raw, token, options, where, (fields) => {
    requireFields(fields, commonFields, where)
    requireOneTarget(fields, where)
  })
}

/**
 * Emulator: verifies and checks a refund request. Older integrations send the refund amount as
 * `amount`; it is then also given as `refundAmount` (after verification, which covers the fields
 * as sent).
 */
export function parseRefundRequest(
  raw: string | Record<string, unknown>,
  token: string,
  options: SignOptions = {},
): ParseResult<RefundRequest & Record<string, string>> {
  const where = 'refund request'
  return signedRequest(raw, token, options, where, (fields) => {
    if (!fields.refundAmount && fields.amount) fields.refundAmount = fields.amount
    requireFields(fields, [...commonFields, 'refundAmount', 'currency', 'settleCurrency'], where)
    requirePositiveAmount(fields, 'refundAmount', where)
    requireOneTarget(fields, where)
  })
}
