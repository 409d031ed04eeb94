import type { FailureCode } from '../shared/failure.ts'

/** What the kit knows about one of Oceanpayment's `payment_details` codes. */
export interface ResultCodeInfo {
  /** Oceanpayment's meaning, in English, for logs and support. */
  meaning: string
  /** The kit's failure code when a failed payment (or a rejected create) carries this code. */
  failure: FailureCode
}

/** The approval code: `80000:Transaction Approved`. */
export const approvedCode = '80000'

/** Same order number submitted again (browser back and resubmit, or a reused number). */
export const duplicateOrderCode = '20061'

/**
 * The `payment_details` codes the sources confirm (§3.8). [U] Oceanpayment's full table ("Payments
 * response codes") was not retrieved; add codes here as they are seen.
 */
export const resultCodes: Readonly<Record<string, ResultCodeInfo>> = {
  // A failed status carrying the approval code contradicts itself: nothing precise to tell.
  [approvedCode]: { meaning: 'Transaction approved', failure: 'unknown' },
  [duplicateOrderCode]: { meaning: 'Duplicate order number', failure: 'duplicate_order' },
  '10000': { meaning: 'Payment declined (high risk)', failure: 'suspected_fraud' },
}

/**
 * The kit's reading of a result code. An unknown code is `unknown`, not `card_declined`: the
 * payment may have failed for a reason that has nothing to do with the card (an alternative
 * method, the merchant's configuration), and `unknown`'s message does not blame the shopper's card.
 */
export function describeResultCode(code: string): ResultCodeInfo {
  const known = Object.hasOwn(resultCodes, code) ? resultCodes[code] : undefined
  return known ?? { meaning: `Unknown result code ${JSON.stringify(code)}`, failure: 'unknown' }
}
