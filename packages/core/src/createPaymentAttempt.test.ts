import { describe, expect, it, vi } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import type { CreatePaymentRequest, PaymentSession } from './contract.ts'
import { type CheckoutClient, createCheckoutClient } from './createCheckoutClient.ts'
import { createPaymentAttempt } from './createPaymentAttempt.ts'
import { rememberPayment } from './paymentResume.ts'

const request: CreatePaymentRequest = {
  gateway: 'pingpong',
  flow: 'apm',
  orderId: 'ORD-1',
  returnUrl: 'https://shop.example/result',
  method: 'AlipayCN',
}

const session = (status: PaymentSession['status'], updatedAt = '2030-01-01T00:00:01.000Z') =>
  ({
    id: 'pay_1',
    orderId: 'ORD-1',
    gateway: 'pingpong',
    flow: 'apm',
    amount: { value: '10.00', currency: 'USD' },
    status,
    ...(status === 'requires_action'
      ? { action: { type: 'qr-code', content: 'alipay://pay?x=1' } }
      : {}),
    updatedAt,
  }) satisfies PaymentSession

function keys() {
  let count = 0
  return () => `key-${++count}`
}

/** A client whose createPayment answers are queued by the test, one per call. */
function scriptedClient() {
  const calls: { request: CreatePaymentRequest; idempotencyKey: string; signal?: AbortSignal }[] =
    []
  const answers: ((settle: {
    resolve: (session: PaymentSession) => void
    reject: (error: unknown) => void
  }) => void)[] = []
  const pending: { resolve: (s: PaymentSession) => void; reject: (e: unknown) => void }[] = []
  const client: CheckoutClient = {
    getConfig: vi.fn(),
    getPayment: vi.fn(),
    cancelPayment: vi.fn(),
    eventsUrl: (id) => `/api/checkout/payments/${id}/events`,
    createPayment(payment, options) {
      calls.push({ request: payment, ...options })
      return new Promise((resolve, reject) => {
        const settle = { resolve, reject }
        const answer = answers.shift()
        if (answer) answer(settle)
        else pending.push(settle)
      })
    },
  }
  return {
    client,
    calls,
    answerNext: (answer: (typeof answers)[number]) => answers.push(answer),
    pending,
  }
}

