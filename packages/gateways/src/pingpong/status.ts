import type { PaymentStatus, RefundStatus } from '../shared/paymentStatus.ts'

const paymentStatuses: Readonly<Record<string, PaymentStatus>> = {
  SUCCESS: 'succeeded',
  // Authorised with manual capture (captureDelayHours -1): the shopper has paid; capturing is the
  // merchant's back-office step.
  AUTH_SUCCESS: 'succeeded',
  // PingPong lets the shopper retry the same order after FAILED, but this attempt has failed.
  FAILED: 'failed',
  // Closed unpaid (expired, or cancelled on the cashier).
  CLOSED: 'expired',
  // An authorisation voided by the merchant.
  CANCEL: 'cancelled',
  // Created, waiting for the shopper on the cashier.
  INIT: 'requires_action',
  PROCESSING: 'processing',
}

/**
 * PingPong's status in the kit's terms. `PROCESSING` is `requires_action` when the response also
 * asks the shopper to act (3DS, an APM QR code or redirect). A status this table does not know is
 * `processing`: never taken for a success, and resolved by querying again.
 */
export function toPaymentStatus(
  status: string,
  options: { actionRequired?: boolean } = {},
): PaymentStatus {
  const mapped = paymentStatuses[status.toUpperCase()] ?? 'processing'
  return mapped === 'processing' && options.actionRequired ? 'requires_action' : mapped
}

/** A refund's status: `SUCCESS`, `FAILED`, anything else still processing. */
export function toRefundStatus(status: string): RefundStatus {
  switch (status.toUpperCase()) {
    case 'SUCCESS':
      return 'succeeded'
    case 'FAILED':
      return 'failed'
    default:
      return 'processing'
  }
}
