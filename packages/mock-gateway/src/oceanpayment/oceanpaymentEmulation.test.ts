import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encodeForm, oceanpayment } from '@checkout-kit/gateways'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EmulatedPayment } from '../model.ts'
import { pagesUrl } from '../pages/hostedPages.ts'
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from '../startEmulator.ts'
import { declineResults } from './oceanpaymentCodes.ts'

// Contract tests over real HTTP: requests come from the wire library's merchant-side builders and
// answers go through its verifying parsers, so builders, parsers and emulator must agree.

const credentials: oceanpayment.OceanpaymentCredentials = {
  account: '995149',
  terminal: '99514901',
  secureCode: '12345678',
}
const form = { 'content-type': 'application/x-www-form-urlencoded' }

interface ReceivedNotice {
  contentType: string
  body: string
}

/** A shop's server: records notices and answers `receive-ok`, or the replies queued first. */
async function startMerchant() {
  const notices: ReceivedNotice[] = []
  const replies: { status: number; body: string }[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/notice') {
        response.writeHead(404).end()
        return
      }
      notices.push({
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const reply = replies.shift() ?? { status: 200, body: oceanpayment.acknowledgement }
      response.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    notices,
    replies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let emulator: RunningEmulator
let merchant: Awaited<ReturnType<typeof startMerchant>>
let sequence = 0

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 })
  merchant = await startMerchant()
})

afterAll(async () => {
  await emulator.close()
  await merchant.close()
})

beforeEach(() => {
  emulator.reset()
  merchant.notices.length = 0
  merchant.replies.length = 0
})

function order(overrides: Partial<oceanpayment.TradeInput> = {}): oceanpayment.TradeInput {
  sequence += 1
  return {
    orderNumber: `OP-${Date.now()}-${sequence}`,
    amount: { value: '25.00', currency: 'USD' },
    backUrl: `${merchant.url}/return?shop=1&x=<y>`,
    noticeUrl: `${merchant.url}/notice`,
    orderNotes: 'gift & "wrap"',
    billing: {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      country: 'US',
      state: 'NY',
      city: 'New York',
      address: '1 Main St',
      zip: '10001',
      ip: '203.0.113.7',
    },
    ...overrides,
  }
}

async function postSendTrade(body: string, target: RunningEmulator = emulator) {
  const response = await fetch(`${target.url}/oceanpayment${oceanpayment.paths.sendTrade}`, {
    method: 'POST',
    headers: form,
    body,
  })
  return { response, xml: await response.text() }
}

async function sendTrade(input: oceanpayment.TradeInput, target: RunningEmulator = emulator) {
  const request = oceanpayment.buildSendTradeRequest(input, credentials)
  expect(request.contentType).toBe(form['content-type'])
  return postSendTrade(request.body, target)
}

async function createPayment(input = order(), target: RunningEmulator = emulator) {
  const { xml } = await sendTrade(input, target)
  const created = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
  if (!created.ok) throw new Error(`sendTrade refused: ${created.error.message}`)
  return created.value
}

function paymentOf(id: string, target: RunningEmulator = emulator): EmulatedPayment {
  const payment = target.state.payments.get(id)
  if (!payment) throw new Error(`The emulator has no payment ${id}`)
  return payment
}

function pay(paymentId: string, cardNumber: string) {
  return fetch(pagesUrl(emulator.context, paymentOf(paymentId), 'pay'), {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({
      cardNumber,
      expiry: '12/30',
      securityCode: '123',
      cardholderName: 'Ann Lee',
    }),
    redirect: 'manual',
  })
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** The result form a page makes the browser post, as the browser would read it. */
function readReturnForm(page: string) {
  const match = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(page)
  if (!match) throw new Error('The page has no form')
  const attributes = match[1] ?? ''
  const fields: Record<string, string> = {}
  for (const input of (match[2] ?? '').matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
  )) {
    fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '')
  }
  return {
    method: /\bmethod="([^"]*)"/.exec(attributes)?.[1],
    action: unescapeHtml(/\baction="([^"]*)"/.exec(attributes)?.[1] ?? ''),
    fields,
  }
}

