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
  credentials,
  amount: { value: '10', currency: 'USD' },
  vendor: 'creditcard',
  terminal: 'ONLINE',
  reference: 'ORDER-1001',
  ipnUrl: 'https://merchant.example/ipn',
  callbackUrl: 'https://merchant.example/return?status={status}&amount={amount}',
} as const

describe('buildSecurePayRequest', () => {
  it('reproduces the synthetic signed request of the facts file', () => {
    const request = buildSecurePayRequest(securePay)
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
    const usd = buildSecurePayRequest({ ...securePay, amount: { value: '10', currency: 'USD' } })
    const jpy = buildSecurePayRequest({ ...securePay, amount: { value: '1000', currency: 'JPY' } })
    expect(usd.message.amount).toBe('10.00')
    expect(jpy.message.amount).toBe('1000')
    expect(jpy.message.currency).toBe('JPY')
  })

  it('settles GBP in GBP, anything else in USD, unless told otherwise', () => {
    const gbp = buildSecurePayRequest({ ...securePay, amount: { value: '5', currency: 'GBP' } })
    const cny = buildSecurePayRequest({ ...securePay, amount: { value: '5', currency: 'CNY' } })
    const told = buildSecurePayRequest({
      ...securePay,
      amount: { value: '5', currency: 'CNY' },
      settleCurrency: 'GBP',
    })
    expect(gbp.message.settleCurrency).toBe('GBP')
    expect(cny.message.settleCurrency).toBe('USD')
    expect(told.message.settleCurrency).toBe('GBP')
  })

  it('sends optional params only when they have a value', () => {
    const request = buildSecurePayRequest({
      ...securePay,
      vendor: 'alipay',
      note: '',
      description: 'Blue T-shirt',
      timeoutMinutes: 30,
      goods: [{ name: 'T-shirt', quantity: 2 }],
    })
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
    const request = buildSecurePayRequest({ ...securePay, creditType: 'hosted' })
    expect(request.message.creditType).toBe('hosted')
  })

  it('sends JSON with the same signature when asked', () => {
    const form = buildSecurePayRequest(securePay)
    const json = buildSecurePayRequest({ ...securePay, encoding: 'json' })
    expect(json.contentType).toBe('application/json')
    expect(JSON.parse(json.body)).toEqual(form.message)
    expect(json.message.verifySign).toBe(form.message.verifySign)
  })

  it('throws clear errors on invalid input', () => {
    expect(() =>
      buildSecurePayRequest({ ...securePay, amount: { value: '10.001', currency: 'USD' } }),
    ).toThrow(RangeError)
    expect(() =>
      buildSecurePayRequest({ ...securePay, amount: { value: '0', currency: 'USD' } }),
    ).toThrow(/greater than zero/)
    expect(() => buildSecurePayRequest({ ...securePay, reference: '' })).toThrow(
      /`reference` is required/,
    )
    expect(() => buildSecurePayRequest({ ...securePay, terminal: 'WAP' })).toThrow(/`osType`/)
    expect(() =>
      buildSecurePayRequest({ ...securePay, credentials: { ...credentials, token: '' } }),
    ).toThrow(/credentials\.token/)
    expect(() => buildSecurePayRequest({ ...securePay, timeoutMinutes: 1.5 })).toThrow(TypeError)
    expect(() =>
      buildSecurePayRequest({ ...securePay, goods: [{ name: 'x', quantity: 0 }] }),
    ).toThrow(/goods\[0\]\.quantity/)
  })
})

describe('buildTranQueryRequest', () => {
  it('signs merchantNo, storeNo and the one target', () => {
    const request = buildTranQueryRequest({ credentials, reference: 'ORDER-1001' })
    expect(request.path).toBe('/app-data-search/v3/tran-query')
    const fields = formFields(request.body)
    expect(Object.keys(fields).sort()).toEqual(['merchantNo', 'reference', 'storeNo', 'verifySign'])
    expect(fields.verifySign).toBe(
      sign({ merchantNo: '200043', storeNo: '300014', reference: 'ORDER-1001' }, credentials.token),
    )
  })

  it('needs exactly one of transactionNo and reference', () => {
    expect(() => buildTranQueryRequest({ credentials })).toThrow(/exactly one.*neither/)
    expect(() =>
      buildTranQueryRequest({ credentials, transactionNo: '1', reference: 'ORDER-1' }),
    ).toThrow(/exactly one.*both/)
    expect(() =>
      buildTranQueryRequest({ credentials, transactionNo: '', reference: 'R' }),
    ).not.toThrow()
  })
})

describe('buildRefundRequest', () => {
  it('sends refundAmount, currency and settleCurrency, signed', () => {
    const request = buildRefundRequest({
      credentials,
      refundAmount: { value: '2.5', currency: 'USD' },
      transactionNo: '297553638300708562',
      refundReference: 'REFUND-1',
    })
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
      buildRefundRequest({ credentials, refundAmount, reference: 'R', transactionNo: 'T' }),
    ).toThrow(TypeError)
    expect(() =>
      buildRefundRequest({
        credentials,
        refundAmount: { value: '-1', currency: 'USD' },
        reference: 'R',
      }),
    ).toThrow(RangeError)
  })
})

describe('buildCustomerCreateRequest', () => {
  const customer = {
    credentials,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    countryCode: 'gb',
    timestamp: new Date('2024-05-06T07:08:09.123Z'),
  }

  it('sends the customer with a UTC timestamp without milliseconds', () => {
    const request = buildCustomerCreateRequest({ ...customer, zip: '', city: 'London' })
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
    expect(() => buildCustomerCreateRequest({ ...customer, countryCode: 'US' })).toThrow(/`state`/)
    expect(() =>
      buildCustomerCreateRequest({ ...customer, countryCode: 'US', state: 'CA' }),
    ).not.toThrow()
    expect(() => buildCustomerCreateRequest({ ...customer, countryCode: 'GBR' })).toThrow(/alpha-2/)
    expect(() => buildCustomerCreateRequest({ ...customer, timestamp: new Date('x') })).toThrow(
      /Date/,
    )
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
