import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError } from './checkoutError.ts'
import type { PaymentSession, PaymentStatus } from './contract.ts'
import type { CheckoutClient } from './createCheckoutClient.ts'
import { watchPaymentStatus } from './watchPaymentStatus.ts'

function session(status: PaymentStatus, updatedAt = '2030-01-01T00:00:00.000Z'): PaymentSession {
  return {
    id: 'pay_1',
    orderId: 'order_1',
    gateway: 'pingpong',
    flow: 'apm',
    amount: { value: '10.00', currency: 'USD' },
    status,
    updatedAt,
  }
}

class FakeEventSource {
  readonly listeners = new Map<string, ((event: Event) => void)[]>()
  closed = false
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  removeEventListener() {}
  close() {
    this.closed = true
  }
  emit(type: string, data?: string) {
    const event = data === undefined ? new Event(type) : new MessageEvent(type, { data })
    for (const listener of this.listeners.get(type) ?? []) listener(event)
  }
  send(value: PaymentSession) {
    this.emit('payment', JSON.stringify(value))
  }
}

interface Harness {
  environment: BrowserEnvironment
  sources: FakeEventSource[]
  setHidden(hidden: boolean): void
  visibilityListeners: Set<() => void>
}

function harness(options: { eventSource?: boolean } = {}): Harness {
  let hidden = false
  const visibilityListeners = new Set<() => void>()
  const sources: FakeEventSource[] = []
  const environment: BrowserEnvironment = {
    navigate: vi.fn(),
    submitForm: vi.fn(),
    document: () => undefined,
    sessionStorage: () => undefined,
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    isHidden: () => hidden,
    onVisibilityChange(listener) {
      visibilityListeners.add(listener)
      return () => visibilityListeners.delete(listener)
    },
    ...(options.eventSource
      ? {
          createEventSource(url: string) {
            const source = new FakeEventSource(url)
            sources.push(source)
            return source as unknown as EventSource
          },
        }
      : {}),
  }
  return {
    environment,
    sources,
    visibilityListeners,
    setHidden(value) {
      hidden = value
      for (const listener of [...visibilityListeners]) listener()
    },
  }
}

type GetPayment = (id: string, options?: { signal?: AbortSignal }) => Promise<PaymentSession>

function fakeClient(getPayment: GetPayment) {
  const mock = vi.fn(getPayment)
  const client: CheckoutClient = {
    getConfig: vi.fn(),
    createPayment: vi.fn(),
    getPayment: mock,
    cancelPayment: vi.fn(),
    eventsUrl: (id) => `https://shop.example/api/checkout/payments/${id}/events`,
  }
  return { client, getPayment: mock }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'))
})

afterEach(() => {
  vi.useRealTimers()
})

