import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatExpiry, parseExpiry } from './cardExpiry.ts'

// 15 May 2026, local time: the shopper's calendar decides which month is the current one.
const now = new Date(2026, 4, 15)

describe('parseExpiry', () => {
  it.each([
    ['12/30', '12', '2030'],
    ['12 / 30', '12', '2030'],
    ['1/30', '01', '2030'],
    ['01-30', '01', '2030'],
    ['1230', '12', '2030'],
    ['12/2030', '12', '2030'],
    ['122030', '12', '2030'],
    [' 05/26 ', '05', '2026'],
  ])('reads %j as %s/%s', (input, month, year) => {
    expect(parseExpiry(input, now)).toEqual({ valid: true, month, year })
  })

  it.each<[string, 'empty' | 'format' | 'past']>([
    ['', 'empty'],
    ['  ', 'empty'],
    ['13/30', 'format'],
    ['00/30', 'format'],
    ['12/3', 'format'],
    ['12/303', 'format'],
    ['123', 'format'],
    ['ab/cd', 'format'],
    ['12//30', 'format'],
    // A card is good through the end of its month.
    ['04/26', 'past'],
    ['12/25', 'past'],
    ['12/2025', 'past'],
  ])('%j is %s', (input, reason) => {
    expect(parseExpiry(input, now)).toEqual({ valid: false, reason })
  })

  it('reads two-digit years in a window around now', () => {
    expect(parseExpiry('12/10', new Date(2095, 0, 1))).toEqual({
      valid: true,
      month: '12',
      year: '2110',
    })
    expect(parseExpiry('12/70', new Date(2026, 0, 1))).toEqual({
      valid: true,
      month: '12',
      year: '2070',
    })
    // 1980 is closer to 2026 than 2080 is.
    expect(parseExpiry('12/80', new Date(2026, 0, 1))).toEqual({ valid: false, reason: 'past' })
  })

  it('reads a two-digit year exactly 50 years either way as the past one', () => {
    // 2080 and 1980 are both 50 years from 2030; 2020 and 2120 both 50 from 2070.
    expect(parseExpiry('12/80', new Date(2030, 0, 1))).toEqual({ valid: false, reason: 'past' })
    expect(parseExpiry('12/20', new Date(2070, 0, 1))).toEqual({ valid: false, reason: 'past' })
  })

  it('defaults to the current date', () => {
    expect(parseExpiry('01/00')).toMatchObject({ valid: false })
    expect(parseExpiry(`12/${new Date().getFullYear() + 1}`)).toMatchObject({ valid: true })
  })
})

describe('formatExpiry', () => {
  it.each([
    ['', ''],
    ['1', '1'],
    ['0', '0'],
    ['2', '02'],
    ['4', '04'],
    ['12', '12'],
    ['123', '12 / 3'],
    ['1230', '12 / 30'],
    ['12305', '12 / 30'],
    ['12/2030', '12 / 30'],
    ['1/2030', '01 / 30'],
    // Pasted or autofilled as MMYYYY.
    ['122030', '12 / 30'],
    ['1/30', '01 / 30'],
    ['4/3', '04 / 3'],
    ['70/0000', '07 / 00'],
    ['a1b2c3', '12 / 3'],
    // Backspace over the separator is not undone by the formatter.
    ['12 / ', '12'],
    ['12 /', '12'],
  ])('%j → %j', (input, formatted) => {
    expect(formatExpiry(input)).toBe(formatted)
  })

  const typed = fc.string({ unit: fc.constantFrom(...'0123456789 /-'), maxLength: 10 })

  it('is idempotent', () => {
    fc.assert(
      fc.property(typed, (input) => {
        const once = formatExpiry(input)
        return formatExpiry(once) === once
      }),
    )
  })

  it('writes only MM, or MM / Y…', () => {
    fc.assert(
      fc.property(typed, (input) => /^(\d{0,2}|\d\d \/ \d{1,2})$/.test(formatExpiry(input))),
    )
  })

  it('formats what parseExpiry reads back as the same date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 27, max: 45 }), (m, y) => {
        const month = String(m).padStart(2, '0')
        const formatted = formatExpiry(`${month}${y}`)
        expect(formatted).toBe(`${month} / ${y}`)
        expect(parseExpiry(formatted, now)).toEqual({ valid: true, month, year: `20${y}` })
      }),
    )
  })
})
