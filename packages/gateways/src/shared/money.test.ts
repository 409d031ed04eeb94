import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  currencyExponent,
  formatAmount,
  formatMinorUnits,
  sameMoney,
  toMinorUnits,
} from './money.ts'

describe('money', () => {
  it('knows the ISO 4217 exponents the gateways use', () => {
    expect(currencyExponent('JPY')).toBe(0)
    expect(currencyExponent('usd')).toBe(2)
    expect(currencyExponent('KWD')).toBe(3)
    expect(currencyExponent('CNY')).toBe(2)
  })

  it.each([
    ['10', 'USD', '10.00'],
    ['10.5', 'USD', '10.50'],
    ['100.000000', 'USD', '100.00'],
    ['1000', 'JPY', '1000'],
    ['1000.0', 'JPY', '1000'],
    ['1.25', 'KWD', '1.250'],
    ['0', 'USD', '0.00'],
  ])('formats %s %s as %s', (value, currency, expected) => {
    expect(formatAmount({ value, currency })).toBe(expected)
  })

  it.each([
    ['10.001', 'USD'],
    ['10.5', 'JPY'],
    ['-1', 'USD'],
    ['1e3', 'USD'],
    ['', 'USD'],
    ['abc', 'USD'],
    ['10', 'US'],
    ['10', 'usd!'],
  ])('refuses %j %j with a message that shows the expected form', (value, currency) => {
    expect(toMinorUnits(value, currency)).toBeUndefined()
    expect(() => formatAmount({ value, currency })).toThrow(
      /e\.g\. \{ value: "10\.00", currency: "USD" \}/,
    )
  })

  it('round-trips minor units for every exponent', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'),
        (minor, currency) => {
          expect(toMinorUnits(formatMinorUnits(minor, currency), currency)).toBe(minor)
        },
      ),
    )
  })

  it('compares money by value, not by text', () => {
    expect(
      sameMoney({ value: '10', currency: 'USD' }, { value: '10.000000', currency: 'usd' }),
    ).toBe(true)
    expect(sameMoney({ value: '10', currency: 'USD' }, { value: '10.01', currency: 'USD' })).toBe(
      false,
    )
    expect(sameMoney({ value: '10', currency: 'USD' }, { value: '10', currency: 'EUR' })).toBe(
      false,
    )
    expect(sameMoney({ value: 'x', currency: 'USD' }, { value: 'x', currency: 'USD' })).toBe(false)
  })
})
