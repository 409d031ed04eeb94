import { describe, expect, it } from 'vitest'
import { decodeForm } from '../shared/formEncoding.ts'
import {
  buildCustomerCreateRequest,
  buildIpn,
  buildRefundRequest,
  buildSecurePayRequest,
  buildTranQueryRequest,
  expandCallbackUrl,
} from './build.ts'
import { sign, verify } from './sign.ts'
import type { PockytCredentials } from './wire.ts'

const credentials: PockytCredentials = {
  merchantNo: '200043',
  storeNo: '300014',
  token: '5cbfb079f15b150122261c8537086d77a',
}

function formFields(body: string): Record<string, string> {
  const decoded = decodeForm(body)
  if (!decoded.ok) throw new Error(decoded.error.message)
  return decoded.value
}

const securePay = {
  amount: { value: '10', currency: 'USD' },
  vendor: 'creditcard',
  terminal: 'ONLINE',
  reference: 'ORDER-1001',
  ipnUrl: 'https://merchant.example/ipn',
  callbackUrl: 'https://merchant.example/return?status={status}&amount={amount}',
} as const

describe('buildSecurePayRequest', () => {
  it('reproduces the synthetic signed request of the facts file', () => {
    const request = buildSecurePayRequest(securePay, credentials)
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/online/v3/secure-pay')
    expect(request.contentType).toBe('application/x-www-form-urlencoded')
    expect(request.message).toEqual({
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
      verifySign: 'b067b3dfa4614cd6bb34bd360be3983f',
    })
    expect(formFields(request.body)).toEqual(request.message)
  })

  it('formats the amount with the currency’s decimals', () => {
    const usd = buildSecurePayRequest(
      { ...securePay, amount: { value: '10', currency: 'USD' } },
      credentials,
    )
    const jpy = buildSecurePayRequest(
      { ...securePay, amount: { value: '1000', currency: 'JPY' } },
      credentials,
    )
    expect(usd.message.amount).toBe('10.00')
    expect(jpy.message.amount).toBe('1000')
    expect(jpy.message.currency).toBe('JPY')
  })

  it('settles GBP in GBP, anything else in USD, unless told otherwise', () => {
    const gbp = buildSecurePayRequest(
      { ...securePay, amount: { value: '5', currency: 'GBP' } },
      credentials,
    )
    const cny = buildSecurePayRequest(
      { ...securePay, amount: { value: '5', currency: 'CNY' } },
      credentials,
    )
    const told = buildSecurePayRequest(
      {
        ...securePay,
        amount: { value: '5', currency: 'CNY' },
        settleCurrency: 'GBP',
      },
      credentials,
    )
    expect(gbp.message.settleCurrency).toBe('GBP')
    expect(cny.message.settleCurrency).toBe('USD')
    expect(told.message.settleCurrency).toBe('GBP')
  })

  it('sends optional params only when they have a value', () => {
    const request = buildSecurePayRequest(
      {
        ...securePay,
        vendor: 'alipay',
        note: '',
        description: 'Blue T-shirt',
        timeoutMinutes: 30,
        goods: [{ name: 'T-shirt', quantity: 2 }],
      },
      credentials,
    )
    const fields = formFields(request.body)
    expect(fields).not.toHaveProperty('note')
    expect(fields).not.toHaveProperty('creditType')
    expect(fields).not.toHaveProperty('osType')
    expect(fields.description).toBe('Blue T-shirt')
    expect(fields.timeout).toBe('30')
    expect(fields.goodsInfo).toBe('[{"goods_name":"T-shirt","quantity":"2"}]')
    expect(Object.values(fields)).not.toContain('')
    expect(verify(fields, credentials.token)).toBe(true)
  })

  it('keeps a creditType that is given', () => {
    const request = buildSecurePayRequest({ ...securePay, creditType: 'hosted' }, credentials)
    expect(request.message.creditType).toBe('hosted')
  })

  it('sends JSON with the same signature when asked', () => {
    const form = buildSecurePayRequest(securePay, credentials)
    const json = buildSecurePayRequest(securePay, credentials, { encoding: 'json' })
    expect(json.contentType).toBe('application/json')
    expect(JSON.parse(json.body)).toEqual(form.message)
    expect(json.message.verifySign).toBe(form.message.verifySign)
  })

  it('takes the path and the encoding from the options', () => {
    const form = buildSecurePayRequest(securePay, credentials)
    const aliased = buildSecurePayRequest(securePay, credentials, { path: '/v3/secure-pay' })
    expect(aliased.path).toBe('/v3/secure-pay')
    expect(aliased.contentType).toBe('application/x-www-form-urlencoded')
    // The path is not signed: the same fields and signature on any path.
    expect(aliased.message).toEqual(form.message)
    const json = buildSecurePayRequest(securePay, credentials, {
      path: '/v3/secure-pay',
      encoding: 'json',
    })
    expect(json.path).toBe('/v3/secure-pay')
    expect(json.contentType).toBe('application/json')
    expect(JSON.parse(json.body)).toEqual(form.message)
    expect(buildSecurePayRequest(securePay, credentials, { encoding: 'json' }).path).toBe(
      '/online/v3/secure-pay',
    )
  })

  it('throws clear errors on invalid input', () => {
    expect(() =>
      buildSecurePayRequest(
        { ...securePay, amount: { value: '10.001', currency: 'USD' } },
        credentials,
      ),
    ).toThrow(RangeError)
    expect(() =>
      buildSecurePayRequest({ ...securePay, amount: { value: '0', currency: 'USD' } }, credentials),
    ).toThrow(/greater than zero/)
    expect(() => buildSecurePayRequest({ ...securePay, reference: '' }, credentials)).toThrow(
      /`reference` is required/,
    )
    expect(() => buildSecurePayRequest({ ...securePay, terminal: 'WAP' }, credentials)).toThrow(
      /`osType`/,
    )
    expect(() => buildSecurePayRequest(securePay, { ...credentials, token: '' })).toThrow(
      /credentials\.token/,
    )
    expect(() => buildSecurePayRequest({ ...securePay, timeoutMinutes: 1.5 }, credentials)).toThrow(
      TypeError,
    )
    expect(() =>
      buildSecurePayRequest({ ...securePay, goods: [{ name: 'x', quantity: 0 }] }, credentials),
    ).toThrow(/goods\[0\]\.quantity/)
  })
})

