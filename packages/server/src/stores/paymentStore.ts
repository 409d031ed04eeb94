import type { PaymentRecord } from '../paymentRecord.ts'

/**
 * Where payments are kept. Implementations make `update` atomic per payment: two notifications
 * for one payment arriving together are applied one after the other, each on the other's result.
 */
export interface PaymentStore {
  get(id: string): Promise<PaymentRecord | undefined>
  findByIdempotencyKey(key: string): Promise<PaymentRecord | undefined>
  /** The newest attempt for the order whose status is still open (requires_action, processing). */
  findOpenByOrder(orderId: string): Promise<PaymentRecord | undefined>
  /**
   * Stores a new record. Fails with `DuplicatePaymentError` when its id or idempotency key is taken,
   * when its order already has an open attempt (one open attempt per order), or when its order
   * already has a succeeded payment (an order is paid once) — each decided atomically.
   */
  create(record: PaymentRecord): Promise<void>
  /**
   * Reads the record, lets `change` return its next version (or `undefined` to leave it), writes
   * it — all as one step. Answers the record as stored afterwards. Fails, leaving the record, when
   * the next version has another id, another payment's idempotency key, or is open while another
   * attempt of its order is (`DuplicatePaymentError`).
   */
  update(
    id: string,
    change: (current: PaymentRecord) => PaymentRecord | undefined,
  ): Promise<PaymentRecord | undefined>
  /** Newest first. */
  list(options?: ListPaymentsOptions): Promise<PaymentRecord[]>
  close?(): Promise<void>
}

/** Which payments `list` answers. Filters given together all apply. */
export interface ListPaymentsOptions {
  /** The newest this many. 100 by default. */
  limit?: number
  /** Only this order's attempts. */
  orderId?: string
  /** Only the attempts of these orders: a page of orders in one query. An empty list answers none. */
  orderIds?: readonly string[]
}

export class DuplicatePaymentError extends Error {
  constructor(readonly field: 'id' | 'idempotencyKey' | 'openOrder' | 'paidOrder') {
    super(
      field === 'openOrder'
        ? 'The order already has an open payment attempt'
        : field === 'paidOrder'
          ? 'The order already has a succeeded payment'
          : `A payment with this ${field} already exists`,
    )
    this.name = 'DuplicatePaymentError'
  }
}

/** Refuses a change that answered a record with another id: a payment's id never changes. */
export function refuseIdChange(id: string, next: PaymentRecord): void {
  if (next.id !== id) {
    throw new Error(
      `The change to payment ${id} answered a record with id ${next.id}: a payment's id never changes.`,
    )
  }
}
