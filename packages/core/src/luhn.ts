// Apart from cardNumber.ts so that the contract client, which masks card numbers in error
// messages, does not pull in the card brand rules.

/** The Luhn (mod 10) check. Digits only: anything else fails. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

// Runs of digits, grouped by single spaces or dashes: a card number and whatever digits sit next
// to it (an expiry, a CVC, a year before it) end up in one run.
const digitRunPattern = /\d(?:[ -]?\d)*/g

/** Whether any 13 to 19 consecutive digits of the run pass the Luhn check. */
function holdsCardNumber(digits: string): boolean {
  for (let start = 0; start + 13 <= digits.length; start++) {
    for (let end = start + 13; end <= Math.min(start + 19, digits.length); end++) {
      if (passesLuhn(digits.slice(start, end))) return true
    }
  }
  return false
}

/**
 * Replaces anything shaped like a card number (13 to 19 digits that pass the Luhn check) in
 * `text` with `mask`: for text the kit shows, stores or logs but did not write itself, such as a
 * server's or a gateway's message. They should never echo card data; the kit does not rely on it.
 *
 * A whole run of digits is masked when any 13 to 19 of its consecutive digits pass the check, so
 * `4111111111111111-12-30` or `2024 4111 1111 1111 1111` are caught. About one window in ten
 * passes by chance, so a long id or timestamp is sometimes masked too: losing a few digits of a
 * message is the price of never showing a card number.
 */
export function maskCardNumbers(text: string, mask: string): string {
  return text.replace(digitRunPattern, (run) =>
    holdsCardNumber(run.replace(/\D/g, '')) ? mask : run,
  )
}
