import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CardDetails, PaymentSession } from '@checkout-kit/core'
import { failureMessages, oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CheckoutHandlerOptions, createCheckoutHandler } from './createCheckoutHandler.ts'
import type { PaymentRecord } from './paymentRecord.ts'
import { redactCardNumbers } from './redactCardNumbers.ts'
import { refundSummary } from './refundSummary.ts'
import { createMemoryPaymentStore } from './stores/memoryPaymentStore.ts'
import type { PaymentStore } from './stores/paymentStore.ts'
import { makePaymentRecord } from './stores/paymentStoreContract.ts'
import { createSqlitePaymentStore } from './stores/sqlitePaymentStore.ts'
import {
  addOrder,
  emulatorPaymentId,
  orders,
  payWithCard,
  shopOrigin,
  startTestbed,
  submitForm,
  type Testbed,
} from './testing/checkoutTestbed.ts'

// The merchant contract over real HTTP, with PingPong played by the emulator.

let bed: Testbed
beforeAll(async () => {
  bed = await startTestbed()
})
afterAll(() => bed.close())
beforeEach(async () => {
  await bed.call('/config') // the server is up
  await fetch(`${bed.emulator.url}/__emulator/notifications`, {
    method: 'POST',
    body: JSON.stringify({ mode: 'deliver' }),
  })
})

const sqliteFile = join(mkdtempSync(join(tmpdir(), 'checkout-kit-handler-')), 'payments.db')

let orderCount = 0
const newOrder = (value?: string, currency?: string) =>
  addOrder(`ORD-${++orderCount}`, value, currency)

const card = (number: string) => ({
  number,
  expiryMonth: '12',
  expiryYear: '2030',
  cvc: '123',
  holderName: 'Ada Lovelace',
})

async function created(response: Response): Promise<PaymentSession> {
  expect(response.status).toBeLessThan(300)
  return (await response.json()) as PaymentSession
}

/** The shopperIP a handler with `options` sends PingPong for a request with this X-Forwarded-For. */
async function shopperIpSent(
  options: Pick<CheckoutHandlerOptions, 'clientIp' | 'trustedProxies' | 'logger'>,
  forwardedFor: string,
): Promise<string | undefined> {
  const sent: string[] = []
  const recording = await startTestbed({
    ...options,
    fetch: (input, init) => {
      if (typeof init?.body === 'string') sent.push(init.body)
      return fetch(input, init)
    },
  })
  try {
    await created(
      await recording.call('/payments', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
          'x-forwarded-for': forwardedFor,
        },
        body: JSON.stringify({
          gateway: 'pingpong',
          flow: 'hosted-redirect',
          orderId: newOrder(),
          returnUrl: `${shopOrigin}/result`,
        }),
      }),
    )
  } finally {
    await recording.close()
  }
  const [prePay] = sent.map((body) => JSON.parse(body) as { bizContent: string })
  return (JSON.parse(prePay?.bizContent ?? '{}') as { shopperIP?: string }).shopperIP
}

/** A fetch for a testbed that counts the gateway queries (PingPong's /query) its handler sends. */
function countingQueries() {
  let queries = 0
  const counted: typeof fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes('/query')) queries++
    return fetch(input, init)
  }
  return { fetch: counted, queries: () => queries }
}

/** A testbed of its own, counting the gateway queries its handler sends, with a hosted payment. */
async function hostedPaymentCountingQueries(queryAfterMs: number) {
  const { fetch: counted, queries } = countingQueries()
  const counting = await startTestbed({ queryAfterMs, fetch: counted })
  const session = await created(
    await counting.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
  )
  return { counting, session, queries }
}

/** `on`'s emulator answers its next `times` gateway calls with a 503 (0: answers again). */
function gatewayDoesNotAnswer(on: Testbed = bed, times = 1) {
  return fetch(`${on.emulator.url}/__emulator/fail-next`, {
    method: 'POST',
    body: JSON.stringify({ count: times, status: 503 }),
  })
}

/**
 * A fetch whose PingPong answers to the calls `path` matches say what `changes` says, signed with
 * the handler's own salt, so that only what they say differs.
 */
function rewritingPingPongAnswers(path: RegExp, changes: Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    if (!path.test(String(input))) return response
    const envelope = (await response.json()) as Record<string, string>
    const bizContent = { ...JSON.parse(envelope.bizContent ?? '{}'), ...changes }
    const changed = { ...envelope, bizContent: JSON.stringify(bizContent) }
    const sign = pingpong.signEnvelope(changed, pingpong.sandboxCredentials.salt)
    return Response.json({ ...changed, sign })
  }
}

/** Posts `on` a notification PingPong signed: a payment's (RECHARGE) of 25.00 USD unless `fields` say otherwise. */
function notifyAsPingPong(on: Testbed, fields: Record<string, string>) {
  const notification = pingpong.buildNotification(
    { notifyType: 'RECHARGE', amount: '25.00', currency: 'USD', ...fields },
    pingpong.sandboxCredentials,
  )
  return on.call('/notify/pingpong', { method: 'POST', body: JSON.stringify(notification) })
}

/** `on`'s emulator drops the next ten notifications it would send. */
function notificationsLost(on: Testbed) {
  return fetch(`${on.emulator.url}/__emulator/notifications`, {
    method: 'POST',
    body: JSON.stringify({ mode: 'drop', count: 10 }),
  })
}

/**
 * One PingPong `POST /payments` of `body` to a handler of its own with `resolveOrder` (its gateway
 * unreachable): the answer, everything logged and the order's payments.
 */
async function payThrough(
  resolveOrder: CheckoutHandlerOptions['resolveOrder'],
  body: { flow: string; orderId: string } & Record<string, unknown>,
) {
  const logged: { level: string; message: string; details: unknown }[] = []
  const logAs = (level: string) => (message: string, details?: Record<string, unknown>) =>
    logged.push({ level, message, details })
  const handler = createCheckoutHandler({
    publicUrl: 'http://merchant.test/api',
    allowedReturnOrigins: [shopOrigin],
    resolveOrder,
    gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: 'http://pingpong.test' } },
    logger: { info: logAs('info'), warn: logAs('warn'), error: logAs('error') },
  })
  const response = await handler(
    new Request('http://merchant.test/api/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ gateway: 'pingpong', returnUrl: `${shopOrigin}/result`, ...body }),
    }),
  )
  const payments = await handler.listPayments({ orderId: body.orderId })
  await handler.close()
  return { response, logged, payments }
}

/**
 * A handler of its own on `store`, as another process would run it, starting hosted payments (or
 * the payments `paying` describes).
 */
