import { describe, expect, it } from 'vitest'
import { hexDigestsEqual, md5Hex, sha256Hex } from './hash.ts'

describe('hashes', () => {
  it('hashes UTF-8 text to lowercase hex', () => {
    expect(sha256Hex('1')).toBe('6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b')
    expect(md5Hex('5cbfb079f15b150122261c8537086d77a')).toBe('186abea4b8610d7ff03768255588597a')
    // Non-ASCII text is hashed as UTF-8, as the gateways' Java and PHP code does.
    expect(md5Hex('支付')).toBe('26b59f528b4b08dd102bf93025145179')
  })

  it('compares digests without regard to case, and only equal lengths', () => {
    expect(hexDigestsEqual('ABCDEF', 'abcdef')).toBe(true)
    expect(hexDigestsEqual('abcdef', 'abcdee')).toBe(false)
    expect(hexDigestsEqual('abcdef', 'abcdef00')).toBe(false)
  })

  it('refuses a digest one bit away from the right one', () => {
    // '0' and '1', like 'b' and 'c', differ in their lowest bit only.
    expect(hexDigestsEqual('abcdef10', 'abcdef11')).toBe(false)
    expect(hexDigestsEqual('ABCDEF10', 'accdef10')).toBe(false)
  })
})
