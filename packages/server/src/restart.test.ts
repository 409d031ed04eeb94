import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PaymentSession } from '@checkout-kit/core'
import { pingpong } from '@checkout-kit/gateways'
import { startEmulator } from '@checkout-kit/mock-gateway'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { type CheckoutHandler, createCheckoutHandler } from './createCheckoutHandler.ts'
import { serve } from './serve.ts'
import { createSqlitePaymentStore } from './stores/sqlitePaymentStore.ts'
import { addOrder, emulatorPaymentId, orders, payWithCard } from './testing/checkoutTestbed.ts'

// Restarting the server with the SQLite store loses no payment and no notification outcome.

const file = join(mkdtempSync(join(tmpdir(), 'checkout-kit-restart-')), 'payments.db')
let emulator: Awaited<ReturnType<typeof startEmulator>>
let handler: CheckoutHandler | undefined
let server: Awaited<ReturnType<typeof serve>>

async function startHandler(): Promise<CheckoutHandler> {
  return createCheckoutHandler({
    publicUrl: `${server.url}/api/checkout`,
    resolveOrder: (orderId) => orders[orderId],
    allowedReturnOrigins: ['http://shop.test'],
    store: await createSqlitePaymentStore({ path: file }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${emulator.url}/pingpong` } },
  })
}

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 })
  server = await serve((request) =>
    handler ? handler(request) : new Response('restarting', { status: 503 }),
  )
})
afterAll(async () => {
  await handler?.close()
  await server.close()
  await emulator.close()
})

it('keeps payments, notification outcomes and timelines across a restart', async () => {
  handler = await startHandler()
  const orderId = addOrder('RESTART-1', '12.00')
  const created = await fetch(`${server.url}/api/checkout/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'restart-key' },
    body: JSON.stringify({
      gateway: 'pingpong',
      flow: 'hosted-redirect',
      orderId,
      returnUrl: 'http://shop.test/r',
    }),
  })
  const session = (await created.json()) as PaymentSession
  await payWithCard(emulator.url, emulatorPaymentId(emulator, session.id), '4111111111111111')
  await vi.waitFor(async () =>
    expect((await handler?.getPayment(session.id))?.status).toBe('succeeded'),
  )
  const before = await handler.getPayment(session.id)

  // Restart: a new handler on the same file.
  await handler.close()
  handler = undefined
  handler = await startHandler()

  const after = await handler.getPayment(session.id)
  expect(after).toEqual(before)
  expect(after?.timeline.some((line) => line.kind === 'notification')).toBe(true)
  // The idempotency key still answers the same payment, and the order stays paid.
  const again = await fetch(`${server.url}/api/checkout/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'restart-key' },
    body: JSON.stringify({
      gateway: 'pingpong',
      flow: 'hosted-redirect',
      orderId,
      returnUrl: 'http://shop.test/r',
    }),
  })
  expect(await again.json()).toMatchObject({ id: session.id, status: 'succeeded' })
})
