import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toPaymentStatus, toRefundStatus } from './status.ts'

describe('toPaymentStatus', () => {
  it.each([
    ['init', 'requires_action'],
    ['pending', 'processing'],
    ['success', 'succeeded'],
    ['fail', 'failed'],
    ['closed', 'expired'],
    ['reversed', 'cancelled'],
    [' SUCCESS ', 'succeeded'],
    ['Closed', 'expired'],
  ] as const)('maps %j to %s', (pockytStatus, status) => {
    expect(toPaymentStatus(pockytStatus)).toBe(status)
  })

  it('maps anything else to processing, never succeeded', () => {
    expect(toPaymentStatus('refunded')).toBe('processing')
    expect(toPaymentStatus('constructor')).toBe('processing')
    expect(toPaymentStatus('')).toBe('processing')
    fc.assert(
      fc.property(fc.string(), (status) => {
        fc.pre(status.trim().toLowerCase() !== 'success')
        expect(toPaymentStatus(status)).not.toBe('succeeded')
      }),
    )
  })
})

describe('toRefundStatus', () => {
  it('maps success and fail, anything else to processing', () => {
    expect(toRefundStatus('Success')).toBe('succeeded')
    expect(toRefundStatus('fail')).toBe('failed')
    expect(toRefundStatus('pending')).toBe('processing')
    expect(toRefundStatus('__proto__')).toBe('processing')
  })
})
