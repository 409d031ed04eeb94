import { describe, expect, it } from 'vitest'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'

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
