import { pingpong, type WireRequest } from '@checkout-kit/gateways'
import { getResponse } from 'msw'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEmulator } from '../createEmulator.ts'
import { pagesUrl } from '../pages/hostedPages.ts'
import { type RunningEmulator, startEmulator } from '../startEmulator.ts'
import { startMerchantServer, submitForm } from '../testing/merchantServer.ts'

// Contract tests: requests built by @checkout-kit/gateways, sent over real HTTP to the emulator,
// answers read back by the same library's parsers. If the three disagree about the wire format,
// these fail.

const credentials = pingpong.sandboxCredentials
const salt = credentials.salt
/** A second merchant account the emulator knows. */
const otherAccount: pingpong.PingPongCredentials = {
  accId: '2099000000000000002',
  clientId: '2099000000000000',
  salt: 'ANOTHER0MERCHANT0SALT000',
}
let emulator: RunningEmulator
let merchant: Awaited<ReturnType<typeof startMerchantServer>>

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0.001,
    processingDelayMs: 50,
    credentials: { pingpong: [otherAccount] },
  })
  merchant = await startMerchantServer({ status: 200, body: 'OK' })
})
afterAll(async () => {
  await emulator.close()
  await merchant.close()
})
beforeEach(() => {
  emulator.reset()
  merchant.clear()
})

async function send(request: WireRequest<unknown>): Promise<string> {
  const response = await fetch(`${emulator.url}/pingpong${request.path}`, {
    method: request.method,
    headers: { 'content-type': request.contentType },
    body: request.body,
  })
  expect(response.status).toBe(200)
  return response.text()
}

let orderCount = 0
function order(overrides: Partial<pingpong.PrePayInput> = {}): pingpong.PrePayInput {
  orderCount += 1
  return {
    merchantTransactionId: `ORDER-${orderCount}`,
    amount: { value: '25.00', currency: 'USD' },
    shopperIP: '127.0.0.1',
    payResultUrl: 'https://shop.example/return/pingpong',
    payCancelUrl: 'https://shop.example/cancelled/pingpong',
    notificationUrl: `${merchant.url}/notify/pingpong`,
    ...overrides,
  }
}

const card = (number: string) => ({
  type: 'scheme' as const,
  cardInfo: {
    number,
    expireMonth: '12',
    expireYear: '2030',
    cvv: '123',
    holderFirstName: 'Ada',
    holderLastName: 'Lovelace',
  },
})

async function unifiedPay(
  input: Partial<pingpong.UnifiedPayInput> & Pick<pingpong.UnifiedPayInput, 'paymentMethod'>,
) {
  const request = pingpong.buildUnifiedPayRequest(
    { ...order(), requestId: `REQ-${orderCount}`, ...input },
    credentials,
  )
  const result = pingpong.parseUnifiedPayResponse(await send(request), salt)
  if (!result.ok) throw new Error(`unifiedPay answer did not parse: ${result.error.message}`)
  return result.value
}

async function query(merchantTransactionId: string) {
  const result = pingpong.parseQueryResponse(
    await send(pingpong.buildQueryRequest({ merchantTransactionId }, credentials)),
    salt,
  )
  if (!result.ok) throw new Error(result.error.message)
  return result.value.update
}

/**
 * The first `count` verified notifications about `reference`. Deliveries from earlier tests may
 * still be in flight under load, so each test waits for its own order's.
 */
async function notificationsReceived(count: number, reference: string) {
  let mine: pingpong.PingPongNotification[] = []
  await vi.waitFor(
    () => {
      mine = merchant.received
        .map((request) => {
          expect(request.contentType).toContain('application/json')
          const parsed = pingpong.parseNotification(request.body, salt)
          if (!parsed.ok) throw new Error(`notification did not verify: ${parsed.error.message}`)
          return parsed.value
        })
        .filter(
          (notification) =>
            notification.kind !== 'other' && notification.update.orderReference === reference,
        )
      expect(mine.length).toBeGreaterThanOrEqual(count)
    },
    { timeout: 5000, interval: 20 },
  )
  return mine.slice(0, count)
}

