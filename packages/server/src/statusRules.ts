import type { PaymentStatus } from '@checkout-kit/core'

// Statuses only move forward. A gateway may report a success after a failure (PingPong lets the
// shopper retry on the same cashier) or after the shopper gave up (the money was taken anyway),
// so a verified success wins over every other status — and nothing ever overwrites a success.
const rank: Record<PaymentStatus, number> = {
  requires_action: 0,
  processing: 1,
  failed: 2,
  cancelled: 2,
  expired: 2,
  succeeded: 3,
}

/** Whether a payment in `current` may move to `next`. */
export function canMoveTo(current: PaymentStatus, next: PaymentStatus): boolean {
  return rank[next] > rank[current]
}

export function isOpen(status: PaymentStatus): boolean {
  return status === 'requires_action' || status === 'processing'
}