describe('watchPaymentStatus with server push', () => {
  it("opens the payment's events URL and makes no request while the stream works", async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    expect(sources).toHaveLength(1)
    expect((sources[0] as FakeEventSource).url).toBe(
      'https://shop.example/api/checkout/payments/pay_1/events',
    )
    ;(sources[0] as FakeEventSource).send(session('processing'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(getPayment).not.toHaveBeenCalled()
  })

  it('delivers sessions from the stream and stops at a final status', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    const onError = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, onError, environment })
    const source = sources[0] as FakeEventSource

    source.send(session('processing'))
    source.send({ ...session('succeeded', '2030-01-01T00:00:03.000Z'), extra: 'dropped' } as never)
    expect(onSession.mock.calls.map(([value]) => value.status)).toEqual(['processing', 'succeeded'])
    // Validated at the boundary: unknown fields do not come through.
    expect(onSession.mock.calls[1]?.[0]).not.toHaveProperty('extra')
    expect(source.closed).toBe(true)

    source.send(session('failed'))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(onSession).toHaveBeenCalledTimes(2)
    expect(getPayment).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
  })

  it('falls back to polling when the stream errors', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, environment })
    const source = sources[0] as FakeEventSource
    source.send(session('processing'))

    source.emit('error')
    expect(source.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalled()
    expect(getPayment.mock.calls[0]?.[0]).toBe('pay_1')
    // Events from the closed stream no longer count.
    const calls = onSession.mock.calls.length
    source.send(session('succeeded'))
    expect(onSession).toHaveBeenCalledTimes(calls)
    expect(sources).toHaveLength(1)
  })

  it('reports a malformed event and falls back to polling', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    const onError = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, onError, environment })
    const source = sources[0] as FakeEventSource

    source.emit('payment', '{"id":"pay_1","status":"paid"}')
    expect(onError).toHaveBeenCalledOnce()
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'invalid_response' })
    expect(source.closed).toBe(true)
    source.emit('payment', 'not json')
    expect(onError).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalled()
    expect(onSession).toHaveBeenCalledWith(session('processing'))
  })

  it('polls instead when the stream stays silent (a buffering proxy), checking within 2 s', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    await vi.advanceTimersByTimeAsync(1499)
    expect((sources[0] as FakeEventSource).closed).toBe(false)
    expect(getPayment).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(500)
    expect((sources[0] as FakeEventSource).closed).toBe(true)
    expect(getPayment).toHaveBeenCalledOnce()
  })

  it('keeps a stream that has spoken, however quiet it then is', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    ;(sources[0] as FakeEventSource).send(session('processing'))
    await vi.advanceTimersByTimeAsync(300_000)
    expect((sources[0] as FakeEventSource).closed).toBe(false)
    expect(getPayment).not.toHaveBeenCalled()
  })

  it('polls when EventSource cannot be created', async () => {
    const { environment } = harness()
    const throwing: BrowserEnvironment = {
      ...environment,
      createEventSource() {
        throw new SyntaxError('bad URL')
      },
    }
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment: throwing })
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalled()
  })
})