function processOn(
  store: PaymentStore,
  options: Pick<CheckoutHandlerOptions, 'fetch'> = {},
  paying: Record<string, unknown> = { flow: 'hosted-redirect' },
) {
  const handler = createCheckoutHandler({
    ...options,
    publicUrl: 'http://merchant.test/api',
    allowedReturnOrigins: [shopOrigin],
    resolveOrder: (orderId) => orders[orderId],
    gateways: {
      pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${bed.emulator.url}/pingpong` },
    },
    store,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  })
  const start = (orderId: string, key: string) =>
    handler(
      new Request('http://merchant.test/api/payments', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: JSON.stringify({
          gateway: 'pingpong',
          ...paying,
          orderId,
          returnUrl: `${shopOrigin}/result`,
        }),
      }),
    )
  return { handler, start }
}

/**
 * A hosted start on a process of its own whose gateway did not answer (503): the attempt stays
 * open, and `retry()` asks again with the same key.
 */
async function unansweredHostedStart() {
  const store = createMemoryPaymentStore()
  const { handler, start } = processOn(store)
  const orderId = newOrder()
  const key = crypto.randomUUID()
  await gatewayDoesNotAnswer()
  expect((await start(orderId, key)).status).toBe(503)
  return { store, handler, orderId, start, retry: () => start(orderId, key) }
}

/** A memory store whose next update, once `beforeNextUpdate()` was called, runs `hook` first. */
function storeWithAHook(hook: () => Promise<void>) {
  const store = createMemoryPaymentStore()
  const update = store.update.bind(store)
  let armed = false
  store.update = async (id, change) => {
    if (armed) {
      armed = false
      await hook()
    }
    return update(id, change)
  }
  return { store, beforeNextUpdate: () => (armed = true) }
}

/**
 * A memory store whose next look-ups of an idempotency key and of an order's open attempt, once
 * `lookupsMissOnce()` was called, find nothing: as for a request that looked just before another
 * one, arriving at the same moment, stored its payment.
 */
function storeLookingTooSoon() {
  const store = createMemoryPaymentStore()
  const byKey = store.findByIdempotencyKey.bind(store)
  const openByOrder = store.findOpenByOrder.bind(store)
  const misses = { key: false, order: false }
  store.findByIdempotencyKey = async (key) => {
    if (!misses.key) return byKey(key)
    misses.key = false
    return undefined
  }
  store.findOpenByOrder = async (orderId) => {
    if (!misses.order) return openByOrder(orderId)
    misses.order = false
    return undefined
  }
  return { store, lookupsMissOnce: () => Object.assign(misses, { key: true, order: true }) }
}

/**
 * A start the gateway took but whose outcome the store failed to save (503), on a process of its
 * own: `retry()` asks again with the same key.
 */
async function startWhoseOutcomeIsNotSaved(paying?: Record<string, unknown>) {
  const { store, beforeNextUpdate } = storeWithAHook(async () => {
    throw new Error('the database is away')
  })
  beforeNextUpdate()
  const { handler, start } = processOn(store, {}, paying)
  const orderId = newOrder()
  const key = crypto.randomUUID()
  expect((await start(orderId, key)).status).toBe(503)
  return { store, handler, orderId, retry: () => start(orderId, key) }
}

/** Dates the start under way on payment `id` (the first start's claim, or a restart's) to `at`. */
function claimStartAt(store: PaymentStore, id: string | undefined, at: number) {
  return store.update(id ?? '', (current) => {
    current.gatewayData.startClaimedAt = new Date(at).toISOString()
    return current
  })
}

/** Pays `orderId` on `on` with PingPong's approved test card: the create request's answer. */
function payByCard(on: Testbed, orderId: string) {
  return on.create({ gateway: 'pingpong', flow: 'card', orderId, card: card('4111111111111111') })
}

/** A PingPong QR payment (AlipayCN) on `on`, and the wallet page its QR code opens. */
async function startQrPayment(on: Testbed = bed) {
  const session = await created(
    await on.create({ gateway: 'pingpong', flow: 'apm', orderId: newOrder(), method: 'AlipayCN' }),
  )
  if (session.action?.type !== 'qr-code' || !session.action.content)
    throw new Error('expected a QR code')
  return { session, walletPage: session.action.content }
}

async function settles(id: string, status: PaymentSession['status']) {
  await vi.waitFor(async () => expect((await bed.session(id)).status).toBe(status), {
    timeout: 5000,
  })
  return bed.session(id)
}

describe('GET /config', () => {
  it('lists enabled gateways and the risk plugin, and no secret', async () => {
    const response = await bed.call('/config')
    const config = await response.json()
    expect(config).toEqual({
      gateways: {
        pingpong: {
          flows: ['hosted-sdk', 'hosted-redirect', 'card', 'apm'],
          apmMethods: [
            { method: 'AlipayCN', presentation: 'qr-code' },
            { method: 'WechatPay', presentation: 'qr-code' },
            { method: 'GCash', presentation: 'redirect' },
          ],
          riskPlugin: {
            scriptUrl: `${bed.emulator.url}/pingpong/risk/acquirerRiskControl.min.js`,
            accId: pingpong.sandboxCredentials.accId,
            clientId: pingpong.sandboxCredentials.clientId,
            environment: 'SANDBOX',
          },
        },
      },
    })
    expect(JSON.stringify(config)).not.toContain(pingpong.sandboxCredentials.salt)
    expect(response.headers.get('cache-control')).toContain('max-age')
  })
})

describe('POST /payments', () => {
  it('prices the order on the server: an amount sent by the browser is ignored', async () => {
    const orderId = newOrder('19.99')
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'hosted-redirect',
        orderId,
        amount: { value: '0.01', currency: 'USD' },
      } as never),
    )
    expect(session.amount).toEqual({ value: '19.99', currency: 'USD' })
  })

  it('answers the same session for the same key and body, 409 for the same key and another body', async () => {
    const orderId = newOrder()
    const key = crypto.randomUUID()
    const first = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }, key),
    )
    const again = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }, key),
    )
    expect(again.id).toBe(first.id)
    const other = await bed.create({ gateway: 'pingpong', flow: 'hosted-sdk', orderId }, key)
    expect(other.status).toBe(409)
    expect(await other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
  })

  it.each([
    ['another order', () => ({ orderId: newOrder() })],
    ['another gateway', () => ({ gateway: 'pockyt' as const })],
    ['another method', () => ({ method: 'WechatPay' })],
    ['another return URL', () => ({ returnUrl: `${shopOrigin}/elsewhere` })],
  ])(
    'refuses the same key for %s with 409 rather than answering the first session',
    async (_, change) => {
      const key = crypto.randomUUID()
      const body = {
        gateway: 'pingpong',
        flow: 'apm',
        orderId: newOrder(),
        method: 'AlipayCN',
      } as const
      await created(await bed.create(body, key))
      const other = await bed.create({ ...body, ...change() }, key)
      expect(other.status).toBe(409)
      expect(await other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    },
  )

  it('takes an Idempotency-Key of up to 255 characters, and refuses a longer one saying so', async () => {
    const start = (key: string) =>
      bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }, key)
    await created(await start(`${crypto.randomUUID()}-`.padEnd(255, 'k')))
    const refused = await start(`${crypto.randomUUID()}-`.padEnd(256, 'k'))
    expect(refused.status).toBe(400)
    const { error } = (await refused.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    expect(error.message).toContain('255 characters')
  })

  it('takes an orderId of up to 64 characters, and refuses a longer one', async () => {
    const orderOf = (length: number) => addOrder(`ORD-${++orderCount}-`.padEnd(length, 'x'))
    await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: orderOf(64) }),
    )
    const orderId = orderOf(65)
    const refused = await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } })
    expect(await bed.handler.listPayments({ orderId })).toEqual([])
  })

  it('refuses an order resolveOrder prices at nothing before recording or starting a payment', async () => {
    const orderId = newOrder('0.00')
    const refused = await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId })
    expect(refused.status).toBe(404)
    expect(await refused.json()).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } })
    expect(await bed.handler.listPayments({ orderId })).toEqual([])
  })

  it.each([
    ['a number for its value', { value: 25, currency: 'USD' }],
    ['no amount at all', undefined],
    ['a lower-case currency', { value: '25.00', currency: 'usd' }],
  ])(
    'refuses an order resolveOrder answers with %s, logging the shape it needs instead of failing as a server error',
    async (_, amount) => {
      const { response, logged } = await payThrough(
        () => ({ amount, description: 'An order' }) as never,
        { flow: 'hosted-redirect', orderId: 'ORD-BAD-AMOUNT' },
      )
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } })
      expect(logged).toHaveLength(1)
      expect(logged[0]?.message).toContain("{ value: '25.00', currency: 'USD' }")
      expect(logged[0]?.details).toMatchObject({ orderId: 'ORD-BAD-AMOUNT' })
    },
  )

  it('answers a resolveOrder that throws as the order lookup failing, not the gateway, logging what it threw and no card data', async () => {
    const { response, logged, payments } = await payThrough(
      () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432')
      },
      {
        flow: 'card',
        orderId: 'ORD-LOOKUP',
        card: card('4111111111111111'),
        jsGeneratedData: '{"risk":"JSGD-SECRET"}',
      },
    )
    // 503, as before: the browser asks again with the same key, which can still pay.
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: {
        code: 'ORDER_LOOKUP_FAILED',
        message: 'This order could not be looked up just now. Please try again in a moment.',
      },
    })
    expect(payments).toEqual([])
    expect(logged).toEqual([
      {
        level: 'error',
        message: 'resolveOrder threw, so no payment was started for the order',
        details: { orderId: 'ORD-LOOKUP', error: 'Error: connect ECONNREFUSED 127.0.0.1:5432' },
      },
    ])
    expect(JSON.stringify(logged)).not.toMatch(/4111111111111111|JSGD-SECRET/)
  })

  it('answers an unexpected failure, its store down, as its own, not the gateway: 503 INTERNAL_ERROR, logged with the error', async () => {
    const logged: { message: string; details: unknown }[] = []
    const log = (message: string, details?: Record<string, unknown>) =>
      logged.push({ message, details })
    const handler = createCheckoutHandler({
      publicUrl: 'http://merchant.test/api',
      allowedReturnOrigins: [shopOrigin],
      resolveOrder: () => undefined,
      store: {
        ...createMemoryPaymentStore(),
        get: () => Promise.reject(new Error('SQLITE_IOERR: disk I/O error')),
      },
      gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: 'http://pingpong.test' } },
      logger: { info: log, warn: log, error: log },
    })
    const response = await handler(new Request('http://merchant.test/api/payments/pay_1'))
    await handler.close()

    // 503, as for a gateway that did not answer: the browser asks again with the same key.
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side. Please try again.',
      },
    })
    expect(logged).toEqual([
      {
        message: 'Checkout handler failed',
        details: { error: expect.stringContaining('SQLITE_IOERR: disk I/O error') },
      },
    ])
  })

  it('refuses a card payment sent without its card before recording anything: sent again with the card under the same key, it is paid', async () => {
    const orderId = newOrder()
    const key = crypto.randomUUID()
    const refused = await bed.create({ gateway: 'pingpong', flow: 'card', orderId }, key)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } })
    expect(await bed.handler.listPayments({ orderId })).toEqual([])
    const paying = { gateway: 'pingpong', flow: 'card', orderId, card: card('4111111111111111') }
    expect(await created(await bed.create(paying as never, key))).toMatchObject({
      status: 'succeeded',
    })
  })

  it('allows one open attempt per order, and a new one once it is cancelled', async () => {
    const orderId = newOrder()
    const first = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }),
    )
    const second = await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId })
    expect(second.status).toBe(409)
    expect(await second.json()).toEqual({
      error: {
        code: 'ATTEMPT_IN_PROGRESS',
        message: 'A payment for this order is already in progress. Finish or cancel it first.',
      },
    })
    const cancelled = await bed.call(`/payments/${first.id}/cancel`, { method: 'POST' })
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' })
    await created(await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }))
  })

  it('refuses a new attempt for an order that is already paid', async () => {
    const orderId = newOrder()
    const paid = await created(await payByCard(bed, orderId))
    expect(paid.status).toBe('succeeded')
    const again = await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: { code: 'ORDER_ALREADY_PAID' } })
    expect(await bed.handler.listPayments({ orderId })).toHaveLength(1)
  })

  it('answers a request that raced another with its key as a retry: another body is refused as a reused key, the same body waits for the start under way', async () => {
    let answerGateway = () => {}
    const gatewayAnswers = new Promise<void>((resolve) => {
      answerGateway = resolve
    })
    const { store, lookupsMissOnce } = storeLookingTooSoon()
    const { handler, start } = processOn(store, {
      fetch: async (input, init) => {
        await gatewayAnswers
        return fetch(input, init)
      },
    })
    const orderId = newOrder()
    const key = crypto.randomUUID()
    const first = start(orderId, key)
    await vi.waitFor(async () => expect(await store.list({ orderId })).toHaveLength(1))

    // Each looked before the first one's payment was stored, and is refused by the store.
    lookupsMissOnce()
    const otherOrder = newOrder()
    const reused = await start(otherOrder, key)
    expect(reused.status).toBe(409)
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } })
    lookupsMissOnce()
    const busy = await start(orderId, key)
    expect(busy.status).toBe(409)
    expect(await busy.json()).toMatchObject({ error: { code: 'REQUEST_IN_PROGRESS' } })

    answerGateway()
    const session = await created(await first)
    lookupsMissOnce()
    expect(await (await start(orderId, key)).json()).toEqual(session)
    expect(await store.list({ orderId: otherOrder })).toEqual([])
    await handler.close()
  })

  it('lets exactly one of two concurrent attempts for an order through', async () => {
    const orderId = newOrder()
    const answers = await Promise.all([
      bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }),
      bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }),
    ])
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409])
  })

  it.each([
    [{}, 'IDEMPOTENCY_KEY_REQUIRED', 400, { omitKey: true }],
    [{ gateway: 'paypal', flow: 'hosted-redirect' }, 'INVALID_REQUEST', 400, {}],
    [{ gateway: 'pingpong', flow: 'card' }, 'INVALID_REQUEST', 400, {}],
    [{ gateway: 'pockyt', flow: 'hosted-redirect' }, 'GATEWAY_NOT_ENABLED', 400, {}],
    [
      { gateway: 'pingpong', flow: 'hosted-redirect', returnUrl: 'https://evil.example/steal' },
      'RETURN_URL_NOT_ALLOWED',
      400,
      {},
    ],
    [
      { gateway: 'pingpong', flow: 'hosted-redirect', returnUrl: 'http://user:pw@shop.test/r' },
      'RETURN_URL_NOT_ALLOWED',
      400,
      {},
    ],
    // A user name alone disguises the host as well as a password does.
    [
      { gateway: 'pingpong', flow: 'hosted-redirect', returnUrl: 'http://shop.test@shop.test/r' },
      'RETURN_URL_NOT_ALLOWED',
      400,
      {},
    ],
    // A blob: URL's origin is the origin inside it, so it matched the allowlist: the shopper
    // would have been sent back to a non-http(s) address on the shop's origin.
    [
      { gateway: 'pingpong', flow: 'hosted-redirect', returnUrl: `blob:${shopOrigin}/result` },
      'RETURN_URL_NOT_ALLOWED',
      400,
      {},
    ],
    [
      { gateway: 'pingpong', flow: 'hosted-redirect', orderId: 'NO-SUCH-ORDER' },
      'ORDER_NOT_FOUND',
      404,
      {},
    ],
  ])('refuses %j with %s', async (body, code, status, { omitKey }: { omitKey?: boolean }) => {
    const orderId = newOrder()
    const response = await bed.call('/payments', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(omitKey ? {} : { 'idempotency-key': crypto.randomUUID() }),
      },
      body: JSON.stringify({ orderId, returnUrl: `${shopOrigin}/result`, ...body }),
    })
    expect(response.status).toBe(status)
    const answer = (await response.json()) as { error: { code: string; message: string } }
    expect(answer.error.code).toBe(code)
    expect(answer.error.message.length).toBeGreaterThan(10)
  })

  it('names the card fields a request leaves out or sends as non-strings, not the shopper as at fault', async () => {
    const orderId = newOrder()
    const { cvc: _cvc, ...withoutCvc } = card('4111111111111111')
    // What an integrator's own client may send: not the contract's shape, so not its type.
    const misnamed = { ...withoutCvc, securityCode: '123', expiryYear: 2030 }
    const response = await bed.create({
      gateway: 'pingpong',
      flow: 'card',
      orderId,
      card: misnamed as unknown as CardDetails,
    })
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('INVALID_REQUEST')
    expect(error.message).toContain('card.expiryYear, card.cvc')
    expect(error.message).not.toContain('4111')
    expect(await bed.handler.listPayments({ orderIds: [orderId] })).toEqual([])
  })

  it('does not send the gateway a shopper IP the shopper wrote into X-Forwarded-For', async () => {
    const warnings: string[] = []
    const logger = {
      info: () => {},
      warn: (message: string) => warnings.push(message),
      error: () => {},
    }
    // Straight from the shopper: no proxy in front of this server appended anything.
    const sent = await shopperIpSent({ logger }, '198.51.100.77')
    expect(sent).toBeDefined() // PingPong requires one
    expect(sent).not.toBe('198.51.100.77')
    expect(warnings.join('\n')).toContain('set trustedProxies')
  })

  it("sends the address the merchant's own proxies appended to X-Forwarded-For, or clientIp's", async () => {
    // The shopper wrote the first entry; the outer proxy appended the address it was reached
    // from, the inner one the outer proxy's.
    const forwarded = '198.51.100.77, 203.0.113.9, 10.0.0.2'
    expect(await shopperIpSent({ trustedProxies: 2 }, forwarded)).toBe('203.0.113.9')
    expect(await shopperIpSent({ trustedProxies: 4 }, forwarded)).not.toBe('198.51.100.77')
    const fromPlatform = { trustedProxies: 2, clientIp: () => '192.0.2.5' }
    expect(await shopperIpSent(fromPlatform, forwarded)).toBe('192.0.2.5')
    const misread = { ...fromPlatform, trustedProxies: -1 }
    expect(() =>
      createCheckoutHandler({
        publicUrl: 'http://merchant.test/api',
        resolveOrder: () => undefined,
        gateways: { pingpong: pingpong.sandboxCredentials },
        ...misread,
      }),
    ).toThrow('trustedProxies')
  })

  it('never echoes card data in an error', async () => {
    const orderId = newOrder()
    const response = await bed.create({
      gateway: 'pingpong',
      flow: 'card',
      orderId,
      card: card('4111 1111'),
    })
    const text = await response.text()
    expect(response.status).toBe(400)
    expect(text).not.toContain('4111')
    expect(text).toContain('card details')
  })
})

describe('closing an attempt on the merchant side', () => {
  // A testbed of its own, whose store the tests reach into.
  const store = createMemoryPaymentStore()
  let closing: Testbed
  beforeAll(async () => {
    closing = await startTestbed({ store })
  })
  afterAll(() => closing.close())

  /**
   * A QR payment paid from the wallet page while the gateway's notifications are lost, just
   * after the page watching it had the gateway asked (so a throttled query would not ask again).
   */
  async function qrPaidWithoutNotification() {
    await notificationsLost(closing)
    const { session, walletPage } = await startQrPayment(closing)
    await submitForm(walletPage, { decision: 'confirm' })
    // The emulator takes the payment after a short processing delay.
    await vi.waitFor(() => {
      const payments = [...closing.emulator.state.payments.values()]
      const paid = payments.find((payment) => payment.orderReference === session.id)
      expect(paid?.state).toBe('succeeded')
    })
    await store.update(session.id, (current) => ({
      ...current,
      lastQueriedAt: new Date().toISOString(),
    }))
    return session
  }

  const cancel = (id: string) => closing.call(`/payments/${id}/cancel`, { method: 'POST' })

  it('asks the gateway before cancelling: a QR code paid a moment ago is found paid, not cancelled', async () => {
    const session = await qrPaidWithoutNotification()

    const refused = await cancel(session.id)
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ error: { code: 'PAYMENT_NOT_OPEN' } })
    expect((await closing.session(session.id)).status).toBe('succeeded')
  })

  it('does not cancel blind: while the gateway cannot be asked, the payment stays open', async () => {
    const { session } = await startQrPayment(closing)
    await gatewayDoesNotAnswer(closing)

    const unanswered = await cancel(session.id)
    expect(unanswered.status).toBe(503)
    expect((await store.get(session.id))?.status).toBe('requires_action')
    // Asked again once the gateway may answer (no sooner than reads would ask: 200 ms here).
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await (await cancel(session.id)).json()).toMatchObject({ status: 'cancelled' })
  })

  it('lets no one storm the gateway with reads or cancels of a payment it cannot close', async () => {
    const gatewayQueries = countingQueries()
    const counted = await startTestbed({
      store,
      // Closing queries come no closer than every 2 s (nor than reads' queries would).
      queryAfterMs: 60_000,
      fetch: gatewayQueries.fetch,
    })
    try {
      const { session } = await startQrPayment(counted)
      await store.update(session.id, (current) => {
        current.expiresAt = new Date(Date.now() - 1000).toISOString()
        return current
      })
      await gatewayDoesNotAnswer(counted, 100)
      // The gateway is down: the expired code cannot be closed, however often it is read.
      for (let read = 0; read < 10; read++) await counted.call(`/payments/${session.id}`)
      for (let tries = 0; tries < 10; tries++) {
        const refused = await counted.call(`/payments/${session.id}/cancel`, { method: 'POST' })
        expect(refused.status).toBe(503)
      }
      expect(gatewayQueries.queries()).toBe(1)
      expect((await store.get(session.id))?.status).toBe('requires_action')
    } finally {
      await gatewayDoesNotAnswer(counted, 0)
      await counted.close()
    }
  })

  it('refuses to cancel a payment being confirmed: the gateway may have taken the money', async () => {
    await gatewayDoesNotAnswer(closing)
    const orderId = newOrder()
    const pay = () => payByCard(closing, orderId)
    const session = await created(await pay())
    expect(session.status).toBe('processing')

    const refused = await cancel(session.id)
    expect(refused.status).toBe(409)
    expect(await refused.json()).toMatchObject({ error: { code: 'PAYMENT_PROCESSING' } })
    expect((await pay()).status).toBe(409)
  })

  it('fails a payment left processing that PingPong, long after, says it never received: its order can be paid', async () => {
    await gatewayDoesNotAnswer(closing)
    const orderId = newOrder()
    const unanswered = await created(await payByCard(closing, orderId))
    expect(unanswered.status).toBe('processing')
    // Soon after, PingPong's "no such transaction" may be a start still arriving: nothing changes.
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await closing.session(unanswered.id)).status).toBe('processing')
    expect((await store.get(unanswered.id))?.lastQueriedAt).toBeDefined()

    const tenMinutesOn = (gatewayTransactionId?: string) =>
      store.update(unanswered.id, (current) => {
        const { lastQueriedAt: _, gatewayTransactionId: __, ...rest } = current
        return {
          ...rest,
          ...(gatewayTransactionId ? { gatewayTransactionId } : {}),
          createdAt: new Date(Date.now() - 11 * 60_000).toISOString(),
        }
      })
    // A start PingPong answered was received, whatever its query says.
    await tenMinutesOn('20261124000000001')
    expect((await closing.session(unanswered.id)).status).toBe('processing')
    await tenMinutesOn()
    expect((await closing.session(unanswered.id)).status).toBe('failed')
    expect((await created(await payByCard(closing, orderId))).status).toBe('succeeded')
  })

  // The process stopped between recording a card payment and charging it; the shopper reloaded the
  // page, losing its key. Only a retry with that key took the start over: the order was refused
  // for good, the attempt waiting for a start no one would make.
  it('lets a new attempt for an order whose card start was abandoned before PingPong heard of it', async () => {
    const orderId = newOrder()
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000).toISOString()
    const id = `pay_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`
    await store.create(
      makePaymentRecord({
        id,
        gatewayReference: id,
        idempotencyKey: crypto.randomUUID(),
        orderId,
        flow: 'card',
        action: undefined,
        expiresAt: undefined,
        createdAt: elevenMinutesAgo,
        updatedAt: elevenMinutesAgo,
        gatewayData: { startClaimedAt: elevenMinutesAgo },
      }),
    )

    expect((await created(await payByCard(closing, orderId))).status).toBe('succeeded')
    expect((await store.get(id))?.status).toBe('failed')
  })

  it('asks the gateway before expiring: a payment made as its QR code ran out is found paid', async () => {
    const session = await qrPaidWithoutNotification()
    await store.update(session.id, (current) => {
      current.expiresAt = new Date(Date.now() - 1000).toISOString()
      return current
    })

    expect((await closing.session(session.id)).status).toBe('succeeded')
  })

  it('does not expire a payment before its expiresAt: a QR code with half a minute left can still be paid', async () => {
    const { session } = await startQrPayment(closing)
    await store.update(session.id, (current) => {
      current.expiresAt = new Date(Date.now() + 30_000).toISOString()
      return current
    })

    expect((await closing.session(session.id)).status).toBe('requires_action')
    const next = await closing.create({
      gateway: 'pingpong',
      flow: 'apm',
      orderId: session.orderId,
      method: 'WechatPay',
    })
    expect(next.status).toBe(409)
    expect(await next.json()).toMatchObject({ error: { code: 'ATTEMPT_IN_PROGRESS' } })
  })

  it('does not expire a payment being confirmed: its final status settles it', async () => {
    const { session } = await startQrPayment(closing)
    // Scanned and being confirmed as its code runs out.
    await store.update(session.id, (current) => {
      current.status = 'processing'
      current.expiresAt = new Date(Date.now() - 1000).toISOString()
      return current
    })

    expect((await closing.session(session.id)).status).toBe('processing')
  })

  const runOut = (id: string, changes: Partial<PaymentRecord> = {}) =>
    store.update(id, (current) => ({
      ...current,
      ...changes,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    }))

  // PingPong notifies SUCCESS and FAILED (a closed cashier only optionally). The shopper on
  // another device or tab, who has no session of that attempt, was refused the order for good.
  it('lets a new attempt for an order whose open one the gateway closed unannounced, asking it first', async () => {
    const orderId = newOrder()
    const left = await created(
      await closing.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }),
    )
    const closed = await fetch(`${closing.emulator.url}/__emulator/payments/${left.id}/expire`, {
      method: 'POST',
    })
    expect(closed.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 250)) // its notification is late (200 ms)

    const next = await closing.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId })
    expect(next.status).toBe(201)
    expect((await store.get(left.id))?.status).toBe('expired')
  })

  it('lets a new attempt for an order whose open one ran out unread, expiring that one first', async () => {
    const { session } = await startQrPayment(closing)
    await runOut(session.id)

    const next = await created(
      await closing.create({
        gateway: 'pingpong',
        flow: 'apm',
        orderId: session.orderId,
        method: 'AlipayCN',
      }),
    )
    expect(next.id).not.toBe(session.id)
    expect((await store.get(session.id))?.status).toBe('expired')
  })

  it('does not expire a payment the gateway says is being paid as it runs out: it waits as processing', async () => {
    const beingPaid = await startTestbed({
      store,
      fetch: rewritingPingPongAnswers(/\/query$/, { status: 'PROCESSING' }),
    })
    try {
      const session = await created(
        await beingPaid.create({
          gateway: 'pingpong',
          flow: 'hosted-redirect',
          orderId: newOrder(),
        }),
      )
      await runOut(session.id)
      expect((await beingPaid.session(session.id)).status).toBe('processing')
    } finally {
      await beingPaid.close()
    }
  })

  it('reads a payment being confirmed past its expiry as any other: the gateway is asked once its notification is late, not at the expiry', async () => {
    const gatewayQueries = countingQueries()
    const counted = await startTestbed({
      store,
      queryAfterMs: 60_000,
      fetch: gatewayQueries.fetch,
    })
    try {
      const { session } = await startQrPayment(counted)
      await runOut(session.id, { status: 'processing' })
      expect((await counted.session(session.id)).status).toBe('processing')
      expect(gatewayQueries.queries()).toBe(0)
    } finally {
      await counted.close()
    }
  })

  it('keeps a payment that expired long before the shopper came back through the cancel URL expired', async () => {
    const session = await created(
      await closing.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    const longAgo = new Date(Date.now() - 10 * 60_000).toISOString()
    await store.update(session.id, (current) => ({
      ...current,
      status: 'expired',
      updatedAt: longAgo,
    }))
    const back = await closing.call(`/return/pingpong?paymentId=${session.id}&cancelled=1`, {
      redirect: 'manual',
    })
    expect(back.status).toBe(303)
    expect(await closing.session(session.id)).toMatchObject({
      status: 'expired',
      updatedAt: longAgo,
    })
  })
})

describe('request bodies', () => {
  it.each(['/notify/pingpong', '/payments', '/return/pingpong?paymentId=pay_x'])(
    'refuses a body over the limit at %s with 413, before reading it whole',
    async (path) => {
      const response = await bed.call(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: 'x'.repeat(200 * 1024),
      })
      expect(response.status).toBe(413)
      expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    },
  )
})

describe('options', () => {
  it.each([Number.NaN, 0, -1, 1.5])(
    'refuses maxBodyBytes %s, which would not limit bodies',
    (maxBodyBytes) => {
      expect(() =>
        createCheckoutHandler({
          publicUrl: 'http://merchant.test/api',
          resolveOrder: () => undefined,
          gateways: { pingpong: pingpong.sandboxCredentials },
          maxBodyBytes,
        }),
      ).toThrow(/maxBodyBytes/)
    },
  )
})

describe('paths', () => {
  it('answers a malformed percent-escape in a payment path as bad input, not as our failure', async () => {
    const logged: string[] = []
    const handler = createCheckoutHandler({
      publicUrl: 'http://merchant.test/api',
      allowedReturnOrigins: [shopOrigin],
      resolveOrder: () => undefined,
      gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: 'http://pingpong.test' } },
      logger: {
        info: () => {},
        warn: (message) => logged.push(message),
        error: (message) => logged.push(message),
      },
    })
    const response = await handler(new Request('http://merchant.test/api/payments/%E0%A4%A'))
    await handler.close()
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('INVALID_REQUEST')
    expect(body.error.message).toContain('percent')
    expect(logged).toEqual([])
  })

  it('answers each route to its own method only: a GET cancels nothing, as a prefetched link would', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    for (const [method, path, allow] of [
      ['GET', `/payments/${session.id}/cancel`, 'POST'],
      ['POST', `/payments/${session.id}`, 'GET, HEAD'],
      ['POST', `/payments/${session.id}/events`, 'GET'],
      ['GET', '/payments', 'POST'],
      ['POST', '/config', 'GET, HEAD'],
      ['GET', '/notify/pingpong', 'POST'],
      ['PUT', `/return/pingpong?paymentId=${session.id}`, 'GET, POST'],
    ] as const) {
      const response = await bed.call(path, { method })
      expect(response.status, `${method} ${path}`).toBe(405)
      // RFC 9110 requires a 405 to name the methods the route takes.
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow)
      expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } })
    }
    expect((await bed.session(session.id)).status).toBe('requires_action')
  })

  it('answers HEAD where it answers GET with a JSON read, with the same status and headers and no body', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    for (const path of ['/config', `/payments/${session.id}`, '/payments/pay_unknown']) {
      const [get, head] = [await bed.call(path), await bed.call(path, { method: 'HEAD' })]
      expect(head.status, path).toBe(get.status)
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'))
      expect(head.headers.get('cache-control'), path).toBe(get.headers.get('cache-control'))
      expect(await head.text()).toBe('')
    }
    // A stream is opened by GET alone: a HEAD would hold one no one reads.
    const stream = await bed.call(`/payments/${session.id}/events`, { method: 'HEAD' })
    expect(stream.status).toBe(405)
    expect(stream.headers.get('allow')).toBe('GET')
  })

  it('answers 404 for a path beside the base path or a route with a segment too many', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    for (const url of [
      `${bed.api}config`,
      `${bed.api}/config/x`,
      `${bed.api}/payments/${session.id}/x`,
      `${bed.api}/notify/pingpong/x`,
      `${bed.api}/return/pingpong/x?paymentId=${session.id}`,
    ]) {
      const response = await fetch(url, { redirect: 'manual' })
      expect(response.status, url).toBe(404)
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
  })

  it("sends the shopper back to the returnUrl with only this payment's id, whatever the return carried", async () => {
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'hosted-redirect',
        orderId: newOrder(),
        returnUrl: `${shopOrigin}/result?paymentId=pay_older&lang=zh#summary`,
      }),
    )
    const elsewhere = encodeURIComponent('https://elsewhere.test/')
    const back = await bed.call(
      `/return/pingpong?paymentId=${session.id}&returnUrl=${elsewhere}&redirect=${elsewhere}`,
      { redirect: 'manual' },
    )
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(
      `${shopOrigin}/result?paymentId=${session.id}&lang=zh#summary`,
    )
  })

  it("takes returnUrls on publicUrl's origin when allowedReturnOrigins is not given, and only those", async () => {
    const handler = createCheckoutHandler({
      publicUrl: 'https://merchant.test/api',
      resolveOrder: (orderId) => orders[orderId],
      gateways: {
        pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${bed.emulator.url}/pingpong` },
      },
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    })
    const start = (returnUrl: string) =>
      handler(
        new Request('https://merchant.test/api/payments', {
          method: 'POST',
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({
            gateway: 'pingpong',
            flow: 'hosted-redirect',
            orderId: newOrder(),
            returnUrl,
          }),
        }),
      )
    for (const refused of [`${shopOrigin}/result`, 'http://merchant.test/result']) {
      const response = await start(refused)
      expect(response.status, refused).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'RETURN_URL_NOT_ALLOWED' } })
    }
    expect((await start('https://merchant.test/result')).status).toBe(201)
    await handler.close()
  })
  it('sends no shopper back to an origin allowedReturnOrigins no longer has, though the payment was started while it had it', async () => {
    const store = createMemoryPaymentStore()
    const handlerFor = (allowedReturnOrigins: string[]) =>
      createCheckoutHandler({
        publicUrl: 'https://merchant.test/api',
        allowedReturnOrigins,
        store,
        resolveOrder: (orderId) => orders[orderId],
        gateways: {
          pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${bed.emulator.url}/pingpong` },
        },
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      })
    const before = handlerFor(['https://old-shop.test', shopOrigin])
    const session = await created(
      await before(
        new Request('https://merchant.test/api/payments', {
          method: 'POST',
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({
            gateway: 'pingpong',
            flow: 'hosted-redirect',
            orderId: newOrder(),
            returnUrl: 'https://old-shop.test/result',
          }),
        }),
      ),
    )
    await before.close()
    // The merchant dropped the old origin (a domain given up, a typo fixed) and restarted.
    const after = handlerFor([shopOrigin])
    const back = await after(
      new Request(`https://merchant.test/api/return/pingpong?paymentId=${session.id}`),
    )
    expect(back.headers.get('location')).toBeNull()
    expect(back.status).toBe(400)
    expect(await back.json()).toMatchObject({ error: { code: 'RETURN_URL_NOT_ALLOWED' } })
    await after.close()
  })
})

