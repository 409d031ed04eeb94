import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../shared/hash.ts'
import {
  signedFields,
  signRequest,
  signResult,
  signTradeResponse,
  verifyRequest,
  verifyResult,
  verifyTradeResponse,
} from './sign.ts'

const secureCode = '12345678'

// §3.3 synthetic vector (docs' test account, secureCode 12345678 assumed).
const requestFields = {
  account: '995149',
  terminal: '99514901',
  backUrl: 'https://www.abc.com/back.php',
  order_number: 'NO12345678',
  order_currency: 'USD',
  order_amount: '0.01',
  billing_firstName: 'test',
  billing_lastName: 'test',
  billing_email: 'test@gmail.com',
}

// §3.6 synthetic vector.
const resultFields = {
  account: '995149',
  terminal: '99514901',
  order_number: 'NO12345678',
  order_currency: 'USD',
  order_amount: '0.01',
  order_notes: '',
  card_number: '411111***1111',
  payment_id: '230322000000000001',
  payment_authType: '0',
  payment_status: '1',
  payment_details: '80000:Transaction Approved',
  payment_risk: '',
}
const resultSignature = '61221F902E07525D741F905664A6113F720FF8D3B350712D202EB95A64FBE3B7'

describe('Oceanpayment signRequest', () => {
  it('reproduces the §3.3 vector in lowercase hex', () => {
    expect(signRequest(requestFields, secureCode)).toBe(
      '55712991297d346095bc09c3f5d63888c063ea86a4f401af735bfcd4f3f7e561',
    )
    expect(signRequest(requestFields, secureCode, { variant: 'hosted' })).toBe(
      '55712991297d346095bc09c3f5d63888c063ea86a4f401af735bfcd4f3f7e561',
    )
  })

  it('joins the fields in the §3.3 order, billing_firstName before billing_lastName', () => {
    // The vector's names are both 'test', which cannot tell their order.
    const named = { ...requestFields, billing_firstName: 'Ada', billing_lastName: 'Lovelace' }
    expect(signRequest(named, secureCode)).toBe(
      sha256Hex(
        '99514999514901https://www.abc.com/back.phpNO12345678USD0.01AdaLovelacetest@gmail.com' +
          secureCode,
      ),
    )
  })

  it('leaves backUrl out for the embedded card form', () => {
    const embedded = signRequest(requestFields, secureCode, { variant: 'embedded' })
    expect(embedded).toBe(
      sha256Hex('99514999514901NO12345678USD0.01testtesttest@gmail.com12345678'),
    )
    expect(
      signRequest({ ...requestFields, backUrl: 'https://other' }, secureCode, {
        variant: 'embedded',
      }),
    ).toBe(embedded)
  })

  it('ignores unsigned fields and counts missing signed fields as empty', () => {
    const expected = signRequest(requestFields, secureCode)
    expect(signRequest({ ...requestFields, methods: 'Klarna', billing_zip: '1' }, secureCode)).toBe(
      expected,
    )
    const { billing_email: _email, ...withoutEmail } = requestFields
    expect(signRequest(withoutEmail, secureCode)).toBe(
      signRequest({ ...requestFields, billing_email: '' }, secureCode),
    )
  })

  it('verifies its own signatures in any case and rejects changes', () => {
    const signValue = signRequest(requestFields, secureCode)
    expect(verifyRequest({ ...requestFields, signValue }, secureCode)).toBe(true)
    expect(
      verifyRequest({ ...requestFields, signValue: signValue.toUpperCase() }, secureCode),
    ).toBe(true)
    expect(verifyRequest({ ...requestFields, order_amount: '1.00', signValue }, secureCode)).toBe(
      false,
    )
    expect(verifyRequest({ ...requestFields, signValue }, 'other')).toBe(false)
    expect(verifyRequest(requestFields, secureCode)).toBe(false)
  })
})

