import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type CardBrand,
  detectCardBrand,
  formatCardNumber,
  passesLuhn,
  validateCardNumber,
} from './cardNumber.ts'
import { maskCardNumbers } from './luhn.ts'

// An independent Luhn, written the textbook way, to check the optimised one against.
function referenceLuhn(digits: string): boolean {
  const doubled = [...digits].reverse().map((char, index) => {
    const digit = Number(char)
    if (index % 2 === 0) return digit
    return [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][digit] ?? Number.NaN
  })
  return doubled.reduce((sum, digit) => sum + digit, 0) % 10 === 0
}

function withCheckDigit(body: string): string {
  const digit = [...'0123456789'].find((candidate) => referenceLuhn(body + candidate))
  return body + digit
}

const digitString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength })

describe('detectCardBrand', () => {
  it.each<[string, CardBrand]>([
    ['4', 'visa'],
    ['4242424242424242', 'visa'],
    ['51', 'mastercard'],
    ['5555555555554444', 'mastercard'],
    ['2221', 'mastercard'],
    ['2720', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['34', 'amex'],
    ['378282246310005', 'amex'],
    ['62', 'unionpay'],
    ['6200000000000005', 'unionpay'],
    ['3528', 'jcb'],
    ['3589', 'jcb'],
    ['3566002020360505', 'jcb'],
    ['6011', 'discover'],
    ['644', 'discover'],
    ['649', 'discover'],
    ['65', 'discover'],
    ['6011111111111117', 'discover'],
    ['36', 'diners'],
    ['38', 'diners'],
    ['300', 'diners'],
    ['305', 'diners'],
    ['36227206271667', 'diners'],
    // Boundaries just outside each range.
    ['50', 'unknown'],
    ['56', 'unknown'],
    ['2220', 'unknown'],
    ['2721', 'unknown'],
    ['3527', 'unknown'],
    ['3590', 'unknown'],
    ['306', 'unknown'],
    ['643', 'unknown'],
    ['6010', 'unknown'],
    ['33', 'unknown'],
    // A prefix that is not decisive yet stays unknown.
    ['', 'unknown'],
    ['3', 'unknown'],
    ['35', 'unknown'],
    ['22', 'unknown'],
    ['601', 'unknown'],
    // Within 2221–2720 as far as it goes, but 2721 and on are not Mastercard.
    ['27', 'unknown'],
    ['272', 'unknown'],
  ])('%s is %s', (digits, brand) => {
    expect(detectCardBrand(digits)).toBe(brand)
  })

  it('ignores spaces and dashes the shopper typed', () => {
    expect(detectCardBrand('3782 822463 10005')).toBe('amex')
    expect(detectCardBrand('5555-5555')).toBe('mastercard')
  })
})

describe('passesLuhn', () => {
  it.each(['4242424242424242', '4111111111111111', '378282246310005', '79927398713', '0'])(
    '%s passes',
    (digits) => {
      expect(passesLuhn(digits)).toBe(true)
    },
  )

  it.each(['4242424242424241', '79927398710', '', '4242 4242 4242 4242', '12a4'])(
    '%j fails',
    (digits) => {
      expect(passesLuhn(digits)).toBe(false)
    },
  )

  it('agrees with a reference implementation', () => {
    fc.assert(
      fc.property(digitString(1, 30), (digits) => passesLuhn(digits) === referenceLuhn(digits)),
    )
  })

  it('accepts every number completed with its check digit, and no other last digit', () => {
    fc.assert(
      fc.property(digitString(1, 18), fc.integer({ min: 1, max: 9 }), (body, shift) => {
        const valid = withCheckDigit(body)
        const check = Number(valid.at(-1))
        const wrong = body + String((check + shift) % 10)
        return passesLuhn(valid) && !passesLuhn(wrong)
      }),
    )
  })
})

describe('formatCardNumber', () => {
  it.each([
    ['', ''],
    ['4', '4'],
    ['4242', '4242'],
    ['42424', '4242 4'],
    ['4242424242424242', '4242 4242 4242 4242'],
    ['4242-4242 4242x4242', '4242 4242 4242 4242'],
    ['4242424242424242123', '4242 4242 4242 4242 123'],
    // Cut at the brand's longest length.
    ['42424242424242421234', '4242 4242 4242 4242 123'],
    ['378282246310005', '3782 822463 10005'],
    ['3782822463100059', '3782 822463 10005'],
    ['37828', '3782 8'],
    ['5555555555554444999', '5555 5555 5555 4444'],
  ])('%j → %j', (input, formatted) => {
    expect(formatCardNumber(input)).toBe(formatted)
  })

  const typed = fc.string({ unit: fc.constantFrom(...'0123456789 -/a'), maxLength: 30 })

  it('keeps the digits, in order, up to the brand’s longest length', () => {
    fc.assert(
      fc.property(typed, (input) => {
        const digits = input.replace(/\D/g, '')
        const kept = formatCardNumber(input).replace(/ /g, '')
        return /^\d*$/.test(kept) && digits.startsWith(kept) && kept.length <= 19
      }),
    )
  })

  it('is idempotent, so it can run on every keystroke', () => {
    fc.assert(
      fc.property(typed, (input) => {
        const once = formatCardNumber(input)
        return formatCardNumber(once) === once
      }),
    )
  })

  it('only ever writes digits separated by single spaces', () => {
    fc.assert(fc.property(typed, (input) => /^(\d+( \d+)*)?$/.test(formatCardNumber(input))))
  })

  it('round-trips through validation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('4', '51', '2221', '34', '6011', '3528'),
        digitString(20, 20),
        (prefix, rest) => {
          const formatted = formatCardNumber(prefix + rest)
          const digits = formatted.replace(/ /g, '')
          const result = validateCardNumber(formatted)
          return result.valid ? result.digits === digits : result.reason !== 'empty'
        },
      ),
    )
  })
})

