import type { PaymentSession } from '@checkout-kit/core'
import { encodeForm, pockyt } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { CheckoutError } from '../checkoutError.ts'
import { type CheckoutHandler, createCheckoutHandler } from '../createCheckoutHandler.ts'
import type { PaymentRecord } from '../paymentRecord.ts'
import type { RunningServer } from '../serve.ts'
import { adapterStartInput } from '../testing/adapterStartInput.ts'
import { serveCheckout } from '../testing/serveCheckout.ts'
import type { ResolvedOrder, StartInput } from './gatewayAdapter.ts'
import { createPockytAdapter, type PockytOptions } from './pockytAdapter.ts'

// End to end over real HTTP: the handler with this adapter, served on loopback, against the
// emulator's Pockyt (its API, its cashier page and its IPNs).

const credentials: pockyt.PockytCredentials = pockyt.sandboxCredentials
const shop = 'http://shop.test'
const approveCard = '4111111111111111'
const declineCard = '4000000000000002'

const orders: Record<string, ResolvedOrder> = {}
let sequence = 0

function addOrder(overrides: Partial<ResolvedOrder> = {}): string {
  sequence += 1
  const orderId = `order-${sequence}-${crypto.randomUUID().slice(0, 8)}`
  orders[orderId] = {
    amount: { value: '25.00', currency: 'USD' },
    description: `Order ${orderId}`,
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      address: {
        line1: '1 Analytical St',
        city: 'San Francisco',
        state: 'CA',
        postalCode: '94105',
        country: 'US',
      },
    },
    items: [{ name: 'Difference Engine', quantity: 1, unitPrice: '25.00' }],
    ...overrides,
  }
  return orderId
}

let emulator: RunningEmulator
let server: RunningServer
let handler: CheckoutHandler
let api: string
const warnings: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 })
  const served = await serveCheckout()
  server = served.server
  api = served.api
  handler = createCheckoutHandler({
    publicUrl: api,
    resolveOrder: (orderId) => orders[orderId],
    gateways: { pockyt: { ...credentials, baseUrl: `${emulator.url}/pockyt` } },
    allowedReturnOrigins: [shop],
    queryAfterMs: 50,
    logger: { info: () => {}, warn: (message) => warnings.push(message), error: () => {} },
  })
  served.mount(handler)
})

afterAll(async () => {
  await handler.close()
  await server.close()
  await emulator.close()
})

beforeEach(() => {
  emulator.reset()
  warnings.length = 0
})

const waitOptions = { timeout: 3000, interval: 20 }

