import type { OrderView } from '../server/shop.ts'
import { shopJson } from './shopJson.ts'

/** Where an order's payments stand, as far as paying it (again, or another way) goes. */
export type OrderState =
  | { outcome: 'ready' }
  | { outcome: 'paid'; paymentId: string }
  /** An attempt waits for the shopper (a QR code, a hosted page): it can be cancelled. */
  | { outcome: 'open' }
  /** An attempt may already have been charged: only its outcome can be waited for. */
  | { outcome: 'processing' }

export function orderState(order: OrderView): OrderState {
  const paid = order.payments.find((payment) => payment.status === 'succeeded')
  if (paid) return { outcome: 'paid', paymentId: paid.id }
  if (order.payments.some((payment) => payment.status === 'processing')) {
    return { outcome: 'processing' }
  }
  if (order.payments.some((payment) => payment.status === 'requires_action')) {
    return { outcome: 'open' }
  }
  return { outcome: 'ready' }
}

export function readOrder(orderId: string): Promise<OrderView> {
  return shopJson<OrderView>(`/api/shop/orders/${encodeURIComponent(orderId)}`)
}
