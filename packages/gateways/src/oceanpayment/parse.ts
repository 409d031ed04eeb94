import { failure } from '../shared/failure.ts'
import { decodeForm } from '../shared/formEncoding.ts'
import { formatMinorUnits, isCurrencyCode, type Money, toMinorUnits } from '../shared/money.ts'
import { type ParseResult, parsed, parseError } from '../shared/parseResult.ts'
import type { PaymentUpdate } from '../shared/paymentUpdate.ts'
import { isRecord } from '../shared/records.ts'
import { describeResultCode, duplicateOrderCode } from './codes.ts'
import { signedFields, verifyRequest, verifyResult, verifyTradeResponse } from './sign.ts'
import { parseDetails, type ResultDetails, toPaymentStatus } from './status.ts'
import {
  fieldOrder,
  type NoticeFields,
  noticeTypes,
  payResultCodes,
  type ReturnFields,
  type TradeRequestFields,
  type TradeResponseFields,
} from './wire.ts'
import { readXmlFields } from './xml.ts'

// Parsers never throw, whatever they are given: every entry point runs inside `guard`, and the
// steps below return a `ParseResult` at the first problem. Structure is checked before the
// signature (a message missing `order_number` is MALFORMED, whoever sent it); a missing or wrong
// `signValue` is SIGNATURE_INVALID.

/**
 * The secureCode to verify a result with, or how to find it from the result's `terminal`: a 3-D
 * Secure terminal has its own secureCode, and the browser return and notice say which terminal
 * took the payment. A lookup that returns `undefined` rejects the message as SIGNATURE_INVALID.
 */
export type SecureCodeSource = string | ((terminal: string) => string | undefined)

/** A created payment: send the shopper to `payUrl` (redirect or iframe). */
export interface SendTradeResult {
  /** Oceanpayment's id of the payment. */
  paymentId: string
  payUrl: string
  /** `order_number` as the gateway echoed it. */
  orderReference: string
  /** The echoed amount, normalised to the currency's decimals. Compare it with your order's. */
  amount: Money
  fields: TradeResponseFields
}

export interface SendTradeResponseOptions {
  /**
   * Check the response's `signValue` (default `true`). [D]/[U] The §3.4 rule is known only from
   * third-party code; turn this off if the live gateway's signatures do not verify, and rely on
   * TLS to the gateway's host.
   */
  verifySignature?: boolean
}

/**
 * Reads the XML `/gateway/service/sendTrade` answers with (§3.4). `pay_results` `1` is a created
 * payment; anything else is `GATEWAY_REJECTED` with `pay_details` split into `gatewayCode` and
 * `gatewayMessage` (e.g. `20061` duplicate order). Rejections are reported without checking
 * their signature: whether rejections are signed is unknown [U], and a rejection grants nothing.
 */
export function parseSendTradeResponse(
  xml: string,
  secureCode: string,
  options?: SendTradeResponseOptions,
): ParseResult<SendTradeResult> {
  return guard(() => {
    const read = readXmlFields(xml, tradeResponseNames)
    if (!read.ok) return read
    const fields = read.value
    const payResults = fields.pay_results
    if (payResults === undefined) {
      return parseError('MALFORMED', 'sendTrade response has no <pay_results>')
    }
    if (payResults !== payResultCodes.created) {
      const { code, description } = parseDetails(fields.pay_details ?? '')
      return parseError(
        'GATEWAY_REJECTED',
        `Oceanpayment rejected the sendTrade request (pay_results ${JSON.stringify(payResults)}): ` +
          `${code || 'no code'} ${description}`.trimEnd(),
        { gatewayCode: code || undefined, gatewayMessage: description || undefined },
      )
    }
    const missing = firstMissing(fields, [
      'payment_id',
      'pay_url',
      'order_number',
      'order_currency',
      'order_amount',
    ])
    if (missing !== undefined) {
      return parseError('MALFORMED', `sendTrade response has no <${missing}> (or it is empty)`)
    }
    const amount = readAmount(fields)
    if (amount === undefined) {
      return parseError(
        'MALFORMED',
        `sendTrade response has an unreadable amount ${JSON.stringify(fields.order_amount)} ` +
          JSON.stringify(fields.order_currency),
      )
    }
    if (options?.verifySignature !== false && !verifyTradeResponse(fields, secureCode)) {
      return parseError(
        'SIGNATURE_INVALID',
        'sendTrade response signValue does not match (§3.4 rule): check the secureCode of this ' +
          'terminal; if every genuine response fails, the rule may differ — see verifySignature',
      )
    }
    return parsed({
      paymentId: fields.payment_id ?? '',
      payUrl: fields.pay_url ?? '',
      orderReference: fields.order_number ?? '',
      amount,
      fields: fields as TradeResponseFields,
    })
  })
}

