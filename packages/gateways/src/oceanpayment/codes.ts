import type { FailureCode } from '../shared/failure.ts'
import type { OceanpaymentCredentials } from './wire.ts'

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

/**
 * The kit's failure for a refused create (sendTrade's `pay_results` other than 1): a known code's,
 * otherwise `gateway_error`. The order was not created, so nothing of the shopper's was tried yet
 * (§3.4, §3.5): `unknown`'s "the payment did not go through" would tell the shopper their payment
 * failed, when it was the merchant's request that was refused.
 */
export function failureForCreateRefusal(code: string): FailureCode {
  return Object.hasOwn(resultCodes, code) ? describeResultCode(code).failure : 'gateway_error'
}

/**
 * The refusals that are about the credentials a request was made with, and the credentials to
 * check. [U] Oceanpayment's codes for these are not in the retrieved docs (§3.8): these are the
 * emulator's (an unknown account or terminal, a signValue that does not match the secureCode).
 * Add the real ones here as they are seen.
 */
export const credentialRefusals: Readonly<
  Record<string, readonly (keyof OceanpaymentCredentials)[]>
> = {
  '20001': ['account', 'terminal'],
  '20003': ['secureCode'],
}

/** The credentials a refusal with this code points at, or undefined when it is not about them. */
export function credentialsToCheck(
  code: string,
): readonly (keyof OceanpaymentCredentials)[] | undefined {
  return Object.hasOwn(credentialRefusals, code) ? credentialRefusals[code] : undefined
}
