import type { MoneyAmount, PaymentSession } from '@checkout-kit/core'
import { withoutCardWords } from '@checkout-kit/gateways'

/** One line of a payment's timeline: what the server sent, received and decided, in order. */
export interface TimelineEntry {
  /**
   * The entry's number within its payment: 1, 2, 3… in the order entries were added. It never
   * changes, so a page can key the entry by it.
   */
  seq: number
  at: string
  kind:
    | 'request'
    | 'response'
    | 'redirect'
    | 'notification'
    | 'return'
    | 'query'
    | 'status'
    | 'refund'
  /** Plain words for an integrator; never card data or secrets. */
  summary: string
}

/** An entry about to be added: `appendTimeline` numbers it. */
export type NewTimelineEntry = Omit<TimelineEntry, 'seq'>

/** Adds entries at the end of the record's timeline, each numbered one past the entry before. */
export function appendTimeline(record: PaymentRecord, ...entries: NewTimelineEntry[]): void {
  let seq = record.timeline.at(-1)?.seq ?? record.timeline.length
  for (const entry of entries) record.timeline.push({ ...entry, seq: ++seq })
}

/**
 * Adds the entry unless the timeline already has one saying the same (kind and summary). For what
 * can be repeated at will and adds nothing the second time — a reload of the return URL, a
 * message that changes nothing — so that repeating it cannot grow the record without bound.
 */
export function appendTimelineOnce(record: PaymentRecord, entry: NewTimelineEntry): void {
  const said = (line: TimelineEntry) => line.kind === entry.kind && line.summary === entry.summary
  if (!record.timeline.some(said)) appendTimeline(record, entry)
}

/**
 * The record with every timeline entry numbered: an entry without a `seq` (stored before entries
 * were numbered) gets one past the entry before it, so old records read as if they always had
 * numbers. Stores call it on what they read and write. Answers the record itself when nothing
 * was missing; never changes it.
 */
export function numberTimeline(record: PaymentRecord): PaymentRecord {
  const entries = record.timeline as (NewTimelineEntry & { seq?: number })[]
  if (entries.every((entry) => entry.seq !== undefined)) return record
  let previous = 0
  const timeline = entries.map((entry) => {
    previous = entry.seq ?? previous + 1
    return { ...entry, seq: previous }
  })
  return { ...record, timeline }
}

export interface RefundRecord {
  /** The merchant's refund reference sent to the gateway. */
  reference: string
  amount: MoneyAmount
  status: 'processing' | 'succeeded' | 'failed'
  gatewayRefundId?: string
  createdAt: string
  updatedAt: string
}

/**
 * What the server keeps of a payment attempt: the session the browser sees (`toSession` picks it
 * back out) plus what only the server needs. Never card data.
 */
export interface PaymentRecord extends PaymentSession {
  createdAt: string
  /** The storefront page the shopper returns to (allowlisted when the attempt was created). */
  returnUrl: string
  /** The key the browser sent, and a fingerprint of what it asked for under it. */
  idempotencyKey: string
  requestFingerprint: string
  /** The reference the gateway knows the attempt by (the payment id). */
  gatewayReference: string
  gatewayTransactionId?: string
  /** Gateway-specific values needed later (token, customerNo…). */
  gatewayData: Record<string, string>
  /** When the server last asked the gateway for the status. */
  lastQueriedAt?: string
  /**
   * When the shopper came back through the gateway's cancel button (an unverified hint: PingPong's
   * cancel URL, Pockyt's `status=closed`). Gateways close a cancelled order like an expired one,
   * so a later `expired` from the gateway is recorded as `cancelled`: both are unpaid endings.
   */
  shopperCancelledAt?: string
  refunds: RefundRecord[]
  timeline: TimelineEntry[]
}

/** The part of a record the browser may see: the contract's PaymentSession. */
/**
 * A payment's failure as its shopper should read it. The record keeps what the gateway said; the
 * shopper of a wallet or bank payment reads no card words. Hosted pages take cards too, so their
 * failures stay as they are.
 */
export function shopperFailure(
  record: Pick<PaymentRecord, 'flow' | 'failure'>,
): PaymentSession['failure'] {
  if (!record.failure) return undefined
  const { code, message } =
    record.flow === 'apm' ? withoutCardWords(record.failure) : record.failure
  return { code, message }
}

export function toSession(record: PaymentRecord): PaymentSession {
  const session: PaymentSession = {
    id: record.id,
    orderId: record.orderId,
    gateway: record.gateway,
    flow: record.flow,
    amount: record.amount,
    status: record.status,
    updatedAt: record.updatedAt,
  }
  if (record.status === 'requires_action' && record.action) session.action = record.action
  const failure = shopperFailure(record)
  if (failure) session.failure = failure
  if (record.expiresAt) session.expiresAt = record.expiresAt
  return session
}

/**
 * The ids the gateway gave this payment in fields of their own: readable in its timeline even
 * when one passes the Luhn check (`redactCardNumbers`' `keep`).
 */
export function gatewayIdsOf(record: PaymentRecord): string[] {
  return [record.gatewayTransactionId ?? '', ...Object.values(record.gatewayData)]
}