/** A genuine transaction result: the browser return, or a transaction notice. */
export interface TransactionResult<Fields> {
  update: PaymentUpdate
  /** `payment_details` split into code and description (`payment_solutions` has shopper advice). */
  details: ResultDetails
  /** Every field received, including ones not named in the type. */
  fields: Fields
}

/**
 * Reads and verifies the result form Oceanpayment makes the shopper's browser POST to
 * `backUrl` (§3.6), given as the raw body or as already-decoded fields. The browser return is
 * for showing the shopper a result page; fulfil orders from the notice.
 *
 * A failure with code 20061 (duplicate order) describes a rejected *resubmission*, not the
 * order's payment, so its status is `processing` (the official plugins ignore such results).
 * A result whose fields could be read another way under the same signature (see
 * `ambiguousField`) is SIGNATURE_INVALID, as is one for the notice. Check that the merchant's
 * fields (`account` to `order_notes`) came back exactly as sent: that is what pins the rest.
 */
export function parseReturn(
  raw: string | Record<string, string>,
  secureCode: SecureCodeSource,
): ParseResult<TransactionResult<ReturnFields>> {
  return guard(() => {
    const read = readForm(raw)
    if (!read.ok) return read
    return transactionResult<ReturnFields>(read.value, secureCode, 'browser return')
  })
}

/**
 * A notice that is not about a transaction: refunds, chargebacks, fraud alerts... (`notice_type`
 * other than `transaction`). Their signature rule is unknown [U], so their fields are NOT
 * verified: log them, acknowledge with `receive-ok`, and confirm through the back office or a
 * query before acting on them.
 */
export interface OtherNotice {
  kind: 'other'
  noticeType: string
  unverifiedFields: Record<string, string>
}

/** A verified transaction notice. */
export interface TransactionNotice extends TransactionResult<NoticeFields> {
  kind: 'transaction'
}

export type NoticeResult = TransactionNotice | OtherNotice

/**
 * Reads and verifies the XML Oceanpayment POSTs to `noticeUrl` (§3.7), whatever its root
 * element is called ([U]). A transaction notice (`notice_type` `transaction`, or no
 * `notice_type`, as older senders may omit it) must carry a valid signature; any other
 * `notice_type` comes back as `kind: 'other'`, unverified and without an update.
 *
 * Answer every notice — even a rejected one, after logging it — with `acknowledgement`
 * (`receive-ok`), or Oceanpayment sends it again.
 */
export function parseNotice(xml: string, secureCode: SecureCodeSource): ParseResult<NoticeResult> {
  return guard(() => {
    const read = readXmlFields(xml, noticeNames)
    if (!read.ok) return read
    const fields = read.value
    const noticeType = fields.notice_type
    // An empty notice_type is read as a missing one: a transaction notice, verified as such.
    if (noticeType !== undefined && noticeType !== '' && noticeType !== noticeTypes.transaction) {
      return parsed<NoticeResult>({ kind: 'other', noticeType, unverifiedFields: fields })
    }
    const result = transactionResult<NoticeFields>(fields, secureCode, 'notice')
    if (!result.ok) return result
    return parsed<NoticeResult>({ kind: 'transaction', ...result.value })
  })
}

/** A create request as the gateway receives it, checked and verified. */
export interface TradeRequest {
  fields: TradeRequestFields
  amount: Money
}

export interface TradeRequestOptions {
  /** `embedded` is the card-form flow: no `backUrl`, and a signature without it. */
  variant?: 'hosted' | 'embedded'
}

/**
 * Gateway side (emulator): reads a create request posted to sendTrade or the auto-redirect
 * form, given as the raw body or decoded fields. Missing or empty required fields and
 * unusable amounts are `MALFORMED` (naming the field); a `signValue` that does not match the
 * §3.3 rule is `SIGNATURE_INVALID`.
 */
