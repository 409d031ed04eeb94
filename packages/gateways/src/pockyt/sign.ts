import { hexDigestsEqual, md5Hex } from '../shared/hash.ts'

export interface SignOptions {
  /**
   * [U] Whether `name=&` pairs of empty values are signed. The PHP SDK and WooCommerce include
   * them, the Go SDK skips them, and which rule Pockyt's server applies is unverified. `'include'`
   * (the default) signs exactly what is sent; the builders never send empty values, so for them
   * both rules agree.
   */
  emptyValues?: 'include' | 'skip'
}

const signatureField = 'verifySign'

// Plain `<` compares UTF-16 code units; for ASCII names (all of Pockyt's) that is PHP's
// `ksort(SORT_STRING)` byte order. Non-ASCII names could order differently, but none exist.
function byCodeUnits(a: string, b: string): number {
  if (a < b) return -1
  return a > b ? 1 : 0
}

/**
 * The text whose MD5 is the signature: `name=value&` for every parameter but `verifySign`, sorted
 * by name, values raw (not URL-encoded), then the MD5 of the token. Exposed to debug a mismatch
 * against the docs' "plain" strings.
 */
export function signingText(
  params: Readonly<Record<string, string>>,
  token: string,
  options: SignOptions = {},
): string {
  const skipEmpty = options.emptyValues === 'skip'
  const pairs = Object.entries(params)
    .filter(([name, value]) => name !== signatureField && !(skipEmpty && value === ''))
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([name, value]) => `${name}=${value}&`)
  return `${pairs.join('')}${md5Hex(token)}`
}

/** The `verifySign` of `params` (lowercase MD5 hex). A `verifySign` among them is ignored. */
export function sign(
  params: Readonly<Record<string, string>>,
  token: string,
  options: SignOptions = {},
): string {
  return md5Hex(signingText(params, token, options))
}

/**
 * Whether `params.verifySign` is the signature of the other params. Case-insensitive and
 * constant-time; `false`, never an exception, when it is missing or the input is not a record of
 * strings.
 */
export function verify(
  params: Readonly<Record<string, string>>,
  token: string,
  options: SignOptions = {},
): boolean {
  if (typeof params !== 'object' || params === null || typeof token !== 'string') return false
  const received: unknown = params[signatureField]
  if (typeof received !== 'string' || received === '') return false
  if (!Object.values(params).every((value: unknown) => typeof value === 'string')) return false
  return hexDigestsEqual(received, sign(params, token, options))
}