describe('GET /payments/{id}/events', () => {
  /**
   * A handler of its own, with no gateway to ask (its payments are PingPong's, and only
   * Oceanpayment is enabled), on a memory store holding two open payments, counting the store's
   * reads; `errors` are what it logged as errors.
   */
  async function streamingHandler() {
    const store = createMemoryPaymentStore()
    const reads = vi.fn()
    const get = store.get.bind(store)
    store.get = (id) => {
      reads()
      return get(id)
    }
    const [payment, other] = [makePaymentRecord(), makePaymentRecord()]
    await store.create(payment)
    await store.create(other)
    const errors: string[] = []
    const handler = createCheckoutHandler({
      publicUrl: 'http://merchant.test/api',
      resolveOrder: () => undefined,
      gateways: {
        oceanpayment: { account: '995149', terminal: '99514901', secureCode: '12345678' },
      },
      store,
      logger: { info: () => {}, warn: () => {}, error: (message) => errors.push(message) },
    })
    const open = async (init?: RequestInit) => {
      const response = await handler(
        new Request(`http://merchant.test/api/payments/${payment.id}/events`, init),
      )
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      // A read that found nothing yet is kept for the next call: the chunk it gets is that one's.
      let reading: Promise<string> | undefined
      /** The next chunk, 'closed' at the end, or 'nothing' if none comes within 50 ms. */
      const next = async () => {
        reading ??= reader
          .read()
          .then(({ value, done }) => (done ? 'closed' : decoder.decode(value)))
        const chunk = await Promise.race([
          reading,
          new Promise<string>((resolve) => setTimeout(resolve, 50, 'nothing')),
        ])
        if (chunk !== 'nothing') reading = undefined
        return chunk
      }
      return { response, reader, next }
    }
    const cancel = (id = payment.id) =>
      handler(new Request(`http://merchant.test/api/payments/${id}/cancel`, { method: 'POST' }))
    return { handler, store, payment, other, reads, errors, open, cancel }
  }

  afterEach(() => {
    vi.useRealTimers()
  })

  it('streams uncached, with a comment every 15 s so that a proxy keeps a quiet stream open', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, open } = await streamingHandler()
    const { response, reader, next } = await open()
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    // nginx, in front of most Node servers, buffers a proxied answer unless told not to: the
    // shopper's status would wait in its buffer.
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    expect(await next()).toMatch(/^event: payment\ndata: \{.*"status":"requires_action"/)
    vi.advanceTimersByTime(14_999)
    expect(await next()).toBe('nothing')
    vi.advanceTimersByTime(1)
    expect(await next()).toBe(': keep-alive\n\n')
    await reader.cancel()
    await handler.close()
  })

  it('ends the stream when the client goes away, and then neither listens nor reads the payment', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, reads, errors, open, cancel } = await streamingHandler()
    const controller = new AbortController()
    const aborted = await open({ signal: controller.signal })
    expect(await aborted.next()).toContain('event: payment\n')
    controller.abort()
    expect(await aborted.next()).toBe('closed')

    const cancelled = await open()
    expect(await cancelled.next()).toContain('event: payment\n')
    await cancelled.reader.cancel()

    reads.mockClear()
    vi.advanceTimersByTime(60_000)
    expect(reads).not.toHaveBeenCalled()
    // A stream still listening would be sent the change and fail, as a listener that throws.
    expect((await cancel()).status).toBe(200)
    expect(errors).toEqual([])
    await handler.close()
  })

  it('keeps streaming when the store fails a periodic re-read: the failure is logged, not left unhandled to stop the process', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, store, errors, open } = await streamingHandler()
    const { reader, next } = await open()
    expect(await next()).toContain('event: payment\n')
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    store.get = () => Promise.reject(new Error('SQLITE_BUSY: database is locked'))
    vi.advanceTimersByTime(10_000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    process.off('unhandledRejection', onUnhandled)
    expect(unhandled).toEqual([])
    expect(errors.length).toBeGreaterThan(0)
    await reader.cancel()
    await handler.close()
  })

  it('ends the stream and stops its timers when its first read of the payment fails', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, store, reads, open } = await streamingHandler()
    const get = store.get
    let calls = 0
    // The route finds the payment, then the stream's own first read fails.
    store.get = (id) => (++calls === 1 ? get(id) : Promise.reject(new Error('SQLITE_BUSY')))
    const { next } = await open()
    expect(await next().catch(() => 'closed')).toBe('closed')
    store.get = get
    reads.mockClear()
    // A stream left with its timers would write its keep-alive into an errored stream: a throw
    // in a timer, which stops the process.
    expect(() => vi.advanceTimersByTime(60_000)).not.toThrow()
    expect(reads).not.toHaveBeenCalled()
    await handler.close()
  })

  it('sends a change another process sharing the store made, seen on its periodic re-read, and ends at its final status', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, store, payment, open } = await streamingHandler()
    const { next } = await open()
    expect(await next()).toContain('"status":"requires_action"')
    // Another process on the same store: what it changes is not published in this one.
    const other = createCheckoutHandler({
      publicUrl: 'http://merchant.test/api',
      resolveOrder: () => undefined,
      gateways: {
        oceanpayment: { account: '995149', terminal: '99514901', secureCode: '12345678' },
      },
      store,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    })
    const cancelled = await other(
      new Request(`http://merchant.test/api/payments/${payment.id}/cancel`, { method: 'POST' }),
    )
    expect(cancelled.status).toBe(200)
    expect(await next()).toBe('nothing')
    vi.advanceTimersByTime(10_000)
    expect(await next()).toContain('"status":"cancelled"')
    expect(await next()).toBe('closed')
    await handler.close()
  })

  it('never sends an older session than it sent: a slow re-read overtaken by the next one is dropped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { handler, store, payment, open } = await streamingHandler()
    const { reader, next } = await open()
    expect(await next()).toContain('"status":"requires_action"')
    const get = store.get
    // A busy store: this re-read reads the payment as it is now and answers only later.
    const before = await get(payment.id)
    let answerSlowRead = () => {}
    store.get = () => new Promise((resolve) => (answerSlowRead = () => resolve(before)))
    vi.advanceTimersByTime(10_000)
    store.get = get
    // Another process sharing the store moves the payment on; the next re-read finds it.
    await store.update(payment.id, (current) => ({
      ...current,
      status: 'processing',
      updatedAt: new Date(Date.parse(current.updatedAt) + 1000).toISOString(),
    }))
    vi.advanceTimersByTime(10_000)
    let sent = await next()
    while (sent.startsWith(': keep-alive')) sent = await next()
    expect(sent).toContain('"status":"processing"')
    answerSlowRead()
    expect(await next()).toBe('nothing')
    await reader.cancel()
    await handler.close()
  })

  it("hears of its own payment's changes only, until it stops listening or the handler closes", async () => {
    const { handler, store, payment, other, cancel } = await streamingHandler()
    const heard: string[] = []
    const stopped: string[] = []
    handler.subscribe(payment.id, (session) => heard.push(`${session.id} ${session.status}`))
    const stop = handler.subscribe(payment.id, (session) => stopped.push(session.id))
    stop()
    expect((await cancel(other.id)).status).toBe(200)
    expect((await cancel()).status).toBe(200)
    expect(heard).toEqual([`${payment.id} cancelled`])
    expect(stopped).toEqual([])

    const third = makePaymentRecord()
    await store.create(third)
    const afterClose: string[] = []
    handler.subscribe(third.id, (session) => afterClose.push(session.id))
    await handler.close()
    // The memory store outlives the handler: a change through it is no longer heard.
    expect((await cancel(third.id)).status).toBe(200)
    expect(afterClose).toEqual([])
  })

  it('makes up for a lost notification while it streams: the gateway is asked, and the success pushed', async () => {
    const { session, walletPage } = await startQrPayment()
    await notificationsLost(bed)
    const events = await bed.call(`/payments/${session.id}/events`)
    const streamed = new Response(events.body).text() // the stream ends at a terminal status
    await submitForm(walletPage, { decision: 'confirm' })
    const statuses = [...(await streamed).matchAll(/data: (.*)\n/g)].map(
      (match) => JSON.parse(match[1] ?? '{}').status,
    )
    expect(statuses[0]).toBe('requires_action')
    expect(statuses.at(-1)).toBe('succeeded')
  })

  it('answers 404 for a payment it does not know, opening no stream', async () => {
    const response = await bed.call('/payments/pay_unknown/events')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'PAYMENT_NOT_FOUND' } })
  })
})