/** Reads the result the page hands back to the shop, verified as the shop would. */
function verifiedReturn(page: string) {
  const returned = readReturnForm(page)
  expect(returned.method).toBe('post')
  const parsed = oceanpayment.parseReturn(returned.fields, credentials.secureCode)
  if (!parsed.ok) throw new Error(`Return form rejected: ${parsed.error.message}`)
  return { action: returned.action, ...parsed.value }
}

async function nextNotice(count = 1) {
  await vi.waitFor(() => expect(merchant.notices.length).toBeGreaterThanOrEqual(count), {
    timeout: 3000,
    interval: 5,
  })
  const notice = merchant.notices[count - 1] as ReceivedNotice
  const parsed = oceanpayment.parseNotice(notice.body, credentials.secureCode)
  if (!parsed.ok) throw new Error(`Notice rejected: ${parsed.error.message}`)
  if (parsed.value.kind !== 'transaction') throw new Error('Not a transaction notice')
  return { ...parsed.value, contentType: notice.contentType }
}

describe('Oceanpayment sendTrade', () => {
  it('answers signed <respon> XML with a pay_url under the gateway prefix', async () => {
    const input = order()
    const { response, xml } = await sendTrade(input)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^(application|text)\/xml\b/)
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<respon>/)
    const created = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
    expect(created.ok).toBe(true)
    if (!created.ok) return
    expect(created.value.payUrl.startsWith(`${emulator.url}/oceanpayment/`)).toBe(true)
    expect(created.value.orderReference).toBe(input.orderNumber)
    expect(created.value.amount).toEqual({ value: '25.00', currency: 'USD' })
    expect(created.value.fields.order_notes).toBe('gift & "wrap"')
    expect(created.value.fields.pay_results).toBe('1')

    const payment = paymentOf(created.value.paymentId)
    expect(payment).toMatchObject({
      gateway: 'oceanpayment',
      state: 'pending',
      orderReference: input.orderNumber,
      returnUrl: input.backUrl,
      notifyUrl: input.noticeUrl,
    })
    expect(payment.extra).toMatchObject({ order_notes: 'gift & "wrap"', methods: 'Credit Card' })
    // [U] 30 minutes to pay.
    const lifetime = Date.parse(payment.expiresAt) - Date.parse(payment.createdAt)
    expect(lifetime).toBe(30 * 60 * 1000)
  })

  it('refuses a wrong or tampered signValue with pay_results 0 and code 20003', async () => {
    const request = oceanpayment.buildSendTradeRequest(order(), credentials)
    const wrong = encodeForm({ ...request.message, signValue: '0'.repeat(64) })
    const tampered = encodeForm({ ...request.message, order_amount: '1.00' })
    for (const body of [wrong, tampered]) {
      const { response, xml } = await postSendTrade(body)
      expect(response.headers.get('content-type')).toMatch(/^(application|text)\/xml\b/)
      expect(xml).toContain('<pay_results>0</pay_results>')
      const refused = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
      expect(refused.ok).toBe(false)
      if (refused.ok) return
      expect(refused.error).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '20003' })
    }
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses unknown terminals, missing fields and unusable URLs, naming the problem', async () => {
    const refusal = async (body: string) => {
      const refused = oceanpayment.parseSendTradeResponse(
        (await postSendTrade(body)).xml,
        credentials.secureCode,
      )
      if (refused.ok) throw new Error('Expected a refusal')
      return refused.error
    }
    const other = { ...credentials, terminal: '99514999', secureCode: 'other' }
    expect(await refusal(oceanpayment.buildSendTradeRequest(order(), other).body)).toMatchObject({
      gatewayCode: '20001',
    })

    const { billing_email: _email, ...withoutEmail } = oceanpayment.buildSendTradeRequest(
      order(),
      credentials,
    ).message
    const missing = await refusal(encodeForm(withoutEmail))
    expect(missing.gatewayCode).toBe('20002')
    expect(missing.gatewayMessage).toContain('billing_email')

    const withoutIp = oceanpayment.buildPayForm(
      order({ billing: { ...order().billing, ip: undefined } }),
      credentials,
    ).fields
    const noIp = await refusal(encodeForm(withoutIp))
    expect(noIp.gatewayCode).toBe('20002')
    expect(noIp.gatewayMessage).toContain('billing_ip')

    const script = await refusal(
      oceanpayment.buildSendTradeRequest(order({ backUrl: 'javascript:alert(1)' }), credentials)
        .body,
    )
    const control = await refusal(
      oceanpayment.buildSendTradeRequest(order({ orderNotes: 'a\u0001b' }), credentials).body,
    )
    expect(control).toMatchObject({
      gatewayCode: '20002',
      gatewayMessage: expect.stringMatching(/order_notes/),
    })
    expect(script).toMatchObject({
      gatewayCode: '20002',
      gatewayMessage: expect.stringMatching(/backUrl/),
    })
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses a field longer than §3.2 allows with 20002, naming it', async () => {
    // §3.2: order_number, methods, billing names and email, billing_phone at most 50 characters;
    // backUrl and noticeUrl at most 500; account 6; terminal 8 to 12.
    const base = oceanpayment.buildSendTradeRequest(order(), credentials).message as Record<
      string,
      string
    >
    const resigned = (fields: Record<string, string>) => {
      const { signValue: _old, ...unsigned } = fields
      return encodeForm({
        ...unsigned,
        signValue: oceanpayment.signRequest(unsigned, credentials.secureCode),
      })
    }
    const long = (length: number) => 'x'.repeat(length)
    for (const [name, value] of [
      ['order_number', `OP-${long(48)}`],
      ['methods', long(51)],
      ['billing_firstName', long(51)],
      ['billing_lastName', long(51)],
      ['billing_email', `${long(45)}@example.com`],
      ['billing_phone', '1'.repeat(51)],
      ['backUrl', `${merchant.url}/return?pad=${long(500)}`],
      ['noticeUrl', `${merchant.url}/notice?pad=${long(500)}`],
    ] as const) {
      const { xml } = await postSendTrade(resigned({ ...base, [name]: value }))
      const refused = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
      expect(refused).toMatchObject({
        ok: false,
        error: { gatewayCode: '20002', gatewayMessage: expect.stringContaining(name) },
      })
    }
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses a US or CA billing address without billing_state with 20002', async () => {
    // §3.2: billing_state is C, "required for US/CA etc.".
    const base = oceanpayment.buildSendTradeRequest(order(), credentials).message as Record<
      string,
      string
    >
    const { billing_state: _state, ...stateless } = base
    for (const country of ['US', 'CA']) {
      const { xml } = await postSendTrade(encodeForm({ ...stateless, billing_country: country }))
      expect(oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)).toMatchObject({
        ok: false,
        error: { gatewayCode: '20002', gatewayMessage: expect.stringContaining('billing_state') },
      })
    }
    expect(emulator.state.payments.size).toBe(0)
    const { xml } = await postSendTrade(encodeForm({ ...stateless, billing_country: 'DE' }))
    expect(oceanpayment.parseSendTradeResponse(xml, credentials.secureCode).ok).toBe(true)
  })

  it('refuses an order_number used before with 20061, keeping the first payment', async () => {
    const input = order()
    const first = await createPayment(input)
    const { xml } = await sendTrade(input)
    const again = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
    expect(again.ok).toBe(false)
    if (again.ok) return
    expect(again.error.gatewayCode).toBe(oceanpayment.duplicateOrderCode)
    expect(emulator.state.payments.size).toBe(1)
    expect(paymentOf(first.paymentId).state).toBe('pending')
  })
})