describe('Oceanpayment signResult / verifyResult', () => {
  it('reproduces the §3.6 vector in uppercase hex', () => {
    expect(signResult(resultFields, secureCode)).toBe(resultSignature)
  })

  it('joins the twelve fields in the §3.6 order, order_notes before card_number', () => {
    // The vector's order_notes and payment_risk are empty, which cannot tell where they go.
    const noted = { ...resultFields, order_notes: 'Gift wrap', payment_risk: 'Rule=1' }
    expect(signResult(noted, secureCode)).toBe(
      sha256Hex(
        '99514999514901NO12345678USD0.01Gift wrap411111***1111230322000000000001' +
          `0180000:Transaction ApprovedRule=1${secureCode}`,
      ).toUpperCase(),
    )
  })

  it('accepts the signature in any letter case', () => {
    for (const signValue of [
      resultSignature,
      resultSignature.toLowerCase(),
      `${resultSignature.slice(0, 32).toLowerCase()}${resultSignature.slice(32)}`,
    ]) {
      expect(verifyResult({ ...resultFields, signValue }, secureCode)).toBe(true)
    }
  })

  it('rejects a changed signed field, another secureCode or another signature', () => {
    const signed = { ...resultFields, signValue: resultSignature }
    expect(verifyResult({ ...signed, payment_status: '0' }, secureCode)).toBe(false)
    expect(verifyResult({ ...signed, order_amount: '1.01' }, secureCode)).toBe(false)
    expect(verifyResult({ ...signed, payment_risk: 'Rule=1' }, secureCode)).toBe(false)
    expect(verifyResult(signed, '12345679')).toBe(false)
    expect(
      verifyResult({ ...signed, signValue: `${resultSignature.slice(0, -1)}8` }, secureCode),
    ).toBe(false)
  })

  it('still verifies when only unsigned fields change', () => {
    const signed = { ...resultFields, signValue: resultSignature }
    expect(
      verifyResult(
        { ...signed, methods: 'Klarna', payment_solutions: 'x', response_type: '1' },
        secureCode,
      ),
    ).toBe(true)
  })

  it('is false, never an exception, without a usable signValue', () => {
    expect(verifyResult(resultFields, secureCode)).toBe(false)
    expect(verifyResult({ ...resultFields, signValue: '' }, secureCode)).toBe(false)
    expect(verifyResult({ ...resultFields, signValue: 'not hex' }, secureCode)).toBe(false)
    expect(verifyResult(null as unknown as Record<string, string>, secureCode)).toBe(false)
    expect(
      verifyResult(
        { ...resultFields, signValue: 42 } as unknown as Record<string, string>,
        secureCode,
      ),
    ).toBe(false)
  })

  it('treats a missing signed field as empty, as the PHP plugins do', () => {
    const { order_notes: _notes, payment_risk: _risk, ...withoutEmpty } = resultFields
    expect(signResult(withoutEmpty, secureCode)).toBe(resultSignature)
  })
})

describe('Oceanpayment signTradeResponse (§3.4, [D]/[U] rule)', () => {
  const response = {
    account: '995149',
    terminal: '99514901',
    order_number: 'NO12345678',
    order_currency: 'USD',
    order_amount: '0.01',
    // Not empty, so that its place in the order shows.
    order_notes: 'Gift wrap',
    payment_id: '230322000000000001',
    pay_url: 'https://test-secure.oceanpayment.com/pay/abc',
    pay_results: '1',
    pay_details: '80000:Transaction Approved',
  }

  it('hashes the ten fields in the documented order, uppercase', () => {
    const expected = sha256Hex(
      '99514999514901NO12345678USD0.01Gift wrap230322000000000001' +
        'https://test-secure.oceanpayment.com/pay/abc180000:Transaction Approved12345678',
    ).toUpperCase()
    expect(signTradeResponse(response, secureCode)).toBe(expected)
    expect(
      verifyTradeResponse({ ...response, signValue: expected.toLowerCase() }, secureCode),
    ).toBe(true)
    expect(
      verifyTradeResponse(
        { ...response, pay_url: 'https://evil.example', signValue: expected },
        secureCode,
      ),
    ).toBe(false)
    expect(verifyTradeResponse(response, secureCode)).toBe(false)
  })
})

// Arbitrary values for a list of field names, including '' and non-ASCII text.
function fieldsFor(names: readonly string[]) {
  const value = fc.oneof(fc.constant(''), fc.string(), fc.string({ unit: 'grapheme' }))
  return fc.record(
    Object.fromEntries(names.map((name) => [name, value])) as Record<string, fc.Arbitrary<string>>,
  )
}

describe('Oceanpayment signatures (properties)', () => {
  it('verifyResult accepts what signResult signs and rejects any signed field changed', () => {
    fc.assert(
      fc.property(
        fieldsFor(signedFields.result),
        fc.string(),
        fc.constantFrom(...signedFields.result),
        fc.string({ unit: 'grapheme' }),
        (fields, code, changed, replacement) => {
          const signValue = signResult(fields, code)
          expect(verifyResult({ ...fields, signValue }, code)).toBe(true)
          expect(verifyResult({ ...fields, signValue: signValue.toLowerCase() }, code)).toBe(true)
          fc.pre(fields[changed] !== replacement)
          expect(verifyResult({ ...fields, [changed]: replacement, signValue }, code)).toBe(false)
        },
      ),
    )
  })

  it('verifyRequest accepts what signRequest signs and rejects any signed field changed', () => {
    fc.assert(
      fc.property(
        fieldsFor(signedFields.request),
        fc.string(),
        fc.constantFrom(...signedFields.request),
        fc.string({ unit: 'grapheme' }),
        (fields, code, changed, replacement) => {
          const signValue = signRequest(fields, code)
          expect(verifyRequest({ ...fields, signValue }, code)).toBe(true)
          fc.pre(fields[changed] !== replacement)
          expect(verifyRequest({ ...fields, [changed]: replacement, signValue }, code)).toBe(false)
        },
      ),
    )
  })

  it('rejects a signature made with another secureCode', () => {
    fc.assert(
      fc.property(fieldsFor(signedFields.result), fc.string(), fc.string(), (fields, a, b) => {
        fc.pre(a !== b)
        expect(verifyResult({ ...fields, signValue: signResult(fields, a) }, b)).toBe(false)
      }),
    )
  })
})