describe('card numbers in text the server did not write', () => {
  it("masks a gateway failure's message before it is stored or sent", async () => {
    // Stands in for a gateway that quotes the card in its decline.
    const messages = failureMessages as Record<string, string>
    const declined = failureMessages.card_declined
    messages.card_declined = 'Card 4000 0000 0000 0002 123 was declined.'
    try {
      const session = await created(
        await bed.create({
          gateway: 'pingpong',
          flow: 'card',
          orderId: newOrder(),
          card: card('4000000000000002'),
        }),
      )
      const failed = await settles(session.id, 'failed')
      expect(failed.failure?.message).toBe('Card [card number] was declined.')
      const record = await bed.handler.getPayment(session.id)
      expect(JSON.stringify(record)).not.toMatch(/4000[ -]?0000[ -]?0000[ -]?0002/)
    } finally {
      messages.card_declined = declined
    }
  })

  it('masks card numbers in what a genuine notification says, in the timeline and in the failure shown', async () => {
    const messages = failureMessages as Record<string, string>
    const declined = failureMessages.card_declined
    messages.card_declined = 'Card 4000 0000 0000 0002 was declined.'
    try {
      const session = await created(
        await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
      )
      const notify = (fields: Record<string, string>) =>
        notifyAsPingPong(bed, { merchantTransactionId: session.id, ...fields })
      expect(await (await notify({ status: 'HELD 4111 1111 1111 1111' })).text()).toBe('OK')
      expect(await (await notify({ status: 'FAILED', resultCode: '301002' })).text()).toBe('OK')
      const failed = await settles(session.id, 'failed')
      expect(failed.failure?.message).toBe('Card [card number] was declined.')
      const record = await bed.handler.getPayment(session.id)
      expect(record?.timeline.map((line) => line.summary)).toContain(
        'notification: HELD [card number] (processing)',
      )
      expect(JSON.stringify(record)).not.toMatch(/4111[ -]?1111|4000[ -]?0000/)
    } finally {
      messages.card_declined = declined
    }
  })

  it("masks a card number a gateway's answer to a start quotes before the timeline keeps it", async () => {
    const quoting = await startTestbed({
      fetch: rewritingPingPongAnswers(/\/unifiedPay$/, { status: 'HELD 4111 1111 1111 1111' }),
    })
    try {
      const session = await created(await payByCard(quoting, newOrder()))
      const record = await quoting.handler.getPayment(session.id)
      expect(record?.timeline.map((line) => line.summary)).toContain(
        'PingPong unifiedPay: HELD [card number]',
      )
      expect(JSON.stringify(record)).not.toMatch(/4111[ -]?1111/)
    } finally {
      await quoting.close()
    }
  })

  it("shows the gateway's transaction id in the timeline even when it happens to pass the Luhn check", async () => {
    // The emulator's ids are 17 digits, like the gateways': most hold a window that passes.
    let record: PaymentRecord | undefined
    for (let tries = 0; tries < 30; tries++) {
      const session = await created(
        await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
      )
      record = await bed.handler.getPayment(session.id)
      const id = record?.gatewayTransactionId ?? ''
      if (redactCardNumbers(id) !== id) break
    }
    const id = record?.gatewayTransactionId ?? 'none'
    expect(redactCardNumbers(id)).toBe('[card number]')
    const summaries = record?.timeline.map((line) => line.summary) ?? []
    expect(summaries).toContain(`PingPong prePay: token issued, transaction ${id}`)
  })

  it("masks card numbers in every error's text it logs, causes included", async () => {
    const logged: unknown[] = []
    const log = (message: string, details?: Record<string, unknown>) =>
      logged.push({ message, details })
    const quoting = (what: string) =>
      new Error(`${what} failed on 4111111111111111`, {
        cause: new Error('it was given 4111-1111-1111-1111'),
      })
    const handler = createCheckoutHandler({
      publicUrl: 'http://merchant.test/api',
      allowedReturnOrigins: [shopOrigin],
      resolveOrder(orderId) {
        if (orderId === 'broken') throw quoting('order lookup')
        return { amount: { value: '25.00', currency: 'USD' } }
      },
      gateways: { pingpong: { ...pingpong.sandboxCredentials, baseUrl: 'http://pingpong.test' } },
      fetch: async () => {
        throw quoting('connect')
      },
      logger: { info: log, warn: log, error: log },
    })
    handler.subscribeRecords(() => {
      throw quoting('listener')
    })
    const start = (orderId: string) =>
      handler(
        new Request('http://merchant.test/api/payments', {
          method: 'POST',
          headers: { 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({
            gateway: 'pingpong',
            flow: 'hosted-redirect',
            orderId,
            returnUrl: `${shopOrigin}/result`,
          }),
        }),
      )
    expect((await start('broken')).status).toBe(503)
    expect((await start('fine')).status).toBe(503)
    await handler.close()
    const text = JSON.stringify(logged)
    // Logged: the handler's failure, the listener's, the gateway's — each with its cause.
    expect(text).toContain('order lookup failed on [card number]')
    expect(text).toContain('listener failed on [card number]')
    expect(text).toContain('connect failed on [card number]')
    expect(text).toContain('caused by Error: it was given [card number]')
    expect(text).toContain('[card number]')
    expect(text).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/)
  })
})

