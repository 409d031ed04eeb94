import { describe, expect, it } from 'vitest'
import { toPaymentStatus, toRefundStatus } from './status.ts'

describe('toPaymentStatus', () => {
  // pingpong.md §1.12
  it.each([
    ['SUCCESS', 'succeeded'],
    // Authorised for a later capture: the shopper has paid.
    ['AUTH_SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    ['CLOSED', 'expired'],
    ['CANCEL', 'cancelled'],
    ['INIT', 'requires_action'],
    ['PROCESSING', 'processing'],
    ['auth_success', 'succeeded'],
  ] as const)('maps %j to %s', (pingpongStatus, status) => {
    expect(toPaymentStatus(pingpongStatus)).toBe(status)
  })

  it('asks the shopper to act only while the payment is processing', () => {
    expect(toPaymentStatus('PROCESSING', { actionRequired: true })).toBe('requires_action')
    expect(toPaymentStatus('NEW_STATE', { actionRequired: true })).toBe('requires_action')
    expect(toPaymentStatus('SUCCESS', { actionRequired: true })).toBe('succeeded')
    expect(toPaymentStatus('FAILED', { actionRequired: true })).toBe('failed')
  })
})

describe('toRefundStatus', () => {
  it.each([
    ['SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    ['PROCESSING', 'processing'],
    ['success', 'succeeded'],
    ['Failed', 'failed'],
  ] as const)('maps %j to %s', (pingpongStatus, status) => {
    expect(toRefundStatus(pingpongStatus)).toBe(status)
  })
})
