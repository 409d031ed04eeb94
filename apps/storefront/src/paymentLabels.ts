import type { PaymentView } from '../server/paymentView.ts'
import type { ShopText } from './shopText.ts'

const gatewayNames: Record<PaymentView['gateway'], string> = {
  pingpong: 'PingPong',
  pockyt: 'Pockyt',
  oceanpayment: 'Oceanpayment',
}

export function describeMethod(
  payment: Pick<PaymentView, 'gateway' | 'flow'>,
  text: Pick<ShopText, 'flows'>,
): string {
  return `${gatewayNames[payment.gateway]} ${text.flows[payment.flow]}`
}

const isZero = (value: string) => Number(value) === 0

/** A payment's status as an orders page tells it: the server's, refined by its refunds. */
export type StatusName =
  | PaymentView['status']
  | 'refund_pending'
  | 'refunded'
  | 'partially_refunded'

export function statusOf(
  payment: Pick<PaymentView, 'status' | 'refunded' | 'refundPending' | 'refundable'>,
): StatusName {
  if (payment.status !== 'succeeded') return payment.status
  if (!isZero(payment.refundPending.value)) return 'refund_pending'
  if (isZero(payment.refunded.value)) return 'succeeded'
  // By the numbers the server worked out, not by comparing strings ("24.0" is "24.00").
  return isZero(payment.refundable.value) ? 'refunded' : 'partially_refunded'
}

export function describeStatus(
  payment: Pick<PaymentView, 'status' | 'refunded' | 'refundPending' | 'refundable'>,
  text: Pick<ShopText, 'statuses'>,
): string {
  return text.statuses[statusOf(payment)]
}

export function formatMoney(amount: { value: string; currency: string }): string {
  return `${amount.value} ${amount.currency}`
}
