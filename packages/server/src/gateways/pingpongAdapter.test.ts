import { pingpong } from '@checkout-kit/gateways'
import { describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../paymentRecord.ts'
import { adapterStartInput } from '../testing/adapterStartInput.ts'
import type { StartInput } from './gatewayAdapter.ts'
import { createPingPongAdapter } from './pingpongAdapter.ts'

// The adapter alone, against a fake PingPong whose signed answers each test writes, for answers
// the emulator never gives.

const credentials = pingpong.sandboxCredentials

/**
 * A transport that answers every call with `answer(path)` (with HTTP `status`), and records the
 * paths called.
 */
function gatewayAnswering(answer: (path: string) => object, status = 200) {
  const calls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname
    calls.push(path)
    return Response.json(answer(path), { status })
  }) as typeof globalThis.fetch
  return { calls, transport: { fetch, timeoutMs: 5000 } }
}

function startInput(flow: PaymentRecord['flow']): StartInput {
  const card = {
    number: '4111111111111111',
    expiryMonth: '12',
    expiryYear: '2030',
    cvc: '123',
    holderName: 'Ada Lovelace',
  }
  return adapterStartInput('pingpong', flow, 'pay_1', {
    request: {
      ...(flow === 'card' ? { card } : {}),
      ...(flow === 'apm' ? { method: 'AlipayCN' } : {}),
    },
  })
}

describe('PingPong adapter: a unifiedPay answer with an error code and no result', () => {
  it.each([
    ['500000', 'Internal error'],
    ['600000', 'External system error'],
    ['600001', 'External system timeout'],
  ])('leaves a card charge unknown on %s (%s), never failed', async (code, description) => {
    const { transport } = gatewayAnswering(() =>
      pingpong.buildResponse({ code, description }, credentials),
    )
    const adapter = createPingPongAdapter({ ...credentials }, transport)
    await expect(adapter.start(startInput('card'))).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
  })

  it('fails the attempt on a refusal of the request itself', async () => {
    const { transport } = gatewayAnswering(() =>
      pingpong.buildResponse(
        { code: '102000', description: 'Invalid or missing parameter' },
        credentials,
      ),
    )
    const adapter = createPingPongAdapter({ ...credentials }, transport)
    expect(await adapter.start(startInput('card'))).toMatchObject({
      status: 'failed',
      failure: { code: 'configuration_error', gatewayCode: '102000' },
    })
  })
})

describe('PingPong adapter: an answer that is not PingPong’s', () => {
  // A refusal signed with another salt: anything on the way could have written it. A card may
  // have been charged meanwhile, so "failed" would invite a second charge; a hosted start stays
  // one the shopper can try again with the same key.
  it.each(['hosted-redirect', 'card'] as const)(
    'leaves a %s start unknown, never failed',
    async (flow) => {
      const { transport } = gatewayAnswering(() =>
        pingpong.buildResponse(
          { code: '300000', description: 'Invalid card' },
          { ...credentials, salt: 'not-the-salt' },
        ),
      )
      const adapter = createPingPongAdapter({ ...credentials }, transport)
      await expect(adapter.start(startInput(flow))).rejects.toMatchObject({
        code: 'GATEWAY_UNAVAILABLE',
      })
    },
  )
})