describe('PingPong hosted checkout (prePay)', () => {
  it('creates a signed payment intent, takes a test card on the cashier and notifies', async () => {
    const input = order()
    const prePay = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    if (!prePay.ok) throw new Error(prePay.error.message)
    expect(prePay.value.paymentUrl).toMatch(
      new RegExp(`^${emulator.url}/pingpong/v3/checkout\\?token=`),
    )
    expect(prePay.value.innerJsUrl).toContain('/pingpong/sdk/ppPay.min.js?token=')
    expect(prePay.value.amount).toEqual({ value: '25.00', currency: 'USD' })

    const cashier = await fetch(prePay.value.paymentUrl)
    const page = await cashier.text()
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
      expect(page).toContain(label)
    }
    expect(page).toContain('>Pay</button>')
    expect(page).toContain('>Cancel</button>')

    const payment = emulator.state.payments.get(prePay.value.transactionId)
    if (!payment) throw new Error('payment not stored')
    const paid = await submitForm(pagesUrl(emulator.context, payment, 'pay'), {
      cardNumber: '4111 1111 1111 1111',
      expiry: '12/30',
      securityCode: '123',
      cardholderName: 'Ada Lovelace',
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(input.payResultUrl)

    const [notification] = await notificationsReceived(1, input.merchantTransactionId)
    expect(notification).toMatchObject({
      kind: 'payment',
      update: {
        orderReference: input.merchantTransactionId,
        status: 'succeeded',
        amount: { value: '25.00', currency: 'USD' },
      },
    })
    expect(await query(input.merchantTransactionId)).toMatchObject({
      status: 'succeeded',
      gatewayStatus: 'SUCCESS',
    })
    expect(JSON.stringify(emulator.state.payments.get(prePay.value.transactionId))).not.toContain(
      '4111111111111111',
    )
  })

  it('answers the same merchantTransactionId with the same open order, and refuses it once paid', async () => {
    const input = order()
    const first = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    const again = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    expect(first.ok && again.ok && again.value.token === first.value.token).toBe(true)

    if (!first.ok) throw new Error('prePay failed')
    await fetch(`${emulator.url}/__emulator/payments/${first.value.transactionId}/complete`, {
      method: 'POST',
    })
    const paidAgain = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    expect(paidAgain).toMatchObject({
      ok: false,
      error: { code: 'GATEWAY_REJECTED', gatewayCode: '107000' },
    })
  })

  it('answers a repeated merchantTransactionId with the open order as it was placed, not updated', async () => {
    // §1.5: the same merchantTransactionId does not update the order's parameters, so the answer
    // describes the order PingPong keeps, whatever the repeated request says.
    const input = order()
    const first = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    const again = pingpong.parsePrePayResponse(
      await send(
        pingpong.buildPrePayRequest(
          { ...input, amount: { value: '30.00', currency: 'USD' } },
          credentials,
        ),
      ),
      salt,
    )
    if (!first.ok || !again.ok) throw new Error('prePay failed')
    expect(again.value.token).toBe(first.value.token)
    expect(again.value.amount).toEqual({ value: '25.00', currency: 'USD' })
  })

  it('sends the shopper to payCancelUrl on Cancel and reports the order closed', async () => {
    const input = order()
    const prePay = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    if (!prePay.ok) throw new Error(prePay.error.message)
    const payment = emulator.state.payments.get(prePay.value.transactionId)
    if (!payment) throw new Error('payment not stored')
    const cancelled = await submitForm(pagesUrl(emulator.context, payment, 'cancel'), {})
    expect(cancelled.status).toBe(303)
    expect(cancelled.headers.get('location')).toBe(input.payCancelUrl)
    expect(await query(input.merchantTransactionId)).toMatchObject({
      status: 'expired',
      gatewayStatus: 'CLOSED',
    })
  })

  it('inside the SDK frame, asks only the embedding page’s origin to navigate', async () => {
    const input = order()
    const prePay = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(input, credentials)),
      salt,
    )
    if (!prePay.ok) throw new Error(prePay.error.message)
    const framed = await fetch(
      `${prePay.value.paymentUrl}&parentOrigin=${encodeURIComponent('http://localhost:5173')}`,
    )
    expect(await framed.text()).toContain('name="parentOrigin" value="http://localhost:5173"')
    const payment = emulator.state.payments.get(prePay.value.transactionId)
    if (!payment) throw new Error('payment not stored')
    const fields = { expiry: '12/30', securityCode: '123', cardholderName: 'Ada' }
    const bogus = await submitForm(pagesUrl(emulator.context, payment, 'pay'), {
      ...fields,
      cardNumber: '4111 1111 1111 1112',
      parentOrigin: 'javascript:alert(1)',
    })
    expect(await bogus.text()).not.toContain('javascript:alert(1)')
    const paid = await submitForm(pagesUrl(emulator.context, payment, 'pay'), {
      ...fields,
      cardNumber: '4111 1111 1111 1111',
      parentOrigin: 'http://localhost:5173',
    })
    expect(paid.status).toBe(200)
    const page = await paid.text()
    expect(page).toContain(
      `window.parent.postMessage({ type: 'ppPay:navigate', url: "${input.payResultUrl}" }, "http://localhost:5173")`,
    )
    expect(page).toContain(`<a href="${input.payResultUrl}" target="_top">Continue to the shop</a>`)
  })

  it('keeps the shopper on the cashier with an error for an invalid card number', async () => {
    const prePay = pingpong.parsePrePayResponse(
      await send(pingpong.buildPrePayRequest(order(), credentials)),
      salt,
    )
    if (!prePay.ok) throw new Error(prePay.error.message)
    const payment = emulator.state.payments.get(prePay.value.transactionId)
    if (!payment) throw new Error('payment not stored')
    const refused = await submitForm(pagesUrl(emulator.context, payment, 'pay'), {
      cardNumber: '4111 1111 1111 1112',
      expiry: '12/30',
      securityCode: '123',
      cardholderName: 'Ada',
    })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('Enter a valid card number.')
    expect(payment.state).toBe('pending')
  })

  it('rejects a tampered request with 104000, an unknown account with 103000, a gap with 102000', async () => {
    const request = pingpong.buildPrePayRequest(order(), credentials)
    const tampered = request.body.replace('25.00', '0.01')
    const forged = pingpong.parsePrePayResponse(await send({ ...request, body: tampered }), salt)
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'GATEWAY_REJECTED', gatewayCode: '104000' },
    })

    const stranger = pingpong.buildPrePayRequest(order(), {
      ...credentials,
      accId: '2099000000000000001',
    })
    expect(pingpong.parsePrePayResponse(await send(stranger), salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '103000' },
    })

    const noIp = pingpong.buildEnvelope(
      { merchantTransactionId: 'X', amount: '1.00', currency: 'USD' },
      credentials,
    )
    const gap = pingpong.parsePrePayResponse(
      await send({ ...request, body: JSON.stringify(noIp) }),
      salt,
    )
    expect(gap).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
  })

  it('refuses a signed envelope without clientId or version "1.0" (102000), or with another account’s clientId (103000)', async () => {
    // §1.2: accId, clientId, signType, sign, version (fixed "1.0") and bizContent are all M.
    const request = pingpong.buildPrePayRequest(order(), credentials)
    const { sign: _sign, ...fields } = request.message
    const resigned = (envelope: Record<string, string>) =>
      JSON.stringify({ ...envelope, sign: pingpong.signEnvelope(envelope, salt) })
    const { clientId: _clientId, ...noClientId } = fields
    const { version: _version, ...noVersion } = fields
    for (const [body, code] of [
      [resigned(noClientId), '102000'],
      [resigned(noVersion), '102000'],
      [resigned({ ...fields, version: '2.0' }), '102000'],
      [resigned({ ...fields, clientId: otherAccount.clientId }), '103000'],
    ] as const) {
      const answer = pingpong.parsePrePayResponse(await send({ ...request, body }), salt)
      expect(answer).toMatchObject({ ok: false, error: { gatewayCode: code } })
    }
    expect(emulator.state.payments.size).toBe(0)
  })

  it('requires captureDelayHours 0 or -1 in prePay and card unifiedPay, not in an APM one (102000)', async () => {
    // §1.4: captureDelayHours is M ("0" auto capture, "-1" manual), "Not for APM".
    const without = (request: WireRequest<pingpong.RequestEnvelope>, value?: string) => {
      const biz = JSON.parse(request.message.bizContent) as Record<string, unknown>
      if (value === undefined) delete biz.captureDelayHours
      else biz.captureDelayHours = value
      return { ...request, body: JSON.stringify(pingpong.buildEnvelope(biz, credentials)) }
    }
    for (const value of [undefined, '2']) {
      const prePay = pingpong.buildPrePayRequest(order(), credentials)
      expect(pingpong.parsePrePayResponse(await send(without(prePay, value)), salt)).toMatchObject({
        ok: false,
        error: { gatewayCode: '102000' },
      })
      const direct = pingpong.buildUnifiedPayRequest(
        { ...order(), requestId: `REQ-${orderCount}`, paymentMethod: card('4111111111111111') },
        credentials,
      )
      expect(
        pingpong.parseUnifiedPayResponse(await send(without(direct, value)), salt),
      ).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
    }
    expect(emulator.state.payments.size).toBe(0)
    const wallet = pingpong.buildUnifiedPayRequest(
      { ...order(), requestId: `REQ-${orderCount}`, paymentMethod: { type: 'AlipayCN' } },
      credentials,
    )
    expect(pingpong.parseUnifiedPayResponse(await send(without(wallet)), salt)).toMatchObject({
      ok: true,
    })
  })

  it('refuses business fields longer than §1.4 allows with 102000', async () => {
    // §1.4: merchantTransactionId and requestId string(64); payResultUrl, payCancelUrl,
    // notificationUrl and remark string(255); shopperIP string(128).
    const long = (length: number) => 'x'.repeat(length)
    const resigned = (
      request: WireRequest<pingpong.RequestEnvelope>,
      name: string,
      value: string,
    ) => {
      const biz = JSON.parse(request.message.bizContent) as Record<string, unknown>
      biz[name] = value
      return { ...request, body: JSON.stringify(pingpong.buildEnvelope(biz, credentials)) }
    }
    for (const [name, value] of [
      ['merchantTransactionId', long(65)],
      ['payResultUrl', `https://shop.example/${long(240)}`],
      ['payCancelUrl', `https://shop.example/${long(240)}`],
      ['notificationUrl', `https://shop.example/${long(240)}`],
      ['remark', long(256)],
      ['shopperIP', long(129)],
    ] as const) {
      const prePay = pingpong.buildPrePayRequest(order(), credentials)
      expect({
        name,
        answer: pingpong.parsePrePayResponse(await send(resigned(prePay, name, value)), salt),
      }).toMatchObject({
        name,
        answer: { ok: false, error: { gatewayCode: '102000' } },
      })
    }
    const direct = pingpong.buildUnifiedPayRequest(
      { ...order(), requestId: `REQ-${orderCount}`, paymentMethod: card('4111111111111111') },
      credentials,
    )
    expect(
      pingpong.parseUnifiedPayResponse(await send(resigned(direct, 'requestId', long(65))), salt),
    ).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses a notificationUrl with a query string in prePay and unifiedPay alike (102000)', async () => {
    // §1.4 (shared by prePay and unifiedPay): notificationUrl, "no query string allowed".
    const withQuery = (request: WireRequest<pingpong.RequestEnvelope>) => {
      const biz = JSON.parse(request.message.bizContent) as Record<string, unknown>
      biz.notificationUrl = `${merchant.url}/notify/pingpong?order=1`
      return { ...request, body: JSON.stringify(pingpong.buildEnvelope(biz, credentials)) }
    }
    const prePay = pingpong.buildPrePayRequest(order(), credentials)
    expect(pingpong.parsePrePayResponse(await send(withQuery(prePay)), salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '102000' },
    })
    for (const paymentMethod of [card('4111111111111111'), { type: 'AlipayCN' }]) {
      const direct = pingpong.buildUnifiedPayRequest(
        { ...order(), requestId: `REQ-${orderCount}`, paymentMethod },
        credentials,
      )
      expect(pingpong.parseUnifiedPayResponse(await send(withQuery(direct)), salt)).toMatchObject({
        ok: false,
        error: { gatewayCode: '102000' },
      })
    }
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses a signed payResultUrl, payCancelUrl or notificationUrl that is not http(s) with 102000', async () => {
    // The cashier page links to the first two and the SDK's page navigates the shop's page to
    // them; fetch would answer a data: notificationUrl itself, as if the merchant had.
    for (const overrides of [
      { payResultUrl: 'javascript:alert(document.domain)' },
      { payCancelUrl: 'JavaScript:alert(1)' },
      { notificationUrl: 'data:text/plain,SUCCESS' },
    ]) {
      const prePay = pingpong.parsePrePayResponse(
        await send(pingpong.buildPrePayRequest(order(overrides), credentials)),
        salt,
      )
      expect(prePay).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
      const input = { ...order(overrides), requestId: `REQ-${orderCount}` }
      const direct = pingpong.parseUnifiedPayResponse(
        await send(
          pingpong.buildUnifiedPayRequest(
            { ...input, paymentMethod: card('4111111111111111') },
            credentials,
          ),
        ),
        salt,
      )
      expect(direct).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
    }
  })

  it('serves the JS SDK and the risk plugins as scripts', async () => {
    for (const path of [
      '/sdk/ppPay.min.js',
      '/risk/acquirerRiskControl.min.js',
      '/risk/pingpongRiskDefense.min.js',
    ]) {
      const response = await fetch(`${emulator.url}/pingpong${path}`)
      expect(response.headers.get('content-type')).toContain('text/javascript')
      expect(await response.text()).toMatch(
        /window\.(ppPay|PingPongRiskControl|PingPongRiskDefense) =/,
      )
    }
  })
})

