import { hexDigestsEqual, sha256Hex } from '../shared/hash.ts'

// Every Oceanpayment signature is SHA-256 over the listed fields' values concatenated with no
// separator, then the secureCode. A field that is absent counts as '' — exactly what the PHP
// plugins get when they concatenate an unset POST value.

/** The fields each signature covers, in the order they are concatenated. */
export const signedFields = {
  /** §3.3, hosted flows (sendTrade and the auto-redirect form). */
  request: [
    'account',
    'terminal',
    'backUrl',
    'order_number',
    'order_currency',
    'order_amount',
    'billing_firstName',
    'billing_lastName',
    'billing_email',
  ],
  /** §3.3, embedded card form: the same without `backUrl`. */
  embeddedRequest: [
    'account',
    'terminal',
    'order_number',
    'order_currency',
    'order_amount',
    'billing_firstName',
    'billing_lastName',
    'billing_email',
  ],
  /** §3.6/§3.7, browser return and transaction notice: the 12-field rule. */
  result: [
    'account',
    'terminal',
    'order_number',
    'order_currency',
    'order_amount',
    'order_notes',
    'card_number',
    'payment_id',
    'payment_authType',
    'payment_status',
    'payment_details',
    'payment_risk',
  ],
  /** §3.4, sendTrade response — documented once, by third-party code only. */
  tradeResponse: [
    'account',
    'terminal',
    'order_number',
    'order_currency',
    'order_amount',
    'order_notes',
    'payment_id',
    'pay_url',
    'pay_results',
    'pay_details',
  ],
} as const satisfies Record<string, readonly string[]>

function digest(
  names: readonly string[],
  fields: Readonly<Record<string, string>>,
  secureCode: string,
): string {
  let text = ''
  for (const name of names) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined
    text += typeof value === 'string' ? value : ''
  }
  return sha256Hex(text + secureCode)
}

function matches(expected: string, fields: Readonly<Record<string, string>>): boolean {
  const received = Object.hasOwn(fields, 'signValue') ? fields.signValue : undefined
  return typeof received === 'string' && received !== '' && hexDigestsEqual(expected, received)
}

/**
 * The `signValue` of a create request (§3.3), lowercase hex as the official plugins send it.
 * `variant: 'embedded'` is the card-form flow, whose signature leaves out `backUrl`.
 */
export function signRequest(
  fields: Record<string, string>,
  secureCode: string,
  options?: { variant?: 'hosted' | 'embedded' },
): string {
  const names =
    options?.variant === 'embedded' ? signedFields.embeddedRequest : signedFields.request
  return digest(names, fields, secureCode)
}

/** Whether a create request's `signValue` is genuine — what the gateway (or emulator) checks. */
export function verifyRequest(
  fields: Record<string, string>,
  secureCode: string,
  options?: { variant?: 'hosted' | 'embedded' },
): boolean {
  try {
    return matches(signRequest(fields, secureCode, options), fields)
  } catch {
    return false
  }
}

/**
 * The `signValue` Oceanpayment puts on a browser return or a transaction notice (§3.6/§3.7):
 * uppercase hex, as the gateway sends it. Merchants only verify; the emulator signs with this.
 */
export function signResult(fields: Record<string, string>, secureCode: string): string {
  return digest(signedFields.result, fields, secureCode).toUpperCase()
}

/**
 * Whether a browser return or transaction notice is genuine (§3.6/§3.7). Compares in constant
 * time and in any letter case; `false`, never an exception, when `signValue` is missing.
 */
export function verifyResult(fields: Record<string, string>, secureCode: string): boolean {
  try {
    return matches(signResult(fields, secureCode), fields)
  } catch {
    return false
  }
}

/**
 * The `signValue` of a sendTrade response (§3.4), uppercase hex.
 *
 * [D]/[U] The field order comes from third-party code citing the docs' signature matrix; no
 * official vector confirms it. It is kept apart from the verified rules so that it can be
 * switched off (`parseSendTradeResponse(..., { verifySignature: false })`) if the live gateway
 * disagrees.
 */
export function signTradeResponse(fields: Record<string, string>, secureCode: string): string {
  return digest(signedFields.tradeResponse, fields, secureCode).toUpperCase()
}

/** Whether a sendTrade response's `signValue` matches the [D]/[U] §3.4 rule. Never throws. */
export function verifyTradeResponse(fields: Record<string, string>, secureCode: string): boolean {
  try {
    return matches(signTradeResponse(fields, secureCode), fields)
  } catch {
    return false
  }
}
