import { md5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

// The gateways hash UTF-8 text and compare hex digests; these two helpers are all the package
// needs. @noble/hashes runs unchanged in Node, edge runtimes and browsers.

/** SHA-256 of the UTF-8 bytes of `text`, lowercase hex. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)))
}

/** MD5 of the UTF-8 bytes of `text`, lowercase hex (the gateways still use it for signatures). */
export function md5Hex(text: string): string {
  return bytesToHex(md5(utf8ToBytes(text)))
}

/**
 * Compares two hex digests case-insensitively, in time that does not depend on where they first
 * differ, so a forger learns nothing from how fast a signature is rejected.
 */
export function hexDigestsEqual(a: string, b: string): boolean {
  const left = a.toLowerCase()
  const right = b.toLowerCase()
  if (left.length !== right.length) return false
  let difference = 0
  for (let index = 0; index < left.length; index++) {
    difference |= left.charCodeAt(index) ^ right.charCodeAt(index)
  }
  return difference === 0
}