describe('PingPong adapter: the hosted JS SDK', () => {
  const token = 'EU:vr_YVR8u7rn7C1gG97DOg9'
  const prePayAnswer = (bizContent: Record<string, string>) => () =>
    pingpong.buildResponse(
      {
        code: '000000',
        description: 'Transaction succeeded',
        bizContent: {
          transactionId: '2023092050004591',
          merchantTransactionId: 'pay_1',
          amount: '25.00',
          currency: 'USD',
          token,
          paymentUrl: `https://sandbox-acquirer-payment-ssr.pingpongx.com/v3/checkout?token=${token}`,
          ...bizContent,
        },
      },
      credentials,
    )

  it('loads the innerJsUrl prePay answers', async () => {
    const innerJsUrl = `https://paycdn.pingpongx.com/production/static/sdk/ppPay.min.js?token=${token}`
    const { transport } = gatewayAnswering(prePayAnswer({ innerJsUrl }))
    const adapter = createPingPongAdapter({ ...credentials }, transport)
    const started = await adapter.start(startInput('hosted-sdk'))
    expect(started.action).toMatchObject({ type: 'hosted-sdk', scriptUrl: innerJsUrl, token })
  })

  it('loads the documented SDK script, never the cashier page, when prePay answers no innerJsUrl', async () => {
    const { transport } = gatewayAnswering(prePayAnswer({}))
    const adapter = createPingPongAdapter({ ...credentials }, transport)
    const started = await adapter.start(startInput('hosted-sdk'))
    // §1.6: the preloaded script; paymentUrl is an HTML page, which no browser runs as a script.
    expect(started.action).toMatchObject({
      type: 'hosted-sdk',
      scriptUrl: 'https://pay-cdn.pingpongx.com/production-fra/static/sdk-v3/ppPay.min.js',
      token,
    })
  })

  it.each([
    [{}, 'sandbox'],
    [{ mode: 'production' }, 'production'],
    [{ mode: 'production', liveSdkMode: 'build' }, 'build'],
    // Sandbox stays sandbox: the live word is for live mode only.
    [{ mode: 'sandbox', liveSdkMode: 'build' }, 'sandbox'],
  ] as const)('tells ppPay the mode (options %o → %s)', async (modeOptions, sdkMode) => {
    const { transport } = gatewayAnswering(prePayAnswer({}))
    const adapter = createPingPongAdapter({ ...credentials, ...modeOptions }, transport)
    const started = await adapter.start(startInput('hosted-sdk'))
    expect(started.action).toMatchObject({ type: 'hosted-sdk', mode: sdkMode })
  })

  it('loads the script the merchant configures when prePay answers no innerJsUrl', async () => {
    const { transport } = gatewayAnswering(prePayAnswer({}))
    const sdkScriptUrl = 'https://pay-cdn.example/ppPay.min.js'
    const adapter = createPingPongAdapter({ ...credentials, sdkScriptUrl }, transport)
    const started = await adapter.start(startInput('hosted-sdk'))
    expect(started.action).toMatchObject({ type: 'hosted-sdk', scriptUrl: sdkScriptUrl })
  })
})

describe('PingPong adapter: notifications', () => {
  const adapter = createPingPongAdapter({ ...credentials }, gatewayAnswering(() => ({})).transport)
  const read = (bizContent: object) =>
    adapter.readNotification(
      JSON.stringify(pingpong.buildNotification(bizContent, credentials)),
      'application/json',
    )
  const about = {
    transactionId: '2023092050004591',
    merchantTransactionId: 'pay_1',
    amount: '25.000000',
    currency: 'USD',
    status: 'SUCCESS',
  }

  it('reads a RECHARGE notification as the payment', () => {
    expect(read({ ...about, notifyType: 'RECHARGE' })).toMatchObject({
      ok: true,
      kind: 'payment',
      update: { orderReference: 'pay_1', status: 'succeeded' },
    })
  })

  // §1.10: capture and void notifications exist too. Acknowledged (or PingPong sends it again for
  // hours) and left alone: a void's SUCCESS is neither the payment's nor a refund's.
  it('acknowledges a notification of another kind and reads nothing from it', () => {
    expect(read({ ...about, notifyType: 'VOID' })).toEqual({
      ok: true,
      kind: 'ignored',
      reason: 'VOID notifications are not used',
    })
  })
})

