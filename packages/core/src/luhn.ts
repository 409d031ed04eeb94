// Apart from cardNumber.ts so that the contract client, which redacts card numbers from error
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