describe('Oceanpayment cashier and browser return', () => {
  it('takes a card on pay_url, posts the signed result to backUrl and notifies in XML', async () => {
    const input = order()
    const created = await createPayment(input)
    const cashier = await fetch(created.payUrl)
    expect(cashier.status).toBe(200)
    const cashierHtml = await cashier.text()
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
      expect(cashierHtml).toContain(label)
    }
    const payment = paymentOf(created.paymentId)
    expect(cashierHtml).toContain(`action="${pagesUrl(emulator.context, payment, 'pay')}"`)

    const answer = await pay(created.paymentId, '4111111111111111')
    expect(answer.status).toBe(200)
    const page = await answer.text()
    expect(page).toContain('<button type="submit">Return to the shop</button>')
    expect(page).toMatch(/<script nonce="[0-9a-f]+">/)
    // Merchant values are escaped: the backUrl's `<y>` never becomes markup.
    expect(page).not.toContain('<y>')

    const returned = verifiedReturn(page)
    expect(returned.action).toBe(input.backUrl)
    expect(returned.update).toMatchObject({
      status: 'succeeded',
      orderReference: input.orderNumber,
      gatewayTransactionId: created.paymentId,
      amount: { value: '25.00', currency: 'USD' },
    })
    expect(returned.fields).toMatchObject({
      response_type: '0',
      payment_status: '1',
      payment_details: '80000:Transaction Approved',
      payment_authType: '0',
      card_number: '411111***1111',
      order_notes: 'gift & "wrap"',
      methods: 'Credit Card',
    })

    const notice = await nextNotice()
    expect(notice.contentType).toMatch(/^application\/xml/)
    expect(notice.fields).toMatchObject({ notice_type: 'transaction', response_type: '1' })
    expect(notice.update).toMatchObject({
      status: 'succeeded',
      gatewayTransactionId: created.paymentId,
    })
    expect(notice.details).toEqual({ code: '80000', description: 'Transaction Approved' })

    // Only the masked number is kept.
    expect(JSON.stringify([...emulator.state.payments.values()])).not.toContain('4111111111111111')
    expect(paymentOf(created.paymentId).state).toBe('succeeded')
  })

  // order_notes is the merchant's own text, echoed back and signed (§3.2, §3.6). The re-split guard
  // in parseReturn must not refuse a genuine result because the notes hold a ':' (a time, a
  // label): the caller pins the merchant's fields by comparing them with what it sent.
  it.each(['Deliver after 10:00', 'ref: 12'])(
    'a genuine approved result of an order noted %j is read',
    async (orderNotes) => {
      // The builder takes the notes as they are: nothing says they make every result unreadable.
      const created = await createPayment(order({ orderNotes }))
      const { fields } = readReturnForm(
        await (await pay(created.paymentId, '4111111111111111')).text(),
      )
      // Genuine: the gateway signed it by the §3.6 rule.
      expect(oceanpayment.verifyResult(fields, credentials.secureCode)).toBe(true)
      expect(fields.order_notes).toBe(orderNotes)

      const parsed = oceanpayment.parseReturn(fields, credentials.secureCode)
      expect(parsed.ok ? parsed.value.update.status : parsed.error.message).toBe('succeeded')
      // Its notice is taken here, so the next test's is not this one.
      await nextNotice()
    },
  )

  it('returns payment_status 0 with the decline code for a declined card', async () => {
    const created = await createPayment()
    const returned = verifiedReturn(await (await pay(created.paymentId, '4000000000000002')).text())
    expect(returned.fields.payment_status).toBe('0')
    expect(returned.details.code).toBe(declineResults.declined.code)
    expect(returned.fields.payment_solutions).not.toBe('')
    expect(returned.update.status).toBe('failed')
    const notice = await nextNotice()
    expect(notice.fields.payment_status).toBe('0')
    expect(notice.details.code).toBe(declineResults.declined.code)
  })

  it('sends a 3-D Secure card to the challenge; 1234 passes', async () => {
    const created = await createPayment()
    const answer = await pay(created.paymentId, '5200000000001096')
    expect(answer.status).toBe(303)
    const payment = paymentOf(created.paymentId)
    const challengeUrl = pagesUrl(emulator.context, payment, 'challenge')
    expect(answer.headers.get('location')).toBe(challengeUrl)
    expect((await fetch(challengeUrl)).status).toBe(200)
    const passed = await fetch(challengeUrl, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ code: '1234' }),
    })
    const returned = verifiedReturn(await passed.text())
    expect(returned.update.status).toBe('succeeded')
    expect(returned.fields.card_number).toBe('520000***1096')
    expect((await nextNotice()).update.status).toBe('succeeded')
  })

  it('fails the payment when the 3-D Secure code is wrong', async () => {
    const created = await createPayment()
    await pay(created.paymentId, '5200000000001096')
    const challengeUrl = pagesUrl(emulator.context, paymentOf(created.paymentId), 'challenge')
    const failed = await fetch(challengeUrl, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ code: '0000' }),
    })
    const returned = verifiedReturn(await failed.text())
    expect(returned.fields.payment_status).toBe('0')
    expect(returned.details.code).toBe(declineResults.authentication_failed.code)
    expect((await nextNotice()).update.status).toBe('failed')
  })

  it('posts payment_status 0 with a cancel detail when the shopper cancels', async () => {
    const created = await createPayment()
    const cancelled = await fetch(
      pagesUrl(emulator.context, paymentOf(created.paymentId), 'cancel'),
      {
        method: 'POST',
      },
    )
    const returned = verifiedReturn(await cancelled.text())
    expect(returned.fields.payment_status).toBe('0')
    expect(returned.details.description).toMatch(/cancel/i)
    expect(returned.fields.card_number).toBe('')
    const notice = await nextNotice()
    expect(notice.fields.payment_status).toBe('0')
    expect(notice.details.description).toMatch(/cancel/i)
  })

  it('returns pending (-1) for a processing card and notifies the success later', async () => {
    const created = await createPayment()
    const returned = verifiedReturn(await (await pay(created.paymentId, '4000000000000259')).text())
    expect(returned.fields.payment_status).toBe('-1')
    expect(returned.update.status).toBe('processing')
    const notice = await nextNotice()
    expect(notice.fields.payment_status).toBe('1')
    expect(merchant.notices).toHaveLength(1)
  })

  it('answers 404 for a pay_url it does not know', async () => {
    const response = await fetch(`${emulator.url}/oceanpayment/cashier/nope`)
    expect(response.status).toBe(404)
  })
})

