import { describe, expect, it } from 'vitest'
import { type AttemptEvent, type AttemptState, attemptReducer } from './attemptReducer.ts'
import { CheckoutError, type CheckoutErrorCode } from './checkoutError.ts'
import type { PaymentSession, PaymentStatus } from './contract.ts'

const key = 'key-1'

function session(status: PaymentStatus, overrides: Partial<PaymentSession> = {}): PaymentSession {
  return {
    id: 'pay_1',
    orderId: 'ORD-1',
    gateway: 'pingpong',
    flow: 'apm',
    amount: { value: '10.00', currency: 'USD' },
    status,
    ...(status === 'requires_action'
      ? { action: { type: 'qr-code', content: 'alipay://pay?x=1' } as const }
      : {}),
    updatedAt: '2030-01-01T00:00:01.000Z',
    ...overrides,
  }
}

const later = (status: PaymentStatus, overrides: Partial<PaymentSession> = {}) =>
  session(status, { updatedAt: '2030-01-01T00:00:02.000Z', ...overrides })
const error = (code: CheckoutErrorCode) => new CheckoutError(code, `${code} happened`)
const unreadable = (status: number) =>
  new CheckoutError('invalid_response', `HTTP ${status}, not the contract`, { status })
const serverSays = (status: number, serverCode: string) =>
  new CheckoutError('server_error', `${serverCode} happened`, { status, serverCode })

const idle: AttemptState = { status: 'idle' }
const submitting: AttemptState = { status: 'submitting', idempotencyKey: key }
const action: AttemptState = {
  status: 'action',
  idempotencyKey: key,
  session: session('requires_action'),
}
const waiting: AttemptState = {
  status: 'waiting',
  idempotencyKey: key,
  session: session('processing'),
}
const succeeded: AttemptState = {
  status: 'succeeded',
  idempotencyKey: key,
  session: session('succeeded'),
}
const failed: AttemptState = { status: 'failed', idempotencyKey: key, session: session('failed') }
const unknown: AttemptState = { status: 'unknown', idempotencyKey: key, error: error('timeout') }
const refused: AttemptState = { status: 'error', idempotencyKey: key, error: error('server_error') }

const states = { idle, submitting, action, waiting, succeeded, failed, unknown, error: refused }

