/**
 * The kit's payment status (the `PaymentSession.status` of the merchant contract). Every gateway's
 * own statuses map onto it; a status a gateway adds later maps to `processing` — never to
 * `succeeded` — and the merchant server asks the gateway again.
 */
export type PaymentStatus =
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'expired'

/** Statuses after which nothing changes any more for this attempt. */
export function isTerminalStatus(status: PaymentStatus): boolean {
  return status !== 'requires_action' && status !== 'processing'
}

/** A refund's status, as the gateways report it. */
export type RefundStatus = 'processing' | 'succeeded' | 'failed'
