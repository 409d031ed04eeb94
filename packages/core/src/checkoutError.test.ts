import { describe, expect, it } from 'vitest'
import { CheckoutError, isCheckoutError, isUnknownOutcome } from './checkoutError.ts'

describe('CheckoutError', () => {
  it('carries a code, and the server code and status when there were some', () => {
    const cause = new TypeError('Failed to fetch')
    const error = new CheckoutError('server_error', 'Use another card.', {
      cause,
      serverCode: 'GATEWAY_REJECTED',
      status: 502,
    })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'CheckoutError',
      code: 'server_error',
      message: 'Use another card.',
      serverCode: 'GATEWAY_REJECTED',
      status: 502,
      cause,
    })
  })

  it('has no cause, serverCode or status properties unless given', () => {
    const error = new CheckoutError('timeout', 'Retry.')
    expect(Object.hasOwn(error, 'cause')).toBe(false)
    expect(Object.hasOwn(error, 'serverCode')).toBe(false)
    expect(Object.hasOwn(error, 'status')).toBe(false)
  })

  it('is recognised by isCheckoutError, also from another copy of the package', () => {
    expect(isCheckoutError(new CheckoutError('aborted', 'Cancelled.'))).toBe(true)
    expect(isCheckoutError(new Error('x'))).toBe(false)
    expect(isCheckoutError({ code: 'timeout', message: 'x' })).toBe(false)
    expect(isCheckoutError(null)).toBe(false)
    // What a second bundled copy of this class produces: another class, the same registered brand.
    const copy = Object.defineProperty(
      new Error('x'),
      Symbol.for('@checkout-kit/core.CheckoutError'),
      {
        value: true,
      },
    )
    expect(isCheckoutError(copy)).toBe(true)
  })
})

describe('isUnknownOutcome', () => {
  it.each<[string, CheckoutError, boolean]>([
    ['a timeout', new CheckoutError('timeout', 'x'), true],
    ['a network error', new CheckoutError('network_error', 'x'), true],
    // The caller gave up waiting; the request may still have reached the server.
    ['an aborted request', new CheckoutError('aborted', 'x'), true],
    [
      'a 2xx that is not the contract',
      new CheckoutError('invalid_response', 'x', { status: 201 }),
      true,
    ],
    [
      'a 299 that is not the contract',
      new CheckoutError('invalid_response', 'x', { status: 299 }),
      true,
    ],
    [
      'a 300 that is not the contract',
      new CheckoutError('invalid_response', 'x', { status: 300 }),
      false,
    ],
    [
      'a 404 that is not the contract',
      new CheckoutError('invalid_response', 'x', { status: 404 }),
      false,
    ],
    ['an answer without a status', new CheckoutError('invalid_response', 'x'), false],
    [
      "the merchant server's 503",
      new CheckoutError('server_error', 'x', { status: 503, serverCode: 'GATEWAY_UNAVAILABLE' }),
      true,
    ],
    [
      'REQUEST_IN_PROGRESS',
      new CheckoutError('server_error', 'x', { status: 409, serverCode: 'REQUEST_IN_PROGRESS' }),
      true,
    ],
    [
      'a refusal',
      new CheckoutError('server_error', 'x', { status: 409, serverCode: 'ATTEMPT_IN_PROGRESS' }),
      false,
    ],
    ['a blocked redirect', new CheckoutError('redirect_blocked', 'x'), false],
  ])('%s: %s', (_, error, unknown) => {
    expect(isUnknownOutcome(error)).toBe(unknown)
  })
})
