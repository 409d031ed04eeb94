import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import type { CheckoutConfig, NextAction, PaymentSession } from './contract.ts'
import { parseCheckoutConfig, parsePaymentSession } from './parsePaymentSession.ts'

const session: PaymentSession = {
  id: 'pay_1',
  orderId: 'ORD-1',
  gateway: 'pingpong',
  flow: 'hosted-redirect',
  amount: { value: '25.00', currency: 'USD' },
  status: 'processing',
  updatedAt: '2030-01-01T00:00:00.000Z',
}

function rejection(value: unknown): CheckoutError {
  try {
    parsePaymentSession(value)
  } catch (error) {
    expect(error).toBeInstanceOf(CheckoutError)
    return error as CheckoutError
  }
  throw new Error('expected parsePaymentSession to throw')
}

const actions: NextAction[] = [
  { type: 'redirect', url: 'https://pay.example/checkout?token=t', method: 'GET' },
  {
    type: 'redirect',
    url: 'https://pay.example/gateway/service/pay',
    method: 'POST',
    fields: { account: '995149', signValue: 'ABC', empty: '' },
  },
  {
    type: 'hosted-sdk',
    gateway: 'pingpong',
    scriptUrl: 'https://cdn.example/ppPay.js',
    token: 'EU:abc',
    mode: 'sandbox',
  },
  // The live word one PingPong page gives ppPay ([U]), when the server is set to send it.
  {
    type: 'hosted-sdk',
    gateway: 'pingpong',
    scriptUrl: 'https://cdn.example/ppPay.js',
    token: 'EU:abc',
    mode: 'build',
  },
  { type: 'three-ds', gateway: 'pingpong', params: { threeDUnion: 'x', nested: [1, null] } },
  {
    type: 'three-ds',
    gateway: 'pingpong',
    params: null,
    redirectUrl: 'https://acs.example/challenge',
  },
  { type: 'qr-code', content: 'weixin://wxpay/bizpayurl?pr=abc' },
  {
    type: 'qr-code',
    imageUrl: 'https://pay.example/qr.png',
    expiresAt: '2030-01-01T00:15:00.000Z',
  },
]

