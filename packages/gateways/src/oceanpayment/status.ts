import type { PaymentStatus } from '../shared/paymentStatus.ts'
import { authTypes, paymentStatusCodes } from './wire.ts'

/**
 * The kit's status for Oceanpayment's `payment_status` (§3.8). A pending (`-1`) pre-authorization
 * (`payment_authType` `1`) counts as succeeded, as in the official plugins: the funds are held
 * and the merchant captures later. Any value Oceanpayment may add later is `processing`, never
 * `succeeded`, so the merchant server asks again instead of shipping.
 */
export function toPaymentStatus(paymentStatus: string, authType?: string): PaymentStatus {
  switch (paymentStatus) {
    case paymentStatusCodes.succeeded:
      return 'succeeded'
    case paymentStatusCodes.failed:
      return 'failed'
    case paymentStatusCodes.pending:
      // Only the non-3DS pre-auth type: the plugins treat a pending 3DS pre-auth (`3`) as pending.
      return authType === authTypes.preAuthorization ? 'succeeded' : 'processing'
    default:
      return 'processing'
  }
}

/** `payment_details` / `pay_details` split into Oceanpayment's code and its description. */
export interface ResultDetails {
  /** e.g. `80000`; `''` when the text carries no code. */
  code: string
  /** e.g. `Transaction Approved`; may contain further colons. */
  description: string
}

/**
 * Splits `code:description` on the first colon (descriptions may contain more). Text without a
 * colon is a bare code when it is all digits, otherwise a description without a code.
 */
export function parseDetails(details: string): ResultDetails {
  const text = typeof details === 'string' ? details : ''
  const separator = text.indexOf(':')
  if (separator === -1) {
    const trimmed = text.trim()
    return /^\d+$/.test(trimmed)
      ? { code: trimmed, description: '' }
      : { code: '', description: trimmed }
  }
  return { code: text.slice(0, separator).trim(), description: text.slice(separator + 1).trim() }
}