describe('Oceanpayment auto-redirect form (/gateway/service/pay)', () => {
  const payAction = `/oceanpayment${oceanpayment.paths.pay}`

  it('lands the browser on the cashier', async () => {
    const payForm = oceanpayment.buildPayForm(order(), credentials)
    const response = await fetch(`${emulator.url}${payAction}`, {
      method: 'POST',
      headers: form,
      body: encodeForm(payForm.fields),
    })
    expect(response.status).toBe(200)
    expect(response.url.startsWith(`${emulator.url}/oceanpayment/`)).toBe(true)
    const page = await response.text()
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
      expect(page).toContain(label)
    }
    const [payment] = emulator.state.payments.values()
    expect(payment?.orderReference).toBe(payForm.fields.order_number)
  })

  it('shows the refusal code on an escaped error page for a bad request', async () => {
    const fields = oceanpayment.buildPayForm(order(), credentials).fields
    const badSignature = await fetch(`${emulator.url}${payAction}`, {
      method: 'POST',
      headers: form,
      body: encodeForm({ ...fields, signValue: 'f'.repeat(64) }),
    })
    expect(badSignature.status).toBe(400)
    expect(badSignature.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await badSignature.text()).toContain('<code>20003</code>')

    const badCurrency = await fetch(`${emulator.url}${payAction}`, {
      method: 'POST',
      headers: form,
      body: encodeForm({ ...fields, order_currency: '<script>alert(1)</script>' }),
    })
    const page = await badCurrency.text()
    expect(page).toContain('<code>20002</code>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script')

    const scriptUrl = oceanpayment.buildPayForm(
      order({ backUrl: 'javascript:alert(1)' }),
      credentials,
    )
    const badUrl = await fetch(`${emulator.url}${payAction}`, {
      method: 'POST',
      headers: form,
      body: encodeForm(scriptUrl.fields),
    })
    expect(badUrl.status).toBe(400)
    const badUrlPage = await badUrl.text()
    expect(badUrlPage).toContain('<code>20002</code>')
    expect(badUrlPage).not.toContain('<form')
    expect(emulator.state.payments.size).toBe(0)
  })

  it('answers a resubmitted order with 20061 and a signed way back to the shop', async () => {
    const payForm = oceanpayment.buildPayForm(order(), credentials)
    const submit = () =>
      fetch(`${emulator.url}${payAction}`, {
        method: 'POST',
        headers: form,
        body: encodeForm(payForm.fields),
        redirect: 'manual',
      })
    expect((await submit()).status).toBe(303)
    const again = await submit()
    expect(again.status).toBe(409)
    const page = await again.text()
    expect(page).toContain('<code>20061</code>')
    expect(page).not.toContain('<script')
    const returned = verifiedReturn(page)
    expect(returned.action).toBe(payForm.fields.backUrl)
    expect(returned.details.code).toBe(oceanpayment.duplicateOrderCode)
    // The kit leaves the order to its own payment's result.
    expect(returned.update.status).toBe('processing')
  })
})

