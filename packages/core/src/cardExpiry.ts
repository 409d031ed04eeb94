// What shoppers and autofill type: 'MM/YY', 'MM / YY', 'M/YY', 'MM/YYYY', 'MM-YY', 'MMYY', 'MMYYYY'.
const separatedPattern = /^(\d{1,2})\s*[/\-.]\s*(\d{2}|\d{4})$/
const compactPattern = /^(\d{2})(\d{2}|\d{4})$/
// Autofill (`cc-exp`) or a paste may bring a four-digit year: '12/2030', '122030'. Typing cannot:
// the field holds two year digits, and each keystroke is formatted.
const fullYearPattern = /^\s*(\d{2}|\d{1,2}\s*[/\-.])\s*(\d{4})\s*$/
const singleDigitMonthPattern = /^\s*(\d)\s*[/\-.]/

/**
 * Reads an expiry date. A card is good through the last day of its month, so the current month
 * is not `past`. A two-digit year is read as the closest one to `now` (within 50 years), so the
 * parser keeps working past 2099.
 */
export function parseExpiry(
  input: string,
  now: Date = new Date(),
):
  | { valid: true; month: string; year: string }
  | { valid: false; reason: 'empty' | 'format' | 'past' } {
  const text = input.trim()
  if (text === '') return { valid: false, reason: 'empty' }
  const match = separatedPattern.exec(text) ?? compactPattern.exec(text)
  const monthText = match?.[1]
  const yearText = match?.[2]
  if (monthText === undefined || yearText === undefined) return { valid: false, reason: 'format' }
  const month = Number(monthText)
  if (month < 1 || month > 12) return { valid: false, reason: 'format' }
  const currentYear = now.getFullYear()
  let year = Number(yearText)
  if (yearText.length === 2) {
    year += Math.floor(currentYear / 100) * 100
    if (year < currentYear - 50) year += 100
    else if (year >= currentYear + 50) year -= 100
  }
  const currentMonth = now.getMonth() + 1
  if (year < currentYear || (year === currentYear && month < currentMonth)) {
    return { valid: false, reason: 'past' }
  }
  return { valid: true, month: String(month).padStart(2, '0'), year: String(year) }
}

/**
 * Formats an expiry as it is typed: `'123'` → `'12 / 3'`. Keeps digits only (at most MMYY); a
 * first digit from 2 to 9 can only be a month with a leading zero, so it gets one. The separator
 * appears only once the year has digits, so backspace never gets stuck on it.
 */
export function formatExpiry(input: string): string {
  const fullYear = fullYearPattern.exec(input)
  let digits: string
  if (fullYear?.[1] !== undefined && fullYear[2] !== undefined) {
    digits = fullYear[1].replace(/\D/g, '').padStart(2, '0') + fullYear[2].slice(2)
  } else {
    digits = input.replace(/\D/g, '')
    if (singleDigitMonthPattern.test(input)) digits = `0${digits}`
  }
  if (/^[2-9]/.test(digits)) digits = `0${digits}`
  digits = digits.slice(0, 4)
  return digits.length <= 2 ? digits : `${digits.slice(0, 2)} / ${digits.slice(2)}`
}