describe('validateCardNumber', () => {
  it.each<[string, CardBrand]>([
    ['4242424242424242', 'visa'],
    ['4242 4242 4242 4242', 'visa'],
    ['4222222222222', 'visa'],
    ['5555-5555-5555-4444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['3566002020360505', 'jcb'],
    ['36227206271667', 'diners'],
    ['6200000000000005', 'unionpay'],
    // UnionPay numbers without a Luhn check digit exist and are accepted.
    ['6200000000000001', 'unionpay'],
    ['6205500000000000004', 'unionpay'],
    // Twelve digits is the shortest card number (some Maestro cards) when the brand is unknown.
    ['900000000001', 'unknown'],
  ])('accepts %s as %s', (input, brand) => {
    expect(validateCardNumber(input)).toEqual({
      valid: true,
      digits: input.replace(/\D/g, ''),
      brand,
    })
  })

  it.each<[string, 'empty' | 'incomplete' | 'invalid']>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['4', 'incomplete'],
    ['424242424242424', 'incomplete'],
    // Between Visa's lengths (13, 16, 19): more digits could still make it valid.
    ['42424242424242', 'incomplete'],
    ['37828224631000', 'incomplete'],
    ['4242424242424241', 'invalid'],
    ['3782822463100050', 'invalid'],
    ['55555555555544440', 'invalid'],
    ['42424242424242420000', 'invalid'],
    ['4242 4242 4242 424a', 'invalid'],
    ['4242.4242.4242.4242', 'invalid'],
  ])('%j is %s', (input, reason) => {
    expect(validateCardNumber(input)).toEqual({ valid: false, reason })
  })

  it('accepts any Luhn-valid number of a brand’s length', () => {
    fc.assert(
      fc.property(digitString(14, 14), (body) => {
        const number = withCheckDigit(`4${body}`)
        const result = validateCardNumber(number)
        return result.valid && result.brand === 'visa' && result.digits === number
      }),
    )
  })
})

describe('maskCardNumbers', () => {
  it('masks a card number of 19 digits, the longest, no shorter run of which passes Luhn', () => {
    expect(maskCardNumbers('Card 7840057566828233027 refused', '[redacted]')).toBe(
      'Card [redacted] refused',
    )
  })

  it('masks a card number of 13 digits, the shortest, standing alone', () => {
    expect(maskCardNumbers('Card 4222222222222 refused', '[redacted]')).toBe(
      'Card [redacted] refused',
    )
  })
})
