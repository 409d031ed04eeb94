import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import type { CheckoutConfig, CreatePaymentRequest, PaymentSession } from './contract.ts'
import { createCheckoutClient } from './createCheckoutClient.ts'

const session: PaymentSession = {
  id: 'pay_1',
  orderId: 'ORD-1',
  gateway: 'pingpong',
  flow: 'card',
  amount: { value: '25.00', currency: 'USD' },
  status: 'requires_action',
  action: { type: 'redirect', url: 'https://pay.example/3ds', method: 'GET' },
  updatedAt: '2030-01-01T00:00:00.000Z',
}

const card = {
  number: '4111111111111111',
  expiryMonth: '12',
  expiryYear: '2030',
  cvc: '9731',
  holderName: 'Ada Lovelace',
}
const jsGeneratedData = '{"fingerprint":"risk-secret-0001"}'
const cardRequest: CreatePaymentRequest = {
  gateway: 'pingpong',
  flow: 'card',
  orderId: 'ORD-1',
  returnUrl: 'https://shop.example/result',
  card,
  jsGeneratedData,
}
const secrets = [
  card.number,
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  card.cvc,
  jsGeneratedData,
  'risk-secret-0001',
]

interface Sent {
  url: string
  method: string
  headers: Headers
  body: string | undefined
  signal: AbortSignal | undefined
  cache: RequestCache | undefined
}

/** A `fetch` double that records what is sent and answers with `answer`. */
function fakeFetch(answer: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: Sent = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
      cache: init.cache,
    }
    sent.push(request)
    return answer(request)
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent }
}

const json = (body: unknown, status = 200) => Response.json(body, { status })

async function failure(promise: Promise<unknown>): Promise<CheckoutError> {
  try {
    await promise
  } catch (error) {
    expect(isCheckoutError(error)).toBe(true)
    return error as CheckoutError
  }
  throw new Error('expected the call to fail')
}

/** Everything an error carries that a logger or error tracker would record, stack aside. */
function everythingIn(error: unknown, depth = 0): string {
  if (depth > 5 || error === undefined || error === null) return ''
  if (typeof error !== 'object') return String(error)
  const record = error as Record<string, unknown>
  const own = Object.getOwnPropertyNames(error)
    .filter((name) => name !== 'stack' && name !== 'cause')
    .map((name) => `${name}=${String(record[name])}`)
  return [...own, everythingIn(record.cause, depth + 1)].join('\n')
}