describe('PingPong card payments (unifiedPay)', () => {
  it.each([
    ['4111111111111111', 'succeeded', undefined],
    ['4000000000000002', 'failed', { code: 'card_declined', gatewayCode: '301002' }],
    ['4000000000009995', 'failed', { code: 'insufficient_funds', gatewayCode: '301003' }],
    ['4000000000000069', 'failed', { code: 'expired_card', gatewayCode: '301008' }],
  ])('card %s ends %s', async (number, status, failure) => {
    const result = await unifiedPay({ paymentMethod: card(number) })
    expect(result.update.status).toBe(status)
    if (failure) expect(result.update.failure).toMatchObject(failure)
    const [notification] = await notificationsReceived(1, result.update.orderReference)
    expect(notification?.kind === 'payment' && notification.update.status).toBe(status)
  })

  it('writes amounts in unifiedPay and query answers with six decimals, as PingPong does', async () => {
    // §1.8 and §1.11: "amount": "100.000000" / "200.000000". A merchant must not compare texts.
    const input = {
      ...order(),
      requestId: `REQ-6DP-${orderCount}`,
      paymentMethod: card('4111111111111111'),
    }
    const paid = JSON.parse(await send(pingpong.buildUnifiedPayRequest(input, credentials)))
    expect(JSON.parse(paid.bizContent).amount).toBe('25.000000')
    const queried = JSON.parse(
      await send(
        pingpong.buildQueryRequest(
          { merchantTransactionId: input.merchantTransactionId },
          credentials,
        ),
      ),
    )
    expect(JSON.parse(queried.bizContent).amount).toBe('25.000000')
    expect(await query(input.merchantTransactionId)).toMatchObject({
      status: 'succeeded',
      amount: { value: '25.00', currency: 'USD' },
    })
  })

  it('answers a repeated requestId with the same attempt', async () => {
    const input = { ...order(), requestId: 'REQ-SAME', paymentMethod: card('4111111111111111') }
    const first = pingpong.parseUnifiedPayResponse(
      await send(pingpong.buildUnifiedPayRequest(input, credentials)),
      salt,
    )
    const again = pingpong.parseUnifiedPayResponse(
      await send(pingpong.buildUnifiedPayRequest(input, credentials)),
      salt,
    )
    expect(first.ok && again.ok && again.value.update.gatewayTransactionId).toBe(
      first.ok && first.value.update.gatewayTransactionId,
    )
    expect(emulator.state.payments.size).toBe(1)
  })

  it('refuses a new attempt at an order already paid with 107000', async () => {
    const paid = await unifiedPay({ paymentMethod: card('4111111111111111') })
    const again = pingpong.buildUnifiedPayRequest(
      {
        ...order({ merchantTransactionId: paid.update.orderReference }),
        requestId: `REQ-AGAIN-${orderCount}`,
        paymentMethod: card('4111111111111111'),
      },
      credentials,
    )
    expect(pingpong.parseUnifiedPayResponse(await send(again), salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '107000' },
    })
    expect(emulator.state.payments.size).toBe(1)
  })

  it('shows a payment to its own account only, even by its transactionId', async () => {
    const paid = await unifiedPay({ paymentMethod: card('4111111111111111') })
    const { gatewayTransactionId: transactionId, orderReference } = paid.update
    for (const lookup of [{ transactionId }, { merchantTransactionId: orderReference }]) {
      const asOther = pingpong.parseQueryResponse(
        await send(pingpong.buildQueryRequest(lookup, otherAccount)),
        otherAccount.salt,
      )
      expect(asOther).toMatchObject({ ok: false, error: { gatewayCode: '107001' } })
    }
  })

  it('reports processing, then notifies the success', async () => {
    const result = await unifiedPay({ paymentMethod: card('4000000000000259') })
    expect(result.update.status).toBe('processing')
    const [notification] = await notificationsReceived(1, result.update.orderReference)
    expect(notification).toMatchObject({ kind: 'payment', update: { status: 'succeeded' } })
    expect(await query(result.update.orderReference)).toMatchObject({ status: 'succeeded' })
  })

  it('cannot start a 3DS challenge without the risk plugin’s jsGeneratedData', async () => {
    const result = await unifiedPay({ paymentMethod: card('5200000000001096') })
    expect(result.update).toMatchObject({
      status: 'failed',
      failure: { code: 'authentication_failed', gatewayCode: '400000' },
    })
    expect(result.nextAction).toBeUndefined()
  })

  it.each([
    ['1234', 'succeeded'],
    ['0000', 'failed'],
    ['9999', 'failed'],
  ])(
    'runs the 3DS challenge with the plugin’s jsGeneratedData: code %s → %s',
    async (code, status) => {
      const init = await fetch(`${emulator.url}/pingpong/risk/complexInit`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ accId: credentials.accId, bin: '520000' }),
      })
      const { jsGeneratedData } = (await init.json()) as {
        jsGeneratedData: Record<string, unknown>
      }
      const result = await unifiedPay({ paymentMethod: card('5200000000001096'), jsGeneratedData })
      expect(result.update.status).toBe('requires_action')
      const action = result.nextAction
      if (action?.type !== 'three-ds' || !action.redirectUrl)
        throw new Error('expected a 3DS action with a redirect URL')
      expect(action.params.threeDContinue).toBe('true')

      const challenge = await fetch(action.redirectUrl)
      const page = await challenge.text()
      expect(page).toContain('Verification code')
      expect(page).toContain('>Submit</button>')
      const answered = await submitForm(action.redirectUrl, { code })
      expect(answered.status).toBe(303)
      expect(answered.headers.get('location')).toBe('https://shop.example/return/pingpong')
      expect(await query(result.update.orderReference)).toMatchObject({ status })
    },
  )
})

