import type { Failure } from './failure.ts'
import type { Money } from './money.ts'
import type { PaymentStatus, RefundStatus } from './paymentStatus.ts'

/**
 * What a gateway said about a payment — from a synchronous response, a query, a browser return or
 * a notification — in the kit's vocabulary. Every gateway's parsers produce this shape, so the
 * merchant server applies updates the same way whatever the gateway.
 */
export interface PaymentUpdate {
  /** The merchant's order reference as sent to the gateway (merchantTransactionId, reference, order_number). */
  orderReference: string
  /** The gateway's own id of the transaction, when it has given one. */
  gatewayTransactionId?: string
  status: PaymentStatus
  /** The status exactly as the gateway wrote it, for logs and support. */
  gatewayStatus: string
  /** The amount the gateway reports, normalised to the currency's decimals when it parses. */
  amount?: Money
  /** Present when `status` is `failed`: why, safe to show the shopper. */
  failure?: Failure
}

/** What a gateway said about a refund, in the kit's vocabulary. */
export interface RefundUpdate {
  /** The merchant's order reference of the refunded payment. */
  orderReference: string
  /** The merchant's own refund reference, when one was sent. */
  refundReference?: string
  /** The gateway's id of the refund. */
  gatewayRefundId?: string
  status: RefundStatus
  gatewayStatus: string
  amount?: Money
  failure?: Failure
}
