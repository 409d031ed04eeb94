import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import type { PaymentSession } from './contract.ts'
import {
  forgetPayment,
  recallPayment,
  releaseAbandonedCardAttempt,
  rememberPayment,
  resumeAbandonedAttempt,
} from './paymentResume.ts'

const key = 'checkout-kit:payment'

/** A Map-backed Storage, as sessionStorage behaves in a browser tab. */
function fakeStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (name) => items.get(name) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (name) => {
      items.delete(name)
    },
    setItem: (name, value) => {
      items.set(name, String(value))
    },
  }
}

function environmentWith(storage: Storage | undefined) {
  return { sessionStorage: () => storage }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('payment resume', () => {
  it('remembers, recalls and forgets the payment', () => {
    const storage = fakeStorage()
    const environment = environmentWith(storage)
    rememberPayment(
      { paymentId: 'pay_1', gateway: 'oceanpayment', expiresAt: '2999-01-01T00:00:00Z' },
      environment,
    )
    expect(recallPayment(environment)).toEqual({
      paymentId: 'pay_1',
      gateway: 'oceanpayment',
      expiresAt: '2999-01-01T00:00:00Z',
    })
    forgetPayment(environment)
    expect(recallPayment(environment)).toBeUndefined()
    expect(storage.length).toBe(0)
  })

  it('writes only the payment id, gateway, expiry, order and method, whatever it is handed', () => {
    const storage = fakeStorage()
    const session = {
      paymentId: 'pay_1',
      gateway: 'pingpong' as const,
      orderId: 'ORD-1',
      method: 'AlipayCN',
      card: { number: '4111111111111111', cvc: '123' },
      jsGeneratedData: '{"x":1}',
      action: { type: 'redirect', url: 'https://pay.example' },
    }
    rememberPayment(session, environmentWith(storage))
    expect(storage.length).toBe(1)
    expect(JSON.parse(storage.getItem(key) ?? '')).toEqual({
      paymentId: 'pay_1',
      gateway: 'pingpong',
      orderId: 'ORD-1',
      method: 'AlipayCN',
    })
    expect(recallPayment(environmentWith(storage))).toEqual({
      paymentId: 'pay_1',
      gateway: 'pingpong',
      orderId: 'ORD-1',
      method: 'AlipayCN',
    })
  })

  it('drops an expired record', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') })
    const storage = fakeStorage()
    const environment = environmentWith(storage)
    rememberPayment(
      { paymentId: 'pay_1', gateway: 'pockyt', expiresAt: '2030-01-01T00:10:00Z' },
      environment,
    )
    expect(recallPayment(environment)?.paymentId).toBe('pay_1')
    vi.setSystemTime(new Date('2030-01-01T00:10:00Z'))
    expect(recallPayment(environment)).toBeUndefined()
    expect(storage.getItem(key)).toBeNull()
  })

  it.each([
    ['not JSON', '{pay_1'],
    ['JSON null', 'null'],
    ['an array', '["pay_1","pingpong"]'],
    ['no payment id', '{"gateway":"pingpong"}'],
    ['an empty payment id', '{"paymentId":"","gateway":"pingpong"}'],
    ['a numeric payment id', '{"paymentId":1,"gateway":"pingpong"}'],
    ['an unknown gateway', '{"paymentId":"pay_1","gateway":"paypal"}'],
    ['a numeric expiry', '{"paymentId":"pay_1","gateway":"pingpong","expiresAt":1}'],
    ['an unreadable expiry', '{"paymentId":"pay_1","gateway":"pingpong","expiresAt":"soon"}'],
  ])('drops a malformed record: %s', (_, text) => {
    const storage = fakeStorage()
    storage.setItem(key, text)
    expect(recallPayment(environmentWith(storage))).toBeUndefined()
    expect(storage.getItem(key)).toBeNull()
  })

  it('does nothing without storage (server rendering), by default too', () => {
    const none = environmentWith(undefined)
    expect(() => rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong' }, none)).not.toThrow()
    expect(recallPayment(none)).toBeUndefined()
    expect(() => forgetPayment(none)).not.toThrow()
    // No window in Node: the default environment has no storage either.
    expect(() => rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong' })).not.toThrow()
    expect(recallPayment()).toBeUndefined()
    expect(() => forgetPayment()).not.toThrow()
  })

  it('does nothing when storage throws (Safari private mode, blocked storage)', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    const throwing: Storage = {
      ...fakeStorage(),
      getItem: () => {
        throw quota
      },
      setItem: () => {
        throw quota
      },
      removeItem: () => {
        throw quota
      },
    }
    const environment = environmentWith(throwing)
    expect(() =>
      rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong' }, environment),
    ).not.toThrow()
    expect(recallPayment(environment)).toBeUndefined()
    expect(() => forgetPayment(environment)).not.toThrow()

    const blocked = {
      sessionStorage: (): Storage => {
        throw new DOMException('Access is denied.', 'SecurityError')
      },
    }
    expect(() =>
      rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong' }, blocked),
    ).not.toThrow()
    expect(recallPayment(blocked)).toBeUndefined()
  })
})

/** The server's refusal of a second open attempt for one order. */
const inProgress = new CheckoutError('server_error', 'A payment for this order is in progress.', {
  serverCode: 'ATTEMPT_IN_PROGRESS',
  status: 409,
})

/** Order ORD-1's attempt pay_1, waiting for the shopper on Pockyt's cashier unless overridden. */
function waitingAttempt(overrides: Partial<PaymentSession> = {}): PaymentSession {
  return {
    id: 'pay_1',
    orderId: 'ORD-1',
    gateway: 'pockyt',
    flow: 'hosted-redirect',
    amount: { value: '25.00', currency: 'USD' },
    status: 'requires_action',
    action: { type: 'redirect', method: 'GET', url: 'https://cashier.example/pay?t=1' },
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  }
}

describe('resumeAbandonedAttempt', () => {
  const request = { orderId: 'ORD-1', gateway: 'pockyt', flow: 'hosted-redirect' } as const

  /** A tab that left order ORD-1's attempt pay_1 for Pockyt's cashier. */
  function tabBackFromGateway(record: Record<string, string> = {}) {
    const environment = environmentWith(fakeStorage())
    rememberPayment(
      { paymentId: 'pay_1', gateway: 'pockyt', orderId: 'ORD-1', ...record },
      environment,
    )
    return environment
  }

  const cashier = waitingAttempt

  it('answers the hosted page this tab left for the same order, to be followed again', async () => {
    const getPayment = vi.fn(async () => cashier())
    const resumed = await resumeAbandonedAttempt(
      inProgress,
      request,
      getPayment,
      tabBackFromGateway(),
    )
    expect(resumed).toEqual(cashier())
    expect(getPayment).toHaveBeenCalledExactlyOnceWith('pay_1')
  })

  it('answers the wallet page or QR code this tab left for the same order and method', async () => {
    const wallet = { ...request, gateway: 'pingpong', flow: 'apm', method: 'AlipayCN' } as const
    const environment = environmentWith(fakeStorage())
    rememberPayment(
      { paymentId: 'pay_2', gateway: 'pingpong', orderId: 'ORD-1', method: 'AlipayCN' },
      environment,
    )
    const qrCode = cashier({
      id: 'pay_2',
      gateway: 'pingpong',
      flow: 'apm',
      action: { type: 'qr-code', content: 'alipay://pay?t=2' },
    })
    const walletPage = { ...qrCode, action: cashier().action }
    for (const waiting of [qrCode, walletPage]) {
      const getPayment = vi.fn(async () => waiting)
      expect(await resumeAbandonedAttempt(inProgress, wallet, getPayment, environment)).toBe(
        waiting,
      )
      expect(getPayment).toHaveBeenCalledExactlyOnceWith('pay_2')
    }
    // Another wallet is another payment: its QR code is not the one left.
    const getPayment = vi.fn(async () => qrCode)
    for (const other of [
      { ...wallet, method: 'WechatPay' },
      { ...wallet, method: undefined },
      { ...wallet, flow: 'card' as const },
    ]) {
      expect(await resumeAbandonedAttempt(inProgress, other, getPayment, environment)).toBe(
        undefined,
      )
    }
    expect(getPayment).not.toHaveBeenCalled()
    // Nor is a step other than a page or a code followed again.
    const sdk = vi.fn(async () => ({
      ...qrCode,
      action: {
        type: 'hosted-sdk' as const,
        gateway: 'pingpong' as const,
        scriptUrl: 'https://sdk.example/pp.js',
        token: 't',
        mode: 'sandbox' as const,
      },
    }))
    expect(await resumeAbandonedAttempt(inProgress, wallet, sdk, environment)).toBeUndefined()
  })

  it('asks nothing for another order, another gateway, a card or wallet, or nothing remembered', async () => {
    const getPayment = vi.fn(async () => cashier())
    const environment = tabBackFromGateway()
    for (const other of [
      { ...request, orderId: 'ORD-2' },
      { ...request, gateway: 'oceanpayment' as const },
      { ...request, flow: 'card' as const },
      { ...request, flow: 'apm' as const, method: 'AlipayCN' },
    ]) {
      expect(await resumeAbandonedAttempt(inProgress, other, getPayment, environment)).toBe(
        undefined,
      )
    }
    const empty = environmentWith(fakeStorage())
    expect(await resumeAbandonedAttempt(inProgress, request, getPayment, empty)).toBeUndefined()
    // Remembered before orders were: it cannot be told apart from another order's.
    const unnamed = environmentWith(fakeStorage())
    rememberPayment({ paymentId: 'pay_1', gateway: 'pockyt' }, unnamed)
    expect(await resumeAbandonedAttempt(inProgress, request, getPayment, unnamed)).toBeUndefined()
    expect(getPayment).not.toHaveBeenCalled()
  })

  it('acts on ATTEMPT_IN_PROGRESS alone', async () => {
    const getPayment = vi.fn(async () => cashier())
    for (const refusal of [
      new CheckoutError('server_error', 'Paid.', { serverCode: 'ORDER_ALREADY_PAID' }),
      new CheckoutError('timeout', 'No answer.'),
      new Error('ATTEMPT_IN_PROGRESS'),
    ]) {
      expect(
        await resumeAbandonedAttempt(refusal, request, getPayment, tabBackFromGateway()),
      ).toBeUndefined()
    }
    expect(getPayment).not.toHaveBeenCalled()
  })

  it('leaves the refusal when the attempt no longer waits for the shopper', async () => {
    for (const answer of [
      cashier({ status: 'processing' }),
      cashier({ status: 'succeeded' }),
      cashier({ orderId: 'ORD-2' }),
      cashier({ action: { type: 'qr-code', content: 'alipay://x' } }),
    ]) {
      const getPayment = vi.fn(async () => answer)
      expect(
        await resumeAbandonedAttempt(inProgress, request, getPayment, tabBackFromGateway()),
      ).toBeUndefined()
    }
    const unreachable = vi.fn(async (): Promise<PaymentSession> => {
      throw new CheckoutError('network_error', 'Offline.')
    })
    expect(
      await resumeAbandonedAttempt(inProgress, request, unreachable, tabBackFromGateway()),
    ).toBeUndefined()
  })
})

describe('releaseAbandonedCardAttempt', () => {
  const request = { orderId: 'ORD-1', gateway: 'pingpong', flow: 'card' } as const

  /** A tab that left order ORD-1's card payment pay_1 at the bank's verification page. */
  function tabBackFromVerification() {
    const environment = environmentWith(fakeStorage())
    rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong', orderId: 'ORD-1' }, environment)
    return environment
  }

  const cardPayment = (overrides: Partial<PaymentSession> = {}) =>
    waitingAttempt({
      gateway: 'pingpong',
      flow: 'card',
      action: {
        type: 'three-ds',
        gateway: 'pingpong',
        params: {},
        redirectUrl: 'https://acs.example/challenge?t=1',
      },
      ...overrides,
    })

  /** A server whose pay_1 is `left`, and whose cancel answers `cancelled` (or throws it). */
  function server(left: PaymentSession, cancelled: PaymentSession | Error) {
    let current = left
    const getPayment = vi.fn(async () => current)
    const cancelPayment = vi.fn(async () => {
      if (cancelled instanceof Error) throw cancelled
      current = cancelled
      return cancelled
    })
    return {
      getPayment,
      cancelPayment,
      /** What the gateway did meanwhile, seen by the next read. */
      becomes(next: PaymentSession) {
        current = next
      },
      /** releaseAbandonedCardAttempt against this server, for this tab's card payment by default. */
      release(
        environment = tabBackFromVerification(),
        refusal: unknown = inProgress,
        paying: Parameters<typeof releaseAbandonedCardAttempt>[1] = request,
      ) {
        return releaseAbandonedCardAttempt(refusal, paying, getPayment, cancelPayment, environment)
      },
    }
  }

  it('cancels the verification this tab left, so that the new card payment can be sent', async () => {
    const left = server(cardPayment(), cardPayment({ status: 'cancelled' }))
    expect(await left.release()).toBe('released')
    expect(left.cancelPayment).toHaveBeenCalledExactlyOnceWith('pay_1')
  })

  it('answers the payment, never a second one, when it was paid or is being confirmed', async () => {
    for (const status of ['succeeded', 'processing'] as const) {
      // Found so at once…
      const found = server(cardPayment({ status, action: undefined }), new Error('unused'))
      expect(await found.release()).toMatchObject({ id: 'pay_1', status })
      expect(found.cancelPayment).not.toHaveBeenCalled()
      // …or when the cancel is refused because the verification passed meanwhile.
      const refused = server(
        cardPayment(),
        new CheckoutError('server_error', 'Being confirmed.', { serverCode: 'PAYMENT_PROCESSING' }),
      )
      refused.cancelPayment.mockImplementationOnce(async () => {
        refused.becomes(cardPayment({ status, action: undefined }))
        throw new CheckoutError('server_error', 'Not open.', { serverCode: 'PAYMENT_NOT_OPEN' })
      })
      expect(await refused.release()).toMatchObject({ id: 'pay_1', status })
    }
  })

  it('releases an attempt that ended unpaid meanwhile without cancelling it', async () => {
    for (const status of ['failed', 'cancelled', 'expired'] as const) {
      const ended = server(cardPayment({ status, action: undefined }), new Error('unused'))
      expect(await ended.release()).toBe('released')
      expect(ended.cancelPayment).not.toHaveBeenCalled()
    }
  })

  it('leaves the refusal when the cancel fails and the verification is still open', async () => {
    const left = server(cardPayment(), new CheckoutError('network_error', 'Offline.'))
    expect(await left.release()).toBeUndefined()
  })

  it("touches nothing but this tab's own card payment of the same order", async () => {
    const left = server(cardPayment(), cardPayment({ status: 'cancelled' }))
    const environment = tabBackFromVerification()
    for (const [refusal, other] of [
      [inProgress, { ...request, orderId: 'ORD-2' }],
      [inProgress, { ...request, gateway: 'pockyt' as const }],
      [inProgress, { ...request, flow: 'hosted-redirect' as const }],
      [new CheckoutError('server_error', 'Paid.', { serverCode: 'ORDER_ALREADY_PAID' }), request],
    ] as const) {
      expect(await left.release(environment, refusal, other)).toBeUndefined()
    }
    expect(await left.release(environmentWith(fakeStorage()))).toBeUndefined()
    // The order is held by another tab's attempt: the one this tab remembers is of another flow.
    const hosted = server(
      cardPayment({ flow: 'hosted-redirect' }),
      cardPayment({ status: 'cancelled' }),
    )
    expect(await hosted.release(environment)).toBeUndefined()
    expect(left.cancelPayment).not.toHaveBeenCalled()
    expect(hosted.cancelPayment).not.toHaveBeenCalled()
  })
})
