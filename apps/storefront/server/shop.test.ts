import { createCheckoutClient, createPaymentAttempt } from '@checkout-kit/core'
import { pingpong } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import {
  type CheckoutHandler,
  createCheckoutHandler,
  type RunningServer,
  redactCardNumbers,
  serve,
} from '@checkout-kit/server'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { createOrderStore, type OrderStore } from './orderStore.ts'
import type { PaymentView } from './paymentView.ts'
import { createShop, type OrderView, orderResolver } from './shop.ts'

// The shop API over a real checkout handler paying through the emulator.

let emulator: RunningEmulator
let server: RunningServer
let orders: OrderStore
let checkout: CheckoutHandler
let handle: (request: Request) => Promise<Response>

beforeAll(async () => {
  // A payment accepted as processing stays so for the test that needs one.
  emulator = await startEmulator({ timeScale: 0.001, processingDelayMs: 3_600_000 })
  server = await serve((request) => handle(request))
  orders = await createOrderStore({ url: ':memory:' })
  checkout = createCheckoutHandler({
    publicUrl: `${server.url}/api/checkout`,
    resolveOrder: orderResolver(orders),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${emulator.url}/pingpong` } },
  })
  handle = createShop({ orders, checkout }).handle
})
afterAll(async () => {
  await checkout.close()
  await orders.close()
  await server.close()
  await emulator.close()
})

/** The emulator's test card that is approved at once. */
const approvedCard = {
  number: '4111111111111111',
  expiryMonth: '12',
  expiryYear: '2030',
  cvc: '123',
  holderName: 'Ada Lovelace',
}

async function call<T>(path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as T }
}

const usd = (value: string) => ({ value, currency: 'USD' })

/** Posts `text` as it is, for bodies `call` cannot write (`null`, a bare string, nothing). */
async function postText(path: string, text: string) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

async function placeOrder(): Promise<string> {
  const placed = await call<{ orderId: string; amount: unknown }>('/api/shop/orders', {
    items: [{ productId: 'mug', quantity: 2 }],
  })
  expect(placed).toMatchObject({
    status: 201,
    body: { amount: { value: '24.00', currency: 'USD' } },
  })
  return placed.body.orderId
}

async function startPayment(orderId: string, request: Record<string, unknown>) {
  const started = await call<{ id: string; action?: { token?: string } }>(
    '/api/checkout/payments',
    { gateway: 'pingpong', orderId, returnUrl: `${server.url}/result`, ...request },
    { 'idempotency-key': crypto.randomUUID() },
  )
  expect(started.status).toBe(201)
  return started.body
}

it('lists an order with its payments, and nothing of a payment that is not for the page', async () => {
  const orderId = await placeOrder()
  const session = await startPayment(orderId, { flow: 'hosted-sdk' })
  const token = session.action?.token
  expect(token).toBeTruthy()

  const { status, body } = await call<OrderView>(`/api/shop/orders/${orderId}`)
  expect(status).toBe(200)
  expect(body.total).toEqual({ value: '24.00', currency: 'USD' })
  expect(body.lines).toEqual([
    { productId: 'mug', name: 'Enamel camp mug', unitPrice: '12.00', quantity: 2 },
  ])
  const [payment] = body.payments
  expect(Object.keys(payment ?? {}).sort()).toEqual(
    [
      'amount',
      'createdAt',
      'flow',
      'gateway',
      'id',
      'orderId',
      'refundPending',
      'refundable',
      'refunded',
      'refunds',
      'status',
      'timeline',
      'updatedAt',
    ].sort(),
  )
  expect(payment?.timeline.length).toBeGreaterThan(1)
  // The page keys timeline entries by their number: one per entry, in order.
  expect(payment?.timeline.map((entry) => entry.seq)).toEqual(
    payment?.timeline.map((_, index) => index + 1),
  )
  // The hosted SDK's token is in the checkout contract's answer, never in the shop's pages.
  expect(JSON.stringify(body)).not.toContain(token)

  const listed = await call<{ orders: OrderView[] }>('/api/shop/orders')
  expect(listed.body.orders.map((order) => order.id)).toContain(orderId)
})

it("shows the gateway's transaction id in a payment's timeline, even one that passes the Luhn check", async () => {
  // The emulator's ids are 17 digits, like the gateways': most hold a window that passes.
  let payment: { id: string; gatewayTransactionId?: string } | undefined
  for (let tries = 0; tries < 30; tries++) {
    const session = await startPayment(await placeOrder(), { flow: 'hosted-redirect' })
    payment = await checkout.getPayment(session.id)
    const id = payment?.gatewayTransactionId ?? ''
    if (redactCardNumbers(id) !== id) break
  }
  const transactionId = payment?.gatewayTransactionId ?? 'none'
  expect(redactCardNumbers(transactionId)).toBe('[card number]')
  const { body } = await call<PaymentView>(`/api/shop/payments/${payment?.id}`)
  expect(body.timeline.map((entry) => entry.summary).join('\n')).toContain(transactionId)
})

it('refunds a paid card payment, and answers bad refunds with JSON errors', async () => {
  const orderId = await placeOrder()
  const session = await startPayment(orderId, {
    flow: 'card',
    card: approvedCard,
  })
  await vi.waitFor(async () =>
    expect((await checkout.getPayment(session.id))?.status).toBe('succeeded'),
  )
  const refunds = `/api/shop/payments/${session.id}/refunds`

  expect(await call(refunds, { amount: usd('5,00') })).toMatchObject({
    status: 400,
    body: { error: { code: 'INVALID_REQUEST' } },
  })
  expect(await call(refunds, { amount: usd('30.00') })).toMatchObject({
    status: 409,
    body: { error: { code: 'REFUND_NOT_ALLOWED' } },
  })
  expect(await call(refunds, { amount: usd('4.00') })).toMatchObject({
    status: 202,
    body: { refund: { amount: { value: '4.00', currency: 'USD' } } },
  })
  await vi.waitFor(async () => {
    const { body } = await call<PaymentView>(`/api/shop/payments/${session.id}`)
    expect(body.refunded).toEqual({ value: '4.00', currency: 'USD' })
    expect(body.refundable).toEqual({ value: '20.00', currency: 'USD' })
  })
  const view = await call<PaymentView>(`/api/shop/payments/${session.id}`)
  expect(JSON.stringify(view.body)).not.toContain('4111111111111111')

  expect(await call('/api/shop/payments/pay_unknown')).toMatchObject({
    status: 404,
    body: { error: { code: 'PAYMENT_NOT_FOUND' } },
  })
})

/** Reads `orders` events from the shop's stream until `until` holds for one; answers that one. */
async function nextOrders(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  until: (orders: OrderView[]) => boolean,
): Promise<OrderView[]> {
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new Error('the stream ended')
    buffer += decoder.decode(value)
    for (const match of buffer.matchAll(/event: orders\ndata: (.*)\n\n/g)) {
      const { orders } = JSON.parse(match[1] ?? '{}') as { orders: OrderView[] }
      if (until(orders)) return orders
    }
    buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2)
  }
}

it('streams a payment started on the handler itself, then its refund, without polling', async () => {
  const orderId = await placeOrder()
  const abort = new AbortController()
  const response = await fetch(`${server.url}/api/shop/orders/events`, { signal: abort.signal })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const payments = (orders: OrderView[]) =>
    orders.find((order) => order.id === orderId)?.payments ?? []
  await nextOrders(reader, (orders) => orders.some((order) => order.id === orderId))

  // Straight to the handler, not through the shop: the shop learns of it from the handler alone.
  const started = await checkout(
    new Request(`${server.url}/api/checkout/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        gateway: 'pingpong',
        flow: 'card',
        orderId,
        returnUrl: `${server.url}/result`,
        card: approvedCard,
      }),
    }),
  )
  const { id } = (await started.json()) as { id: string }
  const seen = await nextOrders(reader, (orders) =>
    payments(orders).some((payment) => payment.id === id && payment.status === 'succeeded'),
  )
  expect(payments(seen)[0]?.refundable).toEqual({ value: '24.00', currency: 'USD' })

  await checkout.refund({ paymentId: id, amount: { value: '4.00', currency: 'USD' } })
  const refunded = await nextOrders(
    reader,
    (orders) => payments(orders)[0]?.refunded.value === '4.00',
  )
  expect(payments(refunded)[0]).toMatchObject({
    refundPending: { value: '0.00', currency: 'USD' },
    refundable: { value: '20.00', currency: 'USD' },
  })
  abort.abort()
  await reader.cancel().catch(() => {})
}, 4000)