async function createPayment(orderId: string): Promise<Response> {
  return fetch(`${api}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      gateway: 'pockyt',
      flow: 'hosted-redirect',
      orderId,
      returnUrl: `${shop}/result`,
    }),
  })
}

/** A started payment and the cashier URL it sends the shopper to. */
async function start(orderId = addOrder()) {
  const response = await createPayment(orderId)
  expect(response.status).toBe(201)
  const session = (await response.json()) as PaymentSession
  expect(session.status).toBe('requires_action')
  const action = session.action
  if (action?.type !== 'redirect' || action.method !== 'GET') {
    throw new Error(`Expected a GET redirect, got ${JSON.stringify(action)}`)
  }
  return { session, cashierUrl: action.url }
}

async function sessionOf(id: string): Promise<PaymentSession> {
  const response = await fetch(`${api}/payments/${id}`)
  expect(response.status).toBe(200)
  return (await response.json()) as PaymentSession
}

async function recordOf(id: string): Promise<PaymentRecord> {
  const record = await handler.getPayment(id)
  if (!record) throw new Error(`No payment ${id}`)
  return record
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Opens the cashier and presses Pay (with a card) or Cancel, as a browser would. */
async function onCashier(cashierUrl: string, choice: { card: string } | 'cancel') {
  const page = await fetch(cashierUrl)
  expect(page.status).toBe(200)
  const html = await page.text()
  const attribute = choice === 'cancel' ? 'formaction' : 'action'
  const target = new RegExp(`\\b${attribute}="([^"]*)"`).exec(html)?.[1]
  if (!target) throw new Error(`The cashier page has no ${attribute}`)
  const fields: Record<string, string> =
    choice === 'cancel'
      ? {}
      : {
          cardNumber: choice.card,
          expiry: '12/30',
          securityCode: '123',
          cardholderName: 'Ada Lovelace',
        }
  return fetch(unescapeHtml(target), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** Follows Pockyt's 303 to the callbackUrl: the handler's return, which sends the shopper on. */
async function followReturn(fromCashier: Response, paymentId: string, status: string) {
  expect(fromCashier.status).toBe(303)
  const callback = new URL(fromCashier.headers.get('location') ?? '')
  expect(`${callback.origin}${callback.pathname}`).toBe(`${api}/return/pockyt`)
  expect(callback.searchParams.get('paymentId')).toBe(paymentId)
  expect(callback.searchParams.get('status')).toBe(status)
  const back = await fetch(callback, { redirect: 'manual' })
  expect(back.status).toBe(303)
  expect(back.headers.get('location')).toBe(`${shop}/result?paymentId=${paymentId}`)
}

async function settled(id: string, status: PaymentSession['status']): Promise<PaymentSession> {
  return vi.waitFor(async () => {
    const session = await sessionOf(id)
    expect(session.status).toBe(status)
    return session
  }, waitOptions)
}

function hasNotification(record: PaymentRecord): boolean {
  return record.timeline.some((entry) => entry.kind === 'notification')
}

describe('Pockyt hosted redirect through the handler', () => {
  it('registers the customer, redirects to the cashier and succeeds by IPN', async () => {
    const { session, cashierUrl } = await start()
    expect(new URL(cashierUrl).origin).toBe(emulator.url)

    const record = await recordOf(session.id)
    expect(record.gatewayData.customerNo).toMatch(/^\d+$/)
    expect(record.gatewayTransactionId).toBeTruthy()
    const emulated = emulator.state.payments.get(record.gatewayTransactionId ?? '')
    expect(emulated?.orderReference).toBe(session.id)
    expect(emulated?.extra.customerNo).toBe(record.gatewayData.customerNo)

    await followReturn(await onCashier(cashierUrl, { card: approveCard }), session.id, 'success')
    const paid = await settled(session.id, 'succeeded')
    expect(paid.failure).toBeUndefined()
    expect(paid.action).toBeUndefined()
    await vi.waitFor(async () => expect(hasNotification(await recordOf(session.id))).toBe(true))
    expect(warnings).toEqual([])
  })

  it('fails a declined card with a message for the shopper', async () => {
    const { session, cashierUrl } = await start()
    await followReturn(await onCashier(cashierUrl, { card: declineCard }), session.id, 'fail')
    const failed = await settled(session.id, 'failed')
    expect(failed.failure?.message).toBeTruthy()
  })

  // Whichever comes first, the shopper's return (its `status=closed` hint) or the emulator's
  // `closed` IPN, which Pockyt sends for a cancel and an expiry alike.
  it('ends cancelled when the shopper cancels on the cashier', async () => {
    const { session, cashierUrl } = await start()
    await followReturn(await onCashier(cashierUrl, 'cancel'), session.id, 'closed')
    await settled(session.id, 'cancelled')
  })

  it('ends cancelled when the closed IPN beat the shopper back', async () => {
    const { session, cashierUrl } = await start()
    const fromCashier = await onCashier(cashierUrl, 'cancel')
    await settled(session.id, 'expired')
    await followReturn(fromCashier, session.id, 'closed')
    expect((await sessionOf(session.id)).status).toBe('cancelled')
  })

  // What the demo storefront offers a shopper back from the cashier who pays another way.
  it('gives up an attempt the shopper left on the cashier, and the order is paid anew', async () => {
    const orderId = addOrder()
    const { session: left } = await start(orderId)
    expect((await createPayment(orderId)).status).toBe(409)
    const cancelled = await fetch(`${api}/payments/${left.id}/cancel`, { method: 'POST' })
    expect(await cancelled.json()).toMatchObject({ id: left.id, status: 'cancelled' })
    const { session, cashierUrl } = await start(orderId)
    await followReturn(await onCashier(cashierUrl, { card: approveCard }), session.id, 'success')
    await settled(session.id, 'succeeded')
    expect((await sessionOf(left.id)).status).toBe('cancelled')
  })

  it('pays without a customer when the order has none', async () => {
    const { session, cashierUrl } = await start(addOrder({ customer: undefined }))
    expect((await recordOf(session.id)).gatewayData.customerNo).toBeUndefined()
    await followReturn(await onCashier(cashierUrl, { card: approveCard }), session.id, 'success')
    await settled(session.id, 'succeeded')
  })

  it('answers a forged IPN with a rejection and changes nothing', async () => {
    const { session } = await start()
    const record = await recordOf(session.id)
    const fields = {
      transactionNo: record.gatewayTransactionId ?? '1',
      status: 'success',
      amount: '25.00',
      currency: 'USD',
      settleCurrency: 'USD',
      reference: session.id,
      time: '20250101120000',
    }
    const forgeries = [
      { ...fields, verifySign: '0'.repeat(32) },
      { ...fields, verifySign: pockyt.sign(fields, 'not-the-token') },
    ]
    for (const forged of forgeries) {
      const answer = await fetch(`${api}/notify/pockyt`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeForm(forged),
      })
      expect(answer.status).toBe(400)
      expect(await answer.text()).not.toBe(pockyt.acknowledgement)
    }
    expect((await sessionOf(session.id)).status).toBe('requires_action')
    expect(warnings).toContain('Notification rejected: not genuine')
  })

  it('learns of the payment by tran-query when the IPN never comes', async () => {
    const control = await fetch(`${emulator.url}/__emulator/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'drop' }),
    })
    expect(control.status).toBe(200)
    const { session, cashierUrl } = await start()
    // The shopper pays but never comes back, and the IPN is lost.
    expect((await onCashier(cashierUrl, { card: approveCard })).status).toBe(303)
    await new Promise((resolve) => setTimeout(resolve, 60))
    await settled(session.id, 'succeeded')
    const record = await recordOf(session.id)
    expect(record.timeline.some((entry) => entry.kind === 'query')).toBe(true)
    expect(hasNotification(record)).toBe(false)
  })

  it('refunds part of a payment: processing, then succeeded by the refund IPN', async () => {
    const { session, cashierUrl } = await start()
    await followReturn(await onCashier(cashierUrl, { card: approveCard }), session.id, 'success')
    await settled(session.id, 'succeeded')

    const refund = await handler.refund({
      paymentId: session.id,
      amount: { value: '10.00', currency: 'USD' },
    })
    expect(refund).toMatchObject({ status: 'processing', amount: { value: '10.00' } })
    await vi.waitFor(async () => {
      const record = await recordOf(session.id)
      expect(record.refunds).toHaveLength(1)
      expect(record.refunds[0]).toMatchObject({
        reference: refund.reference,
        status: 'succeeded',
        gatewayRefundId: expect.any(String),
      })
    }, waitOptions)
    // The payment itself stays paid.
    expect((await sessionOf(session.id)).status).toBe('succeeded')
  })

  it('publishes its flow in /config, never its credentials', async () => {
    const response = await fetch(`${api}/config`)
    const text = await response.text()
    expect(JSON.parse(text).gateways.pockyt).toEqual({ flows: ['hosted-redirect'] })
    expect(text).not.toContain(credentials.token)
    expect(text).not.toContain(credentials.merchantNo)
  })
})

describe('Pockyt adapter', () => {
  const options = (): PockytOptions => ({ ...credentials, baseUrl: `${emulator.url}/pockyt` })
  const transport = { fetch: globalThis.fetch, timeoutMs: 5000 }

  it('reads status=closed on the way back as the shopper cancelling, a hint and nothing more', () => {
    const adapter = createPockytAdapter(options(), transport)
    const back = (status: string) =>
      new Request(`${api}/return/pockyt?paymentId=pay_1&status=${status}`)
    expect(adapter.readReturn(back('closed'), '')).toEqual({ ok: true, shopperCancelled: true })
    expect(adapter.readReturn(back('success'), '')).toEqual({ ok: true })
    expect(adapter.readReturn(back('init'), '')).toEqual({ ok: true })
  })

  function startInput(reference: string, overrides: Partial<StartInput> = {}): StartInput {
    return adapterStartInput('pockyt', 'hosted-redirect', reference, overrides)
  }

  it('posts secure-pay to the path securePayPath names ([U] which path is canonical)', async () => {
    const paths: string[] = []
    const recording = {
      ...transport,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        paths.push(new URL(String(input)).pathname)
        return globalThis.fetch(input, init)
      }) as typeof globalThis.fetch,
    }
    const adapter = createPockytAdapter(
      { ...options(), securePayPath: pockyt.paths.securePayAliases[0] },
      recording,
    )
    const started = await adapter.start(startInput(`pay_${crypto.randomUUID().slice(0, 8)}`))
    expect(started.status).toBe('requires_action')
    expect(paths).toEqual(['/pockyt/v3/secure-pay'])
  })

  it('fails the attempt when Pockyt refuses it (a reused reference)', async () => {
    const adapter = createPockytAdapter(options(), transport)
    const input = startInput(`pay_${crypto.randomUUID().slice(0, 8)}`)
    expect((await adapter.start(input)).status).toBe('requires_action')
    const again = await adapter.start(input)
    expect(again.status).toBe('failed')
    expect(again.failure).toMatchObject({ code: 'configuration_error', gatewayCode: '000023' })
  })

  /** A transport whose Pockyt answers every request with `answer` (an object is sent as JSON). */
  const answering = (answer: string | object) => ({
    ...transport,
    fetch: async () =>
      new Response(typeof answer === 'string' ? answer : JSON.stringify(answer), {
        headers: { 'content-type': 'application/json' },
      }),
  })

  /** A secure-pay answer opening a cashier for `reference` and `amount` (USD). */
  const cashierFor = (reference: string, amount: string) => ({
    ret_code: '000100',
    result: {
      amount,
      currency: 'USD',
      reference,
      transactionNo: '1',
      cashierUrl: 'https://cashier.example/pay',
    },
  })

  // A cashier opened for another order or another amount is not this payment's to send the
  // shopper to: paying it would not pay this order, or not for what the order costs.
  it('treats a malformed or mismatched secure-pay answer as the gateway being unavailable', async () => {
    const answers = [
      'not json',
      JSON.stringify({ ret_code: '000100', ret_msg: 'success', result: {} }),
      cashierFor('someone-else', '25.00'),
      cashierFor('pay_fixed', '1.00'),
    ]
    for (const answer of answers) {
      const adapter = createPockytAdapter(options(), answering(answer))
      const error = await adapter.start(startInput('pay_fixed')).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error).toBeInstanceOf(CheckoutError)
      expect((error as CheckoutError).code).toBe('GATEWAY_UNAVAILABLE')
    }
  })

  /** What the adapter reads from a genuine IPN about payment pay_1: a refund unless overridden. */
  function readIpn(overrides: Record<string, string> = {}) {
    const adapter = createPockytAdapter(options(), transport)
    const ipn = pockyt.buildIpn(
      {
        transactionNo: '1795',
        status: 'success',
        amount: '25.00',
        currency: 'USD',
        settleCurrency: 'USD',
        reference: 'pay_1',
        time: '20250101120000',
        transactionType: 'refund',
        refundTransactionNo: '1796',
        refundAmount: '10',
        refundReference: 'pay_1-r1',
        ...overrides,
      },
      credentials.token,
    )
    return adapter.readNotification(ipn.body, 'application/x-www-form-urlencoded')
  }

  it('reads a refund IPN as a refund update', () => {
    expect(readIpn()).toEqual({
      ok: true,
      kind: 'refund',
      update: {
        orderReference: 'pay_1',
        refundReference: 'pay_1-r1',
        gatewayRefundId: '1796',
        status: 'succeeded',
        gatewayStatus: 'success',
        amount: { value: '10.00', currency: 'USD' },
      },
    })
  })

  // Acknowledged, a refund IPN settles the refund: one whose amount cannot be read is answered
  // `fail` (Pockyt sends it again) rather than taken on trust.
  it('refuses a refund IPN whose refundAmount it cannot read', () => {
    expect(readIpn({ refundAmount: 'ten' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('refundAmount'),
    })
  })

  // pockyt.md §2.6 names two kinds, payment and refund. An IPN of any other (a dispute's, say)
  // is not the payment's, whatever its status.
  it('reads an IPN as the payment only when its transactionType is payment or missing', () => {
    const payment = {
      ok: true,
      kind: 'payment',
      update: expect.objectContaining({ status: 'succeeded' }),
    }
    expect(readIpn({ transactionType: 'payment' })).toEqual(payment)
    expect(readIpn({ transactionType: '' })).toEqual(payment)
    expect(readIpn({ transactionType: 'dispute' })).toEqual({
      ok: true,
      kind: 'ignored',
      reason: 'Pockyt dispute IPNs are not used',
    })
  })

  /** A tran-query or refund answer about `reference`, as Pockyt words one. */
  const answerAbout = (reference: string, fields: Record<string, string> = {}) => ({
    ret_code: '000100',
    ret_msg: 'success',
    result: {
      amount: '25.00',
      currency: 'USD',
      settleCurrency: 'USD',
      reference,
      status: 'success',
      transactionNo: '297553638300708562',
      ...fields,
    },
  })
  const notPockyts = [
    'not json',
    '<html><body>502 Bad Gateway</body></html>',
    '{"ret_code":"000100"}',
  ]

  // The handler closes a payment (a cancel, an expiry) only once tran-query has said it is not
  // paid, and a query that throws keeps it open. An answer about another order, or one that is not
  // Pockyt's, says nothing about this payment: taken as no news, the order would be closed blind.
  it('takes a tran-query answer about this payment only, and reads an unknown reference as no news', async () => {
    const { record } = startInput('pay_mine')
    const query = (answer: string | object) =>
      createPockytAdapter(options(), answering(answer)).query?.(record)
    expect(await query(answerAbout('pay_mine', { transactionType: 'payment' }))).toMatchObject({
      orderReference: 'pay_mine',
      status: 'succeeded',
    })
    expect(await query({ ret_code: '000021', ret_msg: 'no related record' })).toBeUndefined()
    for (const answer of [answerAbout('pay_other'), ...notPockyts]) {
      await expect(query(answer)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
    }
  })

  // 000021 is the only refusal that says something of the payment: Pockyt has no transaction for
  // it. A system error or an upstream one says nothing, and a cancel must not close it blind.
  it.each([
    ['000000', 'System error'],
    ['000080', 'Upstream supplier error'],
  ])('leaves the payment unknown when tran-query answers %s (%s)', async (code, message) => {
    const adapter = createPockytAdapter(options(), answering({ ret_code: code, ret_msg: message }))
    await expect(adapter.query?.(startInput('pay_mine').record)).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
  })

  // A refund the gateway refused counts no more against what is left to refund; one whose outcome
  // is unknown keeps counting until Pockyt's IPN settles it, so nothing is refunded twice.
  it('calls a refund refused only on a ret_code refusal, and unknown on an answer it cannot take', async () => {
    const { record } = startInput('pay_mine')
    const refund = (answer: string | object) =>
      createPockytAdapter(options(), answering(answer)).refund?.(record, {
        reference: 'pay_mine-r1',
        amount: { value: '10.00', currency: 'USD' },
        notifyUrl: 'http://merchant.test/notify/pockyt',
      })
    const refunded = {
      refundAmount: '10.00',
      refundReference: 'pay_mine-r1',
      refundTransactionNo: '1796',
    }
    expect(await refund(answerAbout('pay_mine', refunded))).toMatchObject({
      orderReference: 'pay_mine',
      status: 'succeeded',
      gatewayRefundId: '1796',
    })
    await expect(
      refund({ ret_code: '000040', ret_msg: 'balance insufficient' }),
    ).rejects.toMatchObject({ code: 'GATEWAY_REJECTED' })
    // A system or upstream error, or a code pockyt.md §2.10 does not list, may have refunded.
    const mayHaveRefunded = [
      { ret_code: '000000', ret_msg: 'System error' },
      { ret_code: '000080', ret_msg: 'Upstream supplier error' },
      { ret_code: '000099', ret_msg: 'Something new' },
    ]
    for (const answer of [answerAbout('pay_other', refunded), ...notPockyts, ...mayHaveRefunded]) {
      await expect(refund(answer)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
    }
  })

  // Pockyt answers a request whose verifySign does not match with the system error's code (§2.10);
  // it acted on nothing it could not authenticate. Left unknown, the refund would stay processing
  // for good (no IPN comes for it) and its amount could never be refunded through the kit again.
  it('calls a refund refused when Pockyt could not verify its verifySign', async () => {
    const { record } = startInput('pay_mine')
    const adapter = createPockytAdapter(
      options(),
      answering({ ret_code: '000000', retMsg: 'data error : verifySign' }),
    )
    await expect(
      adapter.refund?.(record, {
        reference: 'pay_mine-r1',
        amount: { value: '10.00', currency: 'USD' },
        notifyUrl: 'http://merchant.test/notify/pockyt',
      }),
    ).rejects.toMatchObject({ code: 'GATEWAY_REJECTED' })
  })

  describe('an IPN with an empty field ([U] whether Pockyt signs `name=&`)', () => {
    const fields = {
      transactionNo: '1795',
      status: 'success',
      amount: '25.00',
      currency: 'USD',
      settleCurrency: 'USD',
      reference: 'pay_1',
      time: '20250101120000',
      note: '',
    }
    const signedBy = (emptyValues: 'include' | 'skip') =>
      pockyt.buildIpn(fields, credentials.token, { emptyValues }).body
    const payment = {
      ok: true,
      kind: 'payment',
      update: expect.objectContaining({ status: 'succeeded' }),
    }

    it('is genuine signed either way by default, as the SDKs disagree and the rule is unverified', () => {
      const adapter = createPockytAdapter(options(), transport)
      const form = 'application/x-www-form-urlencoded'
      expect(adapter.readNotification(signedBy('include'), form)).toEqual(payment)
      expect(adapter.readNotification(signedBy('skip'), form)).toEqual(payment)
    })

    it('is genuine only under the rule signEmptyValues names, when it names one', () => {
      const form = 'application/x-www-form-urlencoded'
      const skip = createPockytAdapter({ ...options(), signEmptyValues: 'skip' }, transport)
      expect(skip.readNotification(signedBy('skip'), form)).toEqual(payment)
      expect(skip.readNotification(signedBy('include'), form)).toMatchObject({ ok: false })
      const include = createPockytAdapter({ ...options(), signEmptyValues: 'include' }, transport)
      expect(include.readNotification(signedBy('include'), form)).toEqual(payment)
      expect(include.readNotification(signedBy('skip'), form)).toMatchObject({ ok: false })
    })
  })

  it('acknowledges with exactly `success`, and refuses with something else', async () => {
    const adapter = createPockytAdapter(options(), transport)
    const yes = adapter.acknowledgement(true)
    expect(yes.status).toBe(200)
    expect(yes.headers.get('content-type')).toBe('text/plain')
    expect(await yes.text()).toBe('success')
    const no = adapter.acknowledgement(false)
    expect(no.status).toBe(400)
    expect(await no.text()).toBe('fail')
  })

  it('pays without registering a customer Pockyt would refuse, unless registration is required', async () => {
    const order: ResolvedOrder = {
      amount: { value: '25.00', currency: 'USD' },
      customer: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        // A US address needs a state for customers/create.
        address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      },
    }
    const reference = `pay_${crypto.randomUUID().slice(0, 8)}`
    const lenient = createPockytAdapter(options(), transport)
    const started = await lenient.start(startInput(reference, { order }))
    expect(started.status).toBe('requires_action')
    expect(started.gatewayData).toBeUndefined()

    const strict = createPockytAdapter({ ...options(), registerCustomer: true }, transport)
    await expect(strict.start(startInput(`${reference}b`, { order }))).rejects.toMatchObject({
      code: 'ORDER_DETAILS_INVALID',
      message: "Pockyt cannot take this order's details. Please contact the shop.",
      cause: { message: expect.stringMatching(/state.*Fix what resolveOrder answers\.$/) },
    })
  })

  // Registration only helps Pockyt's fraud checks: with customers/create down (a 5xx, no answer),
  // every Pockyt payment failed as unanswered though secure-pay worked.
  it('pays without a customer when customers/create does not answer, as when it refuses one', async () => {
    const order = orders[addOrder()] as ResolvedOrder
    const customersDown = {
      ...transport,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        String(input).endsWith('/v1/customers/create')
          ? new Response('Service Unavailable', { status: 503 })
          : globalThis.fetch(input, init)) as typeof globalThis.fetch,
    }
    const reference = `pay_${crypto.randomUUID().slice(0, 8)}`
    const started = await createPockytAdapter(options(), customersDown).start(
      startInput(reference, { order }),
    )
    expect(started).toMatchObject({ status: 'requires_action', action: { type: 'redirect' } })
    expect(started.gatewayData).toBeUndefined()
  })

  it('insists on a customer when registerCustomer is true', async () => {
    const adapter = createPockytAdapter({ ...options(), registerCustomer: true }, transport)
    await expect(adapter.start(startInput('pay_no_customer'))).rejects.toMatchObject({
      code: 'ORDER_DETAILS_INVALID',
      status: 500,
      cause: { message: expect.stringContaining('registerCustomer: true') },
    })
  })
})
