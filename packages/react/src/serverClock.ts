import type { CheckoutClient, PaymentSession } from '@checkout-kit/core'

/**
 * A server time (ISO) as milliseconds on the browser's clock, moved by the contract client's
 * measured offset; NaN without a valid time.
 */
export function toBrowserClock(serverTime: string | undefined, client: CheckoutClient): number {
  if (serverTime === undefined) return Number.NaN
  return Date.parse(serverTime) - (client.serverClockOffsetMs?.() ?? 0)
}

/** How long after the expiry the server is asked once more: by then it has passed it too. */
const finalReadDelayMs = 1000

/**
 * Milliseconds until the server is asked once more about a payment that expires at `expiresAt`
 * (server time): a moment past the expiry, on the browser's clock. NaN without a valid time.
 */
export function msUntilFinalRead(expiresAt: string, client: CheckoutClient): number {
  return Math.max(0, toBrowserClock(expiresAt, client) - Date.now()) + finalReadDelayMs
}

/**
 * The expiry a status watch of `session` stops at: its `expiresAt` while it waits for the shopper.
 * A payment being confirmed does not expire on the server, and is followed until it is settled.
 */
export function shopperDeadline(session: PaymentSession | undefined): string | undefined {
  return session?.status === 'requires_action' ? session.expiresAt : undefined
}
