import { describe, expect, it } from 'vitest'
import type { PaymentRecord, RefundRecord } from './paymentRecord.ts'
import { refundSummary } from './refundSummary.ts'
import { makePaymentRecord } from './stores/paymentStoreContract.ts'

function refund(value: string, currency: string, status: RefundRecord['status']): RefundRecord {
  const at = '2030-01-02T00:00:00.000Z'
  return {
    reference: `r_${value}_${status}`,
    amount: { value, currency },
    status,
    createdAt: at,
    updatedAt: at,
  }
}

function paid(value: string, currency: string, refunds: RefundRecord[]): PaymentRecord {
  return makePaymentRecord({ status: 'succeeded', amount: { value, currency }, refunds })
}

describe('refundSummary', () => {
  // Confirmed and pending refunds are counted apart, failed ones not at all.
  const cases = [
    {
      name: 'USD, 2 decimals',
      currency: 'USD',
      paid: '25.00',
      refunds: { succeeded: ['5.50', '0.05'], processing: ['4.25'], failed: ['3.00'] },
      expected: { refunded: '5.55', pending: '4.25', refundable: '15.20' },
    },
    {
      name: 'JPY, no decimals',
      currency: 'JPY',
      paid: '1000',
      refunds: { succeeded: ['300'], processing: ['199'], failed: ['500'] },
      expected: { refunded: '300', pending: '199', refundable: '501' },
    },
    {
      name: 'USD, exact where floating point is not (0.10 + 0.20 of 0.30)',
      currency: 'USD',
      paid: '0.30',
      refunds: { succeeded: ['0.10', '0.20'], processing: [], failed: [] },
      expected: { refunded: '0.30', pending: '0.00', refundable: '0.00' },
    },
  ]
  for (const { name, currency, paid: value, refunds, expected } of cases) {
    it(`sums a paid payment's refunds in minor units (${name})`, () => {
      const record = paid(
        value,
        currency,
        Object.entries(refunds).flatMap(([status, values]) =>
          values.map((amount) => refund(amount, currency, status as RefundRecord['status'])),
        ),
      )
      expect(refundSummary(record)).toEqual({
        refunded: { value: expected.refunded, currency },
        pending: { value: expected.pending, currency },
        refundable: { value: expected.refundable, currency },
      })
    })
  }

  it('answers the whole amount as refundable for a paid payment without refunds', () => {
    expect(refundSummary(paid('1000', 'JPY', [])).refundable).toEqual({
      value: '1000',
      currency: 'JPY',
    })
  })

  for (const status of [
    'requires_action',
    'processing',
    'failed',
    'cancelled',
    'expired',
  ] as const) {
    it(`answers nothing refundable for a ${status} payment`, () => {
      const record = makePaymentRecord({ status, amount: { value: '1000', currency: 'JPY' } })
      expect(refundSummary(record)).toEqual({
        refunded: { value: '0', currency: 'JPY' },
        pending: { value: '0', currency: 'JPY' },
        refundable: { value: '0', currency: 'JPY' },
      })
    })
  }
})
