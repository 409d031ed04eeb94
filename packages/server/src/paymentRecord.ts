import type { MoneyAmount, PaymentSession } from '@checkout-kit/core'

/** One line of a payment's timeline: what the server sent, received and decided, in order. */
export interface TimelineEntry {
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
  refunds: RefundRecord[]
  timeline: TimelineEntry[]
}

/** The part of a record the browser may see: the contract's PaymentSession. */
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
  if (record.failure) session.failure = record.failure
  if (record.expiresAt) session.expiresAt = record.expiresAt
  return session
}
