import type { PaymentStatus } from '@checkout-kit/core'
import { describe, expect, it } from 'vitest'
import { canMoveTo } from './statusRules.ts'

const all: PaymentStatus[] = [
  'requires_action',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
]

describe('status rules', () => {
  it('never moves a success anywhere', () => {
    for (const next of all) expect(canMoveTo('succeeded', next)).toBe(false)
  })

  it('lets a verified success follow any other status', () => {
    for (const current of all.filter((status) => status !== 'succeeded')) {
      expect(canMoveTo(current, 'succeeded')).toBe(true)
    }
  })

  it('keeps a final failure final against other failures and never goes back to open', () => {
    expect(canMoveTo('failed', 'cancelled')).toBe(false)
    expect(canMoveTo('expired', 'failed')).toBe(false)
    expect(canMoveTo('failed', 'processing')).toBe(false)
    expect(canMoveTo('processing', 'requires_action')).toBe(false)
    expect(canMoveTo('requires_action', 'processing')).toBe(true)
    expect(canMoveTo('processing', 'failed')).toBe(true)
  })

  it('keeps each way of ending unpaid as it ended: a late word of another one changes nothing', () => {
    const unpaid: PaymentStatus[] = ['failed', 'cancelled', 'expired']
    for (const current of unpaid) {
      for (const next of [...unpaid, 'requires_action', 'processing'] as const) {
        expect(canMoveTo(current, next), `${current} → ${next}`).toBe(false)
      }
    }
  })
})
