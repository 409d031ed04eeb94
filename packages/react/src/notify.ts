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
