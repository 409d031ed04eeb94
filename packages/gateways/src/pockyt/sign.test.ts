import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { md5Hex } from '../shared/hash.ts'
import { sign, signingText, verify } from './sign.ts'

const token = '5cbfb079f15b150122261c8537086d77a'

// The docs' "Signing API parameters" example (facts §2.3).
const docsParams = {
  amount: '1.00',
  callbackUrl: 'https://wx.yuansfer.yunkeguan.com/wx',
  currency: 'USD',
  goodsInfo: '[{"goods_name":"Yuansfer","quantity":"1"}]',
  ipnUrl: 'https://wx.yuansfer.yunkeguan.com/wx',
  merchantNo: '200043',
  reference: 'seq_1525922323',
  storeNo: '300014',
  terminal: 'ONLINE',
  timeout: '120',
  vendor: 'alipay',
}

// Self-computed secure-pay request (facts §2.3), deliberately not in sorted order.
const securePayParams = {
  merchantNo: '200043',
  storeNo: '300014',
  amount: '10.00',
  currency: 'USD',
  settleCurrency: 'USD',
  vendor: 'creditcard',
  terminal: 'ONLINE',
  reference: 'ORDER-1001',
  ipnUrl: 'https://merchant.example/ipn',
  callbackUrl: 'https://merchant.example/return?status={status}&amount={amount}',
  creditType: 'normal',
}

describe('sign', () => {
  it('appends the md5 of the token', () => {
    expect(md5Hex(token)).toBe('186abea4b8610d7ff03768255588597a')
  })

  it('reproduces the docs test vector, plain text included', () => {
    expect(signingText(docsParams, token)).toBe(
      'amount=1.00&callbackUrl=https://wx.yuansfer.yunkeguan.com/wx&currency=USD&goodsInfo=[{"goods_name":"Yuansfer","quantity":"1"}]&ipnUrl=https://wx.yuansfer.yunkeguan.com/wx&merchantNo=200043&reference=seq_1525922323&storeNo=300014&terminal=ONLINE&timeout=120&vendor=alipay&186abea4b8610d7ff03768255588597a',
    )
    expect(sign(docsParams, token)).toBe('b6bfd66531ae7c9499115c7480a2c8aa')
  })

  it('reproduces the synthetic secure-pay vector, signing {macros} literally', () => {
    expect(sign(securePayParams, token)).toBe('b067b3dfa4614cd6bb34bd360be3983f')
  })

  it('ignores a verifySign among the params', () => {
    expect(sign({ ...docsParams, verifySign: 'anything' }, token)).toBe(
      'b6bfd66531ae7c9499115c7480a2c8aa',
    )
  })

  it('sorts by code unit, so upper case comes before lower case', () => {
    expect(signingText({ b: '1', B: '2', a: '3' }, 't')).toBe(`B=2&a=3&b=1&${md5Hex('t')}`)
  })

  it('signs empty values by default and skips them on request', () => {
    const params = { a: '1', note: '' }
    expect(signingText(params, 't')).toBe(`a=1&note=&${md5Hex('t')}`)
    expect(signingText(params, 't', { emptyValues: 'skip' })).toBe(`a=1&${md5Hex('t')}`)
    expect(sign(params, 't', { emptyValues: 'skip' })).toBe(sign({ a: '1' }, 't'))
    expect(sign(params, 't')).not.toBe(sign({ a: '1' }, 't'))
  })
})

describe('verify', () => {
  const signed = { ...docsParams, verifySign: 'b6bfd66531ae7c9499115c7480a2c8aa' }

  it('accepts the right signature in either case', () => {
    expect(verify(signed, token)).toBe(true)
    expect(verify({ ...signed, verifySign: signed.verifySign.toUpperCase() }, token)).toBe(true)
  })

  it('rejects a changed field, an added param, a removed param or another token', () => {
    expect(verify({ ...signed, amount: '1.01' }, token)).toBe(false)
    expect(verify({ ...signed, note: 'x' }, token)).toBe(false)
    const { timeout: _removed, ...withoutTimeout } = signed
    expect(verify(withoutTimeout, token)).toBe(false)
    expect(verify(signed, `${token}x`)).toBe(false)
  })

  it('is false, not an exception, without a usable verifySign or record', () => {
    expect(verify(docsParams, token)).toBe(false)
    expect(verify({ ...docsParams, verifySign: '' }, token)).toBe(false)
    expect(verify({ ...docsParams, verifySign: 'not-hex' }, token)).toBe(false)
    expect(verify(null as unknown as Record<string, string>, token)).toBe(false)
    expect(verify({ ...signed, amount: 1 } as unknown as Record<string, string>, token)).toBe(false)
    // An array holding the signed text prints as that text, but is still not a string.
    const listed = { ...signed, amount: ['1.00'] }
    expect(verify(listed as unknown as Record<string, string>, token)).toBe(false)
  })

  it('treats an empty value per emptyValues on both sides', () => {
    const params = { a: '1', note: '' }
    const skipped = { ...params, verifySign: sign({ a: '1' }, 't') }
    expect(verify(skipped, 't', { emptyValues: 'skip' })).toBe(true)
    expect(verify(skipped, 't')).toBe(false)
  })
})

describe('sign/verify properties', () => {
  // Non-ASCII names, empty values, and never a param called verifySign.
  const params = fc.dictionary(
    fc.string({ unit: 'grapheme' }).filter((name) => name !== 'verifySign'),
    fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme' })),
  )
  const tokens = fc.string({ minLength: 1 })
  const modes = fc.constantFrom<'include' | 'skip'>('include', 'skip')

  it('verifies what it signed', () => {
    fc.assert(
      fc.property(params, tokens, modes, (fields, key, emptyValues) => {
        const verifySign = sign(fields, key, { emptyValues })
        expect(verify({ ...fields, verifySign }, key, { emptyValues })).toBe(true)
      }),
    )
  })

  it('rejects the signature after any one value changes', () => {
    const withAName = params
      .filter((fields) => Object.keys(fields).length > 0)
      .chain((fields) =>
        fc.record({
          fields: fc.constant(fields),
          name: fc.constantFrom(...Object.keys(fields)),
          suffix: fc.string({ minLength: 1, unit: 'grapheme' }),
        }),
      )
    fc.assert(
      fc.property(withAName, tokens, modes, ({ fields, name, suffix }, key, emptyValues) => {
        const verifySign = sign(fields, key, { emptyValues })
        const changed = { ...fields, [name]: `${fields[name]}${suffix}`, verifySign }
        expect(verify(changed, key, { emptyValues })).toBe(false)
      }),
    )
  })
})
