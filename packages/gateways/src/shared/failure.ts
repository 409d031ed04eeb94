/**
 * Why a payment failed, in the kit's words. Gateways' own codes map onto these, so a storefront
 * can show (and translate) one message per code whatever the gateway.
 */
export type FailureCode =
  | 'card_declined'
  /** A wallet or bank payment was refused: the card codes' words would mislead there. */
  | 'payment_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'incorrect_card_details'
  | 'authentication_failed'
  | 'suspected_fraud'
  | 'payment_method_unsupported'
  | 'duplicate_order'
  | 'cancelled'
  | 'expired'
  | 'configuration_error'
  | 'gateway_error'
  | 'unknown'

/** A failure as the merchant contract carries it: `message` is safe to show the shopper. */
export interface Failure {
  code: FailureCode
  message: string
  /** The gateway's own code, for logs and support; not for the shopper. */
  gatewayCode?: string
}

/** English messages, safe to show a shopper: they never echo gateway text or card data. */
export const failureMessages: Readonly<Record<FailureCode, string>> = {
  card_declined: 'Your card was declined. Try another card or contact your bank.',
  payment_declined: 'Your payment was declined. Try another payment method.',
  insufficient_funds:
    'Your card has insufficient funds or has reached its limit. Try another card.',
  expired_card: 'Your card has expired. Try another card.',
  incorrect_card_details: 'Some card details are incorrect. Check them and try again.',
  authentication_failed: 'Your bank could not verify this payment. Try again or use another card.',
  suspected_fraud: 'This payment could not be accepted. Try another payment method.',
  payment_method_unsupported: 'This payment method is not available for this order.',
  duplicate_order: 'This order has already been submitted.',
  cancelled: 'The payment was cancelled.',
  expired: 'The payment session expired. Start the payment again.',
  configuration_error: 'Payments are temporarily unavailable. Please try again later.',
  gateway_error: 'The payment service had a problem. Please try again.',
  unknown: 'The payment did not go through. Please try again.',
}

// The codes whose words speak of a card.
const cardFailures: ReadonlySet<string> = new Set<FailureCode>([
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_card_details',
  'authentication_failed',
])

/**
 * A failure as a shopper who paid without a card should read it: a card code becomes
 * `payment_declined`. Gateways (and the emulator) report wallet declines with their card codes,
 * and "Your card was declined" on a GCash payment sends the shopper looking for the wrong fix.
 */
export function withoutCardWords<T extends { code: string; message: string }>(
  given: T,
): T | Failure {
  return cardFailures.has(given.code) ? failure('payment_declined') : given
}

export function failure(code: FailureCode, gatewayCode?: string): Failure {
  const result: Failure = { code, message: failureMessages[code] }
  if (gatewayCode !== undefined && gatewayCode !== '') result.gatewayCode = gatewayCode
  return result
}
