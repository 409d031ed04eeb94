import { afterEach, describe, expect, it, vi } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import {
  cancelAbandonedAttempt,
  forgetPayment,
  recallPayment,
  rememberPayment,
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

  it('writes only the payment id, gateway, expiry and order, whatever it is handed', () => {
    const storage = fakeStorage()
    const session = {
      paymentId: 'pay_1',
      gateway: 'pingpong' as const,
      orderId: 'ORD-1',
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
    })
    expect(recallPayment(environmentWith(storage))).toEqual({
      paymentId: 'pay_1',
      gateway: 'pingpong',
      orderId: 'ORD-1',
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

describe('cancelAbandonedAttempt', () => {
  const inProgress = new CheckoutError('server_error', 'A payment for this order is in progress.', {
    serverCode: 'ATTEMPT_IN_PROGRESS',
    status: 409,
  })

  /** A tab that left order ORD-1's attempt pay_1 for the gateway's page. */
  function tabBackFromGateway(orderId = 'ORD-1') {
    const environment = environmentWith(fakeStorage())
    rememberPayment({ paymentId: 'pay_1', gateway: 'pockyt', orderId }, environment)
    return environment
  }

  it('cancels the attempt this tab left for the same order, and forgets it', async () => {
    const environment = tabBackFromGateway()
    const cancel = vi.fn(async () => ({ id: 'pay_1', status: 'cancelled' }))

    expect(await cancelAbandonedAttempt(inProgress, 'ORD-1', cancel, environment)).toBe(true)
    expect(cancel).toHaveBeenCalledExactlyOnceWith('pay_1')
    expect(recallPayment(environment)).toBeUndefined()
  })

  it('leaves alone an attempt of another order, or none remembered', async () => {
    const cancel = vi.fn(async () => ({}))
    expect(await cancelAbandonedAttempt(inProgress, 'ORD-2', cancel, tabBackFromGateway())).toBe(
      false,
    )
    expect(
      await cancelAbandonedAttempt(inProgress, 'ORD-1', cancel, environmentWith(fakeStorage())),
    ).toBe(false)
    // Remembered before orders were: it cannot be told apart from another order's.
    const environment = environmentWith(fakeStorage())
    rememberPayment({ paymentId: 'pay_1', gateway: 'pockyt' }, environment)
    expect(await cancelAbandonedAttempt(inProgress, 'ORD-1', cancel, environment)).toBe(false)
    expect(cancel).not.toHaveBeenCalled()
  })

  it('acts on ATTEMPT_IN_PROGRESS alone', async () => {
    const cancel = vi.fn(async () => ({}))
    const environment = tabBackFromGateway()
    for (const refusal of [
      new CheckoutError('server_error', 'Paid.', { serverCode: 'ORDER_ALREADY_PAID' }),
      new CheckoutError('timeout', 'No answer.'),
      new Error('ATTEMPT_IN_PROGRESS'),
    ]) {
      expect(await cancelAbandonedAttempt(refusal, 'ORD-1', cancel, environment)).toBe(false)
    }
    expect(cancel).not.toHaveBeenCalled()
    expect(recallPayment(environment)).toMatchObject({ paymentId: 'pay_1' })
  })

  it('keeps the refusal when the server will not cancel (paid or being confirmed meanwhile)', async () => {
    const environment = tabBackFromGateway()
    const cancel = vi.fn(async () => {
      throw new CheckoutError('server_error', 'Paid.', { serverCode: 'PAYMENT_NOT_OPEN' })
    })
    expect(await cancelAbandonedAttempt(inProgress, 'ORD-1', cancel, environment)).toBe(false)
    // The result page still finds it.
    expect(recallPayment(environment)).toMatchObject({ paymentId: 'pay_1', orderId: 'ORD-1' })
  })
})
