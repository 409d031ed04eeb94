import type { FailureCode } from '../shared/failure.ts'
import type { PingPongCredentials } from './wire.ts'

export interface ResultCodeDescription {
  /** What the code means, for the integrator. */
  meaning: string
  /** What the shopper is told when a payment fails with it. */
  failure: FailureCode
}

function code(meaning: string, failure: FailureCode): ResultCodeDescription {
  return { meaning, failure }
}

/** PingPong's `code` / `resultCode` values (§1.13). */
export const resultCodes: Readonly<Record<string, ResultCodeDescription>> = {
  '000000': code('Transaction succeeded', 'unknown'),
  '001000': code('Successful request', 'unknown'),
  '002000': code('Transaction processing', 'unknown'),
  '101000': code('Merchant disabled', 'configuration_error'),
  '101001': code('Merchant configuration error', 'configuration_error'),
  '101002': code('3DS configuration error', 'configuration_error'),
  '102000': code('Invalid or missing parameter', 'configuration_error'),
  '103000': code('Invalid authentication', 'configuration_error'),
  '104000': code('Invalid signature', 'configuration_error'),
  '105000': code('Invalid or expired transaction', 'expired'),
  '106000': code('Invalid currency', 'payment_method_unsupported'),
  '106001': code('Invalid card scheme', 'payment_method_unsupported'),
  '106002': code('Invalid country', 'payment_method_unsupported'),
  '106003': code('Invalid language', 'configuration_error'),
  '107000': code('Duplicated transaction', 'duplicate_order'),
  '107001': code('Transaction does not exist', 'gateway_error'),
  '107002': code('Original transaction does not exist', 'gateway_error'),
  '107003': code('Original transaction type mismatch', 'gateway_error'),
  '108000': code('Refund exceeds the original amount', 'gateway_error'),
  '108001': code('Refund out of the allowed range', 'gateway_error'),
  '108002': code('Refund of a charged-back transaction', 'gateway_error'),
  '108003': code('Refund exceeds the balance', 'gateway_error'),
  '109000': code('Capture after reversal', 'gateway_error'),
  '109001': code('Capture exceeds the authorised amount', 'gateway_error'),
  '109002': code('Reversal after capture', 'gateway_error'),
  '200000': code('Risk: high risk', 'suspected_fraud'),
  '201000': code('Risk: suspected fraud', 'suspected_fraud'),
  '202000': code('Risk: expired card', 'expired_card'),
  '202001': code('Risk: stolen or lost card', 'card_declined'),
  '203000': code('Risk system error', 'gateway_error'),
  '300000': code('Declined: invalid card', 'incorrect_card_details'),
  '300001': code('Declined: invalid CVV', 'incorrect_card_details'),
  '300002': code('Declined: wrong expiry date', 'incorrect_card_details'),
  '300003': code('Declined: invalid card holder', 'incorrect_card_details'),
  '301001': code('Bank declined: format error', 'card_declined'),
  '301002': code('Bank declined: do not honor', 'card_declined'),
  // Issuers report insufficient funds as "limit exceeded"; the shopper's remedy is the same.
  '301003': code('Bank declined: limit exceeded', 'insufficient_funds'),
  '301004': code('Bank declined: too many tries', 'card_declined'),
  '301005': code('Bank declined: frequency limit', 'card_declined'),
  '301006': code('Bank declined: merchant limit', 'card_declined'),
  '301007': code('Bank declined: restricted card', 'card_declined'),
  '301008': code('Bank declined: expired card', 'expired_card'),
  '301009': code('Bank declined: lost card', 'card_declined'),
  '301010': code('Bank declined: wrong PIN', 'incorrect_card_details'),
  '301011': code('Bank declined: cardholder verification failed', 'authentication_failed'),
  '301012': code('Bank declined: invalid amount', 'card_declined'),
  '301013': code('Bank declined: duplicate transaction', 'duplicate_order'),
  '301015': code('Bank declined: retry with 3DS', 'authentication_failed'),
  '301099': code('Bank declined: other reason', 'card_declined'),
  '302000': code('Declined: high risk', 'suspected_fraud'),
  '303000': code('Refund failed', 'gateway_error'),
  '400000': code('3DS validation failed', 'authentication_failed'),
  '400001': code('3DS: card not enrolled', 'authentication_failed'),
}

const codeFamilies: readonly [prefix: string, description: ResultCodeDescription][] = [
  ['5', code('Gateway internal error', 'gateway_error')],
  ['6', code('External system error or timeout', 'gateway_error')],
  ['301', code('Bank declined', 'card_declined')],
  ['30', code('Declined', 'card_declined')],
  ['20', code('Declined by risk control', 'suspected_fraud')],
  ['10', code('Request error', 'configuration_error')],
  ['40', code('3DS error', 'authentication_failed')],
]

/**
 * What a result code means and what to tell the shopper. Codes missing from the table fall back
 * to their family (`5xxxxx` gateway errors, `301xxx` bank declines, …), then to `unknown`.
 */
export function describeResultCode(resultCode: string): ResultCodeDescription {
  const known = resultCodes[resultCode]
  if (known) return known
  const family = codeFamilies.find(([prefix]) => resultCode.startsWith(prefix))
  return family ? family[1] : code('Unknown result code', 'unknown')
}

/** Codes that mean the request itself was accepted. */
export function isSuccessCode(resultCode: string): boolean {
  return resultCode === '000000' || resultCode === '001000' || resultCode === '002000'
}

/**
 * Codes that say PingPong, or a bank or scheme behind it, failed or timed out (`5xxxxx` internal
 * errors, `6xxxxx` external system errors and timeouts). Unlike a refusal of the request, they do
 * not say the charge was not made: a payment answered with one is of unknown outcome, to be
 * settled by its notification or a query, never failed on the spot.
 */
export function leavesOutcomeUnknown(resultCode: string): boolean {
  return /^[56]\d{5}$/.test(resultCode)
}

/**
 * The codes by which PingPong refuses a request for the credentials it was made with, and the
 * credentials to check (§1.13): an unknown or disabled account (103000), a `sign` that does not
 * match (104000, made with another salt). Other refusals are about the request's content.
 */
export const credentialRefusals: Readonly<Record<string, readonly (keyof PingPongCredentials)[]>> =
  {
    '103000': ['accId', 'clientId'],
    '104000': ['salt'],
  }

/** The credentials a refusal with this code points at, or undefined when it is not about them. */
export function credentialsToCheck(
  resultCode: string,
): readonly (keyof PingPongCredentials)[] | undefined {
  return Object.hasOwn(credentialRefusals, resultCode) ? credentialRefusals[resultCode] : undefined
}
