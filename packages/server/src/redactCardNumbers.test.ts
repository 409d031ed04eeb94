import { describe, expect, it } from 'vitest'
import { redactCardNumbers } from './redactCardNumbers.ts'

describe('redactCardNumbers', () => {
  it.each([
    ['card 4111111111111111 refused', 'card [card number] refused'],
    ['card 4111 1111 1111 1111 refused', 'card [card number] refused'],
    ['card 4111-1111-1111-1111 refused', 'card [card number] refused'],
    ['Amex 378282246310005.', 'Amex [card number].'],
  ])('masks a card number in %j', (text, expected) => {
    expect(redactCardNumbers(text)).toBe(expected)
  })

  it.each([
    'order pay_4111111111111112 refused (the check digit fails)',
    'amount 1000.00 USD, code 100005',
    'timestamp 1732406400000',
    '',
  ])('leaves %j alone', (text) => {
    expect(redactCardNumbers(text)).toBe(text)
  })
})
