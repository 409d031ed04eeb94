import { type Failure, type FailureCode, failure } from '../shared/failure.ts'
import type { PockytCredentials } from './wire.ts'

export interface ResultCodeDescription {
  meaning: string
  failure: FailureCode
}

/**
 * Pockyt's `ret_code` values. Almost all of them describe *our* request (missing, mismatched or
 * wrong parameters, credentials), which the shopper can do nothing about: `configuration_error`.
 */
export const resultCodes: Readonly<Record<string, ResultCodeDescription>> = {
  '000000': { meaning: 'System error', failure: 'gateway_error' },
  '000010': { meaning: 'Wrong or unsupported API version', failure: 'configuration_error' },
  '000020': { meaning: 'Required parameter missing', failure: 'configuration_error' },
  // Also what a query for an unknown transactionNo/reference answers: still our request's fault.
  '000021': { meaning: 'Parameter has no related record', failure: 'configuration_error' },
  '000022': { meaning: 'Parameters do not match', failure: 'configuration_error' },
  '000023': { meaning: 'Parameter value error', failure: 'configuration_error' },
  '000030': { meaning: 'No rights or access denied', failure: 'configuration_error' },
  // Two doc pages disagree ("balance insufficient" vs "transaction status issue"). Either way it
  // is about the merchant's balance or the transaction's state, not the shopper's card, so
  // `insufficient_funds` ("your card has insufficient funds") would mislead the shopper.
  '000040': {
    meaning: 'Balance insufficient or transaction status issue',
    failure: 'unknown',
  },
  '000080': { meaning: 'Upstream supplier error', failure: 'gateway_error' },
  // Listed for completeness: a success carries no failure, so this `failure` is never used.
  '000100': { meaning: 'Success', failure: 'unknown' },
}

const unknownCode: ResultCodeDescription = { meaning: 'Unknown result code', failure: 'unknown' }

/** What a `ret_code` means; codes not in the table are `unknown`. */
export function describeResultCode(code: string): ResultCodeDescription {
  // Own properties only: `constructor` or `__proto__` are not result codes.
  const known = typeof code === 'string' && Object.hasOwn(resultCodes, code)
  return (known ? resultCodes[code] : undefined) ?? unknownCode
}

/** The shopper-safe failure for a `ret_code`, carrying the code for support. */
export function failureForResultCode(code: string): Failure {
  return failure(describeResultCode(code).failure, code)
}

/**
 * Codes that do not say the request was refused and nothing done: a system or upstream error, or a
 * code the table does not list. A refund answered with one may have been made, so its outcome is
 * unknown; every other documented refusal is about the request itself.
 */
export function leavesOutcomeUnknown(code: string): boolean {
  const known = typeof code === 'string' && Object.hasOwn(resultCodes, code)
  return !known || resultCodes[code]?.failure === 'gateway_error'
}

/**
 * The refusals that are about the credentials a request was made with, and the credentials to
 * check. Pockyt answers a wrong `verifySign` with the system error's code, 000000, told apart by
 * its message only: `{"ret_code":"000000","retMsg":"data error : verifySign"}` (§2.10). [U] That
 * 000030 (no rights, access denied) is what an unknown merchantNo/storeNo gets is inferred.
 */
export const credentialRefusals: readonly {
  code: string
  /** Text the refusal's message must contain, when the code alone says nothing. */
  messageIncludes?: string
  check: readonly (keyof PockytCredentials)[]
}[] = [
  { code: '000000', messageIncludes: 'verifySign', check: ['token'] },
  { code: '000030', check: ['merchantNo', 'storeNo', 'token'] },
]

/** The credentials a refusal points at, or undefined when it is not about them. */
export function credentialsToCheck(
  code: string,
  message = '',
): readonly (keyof PockytCredentials)[] | undefined {
  return credentialRefusals.find(
    (refusal) =>
      refusal.code === code &&
      (refusal.messageIncludes === undefined || message.includes(refusal.messageIncludes)),
  )?.check
}
