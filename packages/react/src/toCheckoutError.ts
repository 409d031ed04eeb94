import { CheckoutError, isCheckoutError } from '@checkout-kit/core'

/**
 * A `CheckoutError` as it is, anything else as `aborted` with `message`: an unexpected error's
 * own message is never echoed, since it could carry anything.
 */
export function toCheckoutError(error: unknown, message: string): CheckoutError {
  return isCheckoutError(error) ? error : new CheckoutError('aborted', message, { cause: error })
}
