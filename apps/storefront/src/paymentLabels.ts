import type { PaymentView } from '../server/paymentView.ts'

const gatewayNames: Record<PaymentView['gateway'], string> = {
  pingpong: 'PingPong',
  pockyt: 'Pockyt',
  oceanpayment: 'Oceanpayment',
}

const flowNames: Record<PaymentView['flow'], string> = {
  'hosted-sdk': 'hosted (embedded SDK)',
  'hosted-redirect': 'hosted (redirect)',
  card: 'card',
  apm: 'local payment',
}

export function describeMethod(payment: Pick<PaymentView, 'gateway' | 'flow'>): string {
  return `${gatewayNames[payment.gateway]} ${flowNames[payment.flow]}`
}

const statusNames: Record<PaymentView['status'], string> = {
  requires_action: 'Awaiting the shopper',
  processing: 'Processing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
}

const isZero = (value: string) => Number(value) === 0

/** The status an orders page shows: the server's status, refined by the payment's refunds. */
export function describeStatus(
  payment: Pick<PaymentView, 'status' | 'refunded' | 'refundPending' | 'refundable'>,
): string {
  if (payment.status !== 'succeeded') return statusNames[payment.status]
  if (!isZero(payment.refundPending.value)) return 'Refund pending'
  if (isZero(payment.refunded.value)) return 'Succeeded'
  // By the numbers the server worked out, not by comparing strings ("24.0" is "24.00").
  return isZero(payment.refundable.value) ? 'Refunded' : 'Partially refunded'
}

export function formatMoney(amount: { value: string; currency: string }): string {
  return `${amount.value} ${amount.currency}`
}