// [from, event, to]: `to` is the expected state, or 'same' when the event does not apply (the
// reducer must then return the very same object).
const transitions: [string, AttemptState, AttemptEvent, AttemptState | 'same'][] = [
  [
    'submit from idle',
    idle,
    { type: 'submit', idempotencyKey: 'k2' },
    { status: 'submitting', idempotencyKey: 'k2' },
  ],
  ['submit again after unknown', unknown, { type: 'submit', idempotencyKey: key }, submitting],
  [
    'submit after error',
    refused,
    { type: 'submit', idempotencyKey: 'k2' },
    { status: 'submitting', idempotencyKey: 'k2' },
  ],
  [
    'submit after a failed payment',
    failed,
    { type: 'submit', idempotencyKey: 'k2' },
    { status: 'submitting', idempotencyKey: 'k2' },
  ],
  ['double submit', submitting, { type: 'submit', idempotencyKey: 'k2' }, 'same'],
  ['submit during an action', action, { type: 'submit', idempotencyKey: 'k2' }, 'same'],
  ['submit while waiting', waiting, { type: 'submit', idempotencyKey: 'k2' }, 'same'],

  [
    'requires_action answer',
    submitting,
    { type: 'session', session: session('requires_action') },
    action,
  ],
  ['processing answer', submitting, { type: 'session', session: session('processing') }, waiting],
  ['succeeded answer', submitting, { type: 'session', session: session('succeeded') }, succeeded],
  ['failed answer', submitting, { type: 'session', session: session('failed') }, failed],
  [
    'cancelled answer',
    submitting,
    { type: 'session', session: session('cancelled') },
    { status: 'cancelled', idempotencyKey: key, session: session('cancelled') },
  ],
  [
    'expired answer',
    submitting,
    { type: 'session', session: session('expired') },
    { status: 'expired', idempotencyKey: key, session: session('expired') },
  ],
  [
    'action done, now processing',
    action,
    { type: 'session', session: later('processing') },
    { status: 'waiting', idempotencyKey: key, session: later('processing') },
  ],
  [
    'watching sees success',
    waiting,
    { type: 'session', session: later('succeeded') },
    { status: 'succeeded', idempotencyKey: key, session: later('succeeded') },
  ],
  [
    'watching sees expiry of the QR code',
    action,
    { type: 'session', session: later('expired') },
    { status: 'expired', idempotencyKey: key, session: later('expired') },
  ],
  // The server records a verified success after a failure (the money was taken).
  [
    'a late success after a failure',
    failed,
    { type: 'session', session: later('succeeded') },
    { status: 'succeeded', idempotencyKey: key, session: later('succeeded') },
  ],
  [
    'an older session (out-of-order push)',
    succeeded,
    { type: 'session', session: session('processing', { updatedAt: '2030-01-01T00:00:00.000Z' }) },
    'same',
  ],
  ['the same version again', waiting, { type: 'session', session: session('processing') }, 'same'],
  // Two changes within the server's millisecond: the new status is a change all the same.
  [
    'a new status with the same updatedAt',
    waiting,
    { type: 'session', session: session('succeeded') },
    succeeded,
  ],
  [
    'another payment’s session',
    waiting,
    { type: 'session', session: later('succeeded', { id: 'pay_2' }) },
    'same',
  ],
  [
    'a session with no request open',
    idle,
    { type: 'session', session: session('succeeded') },
    'same',
  ],
  ['a session after unknown', unknown, { type: 'session', session: session('succeeded') }, 'same'],
  ['a session after error', refused, { type: 'session', session: session('succeeded') }, 'same'],

  ['timeout', submitting, { type: 'error', error: unknown.error }, unknown],
  [
    'network error',
    submitting,
    { type: 'error', error: error('network_error') },
    { status: 'unknown', idempotencyKey: key, error: error('network_error') },
  ],
  [
    'aborted',
    submitting,
    { type: 'error', error: error('aborted') },
    { status: 'unknown', idempotencyKey: key, error: error('aborted') },
  ],
  ['server error', submitting, { type: 'error', error: refused.error }, refused],
  [
    'invalid response',
    submitting,
    { type: 'error', error: error('invalid_response') },
    { status: 'error', idempotencyKey: key, error: error('invalid_response') },
  ],
  [
    'an error page instead of the contract (HTTP 404)',
    submitting,
    { type: 'error', error: unreadable(404) },
    { status: 'error', idempotencyKey: key, error: unreadable(404) },
  ],
  [
    'a 2xx answer that is not the contract: the server took the request',
    submitting,
    { type: 'error', error: unreadable(201) },
    { status: 'unknown', idempotencyKey: key, error: unreadable(201) },
  ],
  [
    "the server's 503: the gateway did not answer, the attempt stays open for the same key",
    submitting,
    { type: 'error', error: serverSays(503, 'GATEWAY_UNAVAILABLE') },
    { status: 'unknown', idempotencyKey: key, error: serverSays(503, 'GATEWAY_UNAVAILABLE') },
  ],
  [
    'the same request being answered by another server process',
    submitting,
    { type: 'error', error: serverSays(409, 'REQUEST_IN_PROGRESS') },
    { status: 'unknown', idempotencyKey: key, error: serverSays(409, 'REQUEST_IN_PROGRESS') },
  ],
  [
    'another attempt holds the order',
    submitting,
    { type: 'error', error: serverSays(409, 'ATTEMPT_IN_PROGRESS') },
    { status: 'error', idempotencyKey: key, error: serverSays(409, 'ATTEMPT_IN_PROGRESS') },
  ],
  [
    'the gateway refused the start (502): decided, a retry starts anew',
    submitting,
    { type: 'error', error: serverSays(502, 'GATEWAY_REJECTED') },
    { status: 'error', idempotencyKey: key, error: serverSays(502, 'GATEWAY_REJECTED') },
  ],
  [
    'unknown action',
    submitting,
    { type: 'error', error: error('unknown_action') },
    { status: 'error', idempotencyKey: key, error: error('unknown_action') },
  ],
  [
    'an error while waiting (watching reports its own)',
    waiting,
    { type: 'error', error: error('network_error') },
    'same',
  ],
  ['an error when idle', idle, { type: 'error', error: error('timeout') }, 'same'],
  ['an error after success', succeeded, { type: 'error', error: error('timeout') }, 'same'],
]

describe('attemptReducer', () => {
  it.each(transitions)('%s', (_, from, event, to) => {
    const next = attemptReducer(from, event)
    if (to === 'same') expect(next).toBe(from)
    else expect(next).toEqual(to)
  })

  it.each(Object.entries(states))('reset from %s goes back to idle', (_, from) => {
    expect(attemptReducer(from, { type: 'reset' })).toEqual({ status: 'idle' })
  })

  it('reset when already idle changes nothing', () => {
    expect(attemptReducer(idle, { type: 'reset' })).toBe(idle)
  })

  it('keeps the idempotency key through every session of the attempt', () => {
    let state = attemptReducer(idle, { type: 'submit', idempotencyKey: 'k9' })
    for (const next of [
      session('requires_action'),
      later('processing'),
      later('succeeded', { updatedAt: '2030-01-01T00:00:03.000Z' }),
    ]) {
      state = attemptReducer(state, { type: 'session', session: next })
      expect(state).toMatchObject({ idempotencyKey: 'k9', session: next })
    }
    expect(state.status).toBe('succeeded')
  })
})