describe('parsePaymentSession', () => {
  it('returns a minimal session unchanged', () => {
    expect(parsePaymentSession(structuredClone(session))).toEqual(session)
  })

  it('leaves an absent optional field absent, not present as undefined', () => {
    // A spread or an `in` test of the session must not see `action` or `expiresAt` keys.
    expect(Object.keys(parsePaymentSession(structuredClone(session))).sort()).toEqual(
      Object.keys(session).sort(),
    )
  })

  it.each(actions)('accepts the $type action %#', (action) => {
    const value = { ...session, status: 'requires_action', action }
    expect(parsePaymentSession(JSON.parse(JSON.stringify(value)))).toEqual(value)
  })

  it('keeps failure and expiresAt, and drops fields that are not in the contract', () => {
    const value = {
      ...session,
      status: 'failed',
      failure: { code: 'DECLINED', message: 'The card was declined.', extra: 1 },
      expiresAt: '2030-01-01T00:30:00Z',
      gatewaySecret: 'should not pass the boundary',
    }
    expect(parsePaymentSession(value)).toEqual({
      ...session,
      status: 'failed',
      failure: { code: 'DECLINED', message: 'The card was declined.' },
      expiresAt: '2030-01-01T00:30:00Z',
    })
  })

  it('reads null as an absent optional field, as other backends serialise it', () => {
    expect(
      parsePaymentSession({ ...session, action: null, failure: null, expiresAt: null }),
    ).toStrictEqual(session)
  })

  it.each<[string, unknown, string]>([
    ['not an object', 'pay_1', '`session` must be an object'],
    ['an array', [session], '`session` must be an object'],
    ['no id', { ...session, id: undefined }, '`id` must be a non-empty string'],
    ['an empty id', { ...session, id: '' }, '`id`'],
    ['a numeric orderId', { ...session, orderId: 1 }, '`orderId`'],
    [
      'an unknown gateway',
      { ...session, gateway: 'paypal' },
      "`gateway` must be one of 'pingpong'",
    ],
    ['an unknown flow', { ...session, flow: 'iframe' }, '`flow`'],
    ['an unknown status', { ...session, status: 'paid' }, '`status`'],
    ['no amount', { ...session, amount: undefined }, '`amount` must be an object'],
    ['a numeric amount', { ...session, amount: { value: 25, currency: 'USD' } }, '`amount.value`'],
    [
      'a negative amount',
      { ...session, amount: { value: '-1.00', currency: 'USD' } },
      '`amount.value`',
    ],
    [
      'an exponent amount',
      { ...session, amount: { value: '1e3', currency: 'USD' } },
      '`amount.value`',
    ],
    [
      'a trailing-dot amount',
      { ...session, amount: { value: '10.', currency: 'USD' } },
      '`amount.value`',
    ],
    [
      'a currency code longer than three letters',
      { ...session, amount: { value: '1', currency: 'USDT' } },
      '`amount.currency`',
    ],
    [
      'a lower-case currency',
      { ...session, amount: { value: '1', currency: 'usd' } },
      '`amount.currency`',
    ],
    ['no updatedAt', { ...session, updatedAt: undefined }, '`updatedAt`'],
    ['a bad updatedAt', { ...session, updatedAt: 'yesterday' }, '`updatedAt` must be an ISO 8601'],
    ['a bad expiresAt', { ...session, expiresAt: 5 }, '`expiresAt`'],
    ['a failure without message', { ...session, failure: { code: 'X' } }, '`failure.message`'],
    ['requires_action without action', { ...session, status: 'requires_action' }, '`action`'],
    ['an action that is not an object', { ...session, action: 'redirect' }, '`action` must be'],
    ['an action without type', { ...session, action: { url: 'https://x' } }, '`action.type`'],
    [
      'a redirect without url',
      { ...session, action: { type: 'redirect', method: 'GET' } },
      '`action.url`',
    ],
    [
      'a redirect without method',
      { ...session, action: { type: 'redirect', url: 'https://x' } },
      '`action.method`',
    ],
    [
      'a POST redirect without fields',
      { ...session, action: { type: 'redirect', url: 'https://x', method: 'POST' } },
      '`action.fields`',
    ],
    [
      'a POST redirect with a numeric field',
      {
        ...session,
        action: { type: 'redirect', url: 'https://x', method: 'POST', fields: { amount: 1 } },
      },
      "`action.fields['amount']` must be a string",
    ],
    [
      'a hosted-sdk for another gateway',
      {
        ...session,
        action: {
          type: 'hosted-sdk',
          gateway: 'pockyt',
          scriptUrl: 'https://x',
          token: 't',
          mode: 'sandbox',
        },
      },
      '`action.gateway`',
    ],
    [
      'a hosted-sdk with an unknown mode',
      {
        ...session,
        action: {
          type: 'hosted-sdk',
          gateway: 'pingpong',
          scriptUrl: 'https://x',
          token: 't',
          mode: 'live',
        },
      },
      '`action.mode`',
    ],
    [
      'a three-ds without params',
      { ...session, action: { type: 'three-ds', gateway: 'pingpong' } },
      '`action.params`',
    ],
    [
      'a QR code with nothing to show',
      { ...session, action: { type: 'qr-code', expiresAt: '2030-01-01T00:00:00Z' } },
      '`action` must be a QR code with `content` or `imageUrl`',
    ],
  ])('refuses %s', (_, value, message) => {
    const error = rejection(value)
    expect(error.code).toBe('invalid_response')
    expect(error.message).toContain(message)
    expect(error.message).toContain('merchant contract')
  })

  it('refuses an unknown action type as unknown_action, never as a redirect', () => {
    const error = rejection({
      ...session,
      status: 'requires_action',
      action: { type: 'iframe', url: 'https://pay.example/' },
    })
    expect(error.code).toBe('unknown_action')
    expect(error.message).toContain("action type 'iframe'")
    expect(error.message).toContain('Update @checkout-kit/core')
  })

  it.each(['toString', 'constructor', '__proto__'])(
    'refuses an action type named like an Object method (%s) as unknown_action',
    (type) => {
      const error = rejection({ ...session, status: 'requires_action', action: { type } })
      expect(error.code).toBe('unknown_action')
    },
  )

  it('names a broken field before an unknown action: the answer is not the contract', () => {
    const error = rejection({
      ...session,
      updatedAt: 'yesterday',
      status: 'requires_action',
      action: { type: 'iframe', url: 'https://pay.example/' },
    })
    expect(error.code).toBe('invalid_response')
    expect(error.message).toContain('`updatedAt`')
  })

  it('refuses a three-ds redirectUrl that is not text', () => {
    const error = rejection({
      ...session,
      status: 'requires_action',
      action: { type: 'three-ds', gateway: 'pingpong', params: {}, redirectUrl: 42 },
    })
    expect(error.code).toBe('invalid_response')
    expect(error.message).toContain('`action.redirectUrl`')
  })

  it('names an unknown action type of up to 32 characters, and no longer one', () => {
    const named = `x${'y'.repeat(31)}`
    expect(
      rejection({ ...session, status: 'requires_action', action: { type: named } }).message,
    ).toContain(`'${named}'`)
    const long = `${named}y`
    const { message } = rejection({ ...session, status: 'requires_action', action: { type: long } })
    expect(message).not.toContain(long)
    expect(message).toContain('(not shown)')
  })

  it('refuses an unknown redirect method as unknown_action', () => {
    const error = rejection({
      ...session,
      status: 'requires_action',
      action: { type: 'redirect', url: 'https://pay.example/', method: 'PUT' },
    })
    expect(error.code).toBe('unknown_action')
    expect(error.message).toContain("redirect method 'PUT'")
  })

  it('never repeats a value it received in a message', () => {
    const card = '4111111111111111'
    for (const value of [
      { ...session, id: Number(card) },
      { ...session, status: card },
      { ...session, gateway: `${card} 737` },
      { ...session, amount: { value: card.split(''), currency: 'USD' } },
      { ...session, action: { type: `a${card}` } },
      { ...session, action: { type: 'a737' } },
      { ...session, action: { type: card } },
      { ...session, action: { type: 'redirect', url: 'https://x', method: card } },
      {
        ...session,
        action: { type: 'redirect', url: 'https://x', method: 'POST', fields: { [card]: 1 } },
      },
    ]) {
      const { message } = rejection(value)
      expect(message).not.toContain(card)
      expect(message).not.toContain('737')
    }
  })

  it('keeps a POST field named __proto__ as a field', () => {
    const value = JSON.parse(
      '{"type":"redirect","url":"https://x","method":"POST","fields":{"__proto__":"a","b":"c"}}',
    )
    const parsed = parsePaymentSession({ ...session, status: 'requires_action', action: value })
    expect(parsed.action).toMatchObject({ method: 'POST' })
    const fields = (parsed.action as { fields: Record<string, string> }).fields
    expect(Object.keys(fields)).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
  })

  it('does not read contract fields from the prototype', () => {
    const inherited = Object.assign(Object.create({ id: 'pay_from_prototype' }), {
      ...session,
      id: undefined,
    })
    delete inherited.id
    expect(rejection(inherited).message).toContain('`id`')
  })

  it('throws nothing but CheckoutError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parsePaymentSession(value)
          return true
        } catch (error) {
          return error instanceof CheckoutError
        }
      }),
    )
  })

  // Close to valid sessions reach the deeper checks, which fc.anything() rarely does.
  const almostSession = fc.record({
    id: fc.oneof(fc.constant('pay_1'), fc.anything()),
    orderId: fc.oneof(fc.constant('ORD-1'), fc.anything()),
    gateway: fc.oneof(fc.constantFrom('pingpong', 'pockyt', 'oceanpayment'), fc.anything()),
    flow: fc.oneof(fc.constantFrom('card', 'apm'), fc.anything()),
    amount: fc.oneof(
      fc.record({ value: fc.stringMatching(/^\d{1,4}(\.\d\d)?$/), currency: fc.constant('EUR') }),
      fc.anything(),
    ),
    status: fc.oneof(fc.constantFrom('requires_action', 'processing', 'succeeded'), fc.anything()),
    action: fc.oneof(
      fc.constantFrom(...actions),
      fc.record({
        type: fc.constantFrom('redirect', 'hosted-sdk', 'three-ds', 'qr-code', 'other'),
        url: fc.anything(),
        method: fc.oneof(fc.constantFrom('GET', 'POST'), fc.anything()),
        fields: fc.anything(),
        gateway: fc.anything(),
        content: fc.anything(),
      }),
      fc.anything(),
    ),
    updatedAt: fc.oneof(fc.constant('2030-01-01T00:00:00Z'), fc.anything()),
  })

  it('returns a session or throws a CheckoutError for near-valid input', () => {
    fc.assert(
      fc.property(almostSession, (value) => {
        try {
          const parsed = parsePaymentSession(value)
          return parsed.id === value.id && parsed.status === value.status
        } catch (error) {
          return (
            error instanceof CheckoutError &&
            (error.code === 'invalid_response' || error.code === 'unknown_action')
          )
        }
      }),
    )
  })
})

