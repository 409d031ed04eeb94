import type { CheckoutError } from '@checkout-kit/core'
import type { CommonMessages, Locale } from './messages.ts'

/**
 * The shopper-facing text for an error. The kit's own error messages are written for integrators
 * (what to fix), so shoppers see the locale's text for the code; a server's `{ error: { message } }`
 * is safe to show and is used as it is in English.
 */
export function describeError(
  error: CheckoutError,
  messages: CommonMessages,
  locale: Locale,
): string {
  if (error.code === 'server_error' && locale === 'en' && error.message.trim() !== '') {
    return error.message
  }
  return messages[`error.${error.code}`]
}
