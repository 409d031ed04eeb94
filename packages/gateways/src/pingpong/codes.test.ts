import { describe, expect, it } from 'vitest'
import { credentialsToCheck, leavesOutcomeUnknown } from './codes.ts'

describe('PingPong leavesOutcomeUnknown', () => {
  it('is true for gateway and external errors and timeouts (§1.13 5xxxxx, 6xxxxx)', () => {
    for (const code of ['500000', '500009', '600000', '600002']) {
      expect(leavesOutcomeUnknown(code)).toBe(true)
    }
  })

  it('is false for refusals of the request, declines and successes', () => {
    for (const code of ['000000', '002000', '102000', '104000', '301002', '400000', '', '5']) {
      expect(leavesOutcomeUnknown(code)).toBe(false)
    }
  })
})

describe('PingPong credentialsToCheck', () => {
  it('points invalid authentication and an invalid signature at the credentials (§1.13)', () => {
    expect(credentialsToCheck('104000')).toEqual(['salt'])
    expect(credentialsToCheck('103000')).toEqual(['accId', 'clientId'])
    expect(credentialsToCheck('102000')).toBeUndefined()
    expect(credentialsToCheck('constructor')).toBeUndefined()
  })
})
