import type { NextAction, PaymentSession } from '@checkout-kit/core'
import { oceanpayment } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { CheckoutError } from '../checkoutError.ts'
import { type CheckoutHandler, createCheckoutHandler } from '../createCheckoutHandler.ts'
import type { PaymentRecord } from '../paymentRecord.ts'
import { adapterStartInput } from '../testing/adapterStartInput.ts'
import { serveCheckout } from '../testing/serveCheckout.ts'
import type { ResolvedOrder, StartInput } from './gatewayAdapter.ts'
import { createOceanpaymentAdapter, type OceanpaymentOptions } from './oceanpaymentAdapter.ts'

// End to end over real HTTP: the handler with this adapter, served on loopback, against the
// emulator's Oceanpayment (sendTrade, the cashier, the signed backUrl form and the XML notices).

const credentials: oceanpayment.OceanpaymentCredentials = oceanpayment.testCredentials
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
      address: { line1: '1 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    },
    items: [{ name: 'Difference Engine', quantity: 1, unitPrice: '25.00', sku: 'DE-1' }],
    ...overrides,
  }
  return orderId
}

interface Shop {
  handler: CheckoutHandler
  api: string
  close(): Promise<void>
}

let emulator: RunningEmulator
let shopServer: Shop
const warnings: string[] = []
/** What the handler logged as errors, with their details. */
const errors: { message: string; details?: Record<string, unknown> }[] = []

/** The real handler, served on loopback, with Oceanpayment pointed at the emulator. */
async function startShop(options: Partial<OceanpaymentOptions> = {}): Promise<Shop> {
  const { server, api, mount } = await serveCheckout()
  const handler = createCheckoutHandler({
    publicUrl: api,
    resolveOrder: (orderId) => orders[orderId],
    gateways: {
      oceanpayment: { ...credentials, baseUrl: `${emulator.url}/oceanpayment`, ...options },
    },
    allowedReturnOrigins: [shop],
    queryAfterMs: 50,
    logger: {
      info: () => {},
      warn: (message) => warnings.push(message),
      error: (message, details) => errors.push({ message, ...(details ? { details } : {}) }),
    },
  })
  mount(handler)
  return {
    handler,
    api,
    async close() {
      await handler.close()
      await server.close()
    },
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 })
  shopServer = await startShop()
})

afterAll(async () => {
  await shopServer.close()
  await emulator.close()
})

beforeEach(() => {
  emulator.reset()
  warnings.length = 0
  errors.length = 0
})

const waitOptions = { timeout: 3000, interval: 20 }

function createPayment(orderId: string, target = shopServer): Promise<Response> {
  return fetch(`${target.api}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      gateway: 'oceanpayment',
      flow: 'hosted-redirect',
      orderId,
      returnUrl: `${shop}/result`,
    }),
  })
}

async function start(orderId = addOrder(), target = shopServer) {
  const response = await createPayment(orderId, target)
  expect(response.status).toBe(201)
  const session = (await response.json()) as PaymentSession
  expect(session.status).toBe('requires_action')
  return session
}

/** A started sendTrade payment and its pay_url. */
async function startSendTrade(orderId = addOrder()) {
  const session = await start(orderId)
  const action = session.action
  if (action?.type !== 'redirect' || action.method !== 'GET') {
    throw new Error(`Expected a GET redirect, got ${JSON.stringify(action)}`)
  }
  return { session, payUrl: action.url }
}

async function sessionOf(id: string, target = shopServer): Promise<PaymentSession> {
  const response = await fetch(`${target.api}/payments/${id}`)
  expect(response.status).toBe(200)
  return (await response.json()) as PaymentSession
}

async function recordOf(id: string, target = shopServer): Promise<PaymentRecord> {
  const record = await target.handler.getPayment(id)
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

function formPost(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** Opens the cashier and presses Pay (with a card) or Cancel; answers the hand-over page. */
async function onCashier(payUrl: string, choice: { card: string } | 'cancel'): Promise<string> {
  const page = await fetch(payUrl)
  expect(page.status).toBe(200)
  const html = await page.text()
  const attribute = choice === 'cancel' ? 'formaction' : 'action'
  const target = new RegExp(`\\b${attribute}="([^"]*)"`).exec(html)?.[1]
  if (!target) throw new Error(`The cashier page has no ${attribute}`)
  const answer = await formPost(
    unescapeHtml(target),
    choice === 'cancel'
      ? {}
      : {
          cardNumber: choice.card,
          expiry: '12/30',
          securityCode: '123',
          cardholderName: 'Ada Lovelace',
        },
  )
  expect(answer.status).toBe(200)
  return answer.text()
}

