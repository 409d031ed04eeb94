import { oceanpayment } from '@checkout-kit/gateways'
import type { DeclineReason, EmulatedPayment } from '../model.ts'

// The `code:description` texts the emulator answers with. Only 80000 (approved), 20061 (duplicate
// order) and 10000 (high risk) are confirmed (shared/gateways/oceanpayment.md §3.8); the docs'
// full "Payments response codes" table was not retrieved, so every other code here is the
// emulator's own [U] choice: plausible, stable, and documented in README.section.md. A merchant
// must not branch on them beyond `payment_status`.

/** A `code:description` pair, split so that tests and pages can show the code alone. */
export interface ResultText {
  code: string
  description: string
}

/** Why a create request (sendTrade or the auto-redirect form) is refused: `pay_details`. */
export const rejections = {
  /** [U] No credentials for this `account` + `terminal`. */
  unknownMerchant: { code: '20001', description: 'Invalid account or terminal' },
  /** [U] A required field is missing or unusable; the parser's reason is appended. */
  invalidParameter: { code: '20002', description: 'Invalid parameter' },
  /** [U] `signValue` does not match the §3.3 rule with this terminal's secureCode. */
  invalidSignature: { code: '20003', description: 'Invalid signValue' },
  /** [V] The order number was used before on this account. */
  duplicateOrder: { code: oceanpayment.duplicateOrderCode, description: 'Duplicate order number' },
} as const satisfies Record<string, ResultText>

export type Rejection = keyof typeof rejections

/** What a transaction result says: `payment_status`, `payment_details`, `payment_solutions`. */
export interface TransactionText {
  status: string
  details: string
  /** Advice for the shopper, empty when the payment went through. */
  solutions: string
}

const cardAdvice =
  'Sorry, your card could not be authorised. If you entered the correct information, please ' +
  'use a different card, call your card issuer or use a different payment method.'

/**
 * [U] Decline reasons as issuer-style codes: 8 followed by the ISO 8583 response code the reason
 * usually comes with (05 do not honour, 51 insufficient funds, 54 expired card, 14 invalid card).
 */
export const declineResults: Readonly<Record<DeclineReason, ResultText & { solutions: string }>> = {
  declined: { code: '80005', description: 'Do not honor', solutions: cardAdvice },
  insufficient_funds: {
    code: '80051',
    description: 'Insufficient funds',
    solutions: 'Your card has insufficient funds. Please use a different card or payment method.',
  },
  expired_card: {
    code: '80054',
    description: 'Expired card',
    solutions: 'Your card has expired. Please use a different card.',
  },
  invalid_card: {
    code: '80014',
    description: 'Invalid card number',
    solutions: 'Please check the card number, or use a different card.',
  },
  authentication_failed: {
    code: '80065',
    description: '3-D Secure authentication failed',
    solutions: 'The card issuer could not verify you. Please try again or use a different card.',
  },
}

/** [V] `80000:Transaction Approved`. */
export const approvedResult: ResultText = {
  code: oceanpayment.approvedCode,
  description: 'Transaction Approved',
}

/** [U] The shopper pressed Cancel on the cashier. */
export const cancelledResult: ResultText = {
  code: '20050',
  description: 'Transaction cancelled by the customer',
}

/** [U] The shopper never paid; the payment closed after its lifetime. */
export const expiredResult: ResultText = { code: '20051', description: 'Transaction timed out' }

/** [U] Not final yet (payment_status -1): the notice brings the outcome. */
export const pendingResult: ResultText = { code: '20070', description: 'Transaction pending' }

export function detailsText({ code, description }: ResultText): string {
  return `${code}:${description}`
}

/** The transaction result for a payment's current state, in Oceanpayment's words. */
export function transactionText(payment: EmulatedPayment): TransactionText {
  const { failed, pending, succeeded } = oceanpayment.paymentStatusCodes
  switch (payment.state) {
    case 'succeeded':
      return { status: succeeded, details: detailsText(approvedResult), solutions: '' }
    case 'failed': {
      const decline = declineResults[payment.declineReason ?? 'declined']
      return { status: failed, details: detailsText(decline), solutions: decline.solutions }
    }
    case 'cancelled':
      return { status: failed, details: detailsText(cancelledResult), solutions: '' }
    case 'expired':
      return { status: failed, details: detailsText(expiredResult), solutions: '' }
    case 'pending':
    case 'processing':
      return { status: pending, details: detailsText(pendingResult), solutions: '' }
  }
}