it('refunds all that is left when no amount is given', async () => {
  const orderId = await placeOrder()
  const session = await startPayment(orderId, {
    flow: 'card',
    card: approvedCard,
  })
  const refunds = `/api/shop/payments/${session.id}/refunds`
  expect(await call(refunds, { amount: usd('4.00') })).toMatchObject({ status: 202 })
  expect(await call(refunds, {})).toMatchObject({
    status: 202,
    body: { refund: { amount: { value: '20.00', currency: 'USD' } } },
  })
  expect(await call(refunds, {})).toMatchObject({
    status: 409,
    body: { error: { code: 'REFUND_NOT_ALLOWED' } },
  })
})

it('refunds nothing on a refund request it cannot read exactly', async () => {
  const orderId = await placeOrder()
  const session = await startPayment(orderId, { flow: 'card', card: approvedCard })
  await vi.waitFor(async () =>
    expect((await checkout.getPayment(session.id))?.status).toBe('succeeded'),
  )
  const refunds = `/api/shop/payments/${session.id}/refunds`
  const invalid = { status: 400, body: { error: { code: 'INVALID_REQUEST' } } }
  for (const text of ['', 'null', '[]', '"5.00"', '5', 'true']) {
    expect(await postText(refunds, text), text).toMatchObject(invalid)
  }
  for (const body of [
    { amout: usd('5.00') },
    { amount: '' },
    { amount: '5.00' },
    { amount: null },
    { amount: usd('5') },
    { amount: usd('5.0') },
    { amount: usd('5.000') },
    { amount: { value: '5.00' } },
    { amount: { ...usd('5.00'), extra: true } },
    { amount: usd('5.00'), all: true },
  ]) {
    expect(await call(refunds, body), JSON.stringify(body)).toMatchObject(invalid)
  }
  expect(await call(refunds, { amount: { value: '5.00', currency: 'EUR' } })).toMatchObject({
    status: 400,
    body: { error: { code: 'INVALID_REQUEST', message: expect.stringContaining('USD') } },
  })
  const { body } = await call<PaymentView>(`/api/shop/payments/${session.id}`)
  expect(body.refunds).toEqual([])
  expect(body.refundable).toEqual(usd('24.00'))
})