describe('watchPaymentStatus by polling', () => {
  it('checks within 2 s, every 2 s for a minute, then every 10 s', async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, environment })

    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment.mock.calls.length).toBeGreaterThanOrEqual(1)
    expect(onSession).toHaveBeenCalledWith(session('processing'))

    const countAt = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms - Date.now() + Date.parse('2030-01-01T00:00:00.000Z'))
      return getPayment.mock.calls.length
    }
    const at10 = await countAt(10_000)
    const at20 = await countAt(20_000)
    expect(at20 - at10).toBe(5)
    const at70 = await countAt(70_000)
    const at110 = await countAt(110_000)
    expect(at110 - at70).toBe(4)
    const at170 = await countAt(170_000)
    expect(at170 - at110).toBe(6)
  })

  it('never overlaps requests: the next check waits for a slow one', async () => {
    const { environment } = harness()
    let release: (value: PaymentSession) => void = () => {}
    const { client, getPayment } = fakeClient(
      () =>
        new Promise((resolve) => {
          release = resolve
        }),
    )
    const onSession = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, environment })
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalledOnce()

    await vi.advanceTimersByTimeAsync(30_000)
    expect(getPayment).toHaveBeenCalledOnce()

    release(session('processing'))
    await vi.advanceTimersByTimeAsync(0)
    expect(onSession).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(1999)
    expect(getPayment).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(1)
    expect(getPayment).toHaveBeenCalledTimes(2)
  })

  it('pauses while the page is hidden and checks at once when it is shown', async () => {
    const { environment, setHidden } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    await vi.advanceTimersByTimeAsync(2000)
    const before = getPayment.mock.calls.length

    setHidden(true)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(getPayment).toHaveBeenCalledTimes(before)

    setHidden(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(getPayment).toHaveBeenCalledTimes(before + 1)
    // Back on the slow schedule: more than a minute has passed.
    await vi.advanceTimersByTimeAsync(9999)
    expect(getPayment).toHaveBeenCalledTimes(before + 1)
    await vi.advanceTimersByTimeAsync(1)
    expect(getPayment).toHaveBeenCalledTimes(before + 2)
  })

  it('checks at once when shown again after a glance away shorter than the slow interval', async () => {
    const { environment, setHidden } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    // Past the first minute, right after a check: the next one is 10 s away.
    await vi.advanceTimersByTimeAsync(70_000)
    const before = getPayment.mock.calls.length

    // The shopper looks at their banking app for 3 s and comes back.
    setHidden(true)
    await vi.advanceTimersByTimeAsync(3000)
    setHidden(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(getPayment).toHaveBeenCalledTimes(before + 1)
  })

  it('does not start polling in a hidden page until it is shown', async () => {
    const { environment, setHidden } = harness()
    setHidden(true)
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getPayment).not.toHaveBeenCalled()
    setHidden(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(getPayment).toHaveBeenCalledOnce()
  })

  it('does not start a second request when shown during a request', async () => {
    const { environment, setHidden } = harness()
    let release: (value: PaymentSession) => void = () => {}
    const { client, getPayment } = fakeClient(
      () =>
        new Promise((resolve) => {
          release = resolve
        }),
    )
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    await vi.advanceTimersByTimeAsync(2000)
    setHidden(true)
    setHidden(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(getPayment).toHaveBeenCalledOnce()
    release(session('processing'))
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalledTimes(2)
  })

  it('stops at a final status', async () => {
    const { environment, visibilityListeners } = harness()
    const statuses: PaymentStatus[] = ['processing', 'processing', 'failed', 'processing']
    const { client, getPayment } = fakeClient(async () => session(statuses.shift() ?? 'processing'))
    const onSession = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, environment })
    await vi.advanceTimersByTimeAsync(120_000)
    expect(getPayment).toHaveBeenCalledTimes(3)
    expect(onSession.mock.calls.map(([value]) => value.status)).toEqual([
      'processing',
      'processing',
      'failed',
    ])
    expect(visibilityListeners.size).toBe(0)
  })

  it.each<PaymentStatus>(['succeeded', 'failed', 'cancelled', 'expired'])(
    'makes no more checks once the payment is %s',
    async (final) => {
      const { environment } = harness()
      const { client, getPayment } = fakeClient(async () => session(final))
      const onSession = vi.fn()
      watchPaymentStatus({ client, paymentId: 'pay_1', onSession, environment })
      await vi.advanceTimersByTimeAsync(120_000)
      expect(getPayment).toHaveBeenCalledOnce()
      expect(onSession.mock.calls.map(([value]) => value.status)).toEqual([final])
    },
  )

  it('keeps checking after a network error, reporting it', async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    getPayment.mockRejectedValueOnce(new CheckoutError('network_error', 'offline'))
    getPayment.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const onSession = vi.fn()
    const onError = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession, onError, environment })
    await vi.advanceTimersByTimeAsync(6000)
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual([
      'network_error',
      'network_error',
    ])
    expect(onError.mock.calls[1]?.[0]).toBeInstanceOf(CheckoutError)
    expect(onSession).toHaveBeenCalledWith(session('processing'))
  })

  it('stops when the server says the payment does not exist', async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => {
      throw new CheckoutError('server_error', 'Payment not found.', {
        serverCode: 'PAYMENT_NOT_FOUND',
        status: 404,
      })
    })
    const onError = vi.fn()
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), onError, environment })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getPayment).toHaveBeenCalledOnce()
    expect(onError).toHaveBeenCalledOnce()
  })

  it('keeps checking through 408, 429 and 5xx answers', async () => {
    const { environment } = harness()
    const statuses = [408, 429, 500, 503]
    const { client, getPayment } = fakeClient(async () => {
      throw new CheckoutError('server_error', 'Busy.', { status: statuses.shift() ?? 503 })
    })
    watchPaymentStatus({ client, paymentId: 'pay_1', onSession: vi.fn(), environment })
    await vi.advanceTimersByTimeAsync(6000)
    expect(getPayment.mock.calls.length).toBeGreaterThanOrEqual(4)
  })
})

