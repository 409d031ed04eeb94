// Card-number-like runs: 13 to 19 digits, optionally grouped by single spaces or dashes.
const digitRunPattern = /\d(?:[ -]?\d)*/g

function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * Masks anything shaped like a card number (13 to 19 digits that pass the Luhn check) in text the
 * server keeps or logs but did not write itself: a gateway's error message, an exception's text.
 * Gateways should never echo card data, but the timeline is stored and logs are shipped
 * elsewhere, so the server does not rely on that.
 */
export function redactCardNumbers(text: string): string {
  return text.replace(digitRunPattern, (run) => {
    const digits = run.replace(/\D/g, '')
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) ? '[card number]' : run
  })
}
