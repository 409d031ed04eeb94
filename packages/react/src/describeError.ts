import type { CheckoutError } from '@checkout-kit/core'
import type { Locale, RedirectMessages } from './messages.ts'

/**
 * The shopper-facing text for an error. The kit's own error messages are written for integrators
 * (what to fix), so shoppers see the locale's text for the code; a server's `{ error: { message } }`
 * is safe to show and is used as it is in English.
 */
export function describeError(
  error: CheckoutError,
  messages: RedirectMessages & { [Key in `error.${CheckoutError['code']}`]?: string },
  locale: Locale,
): string {
  if (error.code === 'server_error' && locale === 'en' && error.message.trim() !== '') {
    return error.message
  }
  // A component's texts cover the errors it can meet; 'aborted' is the generic one.
  return messages[`error.${error.code}`] ?? messages['error.aborted']
}