describe('PingPong local payments (unifiedPay APM)', () => {
  it('shows a QR code whose content is the wallet page, where the shopper confirms', async () => {
    const result = await unifiedPay({ paymentMethod: { type: 'AlipayCN' } })
    expect(result.update.status).toBe('requires_action')
    const action = result.nextAction
    if (action?.type !== 'qr-code') throw new Error('expected a QR code')
    expect(action.content).toMatch(new RegExp(`^${emulator.url}/pages/payments/\\d+/wallet$`))

    const wallet = await (await fetch(action.content)).text()
    expect(wallet).toContain('Confirm payment')
    const confirmed = await submitForm(action.content, { decision: 'confirm' })
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('Payment confirmed')
    const [notification] = await notificationsReceived(1, result.update.orderReference)
    expect(notification).toMatchObject({ kind: 'payment', update: { status: 'succeeded' } })
  })

  it('keeps a payment declined on the wallet page declined when Confirm is pressed after', async () => {
    const result = await unifiedPay({ paymentMethod: { type: 'AlipayCN' } })
    if (result.nextAction?.type !== 'qr-code') throw new Error('expected a QR code')
    const wallet = result.nextAction.content
    await submitForm(wallet, { decision: 'decline' })
    const again = await submitForm(wallet, { decision: 'confirm' })
    expect(await again.text()).not.toContain('Payment confirmed')
    expect(await query(result.update.orderReference)).toMatchObject({ status: 'failed' })
    const [notification] = await notificationsReceived(1, result.update.orderReference)
    expect(notification).toMatchObject({ kind: 'payment', update: { status: 'failed' } })
  })

  it('sends redirect methods to the wallet page and back to payResultUrl', async () => {
    const result = await unifiedPay({ paymentMethod: { type: 'GCash' } })
    if (result.nextAction?.type !== 'redirect') throw new Error('expected a redirect')
    const confirmed = await submitForm(result.nextAction.url, { decision: 'confirm' })
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.get('location')).toBe('https://shop.example/return/pingpong')
  })

  it('expires an unpaid QR code at timeExpire, and through the control API', async () => {
    const soon = await unifiedPay({
      paymentMethod: { type: 'WechatPay' },
      expiresAt: new Date(Date.now() + 300),
    })
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(await query(soon.update.orderReference)).toMatchObject({
      status: 'expired',
      gatewayStatus: 'CLOSED',
    })

    const later = await unifiedPay({ paymentMethod: { type: 'WechatPay' } })
    const expired = await fetch(
      `${emulator.url}/__emulator/payments/${later.update.gatewayTransactionId}/expire`,
      { method: 'POST' },
    )
    expect(expired.status).toBe(200)
    expect(await query(later.update.orderReference)).toMatchObject({ status: 'expired' })
  })

  it('refuses a method it does not offer', async () => {
    const request = pingpong.buildUnifiedPayRequest(
      { ...order(), requestId: 'R-X', paymentMethod: { type: 'Bitcoin' } },
      credentials,
    )
    expect(pingpong.parseUnifiedPayResponse(await send(request), salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '106001' },
    })
  })
})

