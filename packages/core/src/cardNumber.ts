import { passesLuhn } from './luhn.ts'

// Also here, next to the card number rules that use it.
export { passesLuhn }

export type CardBrand =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'unionpay'
  | 'jcb'
  | 'discover'
  | 'diners'
  | 'unknown'

interface BrandRule {
  brand: Exclude<CardBrand, 'unknown'>
  /** IIN ranges as inclusive [from, to] prefixes of equal length. */
  ranges: readonly (readonly [string, string])[]
  lengths: readonly number[]
  /** Group sizes for display, fours unless said; the last group takes what is left. */
  groups?: readonly number[]
  /** Whether the number ends with a Luhn check digit; it does unless said. */
  luhn?: boolean
}

const groupsOfFour = [4, 4, 4, 4, 4] as const
const sixteenToNineteen = [16, 17, 18, 19] as const
const range = (from: number, to: number) => [String(from), String(to)] as const
const prefix = (value: number) => range(value, value)

// One table drives detection, lengths, grouping and Luhn. Prefixes are only matched once all of
// their digits are typed: '35' could still be JCB or not, so it stays 'unknown' until '3528'.
const brandRules: readonly BrandRule[] = [
  { brand: 'visa', ranges: [prefix(4)], lengths: [13, 16, 19] },
  {
    brand: 'mastercard',
    ranges: [range(51, 55), range(2221, 2720)],
    lengths: [16],
  },
  { brand: 'amex', ranges: [prefix(34), prefix(37)], lengths: [15], groups: [4, 6, 5] },
  {
    brand: 'diners',
    ranges: [prefix(36), prefix(38), range(300, 305)],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  {
    brand: 'jcb',
    ranges: [range(3528, 3589)],
    lengths: sixteenToNineteen,
  },
  {
    brand: 'discover',
    ranges: [prefix(6011), range(644, 649), prefix(65)],
    lengths: sixteenToNineteen,
  },
  {
    // Some UnionPay cards carry no Luhn check digit: rejecting them would turn real shoppers away.
    brand: 'unionpay',
    ranges: [prefix(62)],
    lengths: sixteenToNineteen,
    luhn: false,
  },
]

const unknownRule: Omit<BrandRule, 'brand' | 'ranges'> = {
  lengths: [12, 13, 14, 15, 16, 17, 18, 19],
}

function ruleFor(digits: string): BrandRule | undefined {
  return brandRules.find((rule) =>
    rule.ranges.some(([from, to]) => {
      const head = digits.slice(0, from.length)
      return head.length === from.length && head >= from && head <= to
    }),
  )
}

function digitsOf(input: string): string {
  return input.replace(/\D/g, '')
}

/** The brand from the number's first digits (IIN); `'unknown'` until the prefix is decisive. */
export function detectCardBrand(digits: string): CardBrand {
  return ruleFor(digitsOf(digits))?.brand ?? 'unknown'
}

/**
 * Keeps digits only, up to the brand's longest length, grouped for reading: `4242 4242 4242 4242`,
 * Amex `3782 822463 10005`. Idempotent, so it can run on every keystroke.
 */
export function formatCardNumber(input: string): string {
  const rule = ruleFor(digitsOf(input)) ?? unknownRule
  const digits = digitsOf(input).slice(0, Math.max(...rule.lengths))
  const parts: string[] = []
  let start = 0
  for (const size of rule.groups ?? groupsOfFour) {
    if (start >= digits.length) break
    parts.push(digits.slice(start, start + size))
    start += size
  }
  if (start < digits.length) parts.push(digits.slice(start))
  return parts.join(' ')
}

/**
 * Checks a typed card number. `incomplete` while more digits could still make it valid, `invalid`
 * once they cannot (too long, a wrong check digit, or characters other than digits, spaces and
 * dashes).
 */
export function validateCardNumber(
  input: string,
):
  | { valid: true; digits: string; brand: CardBrand }
  | { valid: false; reason: 'empty' | 'incomplete' | 'invalid' } {
  if (input.trim() === '') return { valid: false, reason: 'empty' }
  if (!/^[\d\s-]+$/.test(input)) return { valid: false, reason: 'invalid' }
  const digits = digitsOf(input)
  const rule = ruleFor(digits)
  const { lengths, luhn = true } = rule ?? unknownRule
  if (digits.length > Math.max(...lengths)) return { valid: false, reason: 'invalid' }
  if (!lengths.includes(digits.length)) return { valid: false, reason: 'incomplete' }
  if (luhn && !passesLuhn(digits)) return { valid: false, reason: 'invalid' }
  return { valid: true, digits, brand: rule?.brand ?? 'unknown' }
}