describe('PingPong flows', () => {
  it('hosted redirect: cashier, return through the server, success by notification', async () => {
    const orderId = newOrder()
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }),
    )
    expect(session).toMatchObject({
      status: 'requires_action',
      action: { type: 'redirect', method: 'GET' },
    })
    if (session.action?.type !== 'redirect') throw new Error('expected a redirect')
    expect(session.action.url).toContain(`${bed.emulator.url}/pingpong/v3/checkout?token=`)

    const paid = await payWithCard(
      bed.emulator.url,
      emulatorPaymentId(bed.emulator, session.id),
      '4111111111111111',
    )
    const back = paid.headers.get('location') ?? ''
    expect(back).toBe(`${bed.api}/return/pingpong?paymentId=${session.id}`)
    const returned = await fetch(back, { redirect: 'manual' })
    expect(returned.status).toBe(303)
    expect(returned.headers.get('location')).toBe(`${shopOrigin}/result?paymentId=${session.id}`)
    const done = await settles(session.id, 'succeeded')
    expect(done.action).toBeUndefined()
    // A status read is never answered from a cache: the shopper's page would show a stale one.
    const read = await bed.call(`/payments/${session.id}`)
    expect(read.headers.get('cache-control')).toBe('no-store')
  })

  it('hosted redirect: Cancel on the cashier ends cancelled, not expired', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    const emulated = emulatorPaymentId(bed.emulator, session.id)
    const cancelled = await submitForm(`${bed.emulator.url}/pages/payments/${emulated}/cancel`, {})
    const back = cancelled.headers.get('location') ?? ''
    expect(back).toBe(`${bed.api}/return/pingpong?paymentId=${session.id}&cancelled=1`)
    const returned = await fetch(back, { redirect: 'manual' })
    expect(returned.headers.get('location')).toBe(`${shopOrigin}/result?paymentId=${session.id}`)
    expect(await bed.session(session.id)).toMatchObject({ status: 'cancelled' })
  })

  it('hosted SDK: the action carries the SDK script and token', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-sdk', orderId: newOrder() }),
    )
    expect(session.action).toMatchObject({
      type: 'hosted-sdk',
      gateway: 'pingpong',
      mode: 'sandbox',
      scriptUrl: expect.stringContaining('/pingpong/sdk/ppPay.min.js?token='),
      token: expect.stringMatching(/^EU:/),
    })
  })

  it.each([
    ['4111111111111111', 'succeeded', undefined],
    ['4000000000000002', 'failed', 'card_declined'],
    ['4000000000009995', 'failed', 'insufficient_funds'],
  ])('card %s → %s', async (number, status, failureCode) => {
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'card',
        orderId: newOrder(),
        card: card(number),
      }),
    )
    expect(session.status).toBe(status)
    if (failureCode) expect(session.failure?.code).toBe(failureCode)
    const record = await bed.handler.getPayment(session.id)
    expect(JSON.stringify(record)).not.toContain(number)
    expect(JSON.stringify(record)).not.toContain('"123"')
  })

  /** A card payment of `orderId` that PingPong sends to a 3DS challenge, with the risk plugin's data. */
  async function startThreeDsPayment(orderId: string, on = bed): Promise<PaymentSession> {
    const init = await fetch(`${on.emulator.url}/pingpong/risk/complexInit`, {
      method: 'POST',
      body: '{"bin":"520000"}',
    })
    const { jsGeneratedData } = (await init.json()) as { jsGeneratedData: object }
    return created(
      await on.create({
        gateway: 'pingpong',
        flow: 'card',
        orderId,
        card: card('5200000000001096'),
        jsGeneratedData: JSON.stringify(jsGeneratedData),
      }),
    )
  }

  it('card with 3DS: the risk plugin’s data, the challenge, then success', async () => {
    const session = await startThreeDsPayment(newOrder())
    expect(session).toMatchObject({
      status: 'requires_action',
      action: { type: 'three-ds', gateway: 'pingpong' },
    })
    if (session.action?.type !== 'three-ds' || !session.action.redirectUrl)
      throw new Error('expected 3DS')
    const answered = await submitForm(session.action.redirectUrl, { code: '1234' })
    expect(answered.headers.get('location')).toBe(
      `${bed.api}/return/pingpong?paymentId=${session.id}`,
    )
    await fetch(answered.headers.get('location') ?? '', { redirect: 'manual' })
    await settles(session.id, 'succeeded')
  })

  it('local payment: a QR code that expires, paid from the wallet page, pushed over server-sent events', async () => {
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'apm',
        orderId: newOrder(),
        method: 'AlipayCN',
      }),
    )
    expect(session).toMatchObject({ status: 'requires_action', action: { type: 'qr-code' } })
    if (session.action?.type !== 'qr-code' || !session.action.content)
      throw new Error('expected a QR code')
    expect(Date.parse(session.action.expiresAt ?? '')).toBeGreaterThan(Date.now())

    const events = await bed.call(`/payments/${session.id}/events`)
    expect(events.headers.get('content-type')).toContain('text/event-stream')
    const reader = (events.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let streamed = ''
    const read = (async () => {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        streamed += decoder.decode(value)
      }
    })()
    await submitForm(session.action.content, { decision: 'confirm' })
    await read // the stream ends at a terminal status
    const statuses = [...streamed.matchAll(/data: (.*)\n/g)].map(
      (match) => JSON.parse(match[1] ?? '{}').status,
    )
    expect(statuses[0]).toBe('requires_action')
    expect(statuses.at(-1)).toBe('succeeded')
  })

  it('a QR code still waiting for its scan stays on screen when a late notification has the gateway asked', async () => {
    const { session } = await startQrPayment()
    // Past queryAfterMs (200 ms here): reading the payment asks PingPong, which says PROCESSING.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const read = await bed.session(session.id)
    expect(read).toMatchObject({ status: 'requires_action', action: { type: 'qr-code' } })
    const timeline = (await bed.handler.getPayment(session.id))?.timeline ?? []
    expect(timeline.some((line) => line.kind === 'query')).toBe(true)
    // And the shopper who switches to another method can give it up.
    const cancelled = await bed.call(`/payments/${session.id}/cancel`, { method: 'POST' })
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' })
  })

  it('a card left at its 3DS page still waits for the shopper when asked late, and can be given up for another', async () => {
    const orderId = newOrder()
    const session = await startThreeDsPayment(orderId)
    expect(session).toMatchObject({ status: 'requires_action', action: { type: 'three-ds' } })
    // Past queryAfterMs (200 ms here): reading the payment asks PingPong, which says PROCESSING
    // with threeDContinue: nobody is confirming it, the shopper has yet to verify.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await bed.session(session.id)).toMatchObject({
      status: 'requires_action',
      action: { type: 'three-ds' },
    })
    expect(
      (await bed.handler.getPayment(session.id))?.timeline.some((line) => line.kind === 'query'),
    ).toBe(true)
    // Back from the verification, the shopper pays with another card: the first is given up.
    expect((await payByCard(bed, orderId)).status).toBe(409)
    const cancelled = await bed.call(`/payments/${session.id}/cancel`, { method: 'POST' })
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' })
    expect(await created(await payByCard(bed, orderId))).toMatchObject({ status: 'succeeded' })
  })

  /**
   * A store shared with another process whose query, a moment after the server's own closing one,
   * finds `racing.id`'s payment being confirmed (a 3DS passed, the bank deciding), and writes
   * processing just before the server closes the payment (`closed`) on the answer it had.
   */
  function confirmedWhileClosing(closed: PaymentSession['status']) {
    const memory = createMemoryPaymentStore()
    const racing = { id: undefined as string | undefined }
    const store: PaymentStore = {
      ...memory,
      async update(id, change) {
        const current = await memory.get(id)
        const next = id === racing.id && current && change(structuredClone(current))
        if (next && next.status === closed) {
          racing.id = undefined
          await memory.update(id, (stored) => ({ ...stored, status: 'processing' }))
        }
        return memory.update(id, change)
      },
    }
    return { memory, store, racing }
  }

  it('does not cancel a 3DS card found being confirmed between the gateway’s answer and the cancel', async () => {
    const { memory, store, racing: race } = confirmedWhileClosing('cancelled')
    const racing = await startTestbed({ store })
    try {
      const orderId = newOrder()
      const session = await startThreeDsPayment(orderId, racing)
      expect(session.status).toBe('requires_action')
      race.id = session.id
      const refused = await racing.call(`/payments/${session.id}/cancel`, { method: 'POST' })
      expect(await refused.json()).toMatchObject({ error: { code: 'PAYMENT_PROCESSING' } })
      expect(refused.status).toBe(409)
      expect((await memory.get(session.id))?.status).toBe('processing')
      // The order stays held: a second card would be a second charge.
      expect((await payByCard(racing, orderId)).status).toBe(409)
    } finally {
      await racing.close()
    }
  })

  it('does not expire a QR code found being confirmed between the gateway’s answer and the expiry', async () => {
    const { memory, store, racing: race } = confirmedWhileClosing('expired')
    const racing = await startTestbed({ store })
    try {
      const { session } = await startQrPayment(racing)
      await memory.update(session.id, (current) => ({
        ...current,
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }))
      race.id = session.id
      expect((await racing.session(session.id)).status).toBe('processing')
      expect((await memory.get(session.id))?.status).toBe('processing')
    } finally {
      await racing.close()
    }
  })

  /** A testbed of its own, whose logger keeps the warnings. */
  async function testbedKeepingWarnings(options: Parameters<typeof startTestbed>[0] = {}) {
    const warnings: [message: string, details?: Record<string, unknown>][] = []
    const watched = await startTestbed({
      logger: { info: () => {}, warn: (...logged) => warnings.push(logged), error: () => {} },
      ...options,
    })
    return { watched, warnings }
  }

  /** The warning an order paid twice is logged with: the earlier success first. */
  const paidTwice = (orderId: string, paymentIds: string[]) => [
    'Order paid more than once; refund the extra payment',
    { orderId, paymentIds },
  ]

  /** A new order's 3DS card payment, given up on `on` (cancelled): its 3DS page stays payable. */
  async function threeDsGivenUp(on: Testbed) {
    const orderId = newOrder()
    const left = await startThreeDsPayment(orderId, on)
    if (left.action?.type !== 'three-ds' || !left.action.redirectUrl)
      throw new Error('expected 3DS')
    await on.call(`/payments/${left.id}/cancel`, { method: 'POST' })
    return { orderId, left, verificationUrl: left.action.redirectUrl }
  }

  /** The shopper goes Forward to the 3DS page given up and passes it: PingPong takes the money. */
  async function passedAnyway(on: Testbed, left: PaymentSession, verificationUrl: string) {
    await submitForm(verificationUrl, { code: '1234' })
    await vi.waitFor(async () => expect((await on.session(left.id)).status).toBe('succeeded'), {
      timeout: 5000,
    })
  }

  it('records a 3DS passed after it was given up, and warns that the order was paid twice', async () => {
    const { watched, warnings } = await testbedKeepingWarnings()
    try {
      const { orderId, left, verificationUrl } = await threeDsGivenUp(watched)
      const paid = await created(await payByCard(watched, orderId))
      expect(paid.status).toBe('succeeded')
      expect(warnings).toEqual([])

      // PingPong cannot close the page given up: the shopper went Forward and verified there.
      await passedAnyway(watched, left, verificationUrl)
      expect(warnings).toEqual([paidTwice(orderId, [paid.id, left.id])])
    } finally {
      await watched.close()
    }
  })

  it('warns too when the second success is the answer to the start itself, after the 3DS given up was passed', async () => {
    // The next card's unifiedPay reaches PingPong (and is charged), but its answer is held until
    // the 3DS given up has been passed and recorded.
    let holdAnswer: Promise<void> | undefined
    const { watched, warnings } = await testbedKeepingWarnings({
      fetch: async (input, init) => {
        const answer = await fetch(input, init)
        if (String(input).endsWith('/unifiedPay')) await holdAnswer
        return answer
      },
    })
    try {
      const { orderId, left, verificationUrl } = await threeDsGivenUp(watched)
      let release = () => {}
      holdAnswer = new Promise((resolve) => {
        release = resolve
      })
      // Its notification is lost: the start's answer is the server's only news of it.
      await fetch(`${watched.emulator.url}/__emulator/notifications`, {
        method: 'POST',
        body: JSON.stringify({ mode: 'drop', count: 1 }),
      })
      const paying = payByCard(watched, orderId)
      await vi.waitFor(() =>
        expect(
          [...watched.emulator.state.payments.values()].filter(
            (payment) => payment.state === 'succeeded',
          ),
        ).toHaveLength(1),
      )
      await passedAnyway(watched, left, verificationUrl)
      release()
      const paid = await created(await paying)
      expect(paid.status).toBe('succeeded')
      expect(warnings).toEqual([paidTwice(orderId, [left.id, paid.id])])
    } finally {
      await watched.close()
    }
  })

  it("a wallet's decline reaches the shopper without card words; the record keeps the gateway's code", async () => {
    const { session, walletPage } = await startQrPayment()
    await submitForm(walletPage, { decision: 'decline' })

    const failed = await settles(session.id, 'failed')
    expect(failed.failure).toEqual({
      code: 'payment_declined',
      message: 'Your payment was declined. Try another payment method.',
    })
    expect((await bed.handler.getPayment(session.id))?.failure?.code).toBe('card_declined')
  })

  it('late notification: the server asks the gateway once the notification is overdue', async () => {
    await fetch(`${bed.emulator.url}/__emulator/notifications`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'drop', count: 5 }),
    })
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'card',
        orderId: newOrder(),
        card: card('4000000000000259'),
      }),
    )
    expect(session.status).toBe('processing')
    await new Promise((resolve) => setTimeout(resolve, 350)) // past processing (100 ms) and queryAfterMs (200 ms)
    const record = await bed.handler.getPayment(session.id)
    expect(record?.status).toBe('succeeded')
    expect(record?.timeline.some((line) => line.kind === 'query')).toBe(true)
  })

  it('asks the gateway once for concurrent reads of an overdue payment, and piles up no entries', async () => {
    const { counting, session, queries } = await hostedPaymentCountingQueries(100)
    try {
      let changes = 0
      counting.handler.subscribe(session.id, () => changes++)
      for (let round = 1; round <= 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 150)) // overdue again
        const reads = await Promise.all(
          [1, 2, 3].map(() => counting.handler.getPayment(session.id)),
        )
        expect(reads.map((read) => read?.status)).toEqual(reads.map(() => 'requires_action'))
        expect(queries()).toBe(round)
      }
      const timeline = (await counting.handler.getPayment(session.id))?.timeline ?? []
      const answers = timeline.filter((line) => line.kind === 'query').map((line) => line.summary)
      expect(answers.length).toBeGreaterThan(0)
      expect(new Set(answers).size).toBe(answers.length)
      expect(changes).toBe(0) // nothing a page shows changed
    } finally {
      await counting.close()
    }
  })

  it('asks the gateway at most once per queryAfterMs however often the return URL is hit, and records the return once', async () => {
    const { counting, session, queries } = await hostedPaymentCountingQueries(60_000)
    try {
      const comeBack = async () => {
        const back = await counting.call(`/return/pingpong?paymentId=${session.id}`, {
          redirect: 'manual',
        })
        expect(back.status).toBe(303)
        return (await counting.handler.getPayment(session.id))?.timeline ?? []
      }
      // The shopper comes back: the gateway is asked at once, without waiting for queryAfterMs.
      const first = await comeBack()
      expect(queries()).toBe(1)
      expect(first.map((line) => line.kind)).toEqual(
        expect.arrayContaining(['return', 'query', 'redirect']),
      )
      // Anyone can load the return URL: reloads neither ask again nor pile up entries.
      for (let hit = 0; hit < 20; hit++) await comeBack()
      expect(queries()).toBe(1)
      expect(await comeBack()).toEqual(first)
    } finally {
      await counting.close()
    }
  })

  it('records a return it cannot verify once, however often it is posted', async () => {
    const signed = await startTestbed({
      gateways: (emulatorUrl) => ({
        oceanpayment: { ...oceanpayment.testCredentials, baseUrl: `${emulatorUrl}/oceanpayment` },
      }),
    })
    try {
      const session = await created(
        await signed.create({
          gateway: 'oceanpayment',
          flow: 'hosted-redirect',
          orderId: newOrder(),
        }),
      )
      const postForged = async () => {
        const back = await signed.call(`/return/oceanpayment?paymentId=${session.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ payment_status: '1', signValue: 'forged' }).toString(),
          redirect: 'manual',
        })
        expect(back.status).toBe(303)
        return (await signed.handler.getPayment(session.id))?.timeline ?? []
      }
      const first = await postForged()
      expect(first.some((line) => line.summary.includes('unverifiable'))).toBe(true)
      for (let post = 0; post < 10; post++) await postForged()
      expect(await postForged()).toEqual(first)
    } finally {
      await signed.close()
    }
  })

  it('duplicate and out-of-order notifications never undo a success', async () => {
    await fetch(`${bed.emulator.url}/__emulator/notifications`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'out_of_order' }),
    })
    const session = await created(await payByCard(bed, newOrder()))
    await vi.waitFor(async () => {
      const record = await bed.handler.getPayment(session.id)
      expect(record?.timeline.filter((line) => line.kind === 'notification')).toHaveLength(2)
    })
    expect((await bed.session(session.id)).status).toBe('succeeded')
  })

  it('a forged notification changes nothing and is answered so', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    const forged = pingpong.buildNotification(
      {
        notifyType: 'RECHARGE',
        status: 'SUCCESS',
        merchantTransactionId: session.id,
        amount: '25.00',
        currency: 'USD',
      },
      { ...pingpong.sandboxCredentials, salt: 'not-the-salt' },
    )
    const answer = await bed.call('/notify/pingpong', {
      method: 'POST',
      body: JSON.stringify(forged),
    })
    expect(answer.status).toBe(400)
    expect(await answer.text()).toBe('FAIL')
    expect((await bed.session(session.id)).status).toBe('requires_action')
  })

  it('a genuine notification with another amount is not applied', async () => {
    const session = await created(
      await bed.create({
        gateway: 'pingpong',
        flow: 'hosted-redirect',
        orderId: newOrder('25.00'),
      }),
    )
    const cheaper = pingpong.buildNotification(
      {
        notifyType: 'RECHARGE',
        status: 'SUCCESS',
        merchantTransactionId: session.id,
        amount: '0.01',
        currency: 'USD',
      },
      pingpong.sandboxCredentials,
    )
    const answer = await bed.call('/notify/pingpong', {
      method: 'POST',
      body: JSON.stringify(cheaper),
    })
    expect(await answer.text()).toBe('OK')
    expect((await bed.session(session.id)).status).toBe('requires_action')
  })

  it('a success after a decline on the same cashier clears the failure and the cashier: nothing says declined beside paid', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    // PingPong lets the shopper try another card on the same cashier after a decline.
    const notify = (status: string) =>
      notifyAsPingPong(bed, { status, merchantTransactionId: session.id })
    expect(await (await notify('FAILED')).text()).toBe('OK')
    expect((await bed.session(session.id)).failure).toBeDefined()
    expect(await (await notify('SUCCESS')).text()).toBe('OK')

    const paid = await bed.session(session.id)
    expect(paid.status).toBe('succeeded')
    expect(paid.failure).toBeUndefined()
    const record = await bed.handler.getPayment(session.id)
    expect(record?.failure).toBeUndefined()
    expect(record?.action).toBeUndefined()
  })

  it('asks the gateway when the shopper comes back to a declined payment: another card on the same cashier may have paid it, its notification late', async () => {
    // PingPong now says the payment succeeded, as it would once the second card went through.
    const paidMeanwhile = await startTestbed({
      fetch: rewritingPingPongAnswers(/\/v4\/payment\/query$/, { status: 'SUCCESS' }),
    })
    try {
      const session = await created(
        await paidMeanwhile.create({
          gateway: 'pingpong',
          flow: 'hosted-redirect',
          orderId: newOrder(),
        }),
      )
      const declined = await notifyAsPingPong(paidMeanwhile, {
        status: 'FAILED',
        merchantTransactionId: session.id,
      })
      expect(await declined.text()).toBe('OK')
      expect((await paidMeanwhile.session(session.id)).status).toBe('failed')
      const back = await paidMeanwhile.call(`/return/pingpong?paymentId=${session.id}`, {
        redirect: 'manual',
      })
      expect(back.status).toBe(303)
      // Shown "failed", the shopper would pay the order a second time.
      expect((await paidMeanwhile.session(session.id)).status).toBe('succeeded')
    } finally {
      await paidMeanwhile.close()
    }
  })

  it('refunds part of a paid payment, confirmed by the refund notification', async () => {
    const session = await created(await payByCard(bed, newOrder('30.00')))
    const refund = await bed.handler.refund({
      paymentId: session.id,
      amount: { value: '10.00', currency: 'USD' },
    })
    expect(refund).toMatchObject({
      status: 'processing',
      amount: { value: '10.00', currency: 'USD' },
    })
    await vi.waitFor(async () => {
      const record = await bed.handler.getPayment(session.id)
      expect(record?.refunds[0]?.status).toBe('succeeded')
    })
    // Every entry is numbered 1, 2, 3… in the order it was added, across every kind of write.
    const timeline = (await bed.handler.getPayment(session.id))?.timeline ?? []
    expect(timeline.length).toBeGreaterThan(4)
    expect(timeline.map((entry) => entry.seq)).toEqual(timeline.map((_, index) => index + 1))
    const afterFirst = await bed.handler.getPayment(session.id)
    if (!afterFirst) throw new Error('payment missing')
    expect(refundSummary(afterFirst)).toEqual({
      refunded: { value: '10.00', currency: 'USD' },
      pending: { value: '0.00', currency: 'USD' },
      refundable: { value: '20.00', currency: 'USD' },
    })
    await expect(
      bed.handler.refund({ paymentId: session.id, amount: { value: '20.01', currency: 'USD' } }),
    ).rejects.toMatchObject({
      code: 'REFUND_NOT_ALLOWED',
    })
    // Exactly what is left may be refunded; while it is pending, nothing more.
    await bed.handler.refund({ paymentId: session.id, amount: { value: '20.00', currency: 'USD' } })
    const afterSecond = await bed.handler.getPayment(session.id)
    if (!afterSecond) throw new Error('payment missing')
    expect(refundSummary(afterSecond).refundable).toEqual({ value: '0.00', currency: 'USD' })
    await expect(
      bed.handler.refund({ paymentId: session.id, amount: { value: '0.01', currency: 'USD' } }),
    ).rejects.toMatchObject({ code: 'REFUND_NOT_ALLOWED' })
  })

  it.each([
    ["a proxy's error page", () => new Response('<html>Too Many Requests</html>', { status: 429 })],
    [
      'an unsigned refusal',
      () => Response.json({ code: '500000', description: 'System busy', bizContent: '{}' }),
    ],
    [
      // Signed, so PingPong's own: an internal error, after which the refund may have been made.
      "PingPong's signed system error",
      () =>
        Response.json(
          pingpong.buildResponse(
            { code: '500000', description: 'System busy' },
            pingpong.sandboxCredentials,
          ),
        ),
    ],
    [
      'an answer cut off mid-body',
      () =>
        new Response(
          new ReadableStream({ start: (stream) => stream.error(new TypeError('terminated')) }),
        ),
    ],
  ])(
    'a refund answered by %s may have happened: it stays processing, nothing is refunded twice, and its notification settles it',
    async (_, answer) => {
      let replaceRefundAnswer = false
      const refundsSent: string[] = []
      const unreliable = await startTestbed({
        fetch: async (input, init) => {
          const response = await fetch(input, init)
          if (!String(input).endsWith('/refund')) return response
          refundsSent.push(String(init?.body))
          if (!replaceRefundAnswer) return response
          await response.body?.cancel()
          return answer()
        },
      })
      try {
        const session = await created(await payByCard(unreliable, newOrder('25.00')))
        await vi.waitFor(async () =>
          expect((await unreliable.session(session.id)).status).toBe('succeeded'),
        )
        replaceRefundAnswer = true
        await expect(unreliable.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
          code: 'GATEWAY_UNAVAILABLE',
        })
        replaceRefundAnswer = false
        // The refund PingPong took still counts against what is left.
        await expect(unreliable.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
          code: 'REFUND_NOT_ALLOWED',
        })
        expect(refundsSent).toHaveLength(1)
        await vi.waitFor(async () => {
          const record = await unreliable.handler.getPayment(session.id)
          expect(record?.refunds.map((refund) => refund.status)).toEqual(['succeeded'])
        })
      } finally {
        await unreliable.close()
      }
    },
  )

  it.each([
    ['of nothing', () => ({ amount: { value: '0.00', currency: 'USD' } })],
    ['in another currency', () => ({ amount: { value: '5.00', currency: 'EUR' } })],
    ['under a reference already used', (first: string) => ({ reference: first })],
  ])('refuses a refund %s, recording nothing', async (_, asked) => {
    const session = await created(await payByCard(bed, newOrder('25.00')))
    const first = `${session.id}-first`
    const usd = (value: string) => ({ value, currency: 'USD' })
    await bed.handler.refund({ paymentId: session.id, amount: usd('10.00'), reference: first })
    await expect(
      bed.handler.refund({ paymentId: session.id, amount: usd('5.00'), ...asked(first) }),
    ).rejects.toMatchObject({ code: 'REFUND_NOT_ALLOWED' })
    const record = await bed.handler.getPayment(session.id)
    expect(record?.refunds.map((refund) => refund.reference)).toEqual([first])
  })

  it('refuses to refund a payment that is not paid, saying so', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    await expect(bed.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
      code: 'REFUND_NOT_ALLOWED',
      message: 'Only a paid payment can be refunded.',
    })
    expect((await bed.handler.getPayment(session.id))?.refunds).toEqual([])
  })

  it('refuses to refund a declined payment: no money was taken, so none is sent back', async () => {
    const session = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )
    const declined = await notifyAsPingPong(bed, {
      status: 'FAILED',
      merchantTransactionId: session.id,
    })
    expect(await declined.text()).toBe('OK')
    expect((await bed.session(session.id)).status).toBe('failed')
    await expect(bed.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
      code: 'REFUND_NOT_ALLOWED',
      message: 'Only a paid payment can be refunded.',
    })
    expect((await bed.handler.getPayment(session.id))?.refunds).toEqual([])
  })

  it('a FAILED notification arriving after the refund was confirmed changes nothing: the amount cannot be refunded twice', async () => {
    const session = await created(await payByCard(bed, newOrder('25.00')))
    const refund = await bed.handler.refund({ paymentId: session.id })
    await vi.waitFor(async () => {
      const record = await bed.handler.getPayment(session.id)
      expect(record?.refunds.map((each) => each.status)).toEqual(['succeeded'])
    })
    const late = await notifyAsPingPong(bed, {
      notifyType: 'REFUND',
      status: 'FAILED',
      merchantTransactionId: session.id,
      merchantRefundId: refund.reference,
    })
    expect(await late.text()).toBe('OK')
    const record = await bed.handler.getPayment(session.id)
    expect(record?.refunds.map((each) => each.status)).toEqual(['succeeded'])
    await expect(bed.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
      code: 'REFUND_NOT_ALLOWED',
    })
  })

  it('a refund the gateway cannot take is never sent, fails, and leaves the amount refundable', async () => {
    const session = await created(await payByCard(bed, newOrder('25.00')))
    await settles(session.id, 'succeeded')
    // Longer than PingPong's merchantRefundId allows.
    await expect(
      bed.handler.refund({ paymentId: session.id, reference: 'r'.repeat(80) }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    await bed.handler.refund({ paymentId: session.id })
    const record = await bed.handler.getPayment(session.id)
    expect(record?.refunds.map((refund) => refund.status)).toEqual(['failed', expect.any(String)])
  })

  it('decides between concurrent refunds on the current record: never more than was paid', async () => {
    const paid = async (value: string) => {
      const session = await created(await payByCard(bed, newOrder(value)))
      expect(session.status).toBe('succeeded')
      return session.id
    }
    const usd = (value: string) => ({ value, currency: 'USD' })

    // Together they exceed the 25.00 paid: exactly one goes through.
    const tooMuch = await paid('25.00')
    const both = await Promise.allSettled([
      bed.handler.refund({ paymentId: tooMuch, amount: usd('20.00') }),
      bed.handler.refund({ paymentId: tooMuch, amount: usd('20.00') }),
    ])
    expect(both.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    expect(both.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { code: 'REFUND_NOT_ALLOWED' },
    })
    expect((await bed.handler.getPayment(tooMuch))?.refunds).toHaveLength(1)

    // Together they fit: both go through, each under its own reference.
    const enough = await paid('25.00')
    const refunds = await Promise.all([
      bed.handler.refund({ paymentId: enough, amount: usd('10.00') }),
      bed.handler.refund({ paymentId: enough, amount: usd('10.00') }),
    ])
    expect(new Set(refunds.map((refund) => refund.reference)).size).toBe(2)
    const stored = (await bed.handler.getPayment(enough))?.refunds ?? []
    expect(new Set(stored.map((refund) => refund.reference)).size).toBe(2)
  })

  // A card may have been charged; a QR code or wallet redirect may be in the shopper's hands.
  const chargedWithoutAnAnswer = [
    ['card', { flow: 'card', card: card('4111111111111111') }],
    ['local (APM)', { flow: 'apm', method: 'AlipayCN' }],
  ] as const

  it.each(chargedWithoutAnAnswer)(
    'a gateway that does not answer leaves a %s payment processing, never failed',
    async (_, paying) => {
      await gatewayDoesNotAnswer()
      const session = await created(
        await bed.create({ gateway: 'pingpong', orderId: newOrder(), ...paying }),
      )
      expect(session.status).toBe('processing')
    },
  )

  it('a card payment whose success notification came before the answer to its charge stays paid', async () => {
    const store = createMemoryPaymentStore()
    const notifiedFirst = await startTestbed({
      store,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        // The charge's answer ("processing") is held until its notification was applied.
        if (String(input).endsWith('/unifiedPay')) {
          await vi.waitFor(
            async () =>
              expect((await store.list()).map((each) => each.status)).toEqual(['succeeded']),
            { timeout: 5000 },
          )
        }
        return response
      },
    })
    try {
      const session = await created(
        await notifiedFirst.create({
          gateway: 'pingpong',
          flow: 'card',
          orderId: newOrder(),
          card: card('4000000000000259'),
        }),
      )
      expect(session.status).toBe('succeeded')
      expect((await store.get(session.id))?.status).toBe('succeeded')
    } finally {
      await notifiedFirst.close()
    }
  })

  it('does not ask the gateway about a payment its notification settled while a read was on its way to ask', async () => {
    const gatewayQueries = countingQueries()
    let paymentId = ''
    let watched: Testbed | undefined
    const { store, beforeNextUpdate } = storeWithAHook(async () => {
      if (!watched) return
      const answer = await notifyAsPingPong(watched, {
        status: 'SUCCESS',
        merchantTransactionId: paymentId,
      })
      expect(await answer.text()).toBe('OK')
    })
    watched = await startTestbed({
      store,
      queryAfterMs: 100,
      fetch: gatewayQueries.fetch,
    })
    try {
      const session = await created(
        await watched.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
      )
      paymentId = session.id
      await new Promise((resolve) => setTimeout(resolve, 150)) // its notification is late
      beforeNextUpdate() // the read's claim to ask the gateway
      expect((await watched.session(session.id)).status).toBe('succeeded')
      expect(gatewayQueries.queries()).toBe(0)
    } finally {
      await watched.close()
    }
  })

  it('a card charge whose answer is cut off mid-body stays processing, and the order cannot be paid a second time meanwhile', async () => {
    let cutNextPay = true
    const cutting = await startTestbed({
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!cutNextPay || !String(input).endsWith('/unifiedPay')) return response
        cutNextPay = false
        await response.body?.cancel()
        const broken = new ReadableStream({
          start: (controller) => controller.error(new TypeError('terminated')),
        })
        return new Response(broken, { status: 200 })
      },
    })
    try {
      // No notification settles it in the meantime.
      await notificationsLost(cutting)
      const orderId = newOrder()
      const first = await created(await payByCard(cutting, orderId))
      // The gateway took the charge: "failed" would invite a second one.
      expect(first.status).toBe('processing')
      const second = await payByCard(cutting, orderId)
      expect(second.status).toBe(409)
      expect(await second.json()).toMatchObject({ error: { code: 'ATTEMPT_IN_PROGRESS' } })
    } finally {
      await cutting.close()
    }
  })

  it.each([
    ['another payment', { merchantTransactionId: 'pay_someone_else' }],
    ['another amount', { amount: '1.00' }],
  ])(
    'takes no signed PingPong answer about %s: a card charge stays processing, a hosted start is not offered',
    async (_, changes) => {
      const misdirected = await startTestbed({
        fetch: rewritingPingPongAnswers(/\/(prePay|unifiedPay)$/, changes),
      })
      try {
        const charged = await payByCard(misdirected, newOrder())
        expect((await created(charged)).status).toBe('processing')
        const hosted = await misdirected.create({
          gateway: 'pingpong',
          flow: 'hosted-redirect',
          orderId: newOrder(),
        })
        expect(hosted.status).toBe(503)
      } finally {
        await misdirected.close()
      }
    },
  )

  it('a hosted attempt whose gateway did not answer is started again on retry with the same key', async () => {
    const orderId = newOrder()
    const key = crypto.randomUUID()
    await gatewayDoesNotAnswer()
    const failed = await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }, key)
    expect(failed.status).toBe(503)
    expect(await failed.json()).toMatchObject({ error: { code: 'GATEWAY_UNAVAILABLE' } })
    const retried = await created(
      await bed.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId }, key),
    )
    expect(retried).toMatchObject({ status: 'requires_action', action: { type: 'redirect' } })
  })

  it('two concurrent retries of one key start one gateway order, and paying it settles the payment', async () => {
    const orderId = newOrder()
    const key = crypto.randomUUID()
    await gatewayDoesNotAnswer()
    const body = { gateway: 'pingpong', flow: 'hosted-redirect', orderId } as const
    expect((await bed.create(body, key)).status).toBe(503)
    // The browser's retry and a proxy's replay of it, at the same time, with the same key.
    const [one, two] = await Promise.all([
      bed.create(body, key).then(created),
      bed.create(body, key).then(created),
    ])
    expect(two).toEqual(one)
    const gatewayOrders = [...bed.emulator.state.payments.values()].filter((payment) =>
      payment.orderReference.startsWith(`${one.id}-`),
    )
    expect(gatewayOrders).toHaveLength(1)
    const [gatewayOrder] = gatewayOrders
    if (one.action?.type !== 'redirect' || !gatewayOrder) throw new Error('expected a redirect')
    expect(decodeURIComponent(one.action.url)).toContain(gatewayOrder.extra.token ?? 'no token')
    // The shopper pays on the cashier both answers sent them to: its notification is this payment's.
    await payWithCard(bed.emulator.url, gatewayOrder.id, '4111111111111111')
    await settles(one.id, 'succeeded')
    const timeline = (await bed.handler.getPayment(one.id))?.timeline ?? []
    expect(timeline.map((line) => line.summary).join('\n')).not.toContain('ignored')
  })

  it.each([
    // Each process has its own store object; the memory store can only be shared as one.
    ['memory', () => Promise.resolve(Array(2).fill(createMemoryPaymentStore()) as PaymentStore[])],
    ['SQLite', () => Promise.all([1, 2].map(() => createSqlitePaymentStore({ path: sqliteFile })))],
  ])(
    'two processes sharing a %s store restart a retried attempt once between them',
    async (_, open) => {
      const stores = await open()
      const processes = stores.map((store) => processOn(store))
      const orderId = newOrder()
      const key = crypto.randomUUID()
      try {
        await gatewayDoesNotAnswer()
        expect((await processes[0]?.start(orderId, key))?.status).toBe(503)
        const answers = await Promise.all(processes.map((each) => each.start(orderId, key)))
        // The other process answers the restarted session, or that it is being started.
        expect([
          [200, 201],
          [201, 409],
        ]).toContainEqual(answers.map((answer) => answer.status).sort())
        const [payment] = (await stores[0]?.list({ orderId })) ?? []
        const gatewayOrders = [...bed.emulator.state.payments.values()].filter((candidate) =>
          candidate.orderReference.startsWith(`${payment?.id}-`),
        )
        expect(gatewayOrders).toHaveLength(1)
      } finally {
        await Promise.all(processes.map((each) => each.handler.close()))
      }
    },
  )

  it('never records a start the gateway took as "failed (not started)" when the store fails to save it, and starts it again for the same key once that start is plainly abandoned', async () => {
    const { store, handler, orderId, retry } = await startWhoseOutcomeIsNotSaved()
    const [payment] = await store.list({ orderId })
    // The gateway order exists: the payment is not said to have failed, so nothing invites a
    // second payment before a notification or a query settles it.
    expect(payment?.status).toBe('requires_action')
    // For all this process knows, another one is still starting it.
    const busy = await retry()
    expect(busy.status).toBe(409)
    expect(await busy.json()).toMatchObject({ error: { code: 'REQUEST_IN_PROGRESS' } })

    await claimStartAt(store, payment?.id, Date.now() - 60_000)
    const restarted = await created(await retry())
    expect(restarted).toMatchObject({ status: 'requires_action', action: { type: 'redirect' } })
    expect((await store.get(restarted.id))?.gatewayReference).toBe(`${restarted.id}-2`)
    await handler.close()
  })

  it('answers a retry that arrives while the first start still waits for the gateway with REQUEST_IN_PROGRESS, not a session without its action', async () => {
    let answerGateway = () => {}
    const gatewayAnswers = new Promise<void>((resolve) => {
      answerGateway = resolve
    })
    const store = createMemoryPaymentStore()
    const { handler, start } = processOn(store, {
      fetch: async (input, init) => {
        await gatewayAnswers
        return fetch(input, init)
      },
    })
    const orderId = newOrder()
    const key = crypto.randomUUID()

    const first = start(orderId, key)
    await vi.waitFor(async () => expect(await store.list({ orderId })).toHaveLength(1))
    const busy = await start(orderId, key)
    expect(busy.status).toBe(409)
    expect(await busy.json()).toMatchObject({ error: { code: 'REQUEST_IN_PROGRESS' } })
    answerGateway()
    const session = await created(await first)
    // Asked again once the start is saved, the same key gets that very session.
    expect(await (await start(orderId, key)).json()).toEqual(session)
    await handler.close()
  })

  it('a start taken over while its save was slow does not overwrite the restart: the shopper pays the order they were sent to', async () => {
    const { store, beforeNextUpdate: slowNextSave } = storeWithAHook(
      () => new Promise((resolve) => setTimeout(resolve, 1500)),
    )
    // Starts are claimed for three gateway timeouts: 900 ms here.
    const slow = await startTestbed({ store, gatewayTimeoutMs: 300 })
    try {
      const orderId = newOrder()
      const key = crypto.randomUUID()
      const body = { gateway: 'pingpong', flow: 'hosted-redirect', orderId } as const
      slowNextSave()
      const first = slow.create(body, key)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const restarted = await created(await slow.create(body, key))
      expect(restarted.action).toMatchObject({ type: 'redirect' })
      await first

      const record = await store.get(restarted.id)
      expect(record?.gatewayReference).toBe(`${restarted.id}-2`)
      expect(record?.action).toEqual(restarted.action)
      const sentTo = emulatorPaymentId(slow.emulator, record?.gatewayReference ?? '')
      await payWithCard(slow.emulator.url, sentTo, '4111111111111111')
      await vi.waitFor(async () =>
        expect((await slow.session(restarted.id)).status).toBe('succeeded'),
      )
    } finally {
      await slow.close()
    }
  })

  it.each(chargedWithoutAnAnswer)(
    'leaves an abandoned %s start processing, for a notification or a query to settle, never starting it twice',
    async (_, paying) => {
      const { store, handler, orderId, retry } = await startWhoseOutcomeIsNotSaved(paying)
      const [payment] = await store.list({ orderId })
      await claimStartAt(store, payment?.id, Date.now() - 60_000)

      expect(await created(await retry())).toMatchObject({ status: 'processing' })
      const charges = [...bed.emulator.state.payments.values()].filter((charge) =>
        charge.orderReference.startsWith(payment?.id ?? 'none'),
      )
      expect(charges).toHaveLength(1)
      await handler.close()
    },
  )

  it('refuses a retry whose order went away while its start waited, instead of a session with no action', async () => {
    const { handler, orderId, retry } = await unansweredHostedStart()
    delete orders[orderId]

    const refused = await retry()
    expect(refused.status).toBe(404)
    expect(await refused.json()).toMatchObject({ error: { code: 'ORDER_NOT_FOUND' } })
    // Asked again, the same key answers how the attempt ended: no retry loop.
    const again = await retry()
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ status: 'cancelled' })
    await handler.close()
  })

  // The browser had no session for it (no id to cancel, no action): asked again with a new key —
  // after a reload, or with another gateway — the order was refused as in progress for good.
  it('lets a new attempt for an order whose hosted start went unanswered, giving that start up', async () => {
    const { handler, orderId, retry, start } = await unansweredHostedStart()

    const next = await start(orderId, crypto.randomUUID())
    expect(next.status).toBe(201)
    expect(await next.json()).toMatchObject({ status: 'requires_action' })
    // The first key answers how its attempt ended, and starts no second gateway order.
    const again = await retry()
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ status: 'failed' })
    await handler.close()
  })

  it('restarts an attempt whose restart claim has no readable time, as one stored before claims had one', async () => {
    const { store, handler, orderId, retry } = await unansweredHostedStart()
    const [payment] = await store.list({ orderId })
    await store.update(payment?.id ?? '', (current) => {
      current.gatewayData.startError = 'restarting'
      delete current.gatewayData.startClaimedAt
      return current
    })
    expect(await created(await retry())).toMatchObject({ action: { type: 'redirect' } })
    await handler.close()
  })

  it('restarts an attempt whose restart was claimed by a process that stopped, once the claim is stale', async () => {
    const { store, handler, orderId, retry } = await unansweredHostedStart()
    const [payment] = await store.list({ orderId })
    const claimAt = async (at: number) => {
      await store.update(payment?.id ?? '', (current) => {
        current.gatewayData.startError = 'restarting'
        return current
      })
      await claimStartAt(store, payment?.id, at)
    }
    await claimAt(Date.now())
    const busy = await retry()
    expect(busy.status).toBe(409)
    expect(await busy.json()).toMatchObject({ error: { code: 'REQUEST_IN_PROGRESS' } })
    // Longer ago than a start can take with the default 15 s gateway timeout.
    await claimAt(Date.now() - 60_000)
    expect(await created(await retry())).toMatchObject({
      status: 'requires_action',
      action: { type: 'redirect' },
    })
    await handler.close()
  })
})

describe('a server with more than one gateway', () => {
  let both: Testbed
  beforeAll(async () => {
    both = await startTestbed({
      gateways: (emulatorUrl) => ({
        pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${emulatorUrl}/pingpong` },
        pockyt: { ...pockyt.sandboxCredentials, baseUrl: `${emulatorUrl}/pockyt` },
      }),
    })
  })
  afterAll(() => both.close())

  const pingpongPayment = async () =>
    created(
      await both.create({ gateway: 'pingpong', flow: 'hosted-redirect', orderId: newOrder() }),
    )

  it('applies no genuine Pockyt notification to the PingPong payment whose id it names', async () => {
    const session = await pingpongPayment()
    const ipn = pockyt.buildIpn(
      {
        transactionNo: '1795',
        status: 'success',
        amount: '25.00',
        currency: 'USD',
        settleCurrency: 'USD',
        reference: session.id,
        time: '20250101120000',
      },
      pockyt.sandboxCredentials.token,
    )
    const answer = await both.call('/notify/pockyt', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: ipn.body,
    })
    expect(await answer.text()).toBe(pockyt.acknowledgement)
    expect((await both.session(session.id)).status).toBe('requires_action')
  })

  it("refuses a return on another gateway's path with 404, recording nothing", async () => {
    const session = await pingpongPayment()
    const back = await both.call(`/return/pockyt?paymentId=${session.id}&status=closed`, {
      redirect: 'manual',
    })
    expect(back.status).toBe(404)
    expect(await back.json()).toMatchObject({ error: { code: 'PAYMENT_NOT_FOUND' } })
    const record = await both.handler.getPayment(session.id)
    expect(record?.shopperCancelledAt).toBeUndefined()
    expect(record?.timeline.map((line) => line.kind)).not.toContain('return')
  })
})