describe('PingPong refunds', () => {
  async function refund(
    merchantTransactionId: string,
    merchantRefundId: string,
    value: string,
    currency = 'USD',
  ) {
    return pingpong.parseRefundResponse(
      await send(
        pingpong.buildRefundRequest(
          { merchantTransactionId, merchantRefundId, amount: { value, currency } },
          credentials,
        ),
      ),
      salt,
    )
  }

  it('refunds up to exactly what was paid, in the payment’s currency only', async () => {
    const paid = await unifiedPay({ paymentMethod: card('4111111111111111') })
    const reference = paid.update.orderReference
    expect(await refund(reference, 'RF-EUR', '5.00', 'EUR')).toMatchObject({
      ok: false,
      error: { gatewayCode: '102000' },
    })
    expect(await refund(reference, 'RF-A', '10.00')).toMatchObject({ ok: true })
    expect(await refund(reference, 'RF-B', '15.00')).toMatchObject({
      ok: true,
      value: { amount: { value: '15.00', currency: 'USD' } },
    })
    expect(await refund(reference, 'RF-C', '0.01')).toMatchObject({
      ok: false,
      error: { gatewayCode: '108000' },
    })
  })

  it('refuses to refund a failed payment, or nothing at all', async () => {
    const declined = await unifiedPay({ paymentMethod: card('4000000000000002') })
    expect(declined.update.status).toBe('failed')
    expect(await refund(declined.update.orderReference, 'RF-D', '1.00')).toMatchObject({
      ok: false,
      error: { gatewayCode: '107002' },
    })
    const paid = await unifiedPay({ paymentMethod: card('4111111111111111') })
    const zero = pingpong.buildEnvelope(
      {
        merchantTransactionId: paid.update.orderReference,
        merchantRefundId: 'RF-0',
        amount: '0.00',
        currency: 'USD',
      },
      credentials,
    )
    const answer = await send({
      ...pingpong.buildRefundRequest(
        {
          merchantTransactionId: paid.update.orderReference,
          merchantRefundId: 'RF-0',
          amount: { value: '1.00', currency: 'USD' },
        },
        credentials,
      ),
      body: JSON.stringify(zero),
    })
    expect(pingpong.parseRefundResponse(answer, salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '102000' },
    })
    const unusableNotificationUrl = await send(
      pingpong.buildRefundRequest(
        {
          merchantTransactionId: paid.update.orderReference,
          merchantRefundId: 'RF-DATA',
          amount: { value: '1.00', currency: 'USD' },
          notificationUrl: 'data:text/plain,SUCCESS',
        },
        credentials,
      ),
    )
    expect(pingpong.parseRefundResponse(unusableNotificationUrl, salt)).toMatchObject({
      ok: false,
      error: { gatewayCode: '102000' },
    })
    expect(unusableNotificationUrl).toContain('notificationUrl')
    const stored = [...emulator.state.payments.values()].find(
      (payment) => payment.orderReference === paid.update.orderReference,
    )
    expect(stored?.refunds).toEqual([])
  })

  it('refunds part of a payment, notifies it, and refuses more than what is left', async () => {
    const paid = await unifiedPay({ paymentMethod: card('4111111111111111') })
    const reference = paid.update.orderReference
    await notificationsReceived(1, reference)
    const refund = pingpong.parseRefundResponse(
      await send(
        pingpong.buildRefundRequest(
          {
            merchantTransactionId: reference,
            merchantRefundId: 'RF-1',
            amount: { value: '10.00', currency: 'USD' },
            notificationUrl: `${merchant.url}/notify/refund`,
          },
          credentials,
        ),
      ),
      salt,
    )
    expect(refund).toMatchObject({
      ok: true,
      value: { status: 'processing', refundReference: 'RF-1' },
    })
    const [, refundNotification] = await notificationsReceived(2, reference)
    expect(refundNotification).toMatchObject({
      kind: 'refund',
      update: { status: 'succeeded', refundReference: 'RF-1' },
    })

    for (const path of [pingpong.paths.refundQuery, pingpong.paths.refundQueryAlias]) {
      const queried = pingpong.parseRefundResponse(
        await send(
          pingpong.buildRefundQueryRequest(
            { merchantTransactionId: reference, merchantRefundId: 'RF-1' },
            credentials,
            { path },
          ),
        ),
        salt,
      )
      expect(queried).toMatchObject({
        ok: true,
        value: { status: 'succeeded', amount: { value: '10.00' } },
      })
      // §1.11: merchantTransactionId M, plus refundId or merchantRefundId: a gap is 102000.
      for (const biz of [{ merchantTransactionId: reference }, { merchantRefundId: 'RF-1' }]) {
        const gap = pingpong.parseRefundResponse(
          await send({
            ...pingpong.buildQueryRequest({ merchantTransactionId: reference }, credentials),
            path,
            body: JSON.stringify(pingpong.buildEnvelope(biz, credentials)),
          }),
          salt,
        )
        expect(gap).toMatchObject({ ok: false, error: { gatewayCode: '102000' } })
      }
    }

    const tooMuch = pingpong.parseRefundResponse(
      await send(
        pingpong.buildRefundRequest(
          {
            merchantTransactionId: reference,
            merchantRefundId: 'RF-2',
            amount: { value: '15.01', currency: 'USD' },
          },
          credentials,
        ),
      ),
      salt,
    )
    expect(tooMuch).toMatchObject({ ok: false, error: { gatewayCode: '108000' } })
  })
})