describe('buildTranQueryRequest', () => {
  it('signs merchantNo, storeNo and the one target', () => {
    const request = buildTranQueryRequest({ reference: 'ORDER-1001' }, credentials)
    expect(request.path).toBe('/app-data-search/v3/tran-query')
    const fields = formFields(request.body)
    expect(Object.keys(fields).sort()).toEqual(['merchantNo', 'reference', 'storeNo', 'verifySign'])
    expect(fields.verifySign).toBe(
      sign({ merchantNo: '200043', storeNo: '300014', reference: 'ORDER-1001' }, credentials.token),
    )
  })

  it('needs exactly one of transactionNo and reference', () => {
    expect(() => buildTranQueryRequest({}, credentials)).toThrow(/exactly one.*neither/)
    expect(() =>
      buildTranQueryRequest({ transactionNo: '1', reference: 'ORDER-1' }, credentials),
    ).toThrow(/exactly one.*both/)
    expect(() =>
      buildTranQueryRequest({ transactionNo: '', reference: 'R' }, credentials),
    ).not.toThrow()
  })
})

describe('buildRefundRequest', () => {
  it('sends refundAmount, currency and settleCurrency, signed', () => {
    const request = buildRefundRequest(
      {
        refundAmount: { value: '2.5', currency: 'USD' },
        transactionNo: '297553638300708562',
        refundReference: 'REFUND-1',
      },
      credentials,
    )
    expect(request.path).toBe('/app-data-search/v3/refund')
    const fields = formFields(request.body)
    expect(fields).toMatchObject({
      refundAmount: '2.50',
      currency: 'USD',
      settleCurrency: 'USD',
      transactionNo: '297553638300708562',
      refundReference: 'REFUND-1',
    })
    expect(fields).not.toHaveProperty('reference')
    expect(fields).not.toHaveProperty('ipnUrl')
    expect(verify(fields, credentials.token)).toBe(true)
  })

  it('rejects a bad amount or target', () => {
    const refundAmount = { value: '1', currency: 'USD' }
    expect(() =>
      buildRefundRequest({ refundAmount, reference: 'R', transactionNo: 'T' }, credentials),
    ).toThrow(TypeError)
    expect(() =>
      buildRefundRequest(
        {
          refundAmount: { value: '-1', currency: 'USD' },
          reference: 'R',
        },
        credentials,
      ),
    ).toThrow(RangeError)
  })
})