it('lists and streams one order alone with ?order=, however many orders came after it', async () => {
  const orderId = await placeOrder()
  for (let i = 0; i < 11; i++) await placeOrder()
  const recent = await call<{ orders: OrderView[] }>('/api/shop/orders')
  expect(recent.body.orders.map((order) => order.id)).not.toContain(orderId)

  const one = await call<{ orders: OrderView[]; more: boolean }>(
    `/api/shop/orders?order=${orderId}`,
  )
  expect(one.status).toBe(200)
  expect(one.body.more).toBe(false)
  expect(one.body.orders.map((order) => order.id)).toEqual([orderId])

  const abort = new AbortController()
  const response = await fetch(`${server.url}/api/shop/orders/events?order=${orderId}`, {
    signal: abort.signal,
  })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const streamed = await nextOrders(reader, () => true)
  expect(streamed.map((order) => order.id)).toEqual([orderId])
  abort.abort()
  await reader.cancel().catch(() => {})

  for (const path of [
    '/api/shop/orders?order=ord_unknown',
    '/api/shop/orders/events?order=ord_unknown',
  ]) {
    expect(await call(path)).toMatchObject({
      status: 404,
      body: { error: { code: 'ORDER_NOT_FOUND' } },
    })
  }
})

it('refuses an order that names a product twice or has more lines than products', async () => {
  const invalid = { status: 400, body: { error: { code: 'INVALID_REQUEST' } } }
  expect(
    await call('/api/shop/orders', {
      items: [
        { productId: 'mug', quantity: 99 },
        { productId: 'mug', quantity: 99 },
      ],
    }),
  ).toMatchObject(invalid)
  const many = Array.from({ length: 1000 }, () => ({ productId: 'nothing', quantity: 1 }))
  expect(await call('/api/shop/orders', { items: many })).toMatchObject({
    status: 400,
    body: { error: { message: 'An order has at most 3 lines, one per product.' } },
  })
})

it('answers a malformed percent-encoding in the path with a 400', async () => {
  expect(await call('/api/shop/payments/%E0%A4%A')).toMatchObject({
    status: 400,
    body: { error: { code: 'INVALID_REQUEST' } },
  })
})

