import { failure } from '../shared/failure.ts'
import { formatMinorUnits, type Money, toMinorUnits } from '../shared/money.ts'
import { type ParseResult, parsed, parseError } from '../shared/parseResult.ts'
import type { PaymentUpdate, RefundUpdate } from '../shared/paymentUpdate.ts'
import { isRecord, parseJson, readText, type UnknownRecord } from '../shared/records.ts'
import { describeResultCode, isSuccessCode } from './codes.ts'
import { verifyEnvelope } from './sign.ts'
import { toPaymentStatus, toRefundStatus } from './status.ts'

// Parsers take what arrived — JSON text or an already-parsed body — and never throw. Every
// message is checked against its signature before anything in it is believed.

/** A verified envelope: its flat members (as signed) and its parsed business content. */
export interface VerifiedEnvelope {
  envelope: Record<string, string>
  bizContent: UnknownRecord
}

/** The salt, or a lookup by `accId` when several accounts share one endpoint (the emulator). */
export type SaltSource = string | ((accId: string) => string | undefined)

/**
 * The envelope's members as the flat strings they were signed as. `bizContent` sent as an object
 * (the docs' debug tools allow it) is signed as its JSON text — an unverified canonical form.
 */
function flattenEnvelope(body: UnknownRecord): Record<string, string> | undefined {
  const entries: [string, string][] = []
  for (const [name, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue
    if (name === 'bizContent' && isRecord(value)) {
      entries.push([name, JSON.stringify(value)])
      continue
    }
    const text = readText(body, name)
    if (text === undefined) return undefined
    entries.push([name, text])
  }
  return Object.fromEntries(entries)
}

function readBizContent(envelope: Record<string, string>): UnknownRecord | undefined {
  const text = envelope.bizContent
  if (text === undefined || text.trim() === '') return {}
  const value = parseJson(text)
  return isRecord(value) ? value : undefined
}

interface ReadOptions {
  salt: SaltSource
  /** Whether a message without `sign` may still be read (as a rejection only). */
  unsignedRejections: boolean
}

function readEnvelope(raw: unknown, options: ReadOptions): ParseResult<VerifiedEnvelope> {
  const body = typeof raw === 'string' ? parseJson(raw) : raw
  if (!isRecord(body)) return parseError('MALFORMED', 'PingPong message is not a JSON object')
  const envelope = flattenEnvelope(body)
  if (!envelope) {
    return parseError('MALFORMED', 'PingPong envelope members must be strings')
  }
  const bizContent = readBizContent(envelope)
  if (!bizContent) return parseError('MALFORMED', 'PingPong bizContent is not a JSON object')
  const code = envelope.code
  const gateway = { gatewayCode: code, gatewayMessage: envelope.description }

  if (envelope.sign === undefined || envelope.sign === '') {
    // PingPong may leave error answers unsigned. They are read only as a rejection: nothing in an
    // unsigned message can move a payment forward.
    if (options.unsignedRejections && code !== undefined && !isSuccessCode(code)) {
      return parseError('GATEWAY_REJECTED', rejectionMessage(code), gateway)
    }
    return parseError('SIGNATURE_INVALID', 'PingPong message carries no sign', gateway)
  }
  const salt = typeof options.salt === 'string' ? options.salt : options.salt(envelope.accId ?? '')
  if (salt === undefined) {
    return parseError(
      'SIGNATURE_INVALID',
      `Unknown PingPong accId ${JSON.stringify(envelope.accId)}`,
    )
  }
  if (!verifyEnvelope(envelope, salt)) {
    return parseError(
      'SIGNATURE_INVALID',
      'PingPong message sign does not match its content',
      gateway,
    )
  }
  return parsed({ envelope, bizContent })
}

function rejectionMessage(code: string): string {
  return `PingPong rejected the request: ${code} ${describeResultCode(code).meaning}`
}

/**
 * A genuine answer without a result: an error code makes it the gateway's rejection, a success
 * code without the result's fields makes it malformed.
 */
function missingResult(envelope: Record<string, string>, what: 'payment' | 'refund') {
  const code = envelope.code
  if (code !== undefined && !isSuccessCode(code)) {
    // Called with a verified envelope only.
    return parseError('GATEWAY_REJECTED', rejectionMessage(code), {
      gatewayCode: code,
      gatewayMessage: envelope.description,
      signed: true,
    })
  }
  return parseError('MALFORMED', `PingPong ${what} result lacks status or merchantTransactionId`)
}

function readMoney(bizContent: UnknownRecord): ParseResult<Money | undefined> {
  const value = readText(bizContent, 'amount')
  const currency = readText(bizContent, 'currency')?.toUpperCase()
  if (value === undefined || currency === undefined) return parsed(undefined)
  const minorUnits = toMinorUnits(value, currency)
  if (minorUnits === undefined) {
    return parseError(
      'MALFORMED',
      `PingPong amount ${JSON.stringify(value)} ${currency} is invalid`,
    )
  }
  return parsed({ value: formatMinorUnits(minorUnits, currency), currency })
}

/** The next step a unifiedPay answer asks of the shopper's browser. */
export type PingPongNextAction =
  /** Start the 3DS challenge: the risk plugin's trigger with `params`, or GET `redirectUrl`. */
  | { type: 'three-ds'; params: UnknownRecord; redirectUrl?: string }
  /** Render `content` as a QR code for the shopper's wallet app. */
  | { type: 'qr-code'; content: string }
  /** Show the QR code image at `imageUrl`. */
  | { type: 'qr-image'; imageUrl: string }
  /** Send the browser to the APM's page. */
  | { type: 'redirect'; url: string }

function isTrue(value: unknown): boolean {
  return value === true || value === 'true'
}

function threeDsParamsOf(bizContent: UnknownRecord): unknown {
  const rawParams = bizContent.threeDUnionParams
  return typeof rawParams === 'string' ? parseJson(rawParams) : rawParams
}

/** Whether PingPong asks the shopper for 3DS: `threeDContinue`, at the top or in the params. */
function asksForThreeDs(bizContent: UnknownRecord): boolean {
  const params = threeDsParamsOf(bizContent)
  return isTrue(bizContent.threeDContinue) || (isRecord(params) && isTrue(params.threeDContinue))
}

/**
 * Whether a query's answer says the shopper's 3DS is still to do. Its own `threeDContinue`, when
 * it has one, decides: the params are what the risk plugin was given when the payment was made,
 * and may still say "true" once the shopper has verified and the bank is deciding.
 */
function stillAsksForThreeDs(bizContent: UnknownRecord): boolean {
  const own = bizContent.threeDContinue
  if (own !== undefined && own !== null && own !== '') return isTrue(own)
  return asksForThreeDs(bizContent)
}

function readThreeDs(bizContent: UnknownRecord): ParseResult<PingPongNextAction | undefined> {
  if (!asksForThreeDs(bizContent)) return parsed(undefined)
  const params = threeDsParamsOf(bizContent)
  if (!isRecord(params)) {
    return parseError('MALFORMED', 'PingPong asks for 3DS but threeDUnionParams is missing')
  }
  const redirectUrl = readText(params, 'threeDRedirectUrl')
  return parsed(
    redirectUrl ? { type: 'three-ds', params, redirectUrl } : { type: 'three-ds', params },
  )
}

function readApmAction(bizContent: UnknownRecord): ParseResult<PingPongNextAction | undefined> {
  const action = bizContent.action
  if (isRecord(action)) {
    const type = readText(action, 'type')
    const qrCode = readText(action, 'qrCode')
    const qrUrl = readText(action, 'qrUrl')
    const redirectUrl = readText(action, 'paymentRedirectUrl')
    if (type === 'QR_CODE' && qrCode) return parsed({ type: 'qr-code', content: qrCode })
    if (type === 'QR_URL' && qrUrl) return parsed({ type: 'qr-image', imageUrl: qrUrl })
    if (type === 'PAYMENT_REDIRECT_URL' && redirectUrl) {
      return parsed({ type: 'redirect', url: redirectUrl })
    }
    // A closed set: an action we cannot perform is an error, never a guess.
    return parseError(
      'MALFORMED',
      `PingPong action ${JSON.stringify(type)} is unknown or incomplete`,
    )
  }
  // The v3 field names, still described in the non-hosted guide.
  const legacyQrCode = readText(bizContent, 'paymentQrCode')
  if (legacyQrCode) return parsed({ type: 'qr-code', content: legacyQrCode })
  const legacyRedirectUrl = readText(bizContent, 'paymentRedirectUrl')
  if (legacyRedirectUrl) return parsed({ type: 'redirect', url: legacyRedirectUrl })
  return parsed(undefined)
}

/** A payment result: the kit's update plus the next step, when the shopper has one. */
export interface PingPongPaymentResult {
  update: PaymentUpdate
  nextAction?: PingPongNextAction
  /** PingPong's own business fields, for what the kit does not map. */
  bizContent: UnknownRecord
}

function readPaymentResult(
  { envelope, bizContent }: VerifiedEnvelope,
  options: { readsActions: boolean; readsThreeDsWait?: boolean },
): ParseResult<PingPongPaymentResult> {
  const code = envelope.code
  const gatewayStatus = readText(bizContent, 'status')
  const orderReference = readText(bizContent, 'merchantTransactionId')
  if (gatewayStatus === undefined || orderReference === undefined) {
    return missingResult(envelope, 'payment')
  }
  const amount = readMoney(bizContent)
  if (!amount.ok) return amount

  let nextAction: PingPongNextAction | undefined
  if (options.readsActions && gatewayStatus.toUpperCase() === 'PROCESSING') {
    const threeDs = readThreeDs(bizContent)
    if (!threeDs.ok) return threeDs
    const apm = threeDs.value ? parsed(undefined) : readApmAction(bizContent)
    if (!apm.ok) return apm
    nextAction = threeDs.value ?? apm.value
  }

  // The query carries no step to take, but its PROCESSING with `threeDContinue` says the same as
  // unifiedPay's (pingpong.md §1.11): the payment waits for the shopper's 3DS, nobody is
  // confirming it yet. Read as processing, a card left at its verification could be neither
  // cancelled nor paid again until PingPong closed it.
  const waitsForThreeDs =
    options.readsThreeDsWait === true &&
    gatewayStatus.toUpperCase() === 'PROCESSING' &&
    stillAsksForThreeDs(bizContent)
  const status = toPaymentStatus(gatewayStatus, {
    actionRequired: nextAction !== undefined || waitsForThreeDs,
  })
  const update: PaymentUpdate = { orderReference, status, gatewayStatus }
  const transactionId = readText(bizContent, 'transactionId')
  if (transactionId) update.gatewayTransactionId = transactionId
  if (amount.value) update.amount = amount.value
  if (status === 'failed') {
    const resultCode = readText(bizContent, 'resultCode') ?? code ?? ''
    update.failure = failure(describeResultCode(resultCode).failure, resultCode)
  }
  const result: PingPongPaymentResult = { update, bizContent }
  if (nextAction) result.nextAction = nextAction
  return parsed(result)
}

function readRefundResult({ envelope, bizContent }: VerifiedEnvelope): ParseResult<RefundUpdate> {
  const code = envelope.code
  const gatewayStatus = readText(bizContent, 'status')
  const orderReference = readText(bizContent, 'merchantTransactionId')
  if (gatewayStatus === undefined || orderReference === undefined) {
    return missingResult(envelope, 'refund')
  }
  const amount = readMoney(bizContent)
  if (!amount.ok) return amount
  const status = toRefundStatus(gatewayStatus)
  const update: RefundUpdate = { orderReference, status, gatewayStatus }
  const refundReference = readText(bizContent, 'merchantRefundId')
  if (refundReference) update.refundReference = refundReference
  const refundId = readText(bizContent, 'refundId')
  if (refundId) update.gatewayRefundId = refundId
  if (amount.value) update.amount = amount.value
  if (status === 'failed') {
    const resultCode = readText(bizContent, 'resultCode') ?? code ?? ''
    update.failure = failure(describeResultCode(resultCode).failure, resultCode)
  }
  return parsed(update)
}

const responseOptions = (salt: string): ReadOptions => ({ salt, unsignedRejections: true })

/** prePay's answer: what the hosted cashier and the JS SDK need. */
export interface PrePayResult {
  transactionId: string
  merchantTransactionId: string
  /** Initialises the hosted JS SDK. */
  token: string
  /** The hosted cashier, for the redirect flow. */
  paymentUrl: string
  /** The SDK script URL including the token. */
  innerJsUrl?: string
  amount?: Money
}

export function parsePrePayResponse(raw: unknown, salt: string): ParseResult<PrePayResult> {
  const read = readEnvelope(raw, responseOptions(salt))
  if (!read.ok) return read
  const { envelope, bizContent } = read.value
  const code = envelope.code ?? ''
  if (!isSuccessCode(code)) {
    return parseError('GATEWAY_REJECTED', rejectionMessage(code), {
      gatewayCode: code,
      gatewayMessage: envelope.description,
      signed: true,
    })
  }
  const transactionId = readText(bizContent, 'transactionId')
  const merchantTransactionId = readText(bizContent, 'merchantTransactionId')
  const token = readText(bizContent, 'token')
  const paymentUrl = readText(bizContent, 'paymentUrl')
  if (!transactionId || !merchantTransactionId || !token || !paymentUrl) {
    return parseError(
      'MALFORMED',
      'PingPong prePay answer lacks transactionId, merchantTransactionId, token or paymentUrl',
    )
  }
  const amount = readMoney(bizContent)
  if (!amount.ok) return amount
  const result: PrePayResult = { transactionId, merchantTransactionId, token, paymentUrl }
  const innerJsUrl = readText(bizContent, 'innerJsUrl')
  if (innerJsUrl) result.innerJsUrl = innerJsUrl
  if (amount.value) result.amount = amount.value
  return parsed(result)
}

/** unifiedPay's answer: the payment's status and, for 3DS and APMs, the shopper's next step. */
export function parseUnifiedPayResponse(
  raw: unknown,
  salt: string,
): ParseResult<PingPongPaymentResult> {
  const read = readEnvelope(raw, responseOptions(salt))
  return read.ok ? readPaymentResult(read.value, { readsActions: true }) : read
}

/**
 * The transaction query's answer. A payment waiting for the shopper's 3DS is `requires_action`,
 * without a `nextAction`: the one unifiedPay gave is still the step to take. Whether to believe
 * it is the caller's call (the server takes it for cards, `queryReadsThreeDsWait`).
 */
export function parseQueryResponse(raw: unknown, salt: string): ParseResult<PingPongPaymentResult> {
  const read = readEnvelope(raw, responseOptions(salt))
  return read.ok
    ? readPaymentResult(read.value, { readsActions: false, readsThreeDsWait: true })
    : read
}

/** The refund's and the refund query's answer. */
export function parseRefundResponse(raw: unknown, salt: string): ParseResult<RefundUpdate> {
  const read = readEnvelope(raw, responseOptions(salt))
  return read.ok ? readRefundResult(read.value) : read
}

export type PingPongNotification =
  | { kind: 'payment'; update: PaymentUpdate; bizContent: UnknownRecord }
  | { kind: 'refund'; update: RefundUpdate; bizContent: UnknownRecord }
  /** Capture, void and other notifications the kit does not act on. */
  | { kind: 'other'; notifyType: string; bizContent: UnknownRecord }

/**
 * An asynchronous notification, verified: a notification without a valid sign is
 * `SIGNATURE_INVALID` and must change nothing.
 */
export function parseNotification(raw: unknown, salt: string): ParseResult<PingPongNotification> {
  const read = readEnvelope(raw, { salt, unsignedRejections: false })
  if (!read.ok) return read
  const { bizContent } = read.value
  const notifyType = (readText(bizContent, 'notifyType') ?? 'RECHARGE').toUpperCase()
  if (notifyType === 'REFUND') {
    const refund = readRefundResult(read.value)
    return refund.ok ? parsed({ kind: 'refund', update: refund.value, bizContent }) : refund
  }
  if (notifyType === 'RECHARGE') {
    const payment = readPaymentResult(read.value, { readsActions: false })
    return payment.ok
      ? parsed({ kind: 'payment', update: payment.value.update, bizContent })
      : payment
  }
  return parsed({ kind: 'other', notifyType, bizContent })
}

/**
 * A merchant's request as PingPong receives it (the emulator's side): the signature is checked
 * with the account's salt, found by `accId` when `salt` is a function.
 */
export function parseSignedRequest(raw: unknown, salt: SaltSource): ParseResult<VerifiedEnvelope> {
  return readEnvelope(raw, { salt, unsignedRejections: false })
}