describe('createPaymentAttempt', () => {
  it('starts idle and reports each change to subscribers', async () => {
    const { client, pending } = scriptedClient()
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const seen: string[] = []
    const unsubscribe = attempt.subscribe(() => seen.push(attempt.getSnapshot().status))
    expect(attempt.getSnapshot()).toEqual({ status: 'idle' })

    const done = attempt.submit(request)
    expect(attempt.getSnapshot()).toEqual({ status: 'submitting', idempotencyKey: 'key-1' })
    pending[0]?.resolve(session('requires_action'))
    expect(await done).toEqual({
      status: 'action',
      idempotencyKey: 'key-1',
      session: session('requires_action'),
    })
    attempt.update(session('processing', '2030-01-01T00:00:02.000Z'))
    attempt.update(session('succeeded', '2030-01-01T00:00:03.000Z'))
    unsubscribe()
    attempt.reset()
    expect(seen).toEqual(['submitting', 'action', 'waiting', 'succeeded'])
    expect(attempt.getSnapshot()).toEqual({ status: 'idle' })
  })

  it('makes one request for a double click, and both clicks get its outcome', async () => {
    const { client, calls, pending } = scriptedClient()
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const first = attempt.submit(request)
    const second = attempt.submit({ ...request, method: 'WeChatPay' })
    expect(calls).toHaveLength(1)
    pending[0]?.resolve(session('processing'))
    const [a, b] = await Promise.all([first, second])
    expect(a).toBe(b)
    expect(a.status).toBe('waiting')
    expect(calls).toHaveLength(1)
  })

  it('sends nothing while the payment is in an action or being watched', async () => {
    const { client, calls, answerNext } = scriptedClient()
    answerNext(({ resolve }) => resolve(session('requires_action')))
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const action = await attempt.submit(request)
    expect(await attempt.submit(request)).toBe(action)
    attempt.update(session('processing', '2030-01-01T00:00:02.000Z'))
    const waiting = attempt.getSnapshot()
    expect(await attempt.submit(request)).toBe(waiting)
    expect(await attempt.retry()).toBe(waiting)
    expect(calls).toHaveLength(1)
  })

  it('a listener that submits while hearing of "submitting" does not send twice', async () => {
    const { client, calls, pending } = scriptedClient()
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    attempt.subscribe(() => {
      void attempt.submit(request)
    })
    void attempt.submit(request)
    expect(calls).toHaveLength(1)
    pending[0]?.resolve(session('processing'))
  })

  it('after a timeout the outcome is unknown, and retry() sends the same key', async () => {
    const keysSent: (string | null)[] = []
    let answered = 0
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      keysSent.push(new Headers(init?.headers).get('idempotency-key'))
      // The first request hangs past the timeout; the retry is answered.
      if (answered++ === 0) return new Promise(() => {})
      return Response.json(session('requires_action'), { status: 201 })
    }) as typeof globalThis.fetch
    const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch, timeoutMs: 20 })
    const attempt = createPaymentAttempt({ client, createKey: keys() })

    const unknown = await attempt.submit(request)
    expect(unknown.status).toBe('unknown')
    expect(unknown).toMatchObject({ idempotencyKey: 'key-1', error: { code: 'timeout' } })

    const retried = await attempt.retry()
    expect(retried).toMatchObject({ status: 'action', idempotencyKey: 'key-1' })
    expect(keysSent).toEqual(['key-1', 'key-1'])
  })

  it('after a 2xx answer it cannot read, retry() asks again with the same key', async () => {
    const keysSent: (string | null)[] = []
    let answered = 0
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      keysSent.push(new Headers(init?.headers).get('idempotency-key'))
      // The server created the payment, but its first answer is not the contract.
      if (answered++ === 0)
        return Response.json({ id: 'pay_1', status: 'paid-ish' }, { status: 201 })
      return Response.json(session('requires_action'), { status: 200 })
    }) as typeof globalThis.fetch
    const client = createCheckoutClient({ baseUrl: '/api/checkout', fetch })
    const attempt = createPaymentAttempt({ client, createKey: keys() })

    const unreadable = await attempt.submit(request)
    expect(unreadable).toMatchObject({
      status: 'unknown',
      idempotencyKey: 'key-1',
      error: { code: 'invalid_response', status: 201 },
    })
    expect(await attempt.retry()).toMatchObject({ status: 'action', idempotencyKey: 'key-1' })
    expect(keysSent).toEqual(['key-1', 'key-1'])
  })

  it('after a refusal retry() starts over with a new key', async () => {
    const { client, calls, answerNext } = scriptedClient()
    answerNext(({ reject }) =>
      reject(new CheckoutError('server_error', 'Try again.', { serverCode: 'GATEWAY_REJECTED' })),
    )
    answerNext(({ resolve }) => resolve(session('requires_action')))
    const attempt = createPaymentAttempt({ client, createKey: keys() })

    const refused = await attempt.submit(request)
    expect(refused).toMatchObject({
      status: 'error',
      idempotencyKey: 'key-1',
      error: { code: 'server_error', serverCode: 'GATEWAY_REJECTED' },
    })
    expect((await attempt.retry()).status).toBe('action')
    expect(calls.map((call) => call.idempotencyKey)).toEqual(['key-1', 'key-2'])
    expect(calls[1]?.request).toBe(request)
  })

  it('a new submit() after a failed payment uses a new key', async () => {
    const { client, calls, answerNext } = scriptedClient()
    answerNext(({ resolve }) => resolve(session('failed')))
    answerNext(({ resolve }) => resolve(session('succeeded')))
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    expect((await attempt.submit(request)).status).toBe('failed')
    // Nothing to retry once the server has decided.
    expect((await attempt.retry()).status).toBe('failed')
    expect((await attempt.submit(request)).status).toBe('succeeded')
    expect(calls.map((call) => call.idempotencyKey)).toEqual(['key-1', 'key-2'])
  })

  it('treats an unexpected failure of the client as an unknown outcome', async () => {
    const { client, answerNext } = scriptedClient()
    const cause = new Error('custom client bug')
    answerNext(({ reject }) => reject(cause))
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const state = await attempt.submit(request)
    expect(state).toMatchObject({ status: 'unknown', error: { code: 'network_error', cause } })
  })

  it('returns the same snapshot object until something changes', async () => {
    const { client, answerNext } = scriptedClient()
    answerNext(({ resolve }) => resolve(session('processing')))
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const listener = vi.fn()
    attempt.subscribe(listener)

    const idle = attempt.getSnapshot()
    expect(attempt.getSnapshot()).toBe(idle)
    attempt.reset()
    expect(attempt.getSnapshot()).toBe(idle)

    const waiting = await attempt.submit(request)
    expect(attempt.getSnapshot()).toBe(waiting)
    expect(attempt.getSnapshot()).toBe(attempt.getSnapshot())
    const changes = listener.mock.calls.length

    // The same session again (push and poll both deliver it) and an older one change nothing.
    attempt.update(session('processing'))
    attempt.update(session('processing', '2030-01-01T00:00:00.000Z'))
    expect(attempt.getSnapshot()).toBe(waiting)
    expect(listener).toHaveBeenCalledTimes(changes)

    attempt.update(session('succeeded', '2030-01-01T00:00:05.000Z'))
    expect(attempt.getSnapshot()).not.toBe(waiting)
    expect(attempt.getSnapshot().status).toBe('succeeded')
    expect(listener).toHaveBeenCalledTimes(changes + 1)
  })

  it('reset() abandons an open request: it is aborted and its answer is ignored', async () => {
    const { client, calls, pending } = scriptedClient()
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const abandoned = attempt.submit(request)
    attempt.reset()
    expect(calls[0]?.signal?.aborted).toBe(true)
    expect(attempt.getSnapshot()).toEqual({ status: 'idle' })

    pending[0]?.resolve(session('requires_action'))
    expect(await abandoned).toEqual({ status: 'idle' })
    expect(attempt.getSnapshot()).toEqual({ status: 'idle' })

    // A new attempt can start at once, with its own key.
    void attempt.submit(request)
    expect(calls.map((call) => call.idempotencyKey)).toEqual(['key-1', 'key-2'])
  })

  it("a late session of the attempt it replaced is not the new request's outcome", async () => {
    const { client, pending } = scriptedClient()
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    void attempt.submit(request)
    pending[0]?.resolve(session('requires_action'))
    await vi.waitFor(() => expect(attempt.getSnapshot().status).toBe('action'))
    attempt.reset()
    const next = attempt.submit(request)

    // A read of the old payment, sent before reset(), answers while the new request is out.
    attempt.update(session('expired', '2030-01-01T00:00:09.000Z'))
    expect(attempt.getSnapshot().status).toBe('submitting')

    pending[1]?.resolve({ ...session('requires_action'), id: 'pay_2' })
    expect(await next).toMatchObject({ status: 'action', session: { id: 'pay_2' } })
  })

  it('uses crypto.randomUUID() for keys by default', async () => {
    const { client, calls, answerNext } = scriptedClient()
    answerNext(({ resolve }) => resolve(session('processing')))
    const attempt = createPaymentAttempt({ client })
    await attempt.submit(request)
    expect(calls[0]?.idempotencyKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('stops notifying a listener after it unsubscribes', async () => {
    const { client, answerNext } = scriptedClient()
    answerNext(({ resolve }) => resolve(session('processing')))
    const attempt = createPaymentAttempt({ client, createKey: keys() })
    const listener = vi.fn()
    attempt.subscribe(listener)()
    await attempt.submit(request)
    expect(listener).not.toHaveBeenCalled()
  })

  describe('back from the gateway, paying again', () => {
    const inProgress = () =>
      new CheckoutError('server_error', 'A payment for this order is already in progress.', {
        serverCode: 'ATTEMPT_IN_PROGRESS',
        status: 409,
      })
    const hostedRequest: CreatePaymentRequest = {
      gateway: 'pingpong',
      flow: 'hosted-redirect',
      orderId: 'ORD-1',
      returnUrl: 'https://shop.example/result',
    }
    const leftPage = {
      ...session('requires_action'),
      id: 'pay_0',
      flow: 'hosted-redirect',
      action: { type: 'redirect', method: 'GET', url: 'https://pay.example/cashier?t=0' },
    } satisfies PaymentSession

    /** A tab whose sessionStorage remembers ORD-1's attempt pay_0, left for the gateway. */
    function tabBackFromGateway() {
      const items = new Map<string, string>()
      const storage = {
        getItem: (name: string) => items.get(name) ?? null,
        setItem: (name: string, value: string) => items.set(name, value),
        removeItem: (name: string) => items.delete(name),
      } as unknown as Storage
      const environment = { sessionStorage: () => storage }
      rememberPayment({ paymentId: 'pay_0', gateway: 'pingpong', orderId: 'ORD-1' }, environment)
      return environment
    }

    it('goes back to the hosted page it left, creating nothing', async () => {
      const { client, calls, answerNext } = scriptedClient()
      answerNext(({ reject }) => reject(inProgress()))
      vi.mocked(client.getPayment).mockResolvedValue(leftPage)
      const attempt = createPaymentAttempt({
        client,
        createKey: keys(),
        environment: tabBackFromGateway(),
      })

      expect(await attempt.submit(hostedRequest)).toMatchObject({
        status: 'action',
        session: leftPage,
      })
      expect(client.getPayment).toHaveBeenCalledExactlyOnceWith('pay_0', expect.anything())
      expect(client.cancelPayment).not.toHaveBeenCalled()
      expect(calls).toHaveLength(1)
    })

    it('shows the refusal when the attempt holding the order is not the one it left', async () => {
      const { client, answerNext } = scriptedClient()
      answerNext(({ reject }) => reject(inProgress()))
      const attempt = createPaymentAttempt({
        client,
        createKey: keys(),
        environment: tabBackFromGateway(),
      })

      expect(await attempt.submit({ ...hostedRequest, orderId: 'ORD-2' })).toMatchObject({
        status: 'error',
        error: { serverCode: 'ATTEMPT_IN_PROGRESS' },
      })
      expect(client.getPayment).not.toHaveBeenCalled()
    })

    const cardRequest: CreatePaymentRequest = {
      gateway: 'pingpong',
      flow: 'card',
      orderId: 'ORD-1',
      returnUrl: 'https://shop.example/result',
      card: {
        number: '4111111111111111',
        expiryMonth: '12',
        expiryYear: '2030',
        cvc: '123',
        holderName: 'Ada Lovelace',
      },
    }
    const leftVerification = {
      ...session('requires_action'),
      id: 'pay_0',
      flow: 'card',
      action: {
        type: 'three-ds',
        gateway: 'pingpong',
        params: {},
        redirectUrl: 'https://acs.example/c',
      },
    } satisfies PaymentSession

    it('gives up the card verification it left and sends the card payment again, same key', async () => {
      const { client, calls, answerNext } = scriptedClient()
      answerNext(({ reject }) => reject(inProgress()))
      answerNext(({ resolve }) => resolve({ ...session('succeeded'), id: 'pay_1', flow: 'card' }))
      vi.mocked(client.getPayment).mockResolvedValue(leftVerification)
      vi.mocked(client.cancelPayment).mockResolvedValue({
        ...leftVerification,
        status: 'cancelled',
      })
      const attempt = createPaymentAttempt({
        client,
        createKey: keys(),
        environment: tabBackFromGateway(),
      })

      expect(await attempt.submit(cardRequest)).toMatchObject({
        status: 'succeeded',
        session: { id: 'pay_1' },
      })
      expect(client.cancelPayment).toHaveBeenCalledExactlyOnceWith('pay_0', expect.anything())
      expect(calls.map((call) => [call.idempotencyKey, call.request])).toEqual([
        ['key-1', cardRequest],
        ['key-1', cardRequest],
      ])
    })

    it('stays idle once reset() abandoned the attempt while the page was read', async () => {
      const { client, answerNext } = scriptedClient()
      answerNext(({ reject }) => reject(inProgress()))
      let answer: (value: PaymentSession) => void = () => {}
      vi.mocked(client.getPayment).mockReturnValue(
        new Promise((resolve) => {
          answer = resolve
        }),
      )
      const attempt = createPaymentAttempt({
        client,
        createKey: keys(),
        environment: tabBackFromGateway(),
      })
      const abandoned = attempt.submit(hostedRequest)
      await vi.waitFor(() => expect(client.getPayment).toHaveBeenCalled())
      attempt.reset()
      answer(leftPage)

      expect(await abandoned).toEqual({ status: 'idle' })
      expect(attempt.getSnapshot()).toEqual({ status: 'idle' })
    })

    it('sends no card payment once reset() abandoned the attempt while the verification was given up', async () => {
      // A client that sends whatever it is asked to (a merchant's own, this scripted one), as the
      // kit's own would not once its signal is aborted.
      const { client, calls, answerNext } = scriptedClient()
      answerNext(({ reject }) => reject(inProgress()))
      answerNext(({ resolve }) => resolve({ ...session('succeeded'), id: 'pay_1', flow: 'card' }))
      vi.mocked(client.getPayment).mockResolvedValue(leftVerification)
      let cancelled: (value: PaymentSession) => void = () => {}
      vi.mocked(client.cancelPayment).mockReturnValue(
        new Promise((resolve) => {
          cancelled = resolve
        }),
      )
      const attempt = createPaymentAttempt({
        client,
        createKey: keys(),
        environment: tabBackFromGateway(),
      })
      const abandoned = attempt.submit(cardRequest)
      await vi.waitFor(() => expect(client.cancelPayment).toHaveBeenCalled())
      attempt.reset()
      cancelled({ ...leftVerification, status: 'cancelled' })

      expect(await abandoned).toEqual({ status: 'idle' })
      expect(calls).toHaveLength(1)
    })
  })
})
