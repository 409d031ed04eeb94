import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signEnvelope, verifyEnvelope } from './sign.ts'
import { sandboxCredentials } from './wire.ts'

// The official examples of §1.3, signed with the docs' sandbox salt.
const prePayRequest = {
  accId: sandboxCredentials.accId,
  clientId: sandboxCredentials.clientId,
  signType: 'SHA256',
  version: '1.0',
  bizContent:
    '{"captureDelayHours":"0","amount":"1000","currency":"USD","merchantTransactionId":"PMT-PR5GFUNZQP1695182276082","payResultUrl":"https://test-acquirerpay.pingpongx.com/qa/result.html","payCancelUrl":"https://test-acquirerpay.pingpongx.com/qa/result.html","shopperIP":"222.126.52.23","customer":{"identificationId":"211","lastName":"LeBronbb","email":"test@pingpongx.com","phone":"9157030054"}}',
}

const prePayResponse = {
  accId: sandboxCredentials.accId,
  clientId: sandboxCredentials.clientId,
  code: '000000',
  description: 'Transaction succeeded',
  signType: 'SHA256',
  bizContent:
    '{"amount":"1000","paymentUrl":"https://sandbox-acquirer-payment-ssr.pingpongx.com/v3/checkout?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g","transactionId":"2023092050004591","token":"EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g","merchantTransactionId":"PMT-PR5GFUNZQP1695182276082","currency":"USD","innerJsUrl":"https://paycdn.pingpongx.com/production/static/sdk/ppPay.min.js?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g"}',
}

const salt = sandboxCredentials.salt

describe('PingPong signEnvelope', () => {
  it('reproduces the docs’ prePay request signature', () => {
    expect(signEnvelope(prePayRequest, salt)).toBe(
      '28178F3C0B0AF10343F715211B9C7791AB4CF091EB4580505E053318E8F37B85',
    )
  })

  it('reproduces the docs’ prePay response signature', () => {
    expect(signEnvelope(prePayResponse, salt)).toBe(
      '337DE4525BECC73D56E262E04CCCC210C7BA70C78D48DA3BB128E4FEC6D01561',
    )
  })

  it('ignores an existing sign and blank members', () => {
    const expected = signEnvelope(prePayRequest, salt)
    expect(signEnvelope({ ...prePayRequest, sign: 'ABC', remark: '  ' }, salt)).toBe(expected)
  })

  it('signs with MD5 when signType says so, in upper case', () => {
    const sign = signEnvelope({ ...prePayRequest, signType: 'MD5' }, salt)
    expect(sign).toMatch(/^[0-9A-F]{32}$/)
    expect(verifyEnvelope({ ...prePayRequest, signType: 'MD5', sign }, salt)).toBe(true)
  })

  it('reads signType in any letter case', () => {
    const lower = { ...prePayRequest, signType: 'sha256' }
    const sign = signEnvelope(lower, salt)
    expect(sign).toMatch(/^[0-9A-F]{64}$/)
    expect(verifyEnvelope({ ...lower, sign }, salt)).toBe(true)
    expect(signEnvelope({ ...prePayRequest, signType: 'md5' }, salt)).toMatch(/^[0-9A-F]{32}$/)
  })

  it('refuses an unknown signType with a message that names the choices', () => {
    expect(() => signEnvelope({ ...prePayRequest, signType: 'RSA' }, salt)).toThrow(
      /"SHA256" or "MD5"/,
    )
  })
})

describe('PingPong verifyEnvelope', () => {
  const signed = {
    ...prePayResponse,
    sign: '337DE4525BECC73D56E262E04CCCC210C7BA70C78D48DA3BB128E4FEC6D01561',
  }

  it('accepts the docs’ signed response, whatever the case of the hex', () => {
    expect(verifyEnvelope(signed, salt)).toBe(true)
    expect(verifyEnvelope({ ...signed, sign: signed.sign.toLowerCase() }, salt)).toBe(true)
  })

  it('rejects a changed member, another salt, a missing sign or an unknown signType', () => {
    expect(verifyEnvelope({ ...signed, code: '000001' }, salt)).toBe(false)
    expect(
      verifyEnvelope({ ...signed, bizContent: signed.bizContent.replace('1000', '1') }, salt),
    ).toBe(false)
    expect(verifyEnvelope(signed, 'BCE27A281029F5EAF3CC0E82')).toBe(false)
    expect(verifyEnvelope({ ...prePayResponse }, salt)).toBe(false)
    expect(verifyEnvelope({ ...signed, signType: 'RSA' }, salt)).toBe(false)
  })

  const fieldName = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
    .filter((name) => name !== 'sign' && name !== 'signType')
  const fieldValue = fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 40 }))
  const envelopes = fc.record({
    fields: fc.dictionary(fieldName, fieldValue, { maxKeys: 8 }),
    signType: fc.constantFrom('SHA256', 'MD5'),
    salt: fc.string({ maxLength: 30 }),
  })

  it('verifies what it signed, for any members, names and values', () => {
    fc.assert(
      fc.property(envelopes, ({ fields, signType, salt }) => {
        const envelope = { ...fields, signType }
        return verifyEnvelope({ ...envelope, sign: signEnvelope(envelope, salt) }, salt)
      }),
    )
  })

  it('rejects the signature once any non-blank member changes', () => {
    fc.assert(
      fc.property(
        envelopes.filter(({ fields }) =>
          Object.values(fields).some((value) => value.trim() !== ''),
        ),
        fc.nat(),
        ({ fields, signType, salt }, pick) => {
          const envelope: Record<string, string> = { ...fields, signType }
          const sign = signEnvelope(envelope, salt)
          const names = Object.keys(fields).filter((name) => (fields[name] ?? '').trim() !== '')
          const name = names[pick % names.length] as string
          return !verifyEnvelope({ ...envelope, [name]: `${envelope[name]}x`, sign }, salt)
        },
      ),
    )
  })
})