describe('watchPaymentStatus: expiry and stop', () => {
  it('stops at expiresAt', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession,
      environment,
      expiresAt: '2030-01-01T00:00:30.000Z',
    })
    const source = sources[0] as FakeEventSource
    source.emit('error')
    await vi.advanceTimersByTimeAsync(29_999)
    const calls = getPayment.mock.calls.length
    expect(calls).toBeGreaterThan(0)
    await vi.advanceTimersByTimeAsync(1)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(getPayment).toHaveBeenCalledTimes(calls)
  })

  it('closes the stream at expiresAt', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client } = fakeClient(async () => session('processing'))
    const onSession = vi.fn()
    watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession,
      environment,
      expiresAt: '2030-01-01T00:00:10.000Z',
    })
    const source = sources[0] as FakeEventSource
    source.send(session('processing'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(source.closed).toBe(true)
    source.send(session('succeeded'))
    expect(onSession).toHaveBeenCalledOnce()
  })

  it('does nothing for an attempt that has already expired', async () => {
    const { environment, sources } = harness({ eventSource: true })
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession: vi.fn(),
      environment,
      expiresAt: '2029-12-31T23:59:59.000Z',
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sources).toHaveLength(0)
    expect(getPayment).not.toHaveBeenCalled()
  })

  it("stops at expiresAt on the server's clock, whatever the device's clock says", async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    // The device runs 20 minutes fast: the server's 10:00 is the device's 10:20.
    const skewed: CheckoutClient = { ...client, serverClockOffsetMs: () => -20 * 60_000 }
    watchPaymentStatus({
      client: skewed,
      paymentId: 'pay_1',
      onSession: vi.fn(),
      environment,
      // 30 s from now, on the server's clock.
      expiresAt: '2029-12-31T23:40:30.000Z',
    })
    await vi.advanceTimersByTimeAsync(29_999)
    const calls = getPayment.mock.calls.length
    expect(calls).toBeGreaterThan(10)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(getPayment).toHaveBeenCalledTimes(calls)
  })

  it('arms a far-away expiresAt in a few long steps, not a storm of timers', async () => {
    const { environment } = harness()
    const armed: number[] = []
    // As browsers and Node do: a delay beyond 2^31 - 1 ms fires at once.
    const browserLike: BrowserEnvironment = {
      ...environment,
      setTimeout(callback, ms) {
        armed.push(ms)
        return globalThis.setTimeout(callback, ms > 2 ** 31 - 1 ? 1 : ms)
      },
    }
    const { client } = fakeClient(async () => session('processing'))
    watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession: vi.fn(),
      environment: browserLike,
      expiresAt: '2030-03-01T00:00:00.000Z',
    })
    await vi.advanceTimersByTimeAsync(10_000)
    // The expiry timer once, the first check, and a check every 2 s.
    expect(armed.length).toBeLessThan(10)
  })

  it('waits for a far-away expiresAt without firing early', async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession: vi.fn(),
      environment,
      // Beyond setTimeout's ~24.8-day limit.
      expiresAt: '2030-03-01T00:00:00.000Z',
    })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getPayment.mock.calls.length).toBeGreaterThan(10)
  })

  it('stop() closes the stream, aborts the request in flight and schedules nothing more', async () => {
    const { environment, sources, visibilityListeners } = harness({ eventSource: true })
    let signal: AbortSignal | undefined
    let release: (value: PaymentSession) => void = () => {}
    const { client, getPayment } = fakeClient(
      (_id, options) =>
        new Promise((resolve) => {
          signal = options?.signal
          release = resolve
        }),
    )
    const onSession = vi.fn()
    const onError = vi.fn()
    const stop = watchPaymentStatus({ client, paymentId: 'pay_1', onSession, onError, environment })
    const source = sources[0] as FakeEventSource
    source.emit('error')
    await vi.advanceTimersByTimeAsync(2000)
    expect(getPayment).toHaveBeenCalledOnce()
    expect(visibilityListeners.size).toBe(1)

    stop()
    expect(signal?.aborted).toBe(true)
    expect(source.closed).toBe(true)
    expect(visibilityListeners.size).toBe(0)
    release(session('succeeded'))
    await vi.advanceTimersByTimeAsync(600_000)
    expect(getPayment).toHaveBeenCalledOnce()
    expect(onSession).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
    stop()
  })

  it('stop() before the first check makes no request at all', async () => {
    const { environment } = harness()
    const { client, getPayment } = fakeClient(async () => session('processing'))
    const stop = watchPaymentStatus({
      client,
      paymentId: 'pay_1',
      onSession: vi.fn(),
      environment,
      expiresAt: '2030-01-01T01:00:00.000Z',
    })
    stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(getPayment).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })
})