it("the browser kit's Try again after a gateway that did not answer reaches the gateway's page", async () => {
  // The kit's own attempt, over HTTP, against this shop. A new key here would be refused with
  // ATTEMPT_IN_PROGRESS (the server keeps the first attempt open) and leave the shopper stuck.
  const client = createCheckoutClient({ baseUrl: `${server.url}/api/checkout` })
  const attempt = createPaymentAttempt({ client })
  const orderId = await placeOrder()
  await fetch(`${emulator.url}/__emulator/fail-next`, {
    method: 'POST',
    body: JSON.stringify({ count: 1, status: 503 }),
  })
  const request = {
    gateway: 'pingpong',
    flow: 'hosted-redirect',
    orderId,
    returnUrl: `${server.url}/result`,
  } as const

  const unanswered = await attempt.submit(request)
  expect(unanswered).toMatchObject({
    status: 'unknown',
    error: { code: 'server_error', serverCode: 'GATEWAY_UNAVAILABLE', status: 503 },
  })
  const retried = await attempt.retry()
  expect(retried).toMatchObject({
    status: 'action',
    idempotencyKey: unanswered.status === 'unknown' ? unanswered.idempotencyKey : '',
    session: { status: 'requires_action', action: { type: 'redirect' } },
  })
  const order = await call<OrderView>(`/api/shop/orders/${orderId}`)
  expect(order.body.payments).toHaveLength(1)
})

it('prices an order of every product from the catalogue, and refuses quantities it cannot sell', async () => {
  expect(
    await call('/api/shop/orders', {
      items: [
        { productId: 'mug', quantity: 99 },
        { productId: 'notebook', quantity: 1 },
        { productId: 'tote', quantity: 2 },
      ],
    }),
  ).toMatchObject({ status: 201, body: { amount: usd('1234.00') } })

  const invalid = { status: 400, body: { error: { code: 'INVALID_REQUEST' } } }
  expect(await call('/api/shop/orders', { items: [] })).toMatchObject(invalid)
  for (const quantity of [0, -1, 1.5, 100, '1', null]) {
    expect(
      await call('/api/shop/orders', { items: [{ productId: 'mug', quantity }] }),
      String(quantity),
    ).toMatchObject(invalid)
  }
})

it("answers an unknown payment's stream and a path with more segments with a 404", async () => {
  expect(await call('/api/shop/payments/pay_unknown/events')).toMatchObject({
    status: 404,
    body: { error: { code: 'PAYMENT_NOT_FOUND' } },
  })
  const orderId = await placeOrder()
  const session = await startPayment(orderId, { flow: 'card', card: approvedCard })
  expect(
    await call(`/api/shop/payments/${session.id}/refunds/all`, { amount: usd('1.00') }),
  ).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
  const { body } = await call<PaymentView>(`/api/shop/payments/${session.id}`)
  expect(body.refunds).toEqual([])
})

it("lists an order's attempts oldest first, a declined one with its reason, and each under its own order", async () => {
  const orderId = await placeOrder()
  const declined = await startPayment(orderId, {
    flow: 'card',
    card: { ...approvedCard, number: '4000000000000002' },
  })
  await vi.waitFor(async () =>
    expect((await checkout.getPayment(declined.id))?.status).toBe('failed'),
  )
  const paid = await startPayment(orderId, { flow: 'card', card: approvedCard })
  const unpaid = await placeOrder()

  const { body } = await call<OrderView>(`/api/shop/orders/${orderId}`)
  expect(body.payments.map((payment) => [payment.id, payment.status])).toEqual([
    [declined.id, 'failed'],
    [paid.id, 'succeeded'],
  ])
  expect(body.payments[0]?.failure).toEqual({
    code: 'card_declined',
    message: 'Your card was declined. Try another card or contact your bank.',
  })
  const listed = await call<{ orders: OrderView[] }>('/api/shop/orders')
  const payments = (id: string) =>
    listed.body.orders.find((order) => order.id === id)?.payments.map((payment) => payment.id)
  expect(payments(unpaid)).toEqual([])
  expect(payments(orderId)).toEqual([declined.id, paid.id])
})