export function parseTradeRequest(
  raw: string | Record<string, string>,
  secureCode: string,
  options?: TradeRequestOptions,
): ParseResult<TradeRequest> {
  return guard(() => {
    const read = readForm(raw)
    if (!read.ok) return read
    const fields = read.value
    const variant = options?.variant === 'embedded' ? 'embedded' : 'hosted'
    const required =
      variant === 'embedded' ? requiredRequestFields : ['backUrl', ...requiredRequestFields]
    const missing = firstMissing(fields, required)
    if (missing !== undefined) {
      return parseError('MALFORMED', `Trade request has no ${missing} (or it is empty)`)
    }
    if (fields.methods === undefined) {
      return parseError('MALFORMED', 'Trade request has no methods (send "Credit Card", or "")')
    }
    const currency = fields.order_currency ?? ''
    if (!isCurrencyCode(currency)) {
      return parseError(
        'MALFORMED',
        `Trade request order_currency ${JSON.stringify(currency)} is not an ISO 4217 code`,
      )
    }
    const value = fields.order_amount ?? ''
    if (!/^\d+(?:\.\d{1,2})?$/.test(value) || value.length > 10 || /^0+(?:\.0+)?$/.test(value)) {
      return parseError(
        'MALFORMED',
        `Trade request order_amount ${JSON.stringify(value)} is not an amount Oceanpayment ` +
          'takes (positive, at most 2 decimals, at most 10 characters)',
      )
    }
    const amount = readAmount(fields)
    if (amount === undefined) {
      return parseError(
        'MALFORMED',
        `Trade request order_amount ${JSON.stringify(value)} has more decimals than ${currency}`,
      )
    }
    if (!verifyRequest(fields, secureCode, { variant })) {
      return parseError(
        'SIGNATURE_INVALID',
        `Trade request signValue does not match the §3.3 rule (${variant})`,
      )
    }
    return parsed({ fields: fields as TradeRequestFields, amount })
  })
}

// ---------------------------------------------------------------------------------------------

const tradeResponseNames: ReadonlySet<string> = new Set(fieldOrder.tradeResponse)
const noticeNames: ReadonlySet<string> = new Set(fieldOrder.notice)

// methods is required too, but may be empty; it is checked on its own.
const requiredRequestFields = [
  'account',
  'terminal',
  'order_number',
  'order_currency',
  'order_amount',
  'billing_firstName',
  'billing_lastName',
  'billing_email',
  'billing_country',
  'billing_city',
  'billing_address',
  'billing_zip',
]

// Present in every browser return and notice the official plugins read; all but payment_status
// are signed, and payment_status decides the update.
const requiredResultFields = [
  'account',
  'terminal',
  'order_number',
  'order_currency',
  'order_amount',
  'payment_status',
  'payment_details',
]

function transactionResult<Fields>(
  fields: Record<string, string>,
  secureCode: SecureCodeSource,
  what: string,
): ParseResult<TransactionResult<Fields>> {
  const missing = requiredResultFields.find((name) => fields[name] === undefined)
  if (missing !== undefined) {
    return parseError('MALFORMED', `Oceanpayment ${what} has no ${missing}`)
  }
  const terminal = fields.terminal ?? ''
  const code = typeof secureCode === 'function' ? secureCode(terminal) : secureCode
  if (typeof code !== 'string') {
    return parseError(
      'SIGNATURE_INVALID',
      `Oceanpayment ${what} is for terminal ${JSON.stringify(terminal)}, which has no secureCode here`,
    )
  }
  if (!verifyResult(fields, code)) {
    return parseError(
      'SIGNATURE_INVALID',
      `Oceanpayment ${what} signValue does not match: treat it as forged (or check the secureCode ` +
        `of terminal ${JSON.stringify(terminal)})`,
    )
  }
  const ambiguous = ambiguousField(fields)
  if (ambiguous !== undefined) {
    return parseError(
      'SIGNATURE_INVALID',
      `Oceanpayment ${what} ${ambiguous}: its signature cannot tell the fields apart, so treat it ` +
        'as forged',
    )
  }
  const details = parseDetails(fields.payment_details ?? '')
  return parsed({ update: toUpdate(fields, details), details, fields: fields as Fields })
}

