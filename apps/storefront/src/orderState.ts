import type { PaymentView } from '../server/paymentView.ts'
import type { OrderView } from '../server/shop.ts'
import { shopJson } from './shopJson.ts'

/** Where an order's payments stand, as far as paying it (again, or another way) goes. */
export type OrderState =
  | { outcome: 'ready' }
  | { outcome: 'paid'; paymentId: string }
  /** An attempt waits for the shopper (a QR code, a hosted page): it can be cancelled. */
  | { outcome: 'open'; payment: PaymentView }
  /** An attempt may already have been charged: only its outcome can be waited for. */
  | { outcome: 'processing'; payment: PaymentView }

export function orderState(order: OrderView): OrderState {
  const paid = order.payments.find((payment) => payment.status === 'succeeded')
  if (paid) return { outcome: 'paid', paymentId: paid.id }
  const processing = order.payments.find((payment) => payment.status === 'processing')
  if (processing) return { outcome: 'processing', payment: processing }
  const open = order.payments.find((payment) => payment.status === 'requires_action')
  if (open) return { outcome: 'open', payment: open }
  return { outcome: 'ready' }
}

export function readOrder(orderId: string): Promise<OrderView> {
  return shopJson<OrderView>(`/api/shop/orders/${encodeURIComponent(orderId)}`)
}