describe('Oceanpayment notices', () => {
  it('resends the notice until the shop answers receive-ok', async () => {
    merchant.replies.push({ status: 500, body: 'error' }, { status: 200, body: 'ok' })
    const created = await createPayment()
    await pay(created.paymentId, '4111111111111111')
    const third = await nextNotice(3)
    expect(third.update.status).toBe('succeeded')
    await vi.waitFor(() => expect(emulator.state.deliveries[0]?.state).toBe('delivered'), {
      timeout: 1000,
      interval: 5,
    })
    expect(emulator.state.deliveries[0]?.attempts.map((attempt) => attempt.acknowledged)).toEqual([
      false,
      false,
      true,
    ])
    expect(new Set(merchant.notices.map((notice) => notice.body)).size).toBe(1)
  })

  it('takes only the plain text receive-ok, not a page or JSON that contains it', async () => {
    // §3.7: the reply is plain text `receive-ok`. A shop whose notice route answers an HTML page
    // or a JSON envelope around the word has not acknowledged, and is sent the notice again.
    merchant.replies.push(
      { status: 200, body: '<html><body><p>receive-ok</p></body></html>' },
      { status: 200, body: '{"result":"receive-ok"}' },
      { status: 200, body: 'receive-ok\n' },
    )
    const created = await createPayment()
    await pay(created.paymentId, '4111111111111111')
    await nextNotice(3)
    await vi.waitFor(() => expect(emulator.state.deliveries[0]?.state).toBe('delivered'), {
      timeout: 1000,
      interval: 5,
    })
    expect(emulator.state.deliveries[0]?.attempts.map((attempt) => attempt.acknowledged)).toEqual([
      false,
      false,
      true,
    ])
  })

  it('drops only the notice about the order_number a scoped notification mode names', async () => {
    const lostOrder = order()
    const keptOrder = order()
    const lost = await createPayment(lostOrder)
    const kept = await createPayment(keptOrder)
    const scoped = await fetch(`${emulator.url}/__emulator/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'drop', orderReference: lostOrder.orderNumber }),
    })
    expect(scoped.status).toBe(200)
    // The other payment is notified first: a drop that ignored the reference would take its notice.
    await pay(kept.paymentId, '4111111111111111')
    await pay(lost.paymentId, '4111111111111111')

    expect((await nextNotice()).update.orderReference).toBe(keptOrder.orderNumber)
    expect(
      emulator.state.deliveries
        .filter((delivery) => delivery.paymentId === lost.paymentId)
        .map((delivery) => delivery.state),
    ).toEqual(['dropped'])
    expect(
      merchant.notices.filter((notice) => notice.body.includes(lostOrder.orderNumber)),
    ).toEqual([])
  })

  async function withEmulator(
    options: StartEmulatorOptions,
    run: (target: RunningEmulator) => Promise<void>,
  ) {
    const target = await startEmulator(options)
    try {
      await run(target)
    } finally {
      await target.close()
    }
  }

  it('gives up after 5 attempts in all', async () => {
    await withEmulator({ timeScale: 0.0001 }, async (target) => {
      merchant.replies.push(...Array.from({ length: 10 }, () => ({ status: 503, body: 'busy' })))
      const created = await createPayment(order(), target)
      target.context.settle(paymentOf(created.paymentId, target), 'succeeded')
      await vi.waitFor(() => expect(target.state.deliveries[0]?.state).toBe('gave_up'), {
        timeout: 3000,
        interval: 5,
      })
      expect(target.state.deliveries[0]?.attempts).toHaveLength(5)
      expect(merchant.notices).toHaveLength(5)
    })
  })

  it('closes an unpaid payment after its lifetime and notifies payment_status 0', async () => {
    await withEmulator({ timeScale: 0.001, paymentLifetimeMs: 50 }, async (target) => {
      const created = await createPayment(order(), target)
      const notice = await nextNotice()
      expect(notice.update.gatewayTransactionId).toBe(created.paymentId)
      expect(notice.fields.payment_status).toBe('0')
      expect(notice.details.description).toMatch(/timed out/i)
      expect(paymentOf(created.paymentId, target).state).toBe('expired')
      expect((await fetch(created.payUrl)).status).toBe(409)
    })
  })
})
