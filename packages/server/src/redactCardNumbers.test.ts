import { describe, expect, it } from 'vitest'
import { redactCardNumbers } from './redactCardNumbers.ts'

describe('redactCardNumbers', () => {
  it.each([
    ['card 4111111111111111 refused', 'card [card number] refused'],
    ['card 4111 1111 1111 1111 refused', 'card [card number] refused'],
    ['card 4111-1111-1111-1111 refused', 'card [card number] refused'],
    ['Amex 378282246310005.', 'Amex [card number].'],
    // Digits that follow the card number join its run; the card number is still found in it.
    ['card 4111111111111111 123', 'card [card number]'],
    ['4111111111111111-12-30', '[card number]'],
    ['ref 2024 4111 1111 1111 1111', 'ref [card number]'],
  ])('masks a card number in %j', (text, expected) => {
    expect(redactCardNumbers(text)).toBe(expected)
  })

  it.each([
    'order pay_4111111111111113 refused (the check digit fails in every window)',
    'amount 1000.00 USD, code 100005',
    'timestamp 1732406400000',
    '',
  ])('leaves %j alone', (text) => {
    expect(redactCardNumbers(text)).toBe(text)
  })
})
