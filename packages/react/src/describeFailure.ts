import { maskCardNumbers, type PaymentFailure } from '@checkout-kit/core'

/**
 * The shopper-facing reason a payment failed: the component's text for its code (the locale's,
 * or the provider's translation), else the server's message, else a generic one.
 */
export function describeFailure(
  failure: PaymentFailure | undefined,
  messages: { 'failure.unknown': string } & { [Key in `failure.${string}`]?: string },
): string {
  const text = failure && messages[`failure.${failure.code}`]
  if (text) return text
  // Safe to show by contract; masked all the same, should a server ever echo a card number.
  if (failure && failure.message.trim() !== '')
    return maskCardNumbers(failure.message, '[redacted]')
  return messages['failure.unknown']
}
