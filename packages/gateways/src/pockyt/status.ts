import type { PaymentStatus, RefundStatus } from '../shared/paymentStatus.ts'

// [U] Pockyt never published its full status enum; these are the values seen in its docs and
// plugins. Anything else is `processing`, never `succeeded`: the merchant server queries again.
const paymentStatuses: Readonly<Record<string, PaymentStatus>> = {
  // Created, not paid yet (the callback also says `init` when the shopper gave up).
  init: 'requires_action',
  pending: 'processing',
  success: 'succeeded',
  fail: 'failed',
  closed: 'expired',
  // [U] Seen only as a branch in the WooCommerce webhook handler; read as the payment having been
  // voided after the fact.
  reversed: 'cancelled',
}

// [U] No refund status list exists anywhere; only the two unambiguous words are mapped.
const refundStatuses: Readonly<Record<string, RefundStatus>> = {
  success: 'succeeded',
  fail: 'failed',
}

function lookUp<Status>(
  table: Readonly<Record<string, Status>>,
  status: string,
): Status | undefined {
  const key = typeof status === 'string' ? status.trim().toLowerCase() : ''
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** The kit's status for a Pockyt transaction status (case-insensitive; unknown → `processing`). */
export function toPaymentStatus(pockytStatus: string): PaymentStatus {
  return lookUp(paymentStatuses, pockytStatus) ?? 'processing'
}

/** The kit's status for a Pockyt refund status (case-insensitive; unknown → `processing`). */
export function toRefundStatus(pockytStatus: string): RefundStatus {
  return lookUp(refundStatuses, pockytStatus) ?? 'processing'
}