// [U] pingpong.md §1.13: 107001 "txn not exist", read as PingPong never having received the start.
describe('PingPong adapter: a query answered 107001 (no such transaction)', () => {
  const notFound = pingpong.buildResponse(
    { code: '107001', description: 'Transaction does not exist' },
    credentials,
  )
  /** A card payment whose start went unanswered eleven minutes ago, left processing. */
  const unanswered: PaymentRecord = {
    ...startInput('card').record,
    status: 'processing',
    createdAt: new Date(Date.now() - 11 * 60_000).toISOString(),
  }
  const query = (answer: object) =>
    createPingPongAdapter({ ...credentials }, gatewayAnswering(() => answer).transport).query?.(
      unanswered,
    )

  it('fails a start left unanswered long ago as never started, so the order can be paid again', async () => {
    expect(await query(notFound)).toMatchObject({
      orderReference: 'pay_1',
      status: 'failed',
      failure: { gatewayCode: '107001' },
    })
  })

  // PingPong may leave an error answer unsigned, and so may anything between it and the server.
  it('says nothing on an unsigned 107001: failing the payment on it could let the order be paid twice', async () => {
    const { sign: _sign, ...unsigned } = notFound
    expect(await query(unsigned)).toBeUndefined()
  })
})

// Only PingPong's "no such transaction" says something of a payment it did not answer about. The
// handler closes a payment (a cancel, an expiry) once the query has said nothing against it, so
// anything else must leave it unknown: a QR code paid a moment ago would be closed blind.
describe('PingPong adapter: a query answer that says nothing of the payment', () => {
  const waiting = startInput('apm').record
  const busy = pingpong.buildResponse({ code: '500000', description: 'System busy' }, credentials)
  const { sign: _sign, ...unsignedBusy } = busy
  it.each([
    ['a signed system error', busy],
    ['an unsigned one', unsignedBusy],
    [
      'a success signed with another salt',
      pingpong.buildResponse(
        {
          code: '001000',
          description: 'Successful request',
          bizContent: { merchantTransactionId: 'pay_1', status: 'FAILED' },
        },
        { ...credentials, salt: 'not-the-salt' },
      ),
    ],
    [
      'a 107001 signed with another salt',
      pingpong.buildResponse(
        { code: '107001', description: 'Transaction does not exist' },
        { ...credentials, salt: 'not-the-salt' },
      ),
    ],
    ['no envelope at all', { message: 'Too Many Requests' }],
  ])('leaves the payment unknown on %s', async (_case, answer) => {
    const adapter = createPingPongAdapter(
      { ...credentials },
      gatewayAnswering(() => answer).transport,
    )
    await expect(adapter.query?.(waiting)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
  })
})

// Signed by PingPong, yet about another payment or refund: applied to this one, a cancel or an
// expiry would close it on another's status, or a refund would settle on another's outcome.
describe('PingPong adapter: an answer about another payment', () => {
  const signed = (bizContent: Record<string, string>) =>
    pingpong.buildResponse(
      { code: '001000', description: 'Successful request', bizContent },
      credentials,
    )
  const adapterAnswering = (answer: object) =>
    createPingPongAdapter({ ...credentials }, gatewayAnswering(() => answer).transport)
  const record = startInput('apm').record

  it('takes a query answer about this payment only', async () => {
    const about = (merchantTransactionId: string, amount = '25.00') =>
      signed({ merchantTransactionId, status: 'FAILED', amount, currency: 'USD' })
    expect(await adapterAnswering(about('pay_1')).query?.(record)).toMatchObject({
      orderReference: 'pay_1',
      status: 'failed',
    })
    for (const answer of [about('pay_2'), about('pay_1', '2.50')]) {
      await expect(adapterAnswering(answer).query?.(record)).rejects.toMatchObject({
        code: 'GATEWAY_UNAVAILABLE',
      })
    }
  })

  it('takes a refund answer about this payment and this refund only', async () => {
    const refund = (answer: object) =>
      adapterAnswering(answer).refund?.(
        { ...record, status: 'succeeded' },
        {
          reference: 'pay_1-r1',
          amount: { value: '10.00', currency: 'USD' },
          notifyUrl: 'http://merchant.test/notify/pingpong',
        },
      )
    const about = (merchantTransactionId: string, merchantRefundId: string) =>
      signed({ merchantTransactionId, merchantRefundId, status: 'PROCESSING' })
    expect(await refund(about('pay_1', 'pay_1-r1'))).toMatchObject({
      orderReference: 'pay_1',
      refundReference: 'pay_1-r1',
      status: 'processing',
    })
    for (const answer of [about('pay_2', 'pay_1-r1'), about('pay_1', 'pay_1-r2')]) {
      await expect(refund(answer)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
    }
  })
})

describe('PingPong adapter: no answer', () => {
  const refusal = pingpong.buildResponse(
    { code: '102000', description: 'Invalid or missing parameter' },
    credentials,
  )
  const refundOf = (adapter: ReturnType<typeof createPingPongAdapter>) =>
    adapter.refund?.(
      { ...startInput('card').record, status: 'succeeded' },
      {
        reference: 'pay_1-r1',
        amount: { value: '10.00', currency: 'USD' },
        notifyUrl: 'http://merchant.test/notify/pingpong',
      },
    )

  // A server error may come after the charge or the refund was made: a refusal in its body (a
  // proxy's replay, a half-finished request) must not pass for PingPong's answer.
  it('reads HTTP 500, even carrying a signed refusal, as no answer to a card charge or a refund', async () => {
    const adapter = createPingPongAdapter(
      { ...credentials },
      gatewayAnswering(() => refusal, 500).transport,
    )
    await expect(adapter.start(startInput('card'))).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
    await expect(refundOf(adapter)).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' })
  })

  it('gives up on a call PingPong has not answered within timeoutMs', async () => {
    const fetch = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof globalThis.fetch
    const adapter = createPingPongAdapter({ ...credentials }, { fetch, timeoutMs: 50 })
    await expect(adapter.start(startInput('card'))).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    })
  })
})