it('lists the ten newest orders, and says there are more only when there are', async () => {
  const fresh = await createOrderStore({ url: ':memory:' })
  const shop = createShop({ orders: fresh, checkout })
  const list = async () =>
    (await (await shop.handle(new Request('http://shop.test/api/shop/orders'))).json()) as {
      orders: OrderView[]
      more: boolean
    }
  try {
    const placed: string[] = []
    for (let i = 0; i < 10; i++) {
      const response = await shop.handle(
        new Request('http://shop.test/api/shop/orders', {
          method: 'POST',
          body: JSON.stringify({ items: [{ productId: 'tote', quantity: 1 }] }),
        }),
      )
      placed.push(((await response.json()) as { orderId: string }).orderId)
    }
    expect(await list()).toMatchObject({ more: false })
    expect((await list()).orders.map((order) => order.id)).toEqual([...placed].reverse())

    await shop.handle(
      new Request('http://shop.test/api/shop/orders', {
        method: 'POST',
        body: JSON.stringify({ items: [{ productId: 'tote', quantity: 1 }] }),
      }),
    )
    const eleven = await list()
    expect(eleven.more).toBe(true)
    expect(eleven.orders).toHaveLength(10)
    expect(eleven.orders.map((order) => order.id)).not.toContain(placed[0])
  } finally {
    await fresh.close()
  }
})

it('streams an order placed after the page connected', async () => {
  const abort = new AbortController()
  const response = await fetch(`${server.url}/api/shop/orders/events`, { signal: abort.signal })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  await nextOrders(reader, () => true)
  const orderId = await placeOrder()
  await nextOrders(reader, (orders) => orders.some((order) => order.id === orderId))
  abort.abort()
  await reader.cancel().catch(() => {})
}, 2000)

it('asks about a payment still processing when it lists the order, so an overdue answer is looked for', async () => {
  const orderId = await placeOrder()
  const session = await startPayment(orderId, {
    flow: 'card',
    card: { ...approvedCard, number: '4000000000000259' },
  })
  expect((await checkout.getPayment(session.id))?.status).toBe('processing')
  const getPayment = vi.spyOn(checkout, 'getPayment')
  try {
    await call(`/api/shop/orders/${orderId}`)
    expect(getPayment).toHaveBeenCalledWith(session.id)
  } finally {
    getPayment.mockRestore()
  }
})

it('refuses to pay an order the shop does not have, and answers bodies and paths it cannot read', async () => {
  expect(
    await call(
      '/api/checkout/payments',
      {
        gateway: 'pingpong',
        flow: 'hosted-redirect',
        orderId: 'ord_unknown',
        returnUrl: `${server.url}/result`,
      },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  ).toMatchObject({ status: 404, body: { error: { code: 'ORDER_NOT_FOUND' } } })
  expect(await postText('/api/shop/orders', '{"items": [')).toMatchObject({
    status: 400,
    body: { error: { code: 'INVALID_REQUEST', message: 'The body must be JSON.' } },
  })
  expect(await call('/api/shop/products/mug')).toMatchObject({
    status: 404,
    body: { error: { code: 'NOT_FOUND' } },
  })
})

it('refuses a request body larger than any cart or refund with a 413, placing nothing', async () => {
  const { orders: before } = (await call<{ orders: OrderView[] }>('/api/shop/orders')).body
  const padded = JSON.stringify({
    items: [{ productId: 'mug', quantity: 1 }],
    note: 'x'.repeat(1024 * 1024),
  })
  expect(await postText('/api/shop/orders', padded)).toMatchObject({
    status: 413,
    body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
  })
  const { orders: after } = (await call<{ orders: OrderView[] }>('/api/shop/orders')).body
  expect(after[0]?.id).toBe(before[0]?.id)
})

it('answers a known path asked with another method 405, naming the methods it takes', async () => {
  for (const [method, path, allow] of [
    ['PUT', '/api/shop/orders', 'GET, POST'],
    ['POST', '/api/shop/products', 'GET'],
    ['DELETE', '/api/shop/orders/ord_any', 'GET'],
    ['GET', '/api/shop/payments/pay_any/refunds', 'POST'],
    ['POST', '/api/shop/payments/pay_any', 'GET'],
  ] as const) {
    const response = await fetch(`${server.url}${path}`, { method })
    expect(response.status, `${method} ${path}`).toBe(405)
    expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow)
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } })
  }
})