describe('parseCheckoutConfig', () => {
  const config: CheckoutConfig = {
    gateways: {
      pingpong: {
        flows: ['hosted-sdk', 'card', 'apm'],
        apmMethods: [
          { method: 'AlipayCN', presentation: 'qr-code' },
          { method: 'GCash', presentation: 'redirect' },
        ],
        riskPlugin: {
          scriptUrl: 'https://cdn.example/risk.js',
          accId: 'acc',
          clientId: 'client',
          environment: 'SANDBOX',
        },
      },
      pockyt: { flows: ['hosted-redirect'] },
    },
  }

  it('returns a valid config unchanged', () => {
    expect(parseCheckoutConfig(structuredClone(config))).toEqual(config)
    expect(parseCheckoutConfig({ gateways: {} })).toEqual({ gateways: {} })
  })

  it.each<[string, unknown, string]>([
    ['no gateways', {}, '`gateways` must be an object'],
    ['an unknown gateway', { gateways: { paypal: { flows: [] } } }, '`gateways (its keys)`'],
    [
      'flows that are not a list',
      { gateways: { pockyt: { flows: 'card' } } },
      '`gateways.pockyt.flows`',
    ],
    [
      'an unknown flow',
      { gateways: { pockyt: { flows: ['iframe'] } } },
      '`gateways.pockyt.flows[0]`',
    ],
    [
      'an APM method with an unknown presentation',
      {
        gateways: {
          pingpong: { flows: ['apm'], apmMethods: [{ method: 'GCash', presentation: 'iframe' }] },
        },
      },
      '`gateways.pingpong.apmMethods[0].presentation`',
    ],
    [
      'an APM method without presentation',
      { gateways: { pingpong: { flows: ['apm'], apmMethods: [{ method: 'GCash' }] } } },
      '`gateways.pingpong.apmMethods[0].presentation`',
    ],
    [
      'a risk plugin with an unknown environment',
      {
        gateways: {
          pingpong: {
            flows: ['card'],
            riskPlugin: { scriptUrl: 'https://x', accId: 'a', clientId: 'c', environment: 'LIVE' },
          },
        },
      },
      '`gateways.pingpong.riskPlugin.environment`',
    ],
  ])('refuses %s', (_, value, message) => {
    let caught: unknown
    try {
      parseCheckoutConfig(value)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(CheckoutError)
    expect((caught as CheckoutError).code).toBe('invalid_response')
    expect((caught as CheckoutError).message).toContain(message)
    expect((caught as CheckoutError).message).toContain('CheckoutConfig')
  })

  it('throws nothing but CheckoutError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parseCheckoutConfig(value)
          return true
        } catch (error) {
          return error instanceof CheckoutError
        }
      }),
    )
  })
})
