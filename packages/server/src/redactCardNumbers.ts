import { maskCardNumbers } from '@checkout-kit/core'

/**
 * Masks anything shaped like a card number (13 to 19 consecutive digits of a digit run that pass
 * the Luhn check) in text the server keeps or logs but did not write itself: a gateway's error
 * message, an exception's text. Gateways should never echo card data, but the timeline is stored
 * and logs are shipped elsewhere, so the server does not rely on that. The same rule as the
 * browser kit's (`maskCardNumbers` in @checkout-kit/core), with the server's mark.
 */
export function redactCardNumbers(text: string): string {
  return maskCardNumbers(text, '[card number]')
}
