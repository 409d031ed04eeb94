import { describe, expect, it } from 'vitest'
import { formatMessage } from './formatMessage.ts'

describe('formatMessage', () => {
  it('fills every placeholder, each as often as it appears', () => {
    expect(formatMessage('{time} left: the code expires in {time}', { time: '0:59' })).toBe(
      '0:59 left: the code expires in 0:59',
    )
  })

  it("leaves a placeholder it has no value for as it is (a merchant's override naming another)", () => {
    expect(formatMessage('The security code must be {length} digits {brand}.', { length: 3 })).toBe(
      'The security code must be 3 digits {brand}.',
    )
  })
})