// The §3.6/§3.7 signature covers the values joined with no separator, and the shopper's browser
// carries the return form: moving a boundary between neighbouring fields keeps the signature
// valid (a declined `…0001` + `0` + `0` + `80005:…` re-read as `…00` + `0` + `1` + `0080005:…`
// is a success). The fields up to `order_notes` are the merchant's own, echoed back: the caller
// checks that they are exactly what it sent (the kit's adapter does), which fixes where the
// gateway's fields start. These shapes then leave one reading of the fields that decide the
// payment: `payment_details` starts with a five-digit code and the first ':' after the merchant's
// fields, so it cannot start anywhere else, and `payment_status` and `payment_authType` before it
// have fixed forms. [U] Every documented and observed code has five digits (80000, 20061,
// 10000); a genuine result in another shape is refused, which leaves the payment to the next
// message or a query rather than to a guess.
const gatewayFieldsBeforeDetails = signedFields.result.slice(
  signedFields.result.indexOf('order_notes') + 1,
  signedFields.result.indexOf('payment_details'),
)
const resultShapes: Readonly<Record<string, RegExp>> = {
  payment_status: /^(?:1|0|-1)$/,
  payment_authType: /^[0-3]$/,
  payment_details: /^\d{5}:/,
}

/** What makes a verified result readable more than one way, if anything. */
function ambiguousField(fields: Readonly<Record<string, string>>): string | undefined {
  for (const [name, shape] of Object.entries(resultShapes)) {
    const value = fields[name] ?? ''
    if (!shape.test(value)) return `has ${name} ${JSON.stringify(value)}, not ${shape.source}`
  }
  const withColon = gatewayFieldsBeforeDetails.find((name) => (fields[name] ?? '').includes(':'))
  if (withColon !== undefined) return `has a ':' in ${withColon}`
  // An amount the caller cannot compare with the order's could have swallowed the fields after it.
  if (readAmount(fields) === undefined) {
    return `has order_amount ${JSON.stringify(fields.order_amount ?? '')}, not an amount in its currency`
  }
  return undefined
}

function toUpdate(fields: Readonly<Record<string, string>>, details: ResultDetails): PaymentUpdate {
  const paymentStatus = fields.payment_status ?? ''
  let status = toPaymentStatus(paymentStatus, fields.payment_authType)
  // The order's own payment is unaffected by a rejected resubmission: leave the decision to
  // that payment's own result instead of failing the order.
  if (status === 'failed' && details.code === duplicateOrderCode) status = 'processing'
  const update: PaymentUpdate = {
    orderReference: fields.order_number ?? '',
    status,
    gatewayStatus: paymentStatus,
  }
  if (fields.payment_id) update.gatewayTransactionId = fields.payment_id
  const amount = readAmount(fields)
  if (amount !== undefined) update.amount = amount
  if (status === 'failed') {
    update.failure = failure(describeResultCode(details.code).failure, details.code)
  }
  return update
}

function readAmount(fields: Readonly<Record<string, string>>): Money | undefined {
  const currency = fields.order_currency ?? ''
  const minorUnits = toMinorUnits(fields.order_amount ?? '', currency)
  if (minorUnits === undefined) return undefined
  return { value: formatMinorUnits(minorUnits, currency), currency }
}

function readForm(raw: unknown): ParseResult<Record<string, string>> {
  if (typeof raw === 'string') return decodeForm(raw)
  if (!isRecord(raw)) {
    return parseError('MALFORMED', 'Expected the form body as a string or an object of fields')
  }
  const fields = new Map<string, string>()
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      return parseError('MALFORMED', `Form field ${JSON.stringify(name)} is not a single string`)
    }
    fields.set(name, value)
  }
  return parsed(Object.fromEntries(fields))
}

function firstMissing(
  fields: Readonly<Record<string, string>>,
  names: readonly string[],
): string | undefined {
  return names.find((name) => !fields[name])
}

function guard<T>(parse: () => ParseResult<T>): ParseResult<T> {
  try {
    return parse()
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unexpected input'
    return parseError('MALFORMED', `Could not read the message: ${reason}`)
  }
}
