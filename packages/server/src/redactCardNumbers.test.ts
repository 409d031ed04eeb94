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

  it.each([
    [
      'transaction 4111111111111111 paid',
      ['4111111111111111'],
      'transaction 4111111111111111 paid',
    ],
    [
      'ids 4111111111111111/5555555555554444',
      ['4111111111111111', '5555555555554444'],
      'ids 4111111111111111/5555555555554444',
    ],
    ['(4111111111111111).', ['4111111111111111'], '(4111111111111111).'],
    // An id that is not a number is no gateway's transaction id to spare.
    ['id A4111111111111111B', ['A4111111111111111B'], 'id A[card number]B'],
    // Only a whole run is spared: the same digits inside a longer run, or next to another card
    // number, may be part of one.
    ['card 4111111111111111 123', ['4111111111111111'], 'card [card number]'],
    ['card 4111 1111 1111 1111', ['1111'], 'card [card number]'],
    [
      'card 4111111111111111 and 5555555555554444',
      ['4111111111111111'],
      'card 4111111111111111 and [card number]',
    ],
  ])('in %j spares the whole ids %j', (text, keep, expected) => {
    expect(redactCardNumbers(text, keep)).toBe(expected)
  })
})
