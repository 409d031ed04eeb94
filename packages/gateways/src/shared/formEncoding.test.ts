import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeForm, encodeForm } from './formEncoding.ts'

describe('form encoding', () => {
  it('writes what an HTML form writes', () => {
    expect(
      encodeForm({
        payment_details: '80000:Transaction Approved',
        methods: 'Credit Card',
        empty: '',
      }),
    ).toBe('payment_details=80000%3ATransaction+Approved&methods=Credit+Card&empty=')
  })

  it('reads the Oceanpayment return example', () => {
    const result = decodeForm(
      'response_type=0&payment_details=80000%3ATransaction+Approved&order_notes=&card_number=411111***1111',
    )
    expect(result).toEqual({
      ok: true,
      value: {
        response_type: '0',
        payment_details: '80000:Transaction Approved',
        order_notes: '',
        card_number: '411111***1111',
      },
    })
  })

  it('round-trips any fields, including non-ASCII names, "&", "=", "+" and __proto__', () => {
    const fields = fc.dictionary(
      fc.string({ unit: 'grapheme', minLength: 1 }),
      fc.string({ unit: 'grapheme' }),
    )
    fc.assert(
      fc.property(fields, (input) => {
        expect(decodeForm(encodeForm(input))).toEqual({ ok: true, value: input })
      }),
    )
    expect(decodeForm('__proto__=x&a=1')).toEqual({
      ok: true,
      value: { ['__proto__']: 'x', a: '1' },
    })
  })

  it('keeps the last value of a repeated name, as PHP reads a form', () => {
    expect(decodeForm('payment_status=0&payment_status=1')).toEqual({
      ok: true,
      value: { payment_status: '1' },
    })
  })

  it('reports a broken escape instead of throwing', () => {
    expect(decodeForm('a=%E0%A4%A')).toMatchObject({ ok: false, error: { code: 'MALFORMED' } })
    fc.assert(fc.property(fc.string(), (body) => typeof decodeForm(body).ok === 'boolean'))
  })
})
