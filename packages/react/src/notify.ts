import type { CheckoutError } from '@checkout-kit/core'
import { devMode } from './devMode.ts'

/**
 * Calls a merchant callback without letting it derail the payment: what it throws is reported to
 * the page as an uncaught error (where error trackers see it), and the flow goes on. A throwing
 * `onComplete` must not turn a paid order into an error screen with a "Try again" button.
 */
export function notify<T>(callback: ((value: T) => void) | undefined, value: T): void {
  try {
    callback?.(value)
  } catch (error) {
    if (typeof reportError === 'function') reportError(error)
    else
      setTimeout(() => {
        throw error
      })
  }
}

/**
 * Hands a payment's error to the merchant's `onError`. Without one, development builds say it on
 * the console: the shopper sees only the component's own text, and a developer who has not wired
 * `onError` yet (the README's first examples do not) would otherwise learn nothing of why, e.g.
 * of an origin missing from `allowedOrigins`. Error messages never hold card data.
 */
export function notifyError(
  onError: ((error: CheckoutError) => void) | undefined,
  error: CheckoutError,
  caller: string,
): void {
  if (onError) notify(onError, error)
  else if (devMode) {
    console.error(
      `[checkout-kit] ${caller}: ${error.code}: ${error.message} (pass onError to handle errors yourself; this message is left out of production builds)`,
    )
  }
}
