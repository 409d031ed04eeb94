import type { PaymentSession } from '@checkout-kit/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  addOrder,
  emulatorPaymentId,
  startTestbed,
  submitForm,
  type Testbed,
} from './testing/checkoutTestbed.ts'

// Gateways close a cancelled order like an expired one (PingPong: CLOSED for both): the shopper's
// way back through the cancel URL is what tells them apart. The return's own query may be
// throttled (a status query ran a moment before), so the hint must hold for whichever later
// message brings the closure.

let bed: Testbed
beforeAll(async () => {
  bed = await startTestbed({ queryAfterMs: 300 })
})
afterAll(() => bed.close())

describe('a cancel return shortly after a status query', () => {
  it('still ends cancelled, as it does when no query happened just before', async () => {
    const created = await bed.create({
      gateway: 'pingpong',
      flow: 'hosted-redirect',
      orderId: addOrder(`REVIEW-HINT-${Date.now()}`),
    })
    const session = (await created.json()) as PaymentSession
    // The page (or the orders page, or a second tab) reads the late payment: one ordinary query.
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect((await bed.session(session.id)).status).toBe('requires_action')

    // The shopper presses Cancel on the cashier and comes back through the cancel URL.
    const emulated = emulatorPaymentId(bed.emulator, session.id)
    const cancelled = await submitForm(`${bed.emulator.url}/pages/payments/${emulated}/cancel`, {})
    const back = cancelled.headers.get('location') ?? ''
    expect(back).toContain('cancelled=1')
    await fetch(back, { redirect: 'manual' })

    // The hint was the only thing telling "cancelled" from "expired" (PingPong: CLOSED for both).
    await vi.waitFor(
      async () => expect((await bed.session(session.id)).status).not.toBe('requires_action'),
      { timeout: 5000, interval: 100 },
    )
    expect((await bed.session(session.id)).status).toBe('cancelled')
  })
})
