import type { PaymentFailure } from '@checkout-kit/core'
import { type CommonMessages, isFailureCode } from './messages.ts'

/**
 * The shopper-facing reason a payment failed: the locale's text for a known failure code, else
 * the server's message (always safe to show), else a generic one.
 */
export function describeFailure(
  failure: PaymentFailure | undefined,
  messages: CommonMessages,
): string {
  if (failure && isFailureCode(failure.code)) return messages[`failure.${failure.code}`]
  if (failure && failure.message.trim() !== '') return failure.message
  return messages['failure.unknown']
}
