import { describe, expect, it } from 'vitest'
import { failure, failureMessages, withoutCardWords } from './failure.ts'

describe('withoutCardWords', () => {
  it.each([
    'card_declined',
    'insufficient_funds',
    'expired_card',
    'incorrect_card_details',
    'authentication_failed',
  ] as const)('turns %s into payment_declined', (code) => {
    expect(withoutCardWords(failure(code, '301002'))).toEqual({
      code: 'payment_declined',
      message: 'Your payment was declined. Try another payment method.',
    })
  })

  it('keeps failures that speak of no card, as they are', () => {
    const expired = failure('expired')
    expect(withoutCardWords(expired)).toBe(expired)
    const merchant = { code: 'merchant_rule', message: 'Call us for orders over 500 USD.' }
    expect(withoutCardWords(merchant)).toBe(merchant)
  })

  it('leaves no card word in any message it can answer', () => {
    for (const code of Object.keys(failureMessages) as (keyof typeof failureMessages)[]) {
      expect(withoutCardWords(failure(code)).message).not.toMatch(/card/i)
    }
  })
})
