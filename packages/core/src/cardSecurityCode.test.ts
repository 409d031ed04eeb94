import { describe, expect, it } from 'vitest'
import type { CardBrand } from './cardNumber.ts'
import { validateSecurityCode } from './cardSecurityCode.ts'

describe('validateSecurityCode', () => {
  it.each<[string, CardBrand, ReturnType<typeof validateSecurityCode>]>([
    ['123', 'visa', { valid: true }],
    [' 123 ', 'mastercard', { valid: true }],
    ['1234', 'amex', { valid: true }],
    ['123', 'unknown', { valid: true }],
    ['1234', 'unknown', { valid: true }],
    ['', 'visa', { valid: false, reason: 'empty' }],
    ['   ', 'amex', { valid: false, reason: 'empty' }],
    ['12', 'visa', { valid: false, reason: 'length' }],
    ['1234', 'visa', { valid: false, reason: 'length' }],
    ['123', 'amex', { valid: false, reason: 'length' }],
    ['12a', 'jcb', { valid: false, reason: 'length' }],
    ['12', 'unknown', { valid: false, reason: 'length' }],
    ['12345', 'unknown', { valid: false, reason: 'length' }],
  ])('%j for %s', (input, brand, expected) => {
    expect(validateSecurityCode(input, brand)).toEqual(expected)
  })
})