/** The result form the hand-over page makes the browser POST to backUrl. */
function returnForm(page: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(page)
  if (!form) throw new Error('The page has no form')
  const fields: Record<string, string> = {}
  for (const input of (form[2] ?? '').matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
  )) {
    fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '')
  }
  return { action: unescapeHtml(/\baction="([^"]*)"/.exec(form[1] ?? '')?.[1] ?? ''), fields }
}

/** Posts the result form to backUrl, as the browser does; the handler sends it to the shop. */
async function postBack(form: { action: string; fields: Record<string, string> }, id: string) {
  const back = await formPost(form.action, form.fields)
  expect(back.status).toBe(303)
  expect(back.headers.get('location')).toBe(`${shop}/result?paymentId=${id}`)
}

async function settled(id: string, status: PaymentSession['status'], target = shopServer) {
  return vi.waitFor(async () => {
    const session = await sessionOf(id, target)
    expect(session.status).toBe(status)
    return session
  }, waitOptions)
}

async function dropNextNotification(): Promise<void> {
  const control = await fetch(`${emulator.url}/__emulator/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'drop' }),
  })
  expect(control.status).toBe(200)
}

/** A transaction notice of this merchant's for 25.00 USD, signed with `secureCode`. */
function noticeXml(
  fields: Pick<oceanpayment.NoticeInput, 'order_number' | 'payment_status' | 'payment_details'>,
  secureCode = credentials.secureCode,
): string {
  return oceanpayment.buildNoticeXml(
    {
      account: credentials.account,
      terminal: credentials.terminal,
      order_currency: 'USD',
      order_amount: '25.00',
      payment_id: '1',
      payment_authType: '0',
      ...fields,
    },
    secureCode,
  )
}

function postNotice(target: Shop, notice: string): Promise<Response> {
  return fetch(`${target.api}/notify/oceanpayment`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: notice,
  })
}

const hasEntry = (record: PaymentRecord, kind: PaymentRecord['timeline'][number]['kind']) =>
  record.timeline.some((entry) => entry.kind === kind)

describe('Oceanpayment sendTrade through the handler', () => {
  it('redirects to pay_url, verifies the backUrl post and succeeds (notice too)', async () => {
    const { session, payUrl } = await startSendTrade()
    expect(new URL(payUrl).origin).toBe(emulator.url)
    const record = await recordOf(session.id)
    expect(emulator.state.payments.get(record.gatewayTransactionId ?? '')?.orderReference).toBe(
      session.id,
    )

    const form = returnForm(await onCashier(payUrl, { card: approveCard }))
    expect(form.action).toBe(`${shopServer.api}/return/oceanpayment?paymentId=${session.id}`)
    await postBack(form, session.id)
    const paid = await settled(session.id, 'succeeded')
    expect(paid.failure).toBeUndefined()
    await vi.waitFor(async () => {
      const current = await recordOf(session.id)
      expect(hasEntry(current, 'notification')).toBe(true)
    }, waitOptions)
    expect(warnings).toEqual([])
  })

  it('sends the order, the shopper and the products to Oceanpayment', async () => {
    const { session } = await startSendTrade()
    const record = await recordOf(session.id)
    const emulated = emulator.state.payments.get(record.gatewayTransactionId ?? '')
    expect(emulated).toMatchObject({
      orderReference: session.id,
      amount: { value: '25.00', currency: 'USD' },
      notifyUrl: `${shopServer.api}/notify/oceanpayment`,
      returnUrl: `${shopServer.api}/return/oceanpayment?paymentId=${session.id}`,
    })
  })

  it('fails a declined card with a message for the shopper', async () => {
    const { session, payUrl } = await startSendTrade()
    await postBack(returnForm(await onCashier(payUrl, { card: declineCard })), session.id)
    const failed = await settled(session.id, 'failed')
    expect(failed.failure?.message).toBeTruthy()
  })

  it('does not succeed when the shopper cancels on the cashier', async () => {
    const { session, payUrl } = await startSendTrade()
    await postBack(returnForm(await onCashier(payUrl, 'cancel')), session.id)
    const cancelled = await vi.waitFor(async () => {
      const current = await sessionOf(session.id)
      expect(current.status).not.toBe('requires_action')
      return current
    }, waitOptions)
    expect(cancelled.status).not.toBe('succeeded')
  })

  // What the demo storefront offers a shopper back from the cashier who pays another way.
  it('gives up an attempt the shopper left on the cashier, and the order is paid anew', async () => {
    const orderId = addOrder()
    const { session: left } = await startSendTrade(orderId)
    expect((await createPayment(orderId)).status).toBe(409)
    const cancelled = await fetch(`${shopServer.api}/payments/${left.id}/cancel`, {
      method: 'POST',
    })
    expect(await cancelled.json()).toMatchObject({ id: left.id, status: 'cancelled' })
    const { session, payUrl } = await startSendTrade(orderId)
    await postBack(returnForm(await onCashier(payUrl, { card: approveCard })), session.id)
    await settled(session.id, 'succeeded')
    expect((await sessionOf(left.id)).status).toBe('cancelled')
  })

  it('ignores a backUrl post with a tampered field', async () => {
    await dropNextNotification()
    const { session, payUrl } = await startSendTrade()
    const form = returnForm(await onCashier(payUrl, { card: declineCard }))
    // The shopper turns the decline into a success before posting it back.
    form.fields.payment_status = '1'
    form.fields.payment_details = '80000:Transaction Approved'
    await postBack(form, session.id)
    expect((await sessionOf(session.id)).status).toBe('requires_action')
    const record = await recordOf(session.id)
    expect(record.timeline.some((entry) => entry.summary.includes('unverifiable'))).toBe(true)
    expect(warnings).toContain('Return rejected: not genuine')
  })

  /**
   * The signature covers the fields' values concatenated with no separator, so moving the
   * boundaries between neighbouring signed fields keeps it valid. The shopper takes a '1' out of
   * the masked card number or payment id and makes it the payment status.
   */
  function resplitAsSuccess(fields: Record<string, string>): void {
    const tail = [
      'card_number',
      'payment_id',
      'payment_authType',
      'payment_status',
      'payment_details',
    ]
    const joined = tail.map((name) => fields[name] ?? '').join('')
    const one = joined.indexOf('1')
    expect(one).toBeGreaterThanOrEqual(0)
    Object.assign(fields, {
      card_number: joined.slice(0, one),
      payment_id: '',
      payment_authType: '',
      payment_status: '1',
      payment_details: joined.slice(one + 1),
    })
  }

  it('ignores a declined backUrl post whose signed fields were re-split to read payment_status 1', async () => {
    await dropNextNotification()
    const { session, payUrl } = await startSendTrade()
    const form = returnForm(await onCashier(payUrl, { card: declineCard }))
    expect(form.fields.payment_status).toBe('0')
    resplitAsSuccess(form.fields)
    // Still "genuine" by the §3.6 rule:
    expect(oceanpayment.verifyResult(form.fields, credentials.secureCode)).toBe(true)
    await postBack(form, session.id)
    expect((await sessionOf(session.id)).status).not.toBe('succeeded')
  })

  it('keeps a declined payment failed when a re-split backUrl post arrives after the genuine notice', async () => {
    const { session, payUrl } = await startSendTrade()
    const form = returnForm(await onCashier(payUrl, { card: declineCard }))
    await settled(session.id, 'failed')
    resplitAsSuccess(form.fields)
    await postBack(form, session.id)
    expect((await sessionOf(session.id)).status).toBe('failed')
  })

  it('ignores a genuine result of another payment posted to this payment’s return', async () => {
    const paid = await startSendTrade()
    const genuine = returnForm(await onCashier(paid.payUrl, { card: approveCard }))
    const other = await startSendTrade()
    await postBack(
      {
        action: `${shopServer.api}/return/oceanpayment?paymentId=${other.session.id}`,
        fields: genuine.fields,
      },
      other.session.id,
    )
    expect((await sessionOf(other.session.id)).status).toBe('requires_action')
  })

  it('answers a forged notice with receive-ok and changes nothing', async () => {
    const { session } = await startSendTrade()
    const notice = noticeXml(
      {
        order_number: session.id,
        payment_status: '1',
        payment_details: '80000:Transaction Approved',
      },
      'not-the-secure-code',
    )
    const answer = await postNotice(shopServer, notice)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe(oceanpayment.acknowledgement)
    expect((await sessionOf(session.id)).status).toBe('requires_action')
    expect(warnings).toContain('Notification rejected: not genuine')
  })

  it('asks the merchant, in the log, for customer details when the order has none', async () => {
    const response = await createPayment(addOrder({ customer: undefined }))
    // The shopper's request was fine: the merchant's order data is at fault, and only the log
    // says how to fix it.
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      error: {
        code: 'ORDER_DETAILS_INVALID',
        message: "Oceanpayment cannot take this order's details. Please contact the shop.",
      },
    })
    expect(errors).toEqual([
      {
        message: "Oceanpayment cannot take this order's details. Please contact the shop.",
        details: {
          gateway: 'oceanpayment',
          paymentId: expect.stringMatching(/^pay_/),
          orderId: expect.any(String),
          cause: expect.stringMatching(
            /^Error: Oceanpayment needs the shopper’s name, email and billing address: .* Fix what resolveOrder answers\.$/,
          ),
        },
      },
    ])
  })

  const customerAt = (address: { postalCode: string; state?: string }) => ({
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    address: { line1: '1 Main St', city: 'Springfield', country: 'US', ...address },
  })
  it.each([
    [
      'a postal code left empty',
      { customer: customerAt({ postalCode: '', state: 'IL' }) },
      'customer.address.postalCode (input.billing.zip) is required: pass a non-empty string',
    ],
    [
      'a US address without its state',
      { customer: customerAt({ postalCode: '62701' }) },
      'customer.address.state (input.billing.state) is required when the billing country is US: pass the state or province',
    ],
    [
      'an order line of no quantity',
      { items: [{ name: 'Difference Engine', quantity: 0, unitPrice: '25.00' }] },
      'items[0].quantity (input.products[0].quantity) must be a positive whole number, e.g. 1',
    ],
  ] satisfies [string, Partial<ResolvedOrder>, string][])(
    "logs %s by resolveOrder's name for it, the builder's after it",
    async (_, order, problem) => {
      const response = await createPayment(addOrder(order))
      expect(response.status).toBe(500)
      expect(errors).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({
            cause: `Error: Oceanpayment cannot take this order: ${problem}. Fix what resolveOrder answers.`,
          }),
        }),
      ])
    },
  )

  it('leaves refunds to the back office', async () => {
    const { session } = await startSendTrade()
    await expect(shopServer.handler.refund({ paymentId: session.id })).rejects.toMatchObject({
      code: 'REFUND_NOT_ALLOWED',
    })
  })
})

describe('Oceanpayment form-post variant through the handler', () => {
  let formShop: Shop
  beforeAll(async () => {
    formShop = await startShop({ variant: 'form-post' })
  })
  afterAll(() => formShop.close())

  it('answers a signed POST redirect that the gateway accepts, then succeeds', async () => {
    const session = await start(addOrder(), formShop)
    const action = session.action as Extract<NextAction, { method: 'POST' }>
    expect(action).toMatchObject({
      type: 'redirect',
      method: 'POST',
      url: `${emulator.url}/oceanpayment/gateway/service/pay`,
    })
    expect(action.fields).toMatchObject({
      account: credentials.account,
      terminal: credentials.terminal,
      order_number: session.id,
      order_amount: '25.00',
      order_currency: 'USD',
      backUrl: `${formShop.api}/return/oceanpayment?paymentId=${session.id}`,
      noticeUrl: `${formShop.api}/notify/oceanpayment`,
    })
    expect(oceanpayment.verifyRequest(action.fields, credentials.secureCode)).toBe(true)
    expect(JSON.stringify(session)).not.toContain(credentials.secureCode)

    // The browser posts the form; the gateway sends it on to its cashier.
    const posted = await formPost(action.url, action.fields)
    expect(posted.status).toBe(303)
    const payUrl = new URL(posted.headers.get('location') ?? '', action.url).toString()
    await postBack(returnForm(await onCashier(payUrl, { card: approveCard })), session.id)
    await settled(session.id, 'succeeded', formShop)
  })

  // Back from the cashier and Pay again: the browser posts the same form, and Oceanpayment refuses
  // the order number with 20061. That says nothing of the order's own payment, which Oceanpayment
  // cannot be asked about: read as `processing`, it could then be neither cancelled nor expired,
  // and the order never paid.
  it('leaves the payment as it was on a 20061 result of the form posted again', async () => {
    const orderId = addOrder()
    const session = await start(orderId, formShop)
    const action = session.action as Extract<NextAction, { method: 'POST' }>
    expect((await formPost(action.url, action.fields)).status).toBe(303)
    const again = await formPost(action.url, action.fields)
    expect(again.status).toBe(409)
    await postBack(returnForm(await again.text()), session.id)
    expect((await sessionOf(session.id, formShop)).status).toBe('requires_action')
    const cancelled = await fetch(`${formShop.api}/payments/${session.id}/cancel`, {
      method: 'POST',
    })
    expect(await cancelled.json()).toMatchObject({ id: session.id, status: 'cancelled' })
    expect((await createPayment(orderId, formShop)).status).toBe(201)
  })

  it('leaves the payment as it was on a 20061 notice', async () => {
    const session = await start(addOrder(), formShop)
    const notice = noticeXml({
      order_number: session.id,
      payment_status: '0',
      payment_details: '20061:Duplicate order number',
    })
    const answer = await postNotice(formShop, notice)
    expect(await answer.text()).toBe('receive-ok')
    expect((await sessionOf(session.id, formShop)).status).toBe('requires_action')
  })
})

describe('Oceanpayment adapter', () => {
  const transport = { fetch: globalThis.fetch, timeoutMs: 5000 }
  const options = (): OceanpaymentOptions => ({
    ...credentials,
    baseUrl: `${emulator.url}/oceanpayment`,
  })

  function startInput(reference: string): StartInput {
    const order = orders[addOrder()] as ResolvedOrder
    return adapterStartInput('oceanpayment', 'hosted-redirect', reference, { order })
  }

  /** A sendTrade answer for `reference`, signed with `secureCode`. */
  function tradeResponse(
    reference: string,
    secureCode: string,
    overrides: Partial<oceanpayment.TradeResponseInput> = {},
  ): string {
    return oceanpayment.buildTradeResponseXml(
      {
        account: credentials.account,
        terminal: credentials.terminal,
        order_number: reference,
        order_currency: 'USD',
        order_amount: '25.00',
        order_notes: '',
        payment_id: '42',
        pay_url: 'https://cashier.example/pay/42',
        pay_results: '1',
        pay_details: '80000:Transaction Approved',
        ...overrides,
      },
      secureCode,
    )
  }

  const answering = (xml: string) => ({
    ...transport,
    fetch: async () => new Response(xml, { headers: { 'content-type': 'application/xml' } }),
  })

  it('fails a resubmitted order as a duplicate', async () => {
    const adapter = createOceanpaymentAdapter(options(), transport)
    const input = startInput(`pay_${crypto.randomUUID().slice(0, 8)}`)
    expect((await adapter.start(input)).status).toBe('requires_action')
    const again = await adapter.start(input)
    expect(again.status).toBe('failed')
    expect(again.failure).toMatchObject({ code: 'duplicate_order', gatewayCode: '20061' })
  })

  it('distrusts a sendTrade answer whose signature does not match, unless told not to check', async () => {
    const forged = tradeResponse('pay_sig', 'not-the-secure-code')
    const checking = createOceanpaymentAdapter(options(), answering(forged))
    const error = await checking.start(startInput('pay_sig')).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(CheckoutError)
    expect((error as CheckoutError).code).toBe('GATEWAY_UNAVAILABLE')

    const trusting = createOceanpaymentAdapter(
      { ...options(), verifyTradeResponseSignature: false },
      answering(forged),
    )
    expect(await trusting.start(startInput('pay_sig'))).toEqual({
      status: 'requires_action',
      action: { type: 'redirect', url: 'https://cashier.example/pay/42', method: 'GET' },
      gatewayTransactionId: '42',
    })
  })

  it.each([
    ['about another order', tradeResponse('pay_other', credentials.secureCode)],
    [
      'for another amount',
      tradeResponse('pay_mine', credentials.secureCode, { order_amount: '0.01' }),
    ],
    // The shopper is sent to pay_url: a javascript: URL would run on the shop's page.
    [
      'with a pay_url that is no web address',
      tradeResponse('pay_mine', credentials.secureCode, { pay_url: 'javascript:alert(1)' }),
    ],
  ])('distrusts a signed answer %s', async (_case, xml) => {
    const adapter = createOceanpaymentAdapter(options(), answering(xml))
    await expect(adapter.start(startInput('pay_mine'))).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
  })

  it('ignores notices that are not about a transaction', () => {
    const adapter = createOceanpaymentAdapter(options(), transport)
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><response><notice_type>refund</notice_type>' +
      '<order_number>pay_1</order_number></response>'
    expect(adapter.readNotification(xml, 'application/xml')).toMatchObject({
      ok: true,
      kind: 'ignored',
    })
  })

  it('always acknowledges with receive-ok', async () => {
    const adapter = createOceanpaymentAdapter(options(), transport)
    for (const accepted of [true, false]) {
      const answer = adapter.acknowledgement(accepted)
      expect(answer.status).toBe(200)
      expect(await answer.text()).toBe('receive-ok')
    }
  })

  it('reads nothing from a return without a posted result', () => {
    const adapter = createOceanpaymentAdapter(options(), transport)
    const request = new Request('http://merchant.test/return/oceanpayment?paymentId=pay_1')
    expect(adapter.readReturn(request, '')).toEqual({ ok: true })
  })

  /** The fields of an approved result about payment pay_1, as a return posts and a notice sends them. */
  const approvedResultOfPay1 = {
    account: credentials.account,
    terminal: credentials.terminal,
    order_number: 'pay_1',
    order_currency: 'USD',
    order_amount: '25.00',
    payment_id: '42',
    payment_authType: '0',
    payment_status: '1',
    payment_details: '80000:Transaction Approved',
  }

  /** What the adapter reads from a genuine approved return posted for payment pay_1. */
  function readPostedReturn(fields: Partial<oceanpayment.ReturnInput>) {
    const adapter = createOceanpaymentAdapter(options(), transport)
    const signed = oceanpayment.buildReturnFields(
      {
        ...approvedResultOfPay1,
        ...fields,
      },
      credentials.secureCode,
    )
    const request = new Request('http://merchant.test/return/oceanpayment?paymentId=pay_1', {
      method: 'POST',
    })
    return adapter.readReturn(request, new URLSearchParams(signed).toString())
  }

  it('reads a genuine return about a retried reference of the payment (the handler binds it)', () => {
    expect(readPostedReturn({ order_number: 'pay_1-2' })).toMatchObject({
      ok: true,
      update: { orderReference: 'pay_1-2', status: 'succeeded' },
    })
  })

  it('refuses a result carrying order notes, which it never sends: they pin the signed text', () => {
    expect(readPostedReturn({ order_notes: '0' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/order notes/),
    })
  })

  // The terminal's secureCode verifies the sum, and the account is part of what it covers: a
  // result signed for this terminal under another account is still not this merchant's.
  it('refuses a result naming another terminal: only the one that took the payment verifies it', () => {
    expect(readPostedReturn({ terminal: '99514902' })).toMatchObject({ ok: false })
  })

  it("refuses a signed result naming another merchant's account", () => {
    expect(readPostedReturn({ account: '995150' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/account "995150"/),
    })
  })

  /** What the adapter reads from a genuine approved notice about payment pay_1. */
  function readNotice(fields: Partial<oceanpayment.NoticeInput>) {
    const adapter = createOceanpaymentAdapter(options(), transport)
    const xml = oceanpayment.buildNoticeXml(
      {
        ...approvedResultOfPay1,
        ...fields,
      },
      credentials.secureCode,
    )
    return adapter.readNotification(xml, 'application/xml')
  }

  it('holds a notice to the same checks as a return: this account, no order notes', () => {
    expect(readNotice({})).toMatchObject({
      ok: true,
      kind: 'payment',
      update: { orderReference: 'pay_1', status: 'succeeded' },
    })
    expect(readNotice({ account: '995150' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/account/),
    })
    expect(readNotice({ order_notes: '0' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/order notes/),
    })
  })

  it('publishes its flow, never its secureCode', () => {
    const adapter = createOceanpaymentAdapter(options(), transport)
    expect(adapter.publicConfig()).toEqual({ flows: ['hosted-redirect'] })
  })
})