describe('PingPong notifications', () => {
  it('sends the request-style envelope by default, and the response-style one as a [U] option', async () => {
    // §1.10: the members are [U] — accId, clientId, signType, sign, version, bizContent (English
    // docs) or accId, clientId, code, description, signType, sign, bizContent (zh refund notify).
    const envelopeOf = async (target: RunningEmulator) => {
      const input = { ...order(), requestId: `REQ-ENV-${orderCount}` }
      const request = pingpong.buildUnifiedPayRequest(
        { ...input, paymentMethod: card('4111111111111111') },
        credentials,
      )
      await fetch(`${target.url}/pingpong${request.path}`, {
        method: 'POST',
        headers: { 'content-type': request.contentType },
        body: request.body,
      })
      let body = ''
      await vi.waitFor(
        () => {
          const found = merchant.received.find((received) =>
            received.body.includes(input.merchantTransactionId),
          )
          expect(found).toBeDefined()
          body = found?.body ?? ''
        },
        { timeout: 5000, interval: 20 },
      )
      expect(pingpong.parseNotification(body, salt).ok).toBe(true)
      return Object.keys(JSON.parse(body) as object).sort()
    }
    expect(await envelopeOf(emulator)).toEqual([
      'accId',
      'bizContent',
      'clientId',
      'sign',
      'signType',
      'version',
    ])
    const responseStyle = await startEmulator({
      timeScale: 0.001,
      processingDelayMs: 50,
      pingpong: { notificationEnvelope: 'response' },
    })
    try {
      expect(await envelopeOf(responseStyle)).toEqual([
        'accId',
        'bizContent',
        'clientId',
        'code',
        'description',
        'sign',
        'signType',
      ])
    } finally {
      await responseStyle.close()
    }
  })

  it('retries on a non-2xx reply and on a FAIL body, until acknowledged', async () => {
    // Its own endpoint, so no delivery left over from another test takes the queued replies.
    const own = await startMerchantServer({ status: 200, body: 'OK' })
    own.replyNext({ status: 500, body: 'oops' }, { status: 200, body: 'FAIL' })
    await unifiedPay({ paymentMethod: card('4111111111111111'), notificationUrl: `${own.url}/n` })
    const received = await own.waitFor(3)
    await own.close()
    expect(new Set(received.map((request) => request.body)).size).toBe(1)
    const delivery = emulator.state.deliveries.find((candidate) => candidate.url === `${own.url}/n`)
    await vi.waitFor(() => expect(delivery?.state).toBe('delivered'))
    expect(delivery?.attempts.map((attempt) => attempt.acknowledged)).toEqual([false, false, true])
  })

  it('takes only the documented FAIL as a refusal: a 2xx answering “fail” has the notification', async () => {
    // §1.10: any 2xx is received, except one whose body is `FAIL`. A route answering another
    // spelling would lose the notification at PingPong, so the emulator does not retry it either.
    const own = await startMerchantServer({ status: 200, body: 'OK' })
    own.replyNext({ status: 200, body: 'fail' })
    await unifiedPay({ paymentMethod: card('4111111111111111'), notificationUrl: `${own.url}/n` })
    await own.waitFor(1)
    const delivery = emulator.state.deliveries.find((candidate) => candidate.url === `${own.url}/n`)
    await vi.waitFor(() => expect(delivery?.state).toBe('delivered'))
    await new Promise((resolve) => setTimeout(resolve, 50)) // PingPong's 5 s retry, scaled
    await own.close()
    expect(own.received).toHaveLength(1)
    expect(delivery?.attempts.map(({ body, acknowledged }) => [body, acknowledged])).toEqual([
      ['fail', true],
    ])
  })

  it('retries a notification answered with a redirect, without following it', async () => {
    // §1.10: any non-2xx is a failure. A notification route behind a login redirect has not taken
    // the notification, whatever the login page answers.
    const own = await startMerchantServer({ status: 200, body: 'OK' })
    own.replyNext({ status: 302, body: '', location: `${own.url}/login` })
    await unifiedPay({ paymentMethod: card('4111111111111111'), notificationUrl: `${own.url}/n` })
    const received = await own.waitFor(2)
    await own.close()
    expect(received.map((request) => request.path)).toEqual(['/n', '/n'])
    const delivery = emulator.state.deliveries.find((candidate) => candidate.url === `${own.url}/n`)
    await vi.waitFor(() => expect(delivery?.state).toBe('delivered'))
    expect(delivery?.attempts.map(({ status, acknowledged }) => [status, acknowledged])).toEqual([
      [302, false],
      [200, true],
    ])
  })

  it('re-sends on PingPong’s schedule, 5 s, 5 s, 3 min … 3 h, 3 h, 3 h, then gives up', async () => {
    // §1.10, at the real scale: twelve waits, thirteen attempts over about twelve hours, so the
    // clocks are fake and the merchant is a fetch that always answers 503.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const attemptedAt: number[] = []
    const baseUrl = 'https://emulator.test'
    const scheduled = createEmulator({
      baseUrl,
      fetch: async () => {
        attemptedAt.push(Date.now())
        return new Response('busy', { status: 503 })
      },
    })
    try {
      const request = pingpong.buildUnifiedPayRequest(
        {
          ...order(),
          requestId: `REQ-SCHEDULE-${orderCount}`,
          paymentMethod: card('4111111111111111'),
        },
        credentials,
      )
      const paid = await getResponse(
        scheduled.handlers,
        new Request(`${baseUrl}/pingpong${request.path}`, { method: 'POST', body: request.body }),
      )
      expect(paid?.status).toBe(200)
      await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000)
      const waitsInSeconds = attemptedAt
        .slice(1)
        .map((at, index) => (at - (attemptedAt[index] as number)) / 1000)
      expect(waitsInSeconds).toEqual([
        5, 5, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800,
      ])
      expect(scheduled.state.deliveries.map((delivery) => delivery.state)).toEqual(['gave_up'])
    } finally {
      scheduled.close()
      vi.useRealTimers()
    }
  })
})
