import { hexDigestsEqual, md5Hex, sha256Hex } from '../shared/hash.ts'
import type { SignType } from './wire.ts'

// §1.3: every top-level member but `sign`, blank values dropped, names in ASCII order, joined as
// `name=value&…` with raw values (bizContent is the exact JSON text sent), the salt in front,
// SHA256 (or MD5) in upper-case hex. Requests, responses and notifications are signed alike.

function isBlank(value: string): boolean {
  return value.trim() === ''
}

/** The text that is hashed: salt + sorted `name=value` pairs of the non-blank members. */
function signingText(envelope: Readonly<Record<string, string>>, salt: string): string {
  const pairs = Object.keys(envelope)
    .filter((name) => name !== 'sign' && !isBlank(envelope[name] ?? ''))
    // Default sort compares UTF-16 code units, as Java's String.compareTo does in PingPong's helper.
    .sort()
    .map((name) => `${name}=${envelope[name]}`)
  return salt + pairs.join('&')
}

function readSignType(envelope: Readonly<Record<string, string>>): SignType | undefined {
  const signType = envelope.signType?.toUpperCase()
  return signType === 'SHA256' || signType === 'MD5' ? signType : undefined
}

/**
 * Signs a PingPong envelope with the merchant's salt: upper-case hex, SHA256 or MD5 as
 * `envelope.signType` says. An existing `sign` member is ignored.
 *
 * @throws TypeError when `signType` is neither `SHA256` nor `MD5`.
 */
export function signEnvelope(envelope: Readonly<Record<string, string>>, salt: string): string {
  const signType = readSignType(envelope)
  if (!signType) {
    throw new TypeError(
      `PingPong envelopes are signed with signType "SHA256" or "MD5"; got ${JSON.stringify(envelope.signType)}`,
    )
  }
  const text = signingText(envelope, salt)
  return (signType === 'SHA256' ? sha256Hex(text) : md5Hex(text)).toUpperCase()
}

/**
 * Whether `envelope.sign` is the signature of the envelope under `salt`. False — never an
 * exception — when the sign or a usable signType is missing.
 */
export function verifyEnvelope(envelope: Readonly<Record<string, string>>, salt: string): boolean {
  const sign = envelope.sign
  if (typeof sign !== 'string' || sign === '' || !readSignType(envelope)) return false
  return hexDigestsEqual(signEnvelope(envelope, salt), sign)
}