describe('buildCustomerCreateRequest', () => {
  const customer = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    countryCode: 'gb',
    timestamp: new Date('2024-05-06T07:08:09.123Z'),
  }

  it('sends the customer with a UTC timestamp without milliseconds', () => {
    const request = buildCustomerCreateRequest(
      { ...customer, zip: '', city: 'London' },
      credentials,
    )
    expect(request.path).toBe('/v1/customers/create')
    const fields = formFields(request.body)
    expect(fields).toMatchObject({
      countryCode: 'GB',
      timestamp: '2024-05-06T07:08:09Z',
      city: 'London',
    })
    expect(fields).not.toHaveProperty('zip')
    expect(verify(fields, credentials.token)).toBe(true)
  })

  it('requires a state in the US and a two-letter country', () => {
    expect(() =>
      buildCustomerCreateRequest({ ...customer, countryCode: 'US' }, credentials),
    ).toThrow(/`state`/)
    expect(() =>
      buildCustomerCreateRequest({ ...customer, countryCode: 'US', state: 'CA' }, credentials),
    ).not.toThrow()
    expect(() =>
      buildCustomerCreateRequest({ ...customer, countryCode: 'GBR' }, credentials),
    ).toThrow(/alpha-2/)
    expect(() =>
      buildCustomerCreateRequest({ ...customer, timestamp: new Date('x') }, credentials),
    ).toThrow(/Date/)
  })
})

describe('buildIpn', () => {
  it('signs every field and form-encodes them', () => {
    const ipn = buildIpn(
      {
        transactionNo: '305680500880311923',
        status: 'success',
        amount: '0.01',
        currency: 'USD',
        settleCurrency: 'USD',
        reference: 'ORDER 1001&x',
        time: '20221020142817',
        note: undefined,
      },
      credentials.token,
    )
    expect(ipn.fields).not.toHaveProperty('note')
    expect(ipn.body).toContain('reference=ORDER+1001%26x')
    expect(ipn.body).toContain(`verifySign=${ipn.fields.verifySign}`)
    expect(verify(formFields(ipn.body), credentials.token)).toBe(true)
  })

  it('sends an empty field and signs it by the emptyValues rule given ([U] pockyt.md §2.3)', () => {
    const fields = {
      transactionNo: '305680500880311923',
      status: 'success',
      amount: '0.01',
      currency: 'USD',
      settleCurrency: 'USD',
      reference: 'ORDER-1001',
      time: '20221020142817',
      note: '',
    }
    const skipped = buildIpn(fields, credentials.token, { emptyValues: 'skip' })
    expect(formFields(skipped.body).note).toBe('')
    expect(verify(skipped.fields, credentials.token, { emptyValues: 'skip' })).toBe(true)
    expect(verify(skipped.fields, credentials.token)).toBe(false)
  })
})

describe('expandCallbackUrl', () => {
  it('substitutes known macros, URI-encoded, and leaves unknown ones', () => {
    const url = expandCallbackUrl(
      'https://shop.example/r?status={status}&ref={reference}&n={note}&id={yuansferId}&x={other}',
      { status: 'success', reference: 'A&B C', note: 'ünï', transactionNo: '297553638300708562' },
    )
    expect(url).toBe(
      'https://shop.example/r?status=success&ref=A%26B%20C&n=%C3%BCn%C3%AF&id=297553638300708562&x={other}',
    )
  })

  it('empties a known macro without a value and maps yuansferId to transactionNo', () => {
    expect(expandCallbackUrl('/r?a={amount}&t={transactionNo}', { yuansferId: '42' })).toBe(
      '/r?a=&t=42',
    )
  })
})
