import type { Money } from '@checkout-kit/gateways'

export type GatewayName = 'pingpong' | 'pockyt' | 'oceanpayment'

export const gatewayNames: readonly GatewayName[] = ['pingpong', 'pockyt', 'oceanpayment']

/**
 * Where an emulated payment stands, in the emulator's own words. Each gateway module renders it in
 * its gateway's vocabulary (PingPong `INIT`/`SUCCESS`…, Pockyt `init`/`success`…, Oceanpayment
 * `payment_status` `1`/`0`/`-1`).
 */
export type EmulatedState =
  /** Created, waiting for the shopper (cashier, wallet or 3DS not done yet). */
  | 'pending'
  /** Paid by the shopper, outcome not known yet ("processing, then notified"). */
  | 'processing'
  | 'succeeded'
  | 'failed'
  /** The shopper pressed Cancel. */
  | 'cancelled'
  /** Closed unpaid (timed out, or expired through the control API). */
  | 'expired'

export function isFinal(state: EmulatedState): boolean {
  return state !== 'pending' && state !== 'processing'
}

/** How the shopper pays: the gateway's hosted page, the merchant's card form, or a local method. */
export type EmulatedFlow = 'hosted' | 'card' | 'apm'

/** Why a payment failed, in the kit's failure vocabulary; gateway modules turn it into their codes. */
export type DeclineReason =
  | 'declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'invalid_card'
  | 'authentication_failed'

export interface EmulatedRefund {
  id: string
  /** The merchant's refund reference (merchantRefundId, refundReference). */
  reference: string
  amount: Money
  state: 'processing' | 'succeeded' | 'failed'
  notifyUrl?: string
  createdAt: string
}

export interface HistoryEntry {
  at: string
  /** What happened, in words an integrator reads on the index page. */
  event: string
}

export interface EmulatedPayment {
  /** The gateway's transaction id (PingPong transactionId, Pockyt transactionNo, Oceanpayment payment_id). */
  id: string
  gateway: GatewayName
  flow: EmulatedFlow
  /** The merchant account: accId, merchantNo or account. */
  account: string
  /** The merchant's order reference: merchantTransactionId, reference or order_number. */
  orderReference: string
  /** PingPong's requestId (non-hosted idempotency). */
  requestId?: string
  amount: Money
  state: EmulatedState
  declineReason?: DeclineReason
  /** Where the shopper goes back to: payResultUrl, the callbackUrl template, backUrl. */
  returnUrl?: string
  /** Where the shopper goes on Cancel, when the gateway has a separate one (payCancelUrl). */
  cancelUrl?: string
  /** Where notifications go: notificationUrl, ipnUrl, noticeUrl. */
  notifyUrl?: string
  /** The local payment method, for APM payments. */
  apmMethod?: string
  /** Masked card number (first six, last four), once the shopper has paid by card. */
  maskedCard?: string
  /** Whether the card's 3DS challenge is under way. */
  awaitingChallenge?: boolean
  /** Gateway-specific values the gateway module keeps (token, order_notes, note, customerNo…). */
  extra: Record<string, string>
  refunds: EmulatedRefund[]
  history: HistoryEntry[]
  createdAt: string
  updatedAt: string
  expiresAt: string
}

/** One outgoing notification and what became of each attempt to deliver it. */
export interface NotificationDelivery {
  id: string
  gateway: GatewayName
  paymentId: string
  url: string
  /** What it is about, e.g. `payment succeeded` or `refund RF-1 succeeded`. */
  subject: string
  attempts: { at: string; status?: number; body?: string; error?: string; acknowledged: boolean }[]
  state: 'scheduled' | 'delivered' | 'retrying' | 'gave_up' | 'dropped'
}
