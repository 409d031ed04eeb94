import type { HttpHandler } from 'msw'
import type { EmulatorContext } from './emulatorContext.ts'
import type { EmulatedPayment, EmulatedRefund, GatewayName } from './model.ts'

/** A message the emulator POSTs to a merchant: a notification in the gateway's own format. */
export interface OutgoingNotification {
  url: string
  contentType: string
  body: string
  /** What it is about, for the index page and the control API, e.g. `payment succeeded`. */
  subject: string
}

/**
 * What each gateway's emulation provides. The shared machinery (hosted pages, 3DS, wallet,
 * notifications with retries, control API) calls these to speak the gateway's language; adding a
 * fourth gateway is writing one more of these.
 */
export interface GatewayEmulation {
  gateway: GatewayName
  /** Shown on the hosted pages. */
  brand: string
  /** The gateway's API endpoints, hosted-page entry points and scripts. */
  handlers(context: EmulatorContext): HttpHandler[]
  /** The browser's way back to the merchant once the shopper is done on the emulator's pages. */
  returnToMerchant(
    context: EmulatorContext,
    payment: EmulatedPayment,
    reason: 'completed' | 'cancelled',
  ): Response
  /** The notification for the payment's current state, or nothing when the gateway sends none. */
  paymentNotification(
    context: EmulatorContext,
    payment: EmulatedPayment,
  ): OutgoingNotification | undefined
  /** The notification for a refund's current state, or nothing. */
  refundNotification(
    context: EmulatorContext,
    payment: EmulatedPayment,
    refund: EmulatedRefund,
  ): OutgoingNotification | undefined
  /** Whether the merchant's reply acknowledges the notification (otherwise it is sent again). */
  acknowledges(reply: { status: number; body: string }): boolean
  /** Waits between attempts, on the gateway's real schedule (scaled by `timeScale`). */
  retryDelaysMs: readonly number[]
}
