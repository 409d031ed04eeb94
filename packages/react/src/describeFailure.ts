import { maskCardNumbers, type PaymentFailure } from '@checkout-kit/core'
import { type CommonMessages, isFailureCode } from './messages.ts'

/**
 * The shopper-facing reason a payment failed: the locale's text for a known failure code, else
 * the server's message, else a generic one.
 */
export function describeFailure(
  failure: PaymentFailure | undefined,
  messages: CommonMessages,
): string {
  if (failure && isFailureCode(failure.code)) return messages[`failure.${failure.code}`]
  // Safe to show by contract; masked all the same, should a server ever echo a card number.
  if (failure && failure.message.trim() !== '')
    return maskCardNumbers(failure.message, '[redacted]')
  return messages['failure.unknown']
}
