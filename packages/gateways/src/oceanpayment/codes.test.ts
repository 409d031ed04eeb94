import { describe, expect, it } from 'vitest'
import { credentialsToCheck, failureForCreateRefusal } from './codes.ts'

describe('Oceanpayment failureForCreateRefusal', () => {
  it("keeps a known code's failure and reads any other refused create as the service's problem", () => {
    expect(failureForCreateRefusal('20061')).toBe('duplicate_order')
    expect(failureForCreateRefusal('10000')).toBe('suspected_fraud')
    expect(failureForCreateRefusal('20003')).toBe('gateway_error')
    expect(failureForCreateRefusal('')).toBe('gateway_error')
  })
})

describe('Oceanpayment credentialsToCheck', () => {
  it('points the codes for an unknown terminal and a wrong signValue at the credentials', () => {
    expect(credentialsToCheck('20003')).toEqual(['secureCode'])
    expect(credentialsToCheck('20001')).toEqual(['account', 'terminal'])
    expect(credentialsToCheck('20061')).toBeUndefined()
    expect(credentialsToCheck('toString')).toBeUndefined()
  })
})