describe('PingPong adapter: the request', () => {
  it('posts JSON, saying so, to the path under baseUrl, whether baseUrl ends in a slash or not', async () => {
    const sent: { url: string; contentType: string | null }[] = []
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), contentType: new Headers(init?.headers).get('content-type') })
      return Response.json(
        pingpong.buildResponse(
          { code: '102000', description: 'Invalid or missing parameter' },
          credentials,
        ),
      )
    }) as typeof globalThis.fetch
    for (const baseUrl of ['https://pingpong.test/api', 'https://pingpong.test/api/']) {
      const adapter = createPingPongAdapter({ ...credentials, baseUrl }, { fetch, timeoutMs: 5000 })
      await adapter.start(startInput('card'))
    }
    expect(sent).toHaveLength(2)
    expect(sent[0]?.url).toMatch(/^https:\/\/pingpong\.test\/api\/[^/]/)
    expect(sent[1]).toEqual(sent[0])
    expect(sent[0]?.contentType).toMatch(/^application\/json/)
  })
})

// PingPong's query says PROCESSING with threeDContinue of a payment whose 3DS is still to do.
describe('PingPong adapter: a query answer asking for 3DS', () => {
  const waitingForThreeDs = pingpong.buildResponse(
    {
      code: '001000',
      description: 'Successful request',
      bizContent: {
        merchantTransactionId: 'pay_1',
        status: 'PROCESSING',
        threeDContinue: 'true',
        amount: '25.00',
        currency: 'USD',
      },
    },
    credentials,
  )
  const query = (flow: PaymentRecord['flow'], options: { queryReadsThreeDsWait?: boolean } = {}) =>
    createPingPongAdapter(
      { ...credentials, ...options },
      gatewayAnswering(() => waitingForThreeDs).transport,
    ).query?.({ ...startInput(flow).record, status: 'requires_action' })

  it('leaves a card waiting for the shopper, so it can be given up for another card', async () => {
    expect(await query('card')).toMatchObject({ status: 'requires_action' })
  })

  it('reads a cashier, or a card with queryReadsThreeDsWait false, as being confirmed', async () => {
    expect(await query('hosted-redirect')).toMatchObject({ status: 'processing' })
    expect(await query('hosted-sdk')).toMatchObject({ status: 'processing' })
    expect(await query('card', { queryReadsThreeDsWait: false })).toMatchObject({
      status: 'processing',
    })
  })
})
