import { describe, expect, it } from 'vitest'
import { closestName } from './closestName.ts'

const options = ['timeScale', 'processingDelayMs', 'paymentLifetimeMs', 'port', 'host', 'fetch']

describe('closestName', () => {
  it('sees past case, `_` and `-`, and a name inside the other', () => {
    expect(closestName('timescale', options)).toBe('timeScale')
    expect(closestName('time_scale', options)).toBe('timeScale')
    expect(closestName('processingDelay', options)).toBe('processingDelayMs')
    expect(closestName('paymentLifetimeMsec', options)).toBe('paymentLifetimeMs')
  })

  it('forgives two slips, a swap of neighbours counting as one', () => {
    expect(closestName('prot', options)).toBe('port')
    expect(closestName('hsot', options)).toBe('host')
    expect(closestName('fecth', options)).toBe('fetch')
    expect(closestName('paymentLifetimMz', options)).toBe('paymentLifetimeMs')
  })

  it('suggests nothing when no name is that close', () => {
    expect(closestName('verbose', options)).toBeUndefined()
    expect(closestName('hp', options)).toBeUndefined()
    expect(closestName('paymentLifetimeSeconds', options)).toBeUndefined()
  })
})