function expectNoCardData(error: unknown) {
  const text = everythingIn(error)
  for (const secret of secrets) expect(text).not.toContain(secret)
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createCheckoutClient', () => {
  describe('createPayment', () => {
    it('posts JSON with the Idempotency-Key and returns the validated session', async () => {
      const { fetch, sent } = fakeFetch(() => json({ ...session, internal: 'dropped' }, 201))
      const client = createCheckoutClient({ baseUrl: 'https://shop.example/api/checkout/', fetch })

      const result = await client.createPayment(cardRequest, { idempotencyKey: 'key-1' })

      expect(result).toEqual(session)
      expect(sent).toHaveLength(1)
      const [request] = sent
      expect(request?.url).toBe('https://shop.example/api/checkout/payments')
      expect(request?.method).toBe('POST')
      expect(request?.headers.get('idempotency-key')).toBe('key-1')
      expect(request?.headers.get('content-type')).toBe('application/json')
      expect(request?.headers.get('accept')).toBe('application/json')
      expect(request?.cache).toBe('no-store')
      expect(JSON.parse(request?.body ?? '')).toEqual(cardRequest)
    })

    it('refuses a missing or oversized idempotency key before sending anything', async () => {
      const { fetch, sent } = fakeFetch(() => json(session))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      for (const idempotencyKey of ['', '  ', 'k'.repeat(256)]) {
        await expect(client.createPayment(cardRequest, { idempotencyKey })).rejects.toThrow(
          /idempotencyKey of 1 to 255 characters/,
        )
      }
      expect(sent).toHaveLength(0)
    })

    it('takes an idempotency key of exactly 255 characters, the server’s limit', async () => {
      const { fetch, sent } = fakeFetch(() => json(session, 201))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const idempotencyKey = 'k'.repeat(255)
      await client.createPayment(cardRequest, { idempotencyKey })
      expect(sent[0]?.headers.get('idempotency-key')).toBe(idempotencyKey)
    })

    it('turns { error: { code, message } } into server_error with code, message and status', async () => {
      const { fetch } = fakeFetch(() =>
        json(
          {
            error: {
              code: 'ATTEMPT_IN_PROGRESS',
              message:
                'A payment for this order is already in progress. Finish or cancel it first.',
            },
          },
          409,
        ),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.createPayment(cardRequest, { idempotencyKey: 'k' }))
      expect(error).toBeInstanceOf(CheckoutError)
      expect(error.code).toBe('server_error')
      expect(error.serverCode).toBe('ATTEMPT_IN_PROGRESS')
      expect(error.status).toBe(409)
      expect(error.message).toBe(
        'A payment for this order is already in progress. Finish or cancel it first.',
      )
    })

    it.each([
      ['without a message', {}],
      ['with a blank message', { message: '  ' }],
    ])('gives a server_error %s a usable one', async (_, rest) => {
      const { fetch } = fakeFetch(() => json({ error: { code: 'GATEWAY_REJECTED', ...rest } }, 502))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.createPayment(cardRequest, { idempotencyKey: 'k' }))
      expect(error.code).toBe('server_error')
      expect(error.status).toBe(502)
      expect(error.message).toBe('The checkout server refused the request (GATEWAY_REJECTED).')
    })

    it('times out a fetch that honours its signal: the outcome is unknown', async () => {
      let signal: AbortSignal | undefined
      const fetch = ((_: unknown, init?: RequestInit) =>
        new Promise((_resolve, reject) => {
          signal = init?.signal ?? undefined
          signal?.addEventListener('abort', () => reject(signal?.reason))
        })) as typeof globalThis.fetch
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch, timeoutMs: 20 })
      const error = await failure(client.createPayment(cardRequest, { idempotencyKey: 'k' }))
      expect(error.code).toBe('timeout')
      expect(error.message).toContain('no answer within 20 ms')
      expect(error.message).toContain('retry with the same idempotency key')
      expect(signal?.aborted).toBe(true)
    })

    it('times out a fetch that ignores its signal, and an answer whose body never ends', async () => {
      const never = (() => new Promise(() => {})) as typeof globalThis.fetch
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch: never, timeoutMs: 20 })
      expect((await failure(client.getPayment('pay_1'))).code).toBe('timeout')

      const stalled = fakeFetch(() => new Response(new ReadableStream({ start() {} })))
      const slowBody = createCheckoutClient({
        baseUrl: '/api/checkout',
        fetch: stalled.fetch,
        timeoutMs: 20,
      })
      const error = await failure(slowBody.getPayment('pay_1'))
      expect(error.code).toBe('timeout')
      expect(error.message).toContain('raise timeoutMs')
    })

    it('gives up after 15 s by default: the shopper learns the outcome is unknown, and not sooner', async () => {
      vi.useFakeTimers()
      // AbortSignal.timeout runs on the platform's own clock; this one runs on the fake timers.
      const timeout = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
        const controller = new AbortController()
        setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms)
        return controller.signal
      })
      try {
        const never = (() => new Promise(() => {})) as typeof globalThis.fetch
        const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch: never })
        let settled: CheckoutError | undefined
        void failure(client.createPayment(cardRequest, { idempotencyKey: 'k' })).then((error) => {
          settled = error
        })
        await vi.advanceTimersByTimeAsync(14_999)
        expect(settled).toBeUndefined()
        await vi.advanceTimersByTimeAsync(1)
        expect(settled?.code).toBe('timeout')
        expect(settled?.message).toContain('no answer within 15000 ms')
      } finally {
        timeout.mockRestore()
        vi.useRealTimers()
      }
    })

    it('reports a failed fetch as network_error with the cause kept', async () => {
      const cause = new TypeError('Failed to fetch')
      const fetch = vi.fn(async () => {
        throw cause
      }) as unknown as typeof globalThis.fetch
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.createPayment(cardRequest, { idempotencyKey: 'k' }))
      expect(error.code).toBe('network_error')
      expect(error.cause).toBe(cause)
      expect(error.message).toContain('CORS')
      expect(error.message).toContain('same idempotency key')
    })

    it("reports the caller's abort as aborted, not as a timeout", async () => {
      const controller = new AbortController()
      const fetch = (() => new Promise(() => {})) as typeof globalThis.fetch
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const pending = client.createPayment(cardRequest, {
        idempotencyKey: 'k',
        signal: controller.signal,
      })
      controller.abort()
      expect((await failure(pending)).code).toBe('aborted')

      const { fetch: unused, sent } = fakeFetch(() => json(session))
      const idle = createCheckoutClient({ baseUrl: '/api/checkout', fetch: unused })
      const error = await failure(idle.getPayment('pay_1', { signal: AbortSignal.abort() }))
      expect(error.code).toBe('aborted')
      expect(sent).toHaveLength(0)
    })

    it('never lets card data into an error, whatever the server echoes', async () => {
      const echoes: ((body: string) => Response)[] = [
        (body) =>
          json({ error: { code: 'INVALID_REQUEST', message: `Bad request: ${body}` } }, 400),
        // The code is no message: it is not redacted but kept whole, so card data must not get in.
        (body) => json({ error: { code: `INVALID_REQUEST:${body}`, message: 'Bad request' } }, 400),
        () => json({ error: { code: card.number, message: 'Bad request' } }, 400),
        () => json({ error: { code: `CVC_${card.cvc}`, message: 'Bad request' } }, 400),
        () =>
          json(
            {
              error: {
                code: 'GATEWAY_REJECTED',
                message: `Card 4111 1111 1111 1111 / 4111-1111-1111-1111 (CVC ${card.cvc}) refused`,
              },
            },
            502,
          ),
        (body) => new Response(`<pre>${body}</pre>`, { status: 200 }),
        (body) => new Response(body.slice(0, -1), { status: 200 }),
        (body) => new Response(body, { status: 400 }),
        (body) => new Response(body, { status: 502 }),
        (body) => json(JSON.parse(body), 201),
        () => json({ ...session, action: { type: card.number } }, 201),
        () => json({ ...session, action: { type: `x${card.number}` } }, 201),
        () => json({ ...session, id: card.number, status: card.cvc }, 201),
      ]
      for (const echo of echoes) {
        const { fetch } = fakeFetch((request) => echo(request.body ?? ''))
        const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
        const error = await failure(client.createPayment(cardRequest, { idempotencyKey: 'k' }))
        expectNoCardData(error)
      }
    })

    it('keeps a typed card number out of an error when the server echoes its digits only, Luhn or not', async () => {
      // Some UnionPay numbers carry no check digit, so the card-number mask cannot catch them.
      const typed = '6212 3456 7890 1234'
      const { fetch } = fakeFetch(() =>
        json({ error: { code: 'INVALID_CARD', message: 'Card 6212345678901234 refused' } }, 400),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const request = { ...cardRequest, card: { ...card, number: typed } }
      const error = await failure(client.createPayment(request, { idempotencyKey: 'k' }))
      expect(error.message).toBe('Card [redacted] refused')
    })

    it('redacts a secret whole when a shorter one sits inside it', async () => {
      // The security code appears inside jsGeneratedData: redacted first, it would cut
      // jsGeneratedData apart and leave the rest of it in the message.
      const data = '{"fp":"device-9731-fingerprint"}'
      const { fetch } = fakeFetch(() =>
        json({ error: { code: 'INVALID_REQUEST', message: `Bad data ${data}` } }, 400),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const request = { ...cardRequest, jsGeneratedData: data }
      const error = await failure(client.createPayment(request, { idempotencyKey: 'k' }))
      expect(error.message).toBe('Bad data [redacted]')
    })

    it('redacts card-number-like digits from any server message, and keeps other numbers', async () => {
      const { fetch } = fakeFetch(() =>
        json(
          {
            error: {
              code: 'INVALID_REQUEST',
              message: 'Order 20300101 for card 5555555555554444 cannot be paid.',
            },
          },
          400,
        ),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.getPayment('pay_1'))
      expect(error.message).toBe('Order 20300101 for card [redacted] cannot be paid.')
    })

    it('redacts a card number that runs into other digits (an expiry, a year)', async () => {
      const { fetch } = fakeFetch(() =>
        json(
          {
            error: {
              code: 'INVALID_REQUEST',
              message: 'Card 5555555555554444-12-30 and 2024 4111 1111 1111 1111 refused.',
            },
          },
          400,
        ),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.getPayment('pay_1'))
      expect(error.message).toBe('Card [redacted] and [redacted] refused.')
    })
  })

  describe('answers that are not the contract', () => {
    it.each<[string, () => Response, Partial<CheckoutError>]>([
      [
        'a web page',
        () => new Response('<!doctype html>', { status: 200 }),
        { code: 'invalid_response', status: 200 },
      ],
      ['an empty body', () => new Response('', { status: 200 }), { code: 'invalid_response' }],
      [
        'JSON that is not a session',
        () => json({ ok: true }),
        { code: 'invalid_response', status: 200 },
      ],
      [
        'a session with a bad amount',
        () => json({ ...session, amount: { value: 25, currency: 'USD' } }),
        { code: 'invalid_response' },
      ],
      [
        'an unknown action type',
        () => json({ ...session, action: { type: 'iframe', url: 'https://evil.example' } }),
        { code: 'unknown_action', status: 200 },
      ],
      // Only a 2xx carries a session: fetch follows redirects, so a 3xx here is not the contract.
      [
        'a session sent with HTTP 300',
        () => json(session, 300),
        { code: 'invalid_response', status: 300 },
      ],
      [
        'a 404 without an error body',
        () => new Response('Not Found', { status: 404 }),
        { code: 'invalid_response', status: 404 },
      ],
      [
        'an error body without code',
        () => json({ error: { message: 'x' } }, 400),
        { code: 'invalid_response', status: 400 },
      ],
      [
        'an error body whose code is not an identifier',
        () => json({ error: { code: 'card {"number":"…"} refused', message: 'x' } }, 400),
        { code: 'invalid_response', status: 400 },
      ],
      [
        'an error body with a code over 64 characters',
        () => json({ error: { code: 'E'.repeat(65), message: 'x' } }, 400),
        { code: 'invalid_response', status: 400 },
      ],
      // A proxy's own error page: the server behind it may have received the request.
      [
        'a proxy 502 page',
        () => new Response('<html>Bad Gateway</html>', { status: 502 }),
        { code: 'network_error', status: 502 },
      ],
      [
        'a proxy 503 page',
        () => new Response('', { status: 503 }),
        { code: 'network_error', status: 503 },
      ],
      [
        'a proxy 504 page',
        () => new Response('Gateway Timeout', { status: 504 }),
        { code: 'timeout', status: 504 },
      ],
    ])('%s', async (_, answer, expected) => {
      const { fetch } = fakeFetch(answer)
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.getPayment('pay_1'))
      expect(error).toMatchObject(expected)
      expect(error.message).toContain('GET /api/checkout/payments/pay_1')
    })
  })

  it('reads only an error body of its own, not one a polluted Object.prototype lends it', async () => {
    Object.defineProperty(Object.prototype, 'error', {
      configurable: true,
      value: { code: 'PAID', message: 'Paid.' },
    })
    try {
      const { fetch } = fakeFetch(() => json({}, 400))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      const error = await failure(client.getPayment('pay_1'))
      expect(error.code).toBe('invalid_response')
    } finally {
      delete (Object.prototype as { error?: unknown }).error
    }
  })

  describe('the other routes', () => {
    it('getConfig reads and validates /config, letting the HTTP cache work', async () => {
      const config: CheckoutConfig = {
        gateways: { pockyt: { flows: ['hosted-redirect'] }, oceanpayment: { flows: ['card'] } },
      }
      const { fetch, sent } = fakeFetch(() => json(config))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      expect(await client.getConfig()).toEqual(config)
      expect(sent[0]).toMatchObject({
        url: '/api/checkout/config',
        method: 'GET',
        cache: undefined,
      })
      expect(sent[0]?.headers.has('idempotency-key')).toBe(false)

      const bad = createCheckoutClient({
        baseUrl: '/api/checkout',
        fetch: fakeFetch(() => json({ gateways: { pockyt: { flows: ['fax'] } } })).fetch,
      })
      const error = await failure(bad.getConfig())
      expect(error.code).toBe('invalid_response')
      expect(error.message).toContain('`gateways.pockyt.flows[0]`')
    })

    it('getPayment and cancelPayment encode the id into the path', async () => {
      const { fetch, sent } = fakeFetch(() =>
        json({ ...session, status: 'cancelled', action: undefined }),
      )
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      await client.getPayment('pay_1')
      await client.getPayment('../config')
      const cancelled = await client.cancelPayment('pay 1')
      expect(cancelled.status).toBe('cancelled')
      expect(sent.map(({ method, url }) => `${method} ${url}`)).toEqual([
        'GET /api/checkout/payments/pay_1',
        'GET /api/checkout/payments/..%2Fconfig',
        'POST /api/checkout/payments/pay%201/cancel',
      ])
      expect(sent[2]?.body).toBeUndefined()
      // Without a body there is no content type, so a cross-origin API needs no preflight.
      expect(sent.map((request) => request.headers.get('content-type'))).toEqual([null, null, null])
      await expect(client.getPayment('')).rejects.toThrow(/getPayment needs a payment id/)
    })

    it('eventsUrl points at the payment’s event stream', () => {
      const client = createCheckoutClient({ baseUrl: 'https://shop.example/api/checkout' })
      expect(client.eventsUrl('pay_1')).toBe(
        'https://shop.example/api/checkout/payments/pay_1/events',
      )
      // As for the other routes: an id from the address bar cannot walk the API's paths.
      expect(client.eventsUrl('../config?')).toBe(
        'https://shop.example/api/checkout/payments/..%2Fconfig%3F/events',
      )
    })

    it('reads globalThis.fetch when a request is made, not when the client is created', async () => {
      const client = createCheckoutClient({ baseUrl: '/api/checkout' })
      const { fetch, sent } = fakeFetch(() => json(session))
      vi.stubGlobal('fetch', fetch)
      await client.getPayment('pay_1')
      expect(sent).toHaveLength(1)

      vi.stubGlobal('fetch', undefined)
      const error = await failure(client.getPayment('pay_1'))
      expect(error.code).toBe('network_error')
      expect(error.message).toContain('pass `fetch` to createCheckoutClient')
    })
  })

  describe("the server's clock", () => {
    const minutes = 60_000
    const answeredAt = (serverNow: number) => () =>
      Response.json(session, { headers: { date: new Date(serverNow).toUTCString() } })

    it.each([
      ['ahead', 20 * minutes],
      ['behind', -20 * minutes],
      // Just past the two seconds the header's resolution and the trip account for.
      ['five seconds ahead', 5_000],
      ['five seconds behind', -5_000],
    ])('is measured from the Date header when it is %s of the browser’s', async (_, skew) => {
      const { fetch } = fakeFetch(answeredAt(Date.now() + skew))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      expect(client.serverClockOffsetMs?.()).toBe(0)
      await client.getPayment('pay_1')
      expect(Math.abs((client.serverClockOffsetMs?.() ?? 0) - skew)).toBeLessThan(1_500)
    })

    it('takes the middle of the second the Date header names', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      try {
        vi.setSystemTime(Date.UTC(2030, 0, 1, 12, 0, 0, 0))
        const { fetch } = fakeFetch(answeredAt(Date.UTC(2030, 0, 1, 12, 20, 0, 0)))
        const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
        await client.getPayment('pay_1')
        expect(client.serverClockOffsetMs?.()).toBe(20 * minutes + 500)
      } finally {
        vi.useRealTimers()
      }
    })

    it('counts as in step within two seconds, and without a Date header', async () => {
      const { fetch } = fakeFetch(answeredAt(Date.now() + 1_000))
      const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
      await client.getPayment('pay_1')
      expect(client.serverClockOffsetMs?.()).toBe(0)
      const bare = createCheckoutClient({
        baseUrl: '/api/checkout',
        fetch: fakeFetch(() => json(session)).fetch,
      })
      await bare.getPayment('pay_1')
      expect(bare.serverClockOffsetMs?.()).toBe(0)
    })
  })

  describe('options', () => {
    it.each<[string, unknown, RegExp]>([
      ['no options', undefined, /needs options/],
      ['no baseUrl', {}, /needs baseUrl/],
      ['an empty baseUrl', { baseUrl: ' ' }, /needs baseUrl/],
      ['a baseUrl with a query', { baseUrl: '/api?x=1' }, /without a query or fragment/],
      ['a baseUrl with a fragment', { baseUrl: '/api#x' }, /without a query or fragment/],
      [
        'a fetch that is not a function',
        { baseUrl: '/api', fetch: 'fetch' },
        /fetch must be a function/,
      ],
      ['a zero timeout', { baseUrl: '/api', timeoutMs: 0 }, /positive number of milliseconds/],
      [
        'an infinite timeout',
        { baseUrl: '/api', timeoutMs: Number.POSITIVE_INFINITY },
        /timeoutMs/,
      ],
    ])('refuses %s, saying what to pass', (_, options, message) => {
      expect(() => createCheckoutClient(options as never)).toThrow(message)
    })
  })
})
