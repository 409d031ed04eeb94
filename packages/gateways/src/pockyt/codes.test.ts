import { describe, expect, it } from 'vitest'
import {
  credentialsToCheck,
  describeResultCode,
  failureForResultCode,
  leavesOutcomeUnknown,
  resultCodes,
} from './codes.ts'

describe('describeResultCode', () => {
  it('describes the documented codes', () => {
    expect(Object.keys(resultCodes).sort()).toEqual([
      '000000',
      '000010',
      '000020',
      '000021',
      '000022',
      '000023',
      '000030',
      '000040',
      '000080',
      '000100',
    ])
    expect(describeResultCode('000020')).toEqual({
      meaning: 'Required parameter missing',
      failure: 'configuration_error',
    })
    expect(describeResultCode('000080').failure).toBe('gateway_error')
  })

  it('is unknown for any other code, prototype names included', () => {
    const unknown = { meaning: 'Unknown result code', failure: 'unknown' }
    expect(describeResultCode('999999')).toEqual(unknown)
    expect(describeResultCode('constructor')).toEqual(unknown)
    expect(describeResultCode('__proto__')).toEqual(unknown)
  })
})

describe('failureForResultCode', () => {
  it('gives a shopper-safe failure carrying the code', () => {
    const result = failureForResultCode('000030')
    expect(result).toMatchObject({ code: 'configuration_error', gatewayCode: '000030' })
    expect(result.message).not.toContain('000030')
  })
})

describe('leavesOutcomeUnknown', () => {
  // A refund refused with one of these may still have been made (pockyt.md §2.10).
  it('is true for a system or upstream error and for a code the table does not list', () => {
    for (const code of ['000000', '000080', '000099', 'constructor']) {
      expect(leavesOutcomeUnknown(code)).toBe(true)
    }
  })

  it('is false for the refusals of the request itself', () => {
    for (const code of ['000010', '000020', '000021', '000022', '000023', '000030', '000040']) {
      expect(leavesOutcomeUnknown(code)).toBe(false)
    }
  })
})

describe('Pockyt credentialsToCheck', () => {
  it("points a bad verifySign at the token: the system error's code, told apart by its message (§2.10)", () => {
    expect(credentialsToCheck('000000', 'data error : verifySign')).toEqual(['token'])
    expect(credentialsToCheck('000000', 'System error')).toBeUndefined()
    expect(credentialsToCheck('000020', 'verifySign is required')).toBeUndefined()
  })
})
