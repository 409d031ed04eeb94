import { passesLuhn } from '@checkout-kit/gateways'

// Runs of digits, grouped by single spaces or dashes: a card number and whatever digits sit next
// to it (an expiry, a CVC, a year before it) end up in one run.
const digitRunPattern = /\d(?:[ -]?\d)*/g

const shortestCardNumber = 13
const longestCardNumber = 19

/** Whether any 13 to 19 consecutive digits of the run pass the Luhn check. */
function holdsCardNumber(digits: string): boolean {
  for (let start = 0; start + shortestCardNumber <= digits.length; start++) {
    for (let length = shortestCardNumber; length <= longestCardNumber; length++) {
      if (start + length > digits.length) break
      if (passesLuhn(digits.slice(start, start + length))) return true
    }
  }
  return false
}

/**
 * Masks anything shaped like a card number (13 to 19 digits that pass the Luhn check) in text the
 * server keeps or logs but did not write itself: a gateway's error message, an exception's text.
 * Gateways should never echo card data, but the timeline is stored and logs are shipped
 * elsewhere, so the server does not rely on that.
 *
 * A whole run of digits is masked when any 13 to 19 of its consecutive digits pass the check, so
 * `4111111111111111-12-30` or `2024 4111 1111 1111 1111` are caught. About one window in ten
 * passes by chance, so a long id or timestamp is sometimes masked too: losing a few digits of a
 * log line is the price of never keeping a card number.
 */
export function redactCardNumbers(text: string): string {
  return text.replace(digitRunPattern, (run) =>
    holdsCardNumber(run.replace(/\D/g, '')) ? '[card number]' : run,
  )
}
