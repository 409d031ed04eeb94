import type { CardBrand } from './cardNumber.ts'

/**
 * Checks a card security code (CVC/CVV/CID): four digits for Amex, three for the other brands.
 * While the brand is unknown, either length passes: the card number's own check decides.
 */
export function validateSecurityCode(
  input: string,
  brand: CardBrand,
): { valid: true } | { valid: false; reason: 'empty' | 'length' } {
  const code = input.trim()
  if (code === '') return { valid: false, reason: 'empty' }
  const lengths = brand === 'amex' ? [4] : brand === 'unknown' ? [3, 4] : [3]
  if (!/^\d+$/.test(code) || !lengths.includes(code.length))
    return { valid: false, reason: 'length' }
  return { valid: true }
}
