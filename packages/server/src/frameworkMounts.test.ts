import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { createCheckoutHandler } from './createCheckoutHandler.ts'
import { serve } from './serve.ts'

// The README's mounting recipes, run for real: the handler must see its routes under the base path
// whatever the framework in front of it.

const checkout = createCheckoutHandler({
  publicUrl: 'http://127.0.0.1/api/checkout',
  resolveOrder: () => undefined,
  gateways: { pingpong: { accId: '1', clientId: '1', salt: 'x' } },
  logger: { info: () => {}, warn: () => {}, error: () => {} },
})
const closers: (() => Promise<void>)[] = []
afterAll(() => Promise.all(closers.map((close) => close())))

async function expectConfigAnswered(baseUrl: string) {
  const config = await fetch(`${baseUrl}/api/checkout/config`)
  expect(config.status).toBe(200)
  expect(await config.json()).toMatchObject({
    gateways: { pingpong: { flows: expect.any(Array) } },
  })
  const missing = await fetch(`${baseUrl}/api/checkout/payments/nope`)
  expect(missing.status).toBe(404)
  expect(await missing.json()).toMatchObject({ error: { code: 'PAYMENT_NOT_FOUND' } })
}

describe('mounting the handler', () => {
  it('in Hono, with app.all on the base path', async () => {
    const app = new Hono()
    app.all('/api/checkout/*', (c) => checkout(c.req.raw))
    const server = await serve(app.fetch)
    closers.push(server.close)
    await expectConfigAnswered(server.url)
  })

  it('in Express, as a route before any body parser', async () => {
    const app = express()
    app.all(/^\/api\/checkout(\/|$)/, getRequestListener(checkout))
    app.use(express.json())
    const server = app.listen(0, '127.0.0.1')
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    await expectConfigAnswered(`http://127.0.0.1:${port}`)
  })

  it('in Express behind express.json(), logs that a body parser took the body instead of blaming the gateway', async () => {
    const errors: string[] = []
    const warnings: string[] = []
    const parsed = createCheckoutHandler({
      publicUrl: 'http://127.0.0.1/api/checkout',
      resolveOrder: () => undefined,
      gateways: { pingpong: { accId: '1', clientId: '1', salt: 'x' } },
      logger: {
        info: () => {},
        warn: (message) => warnings.push(message),
        error: (message, details) => errors.push(`${message} ${JSON.stringify(details)}`),
      },
    })
    closers.push(() => parsed.close())
    const app = express()
    app.use(express.json())
    app.all(/^\/api\/checkout(\/|$)/, getRequestListener(parsed))
    const server = app.listen(0, '127.0.0.1')
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    const notification = await fetch(`http://127.0.0.1:${port}/api/checkout/notify/pingpong`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accId: '1', clientId: '1', bizContent: '{}', sign: 'A1' }),
    })
    // Not acknowledged: the gateway sends it again once the mount is fixed.
    expect(notification.status).toBe(503)
    expect(warnings).toEqual([])
    expect(errors.join('\n')).toContain('before any body parser')
  })
})

describe('serve', () => {
  it('listens on loopback by default, and answers a URL that reaches it for an IPv6 host too', async () => {
    for (const [hostname, origin] of [
      [undefined, 'http://127.0.0.1:'],
      ['::1', 'http://[::1]:'],
    ] as const) {
      const server = await serve(() => new Response('here'), { hostname })
      closers.push(() => server.close())
      expect(server.url.startsWith(origin), server.url).toBe(true)
      expect(await (await fetch(server.url)).text()).toBe('here')
    }
  })

  it('closes with a response still streaming, as an /events stream is, rather than waiting for it to end', async () => {
    const server = await serve(
      () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(new TextEncoder().encode(': open\n\n')),
          }),
        ),
    )
    const response = await fetch(server.url)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await server.close()
    await expect(reader.read()).rejects.toThrow()
  })
})
