import { describe, expect, it } from 'vitest'
import {
  buildPrePayRequest,
  buildQueryRequest,
  buildRefundQueryRequest,
  buildRefundRequest,
  buildUnifiedPayRequest,
  type UnifiedPayInput,
} from './build.ts'
import { verifyEnvelope } from './sign.ts'
import { paths, sandboxCredentials } from './wire.ts'

const credentials = sandboxCredentials

const order = {
  merchantTransactionId: 'ORDER-1',
  amount: { value: '10', currency: 'USD' },
  shopperIP: '203.0.113.7',
  payResultUrl: 'https://shop.example/return/pingpong',
  payCancelUrl: 'https://shop.example/return/pingpong?cancelled=1',
  notificationUrl: 'https://shop.example/notify/pingpong',
}

const card = {
  type: 'scheme' as const,
  cardInfo: {
    number: '4111111111111111',
    expireMonth: '12',
    expireYear: '2030',
    cvv: '333',
    holderFirstName: 'Ada',
    holderLastName: 'Lovelace',
  },
}

function bizContentOf(request: { message: { bizContent: string } }) {
  return JSON.parse(request.message.bizContent)
}

describe('PingPong request builders', () => {
  it('builds a signed prePay envelope with the amount in the currency’s decimals', () => {
    const request = buildPrePayRequest(order, credentials)
    expect(request).toMatchObject({
      method: 'POST',
      path: paths.prePay,
      contentType: 'application/json',
    })
    expect(JSON.parse(request.body)).toEqual(request.message)
    expect(request.message).toMatchObject({
      accId: credentials.accId,
      clientId: credentials.clientId,
      signType: 'SHA256',
      version: '1.0',
    })
    expect(verifyEnvelope(request.message, credentials.salt)).toBe(true)
    expect(bizContentOf(request)).toEqual({
      captureDelayHours: '0',
      amount: '10.00',
      currency: 'USD',
      merchantTransactionId: 'ORDER-1',
      payResultUrl: order.payResultUrl,
      payCancelUrl: order.payCancelUrl,
      notificationUrl: order.notificationUrl,
      shopperIP: order.shopperIP,
    })
  })

  it.each([
    ['JPY', '1000', '1000'],
    ['KWD', '1.5', '1.500'],
    ['USD', '0.1', '0.10'],
  ])('formats %s %s as %s', (currency, value, wire) => {
    const request = buildPrePayRequest({ ...order, amount: { value, currency } }, credentials)
    expect(bizContentOf(request).amount).toBe(wire)
  })

  it('refuses amounts the currency cannot hold, saying what is expected', () => {
    expect(() =>
      buildPrePayRequest({ ...order, amount: { value: '10.5', currency: 'JPY' } }, credentials),
    ).toThrow(/at most 0 decimals/)
    expect(() =>
      buildPrePayRequest({ ...order, amount: { value: '-1', currency: 'USD' } }, credentials),
    ).toThrow(RangeError)
  })

  it('refuses a notificationUrl with a query string, as PingPong does', () => {
    expect(() =>
      buildPrePayRequest({ ...order, notificationUrl: 'https://shop.example/n?id=1' }, credentials),
    ).toThrow(/no query string|must not have a query string/)
  })

  it('takes a merchantTransactionId up to its 64 characters and not one more (pingpong.md §1.4)', () => {
    const longest = 'M'.repeat(64)
    expect(
      bizContentOf(buildPrePayRequest({ ...order, merchantTransactionId: longest }, credentials))
        .merchantTransactionId,
    ).toBe(longest)
    expect(() =>
      buildPrePayRequest({ ...order, merchantTransactionId: `${longest}1` }, credentials),
    ).toThrow('PingPong: merchantTransactionId is at most 64 characters')
  })

  it('puts expiry in Unix seconds', () => {
    const request = buildPrePayRequest(
      { ...order, expiresAt: new Date('2030-01-01T00:00:00Z') },
      credentials,
    )
    expect(bizContentOf(request).timeExpire).toBe('1893456000')
  })

  it('builds a card unifiedPay with jsGeneratedData as JSON text', () => {
    const input: UnifiedPayInput = {
      ...order,
      requestId: 'REQ-1',
      paymentMethod: card,
      jsGeneratedData: { fingerPrint: 'fp' },
    }
    const request = buildUnifiedPayRequest(input, credentials)
    expect(request.path).toBe(paths.unifiedPay)
    expect(bizContentOf(request)).toMatchObject({
      requestId: 'REQ-1',
      captureDelayHours: '0',
      paymentMethod: card,
      jsGeneratedData: '{"fingerPrint":"fp"}',
    })
  })

  it('leaves capture timing out of an APM payment', () => {
    const request = buildUnifiedPayRequest(
      { ...order, requestId: 'REQ-2', paymentMethod: { type: 'AlipayCN' } },
      credentials,
    )
    const bizContent = bizContentOf(request)
    expect(bizContent.paymentMethod).toEqual({ type: 'AlipayCN' })
    expect(bizContent).not.toHaveProperty('captureDelayHours')
  })

  it('names the wrong card field without ever echoing card data', () => {
    const attempts: [Partial<typeof card.cardInfo>, RegExp][] = [
      [{ number: '4111 1111 1111 1111' }, /cardInfo\.number/],
      [{ expireMonth: '13' }, /cardInfo\.expireMonth/],
      [{ expireYear: '30' }, /cardInfo\.expireYear/],
      [{ cvv: '33' }, /cardInfo\.cvv/],
    ]
    for (const [change, message] of attempts) {
      const input = {
        ...order,
        requestId: 'R',
        paymentMethod: { ...card, cardInfo: { ...card.cardInfo, ...change } },
      }
      let error: unknown
      try {
        buildUnifiedPayRequest(input, credentials)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toMatch(message)
      expect((error as Error).message).not.toMatch(/4111|333/)
    }
  })

  it('builds queries and refunds, and asks for the reference they need', () => {
    expect(
      bizContentOf(buildQueryRequest({ merchantTransactionId: 'ORDER-1' }, credentials)),
    ).toEqual({
      merchantTransactionId: 'ORDER-1',
    })
    expect(() => buildQueryRequest({}, credentials)).toThrow(
      /transactionId or merchantTransactionId/,
    )
    const refund = buildRefundRequest(
      {
        merchantTransactionId: 'ORDER-1',
        merchantRefundId: 'RF-1',
        amount: { value: '2.5', currency: 'USD' },
      },
      credentials,
    )
    expect(refund.path).toBe(paths.refund)
    expect(bizContentOf(refund)).toEqual({
      merchantTransactionId: 'ORDER-1',
      merchantRefundId: 'RF-1',
      amount: '2.50',
      currency: 'USD',
    })
    const refundQuery = buildRefundQueryRequest(
      { merchantTransactionId: 'ORDER-1', merchantRefundId: 'RF-1' },
      credentials,
      {
        path: paths.refundQueryAlias,
      },
    )
    expect(refundQuery.path).toBe('/v4/payment/getRefund')
    expect(() =>
      buildRefundQueryRequest({ merchantTransactionId: 'ORDER-1' }, credentials),
    ).toThrow(/refundId/)
  })

  it('signs with MD5 for accounts set up that way', () => {
    const request = buildQueryRequest({ transactionId: 'T' }, { ...credentials, signType: 'MD5' })
    expect(request.message.signType).toBe('MD5')
    expect(request.message.sign).toMatch(/^[0-9A-F]{32}$/)
    expect(verifyEnvelope(request.message, credentials.salt)).toBe(true)
  })
})
