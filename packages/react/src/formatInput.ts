const nonDigits = /\D/g

function digitsOf(text: string): string {
  return text.replace(nonDigits, '')
}

/**
 * Applies a digit formatter (card number, expiry) to what the shopper just typed, and says where
 * the caret belongs afterwards: after the same number of digits as before. Deleting a separator
 * (which the formatter would put straight back) deletes the digit in front of it instead.
 */
export function formatInput(
  previous: string,
  typed: string,
  caret: number | null,
  format: (input: string) => string,
): { value: string; caret: number } {
  const position = caret ?? typed.length
  let text = typed
  let digitsBefore = digitsOf(typed.slice(0, position)).length
  const atEnd = position >= typed.length

  if (
    typed.length < previous.length &&
    digitsOf(typed) === digitsOf(previous) &&
    digitsBefore > 0
  ) {
    const digits = digitsOf(typed)
    text = digits.slice(0, digitsBefore - 1) + digits.slice(digitsBefore)
    digitsBefore -= 1
  }

  const value = format(text)
  if (atEnd) return { value, caret: value.length }
  let seen = 0
  for (let index = 0; index < value.length; index++) {
    if (seen === digitsBefore) return { value, caret: index }
    if (/\d/.test(value[index] ?? '')) seen++
  }
  return { value, caret: value.length }
}
