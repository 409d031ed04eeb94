import {
  gatewayIdsOf,
  type PaymentRecord,
  type RefundRecord,
  redactCardNumbers,
  refundSummary,
  shopperFailure,
  type TimelineEntry,
} from '@checkout-kit/server'

type Money = PaymentRecord['amount']

/**
 * What the shop's pages may see of a payment. Built field by field from the server's record, never
 * spread from it: the record also holds the gateway's tokens, the idempotency key and, while an
 * attempt is open, the next action (a hosted-SDK token, a signed form), none of which belongs on
 * an orders page. Card data and `jsGeneratedData` are never in the record at all.
 */
export interface PaymentView {
  id: string
  orderId: string
  gateway: PaymentRecord['gateway']
  flow: PaymentRecord['flow']
  status: PaymentRecord['status']
  amount: Money
  failure?: { code: string; message: string }
  createdAt: string
  updatedAt: string
  refunds: { reference: string; amount: Money; status: RefundRecord['status']; createdAt: string }[]
  /** Refunds the gateway confirmed. */
  refunded: Money
  /** Refunds asked for and not answered yet. */
  refundPending: Money
  /** What a refund may still take back: zero unless the payment succeeded. */
  refundable: Money
  timeline: TimelineEntry[]
}

export function toPaymentView(record: PaymentRecord): PaymentView {
  const { currency } = record.amount
  const { refunded, pending, refundable } = refundSummary(record)
  const view: PaymentView = {
    id: record.id,
    orderId: record.orderId,
    gateway: record.gateway,
    flow: record.flow,
    status: record.status,
    amount: { value: record.amount.value, currency },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    refunds: record.refunds.map((refund) => ({
      reference: refund.reference,
      amount: refund.amount,
      status: refund.status,
      createdAt: refund.createdAt,
    })),
    refunded,
    refundPending: pending,
    refundable,
    timeline: record.timeline.map((entry) => ({
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind,
      // The server masks card-number-like text before storing a summary; records stored before it
      // did are masked here too.
      summary: redactCardNumbers(entry.summary, gatewayIdsOf(record)),
    })),
  }
  // In the shopper's words, as the checkout showed it (a wallet's decline speaks of no card).
  const failure = shopperFailure(record)
  if (failure) view.failure = failure
  return view
}
