import type { MoneyAmount } from '@checkout-kit/core'
import { formatMinorUnits, toMinorUnits } from '@checkout-kit/gateways'
import type { PaymentRecord } from './paymentRecord.ts'

/** Where a payment's refunds stand, in the payment's currency. */
export interface RefundSummary {
  /** Refunds the gateway confirmed. */
  refunded: MoneyAmount
  /** Refunds asked for and not answered yet. */
  pending: MoneyAmount
  /**
   * What a new refund may still take back: nothing unless the payment succeeded. Pending refunds
   * count against it, since they may yet go through.
   */
  refundable: MoneyAmount
}

/** The summary in the currency's minor units: what `refund` checks a new refund against. */
export function refundMinorUnits(record: PaymentRecord): Record<keyof RefundSummary, bigint> {
  const { currency } = record.amount
  const total = (status: PaymentRecord['refunds'][number]['status']) =>
    record.refunds
      .filter((refund) => refund.status === status)
      .reduce((sum, refund) => sum + (toMinorUnits(refund.amount.value, currency) ?? 0n), 0n)
  const refunded = total('succeeded')
  const pending = total('processing')
  const paid = toMinorUnits(record.amount.value, currency) ?? 0n
  const left = record.status === 'succeeded' ? paid - refunded - pending : 0n
  return { refunded, pending, refundable: left > 0n ? left : 0n }
}

/**
 * How much of a payment was refunded, is being refunded and may still be: the arithmetic `refund`
 * itself uses, in exact minor units, for a back office to show.
 */
export function refundSummary(record: PaymentRecord): RefundSummary {
  const { currency } = record.amount
  const money = (minor: bigint): MoneyAmount => ({
    value: formatMinorUnits(minor, currency),
    currency,
  })
  const { refunded, pending, refundable } = refundMinorUnits(record)
  return { refunded: money(refunded), pending: money(pending), refundable: money(refundable) }
}
