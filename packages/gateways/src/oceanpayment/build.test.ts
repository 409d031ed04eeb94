import { describe, expect, it } from 'vitest'
import { decodeForm } from '../shared/formEncoding.ts'
import {
  buildNoticeXml,
  buildPayForm,
  buildReturnFields,
  buildSendTradeRequest,
  buildTradeResponseXml,
  type TradeInput,
} from './build.ts'
import { signRequest, signResult, verifyRequest, verifyResult } from './sign.ts'
import type { OceanpaymentCredentials } from './wire.ts'

const credentials: OceanpaymentCredentials = {
  account: '995149',
  terminal: '99514901',
  secureCode: '12345678',
}

// The §3.3 vector's order, as TradeInput.
const input: TradeInput = {
  orderNumber: 'NO12345678',
  amount: { value: '0.01', currency: 'USD' },
  backUrl: 'https://www.abc.com/back.php',
  billing: {
    firstName: 'test',
    lastName: 'test',
    email: 'test@gmail.com',
    country: 'us',
    state: 'NY',
    city: 'New York',
    address: '1 Main St',
    zip: '10001',
    ip: '203.0.113.7',
  },
}

function withBilling(billing: Partial<TradeInput['billing']>): TradeInput {
  return { ...input, billing: { ...input.billing, ...billing } }
}

describe('Oceanpayment buildSendTradeRequest', () => {
  it('builds the signed form for /gateway/service/sendTrade', () => {
    const request = buildSendTradeRequest(input, credentials)
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/gateway/service/sendTrade')
    expect(request.contentType).toBe('application/x-www-form-urlencoded')
    expect(request.message).toEqual({
      account: '995149',
      terminal: '99514901',
      signValue: '55712991297d346095bc09c3f5d63888c063ea86a4f401af735bfcd4f3f7e561',
      backUrl: 'https://www.abc.com/back.php',
      methods: 'Credit Card',
      order_number: 'NO12345678',
      order_currency: 'USD',
      order_amount: '0.01',
      order_notes: '',
      billing_firstName: 'test',
      billing_lastName: 'test',
      billing_email: 'test@gmail.com',
      billing_country: 'US',
      billing_state: 'NY',
      billing_city: 'New York',
      billing_address: '1 Main St',
      billing_zip: '10001',
      billing_ip: '203.0.113.7',
    })
    const body = decodeForm(request.body)
    expect(body).toEqual({ ok: true, value: request.message })
    expect(request.body).toContain('methods=Credit+Card')
  })

  it('sends optional fields only when given, and order_notes even when empty', () => {
    const request = buildSendTradeRequest(
      {
        ...input,
        noticeUrl: 'https://shop.example/notice',
        methods: 'Klarna',
        orderNotes: 'gift',
        billing: { ...input.billing, phone: '' },
        shipping: { firstName: '  Ann ', lastName: '', country: 'de', city: 'Berlin', zip: '' },
        pages: 'mobile',
        language: 'en',
        extensions: { ET_REGISTERDATE: '2024-01-01', ET_COUPONS: '' },
      },
      credentials,
    )
    const fields = request.message
    expect(fields.noticeUrl).toBe('https://shop.example/notice')
    expect(fields.methods).toBe('Klarna')
    expect(fields.order_notes).toBe('gift')
    expect(fields.pages).toBe('1')
    expect(fields.language).toBe('en')
    expect(fields.ET_REGISTERDATE).toBe('2024-01-01')
    expect(fields.ship_firstName).toBe('Ann')
    expect(fields.ship_country).toBe('DE')
    expect(fields.ship_city).toBe('Berlin')
    for (const absent of ['billing_phone', 'ship_lastName', 'ship_zip', 'ET_COUPONS', 'logoUrl']) {
      expect(fields).not.toHaveProperty(absent)
    }
    expect(buildSendTradeRequest(input, credentials).message.order_notes).toBe('')
  })

  it('lets methods be empty, so the cashier lists every method', () => {
    expect(buildSendTradeRequest({ ...input, methods: '' }, credentials).message.methods).toBe('')
  })

  it('strips spaces and " < > \' from names and email, and signs the value sent', () => {
    const request = buildSendTradeRequest(
      withBilling({ firstName: ' "Jo<h>n" ', lastName: "O'Brien ", email: ' <ann@example.com> ' }),
      credentials,
    )
    const fields = request.message
    expect(fields.billing_firstName).toBe('John')
    expect(fields.billing_lastName).toBe('OBrien')
    expect(fields.billing_email).toBe('ann@example.com')
    expect(fields.signValue).toBe(signRequest(fields, credentials.secureCode))
    expect(verifyRequest(fields, credentials.secureCode)).toBe(true)
  })

  it('keeps non-ASCII names as they are', () => {
    const fields = buildSendTradeRequest(
      withBilling({ firstName: '张', lastName: 'Müller' }),
      credentials,
    ).message
    expect(fields.billing_firstName).toBe('张')
    expect(fields.billing_lastName).toBe('Müller')
    expect(verifyRequest(fields, credentials.secureCode)).toBe(true)
  })

  it('formats amounts with the currency decimals, at most 2', () => {
    const amountOf = (value: string, currency: string) =>
      buildSendTradeRequest({ ...input, amount: { value, currency } }, credentials).message
        .order_amount
    expect(amountOf('10', 'USD')).toBe('10.00')
    expect(amountOf('10.5', 'EUR')).toBe('10.50')
    expect(amountOf('1000', 'JPY')).toBe('1000')
    expect(amountOf('1.25', 'KWD')).toBe('1.25')
    expect(amountOf('1.2', 'KWD')).toBe('1.20')
  })

  it('refuses amounts Oceanpayment cannot take, with a RangeError that says why', () => {
    const build = (value: string, currency: string) => () =>
      buildSendTradeRequest({ ...input, amount: { value, currency } }, credentials)
    expect(build('1.255', 'KWD')).toThrow(/more than 2 decimals/)
    expect(build('1.255', 'KWD')).toThrow(RangeError)
    expect(build('0', 'USD')).toThrow(/zero/)
    expect(build('0.00', 'USD')).toThrow(RangeError)
    expect(build('10.001', 'USD')).toThrow(RangeError)
    expect(build('-1', 'USD')).toThrow(RangeError)
    expect(build('1', 'usd')).toThrow(RangeError)
    expect(build('12345678901', 'JPY')).toThrow(/10 characters/)
  })

  it('joins product lines with ; and keeps each field in step', () => {
    const fields = buildSendTradeRequest(
      {
        ...input,
        amount: { value: '30', currency: 'USD' },
        products: [
          { name: 'Shirt; blue', sku: 'S-1', quantity: 2, price: { value: '10', currency: 'USD' } },
          { name: 'Hat', quantity: 1, price: { value: '10.00', currency: 'USD' } },
        ],
      },
      credentials,
    ).message
    expect(fields.productName).toBe('Shirt, blue;Hat')
    expect(fields.productSku).toBe('S-1;')
    expect(fields.productNum).toBe('2;1')
    expect(fields.productPrice).toBe('10.00;10.00')
  })

  it('throws a TypeError naming the field and the fix for invalid input', () => {
    const cases: [TradeInput, RegExp][] = [
      [{ ...input, orderNumber: '' }, /input\.orderNumber is required/],
      [
        { ...input, orderNumber: 'x'.repeat(51) },
        /input\.orderNumber is 51 characters.*at most 50/,
      ],
      [{ ...input, backUrl: '  ' }, /input\.backUrl is required/],
      [
        withBilling({ firstName: ' "<>\' ' }),
        /input\.billing\.firstName is required.*empty once cleaned/,
      ],
      [withBilling({ lastName: 'x'.repeat(51) }), /input\.billing\.lastName .*at most 50/],
      [withBilling({ email: 'not-an-email' }), /input\.billing\.email .*not an email address/],
      [withBilling({ country: 'USA' }), /input\.billing\.country must be an ISO 3166-1 alpha-2/],
      [
        withBilling({ state: undefined }),
        /input\.billing\.state is required when the billing country is US/,
      ],
      [
        withBilling({ country: 'CA', state: undefined }),
        /input\.billing\.state is required when the billing country is CA/,
      ],
      [withBilling({ ip: undefined }), /input\.billing\.ip is required by sendTrade/],
      [withBilling({ city: 42 as unknown as string }), /input\.billing\.city must be a string/],
      [{ ...input, methods: 'x'.repeat(51) }, /input\.methods .*at most 50/],
      [{ ...input, pages: 'tablet' as 'pc' }, /input\.pages must be 'pc' or 'mobile'/],
      [
        { ...input, extensions: { ET_OK: 'x', COUPON: 'y' } as TradeInput['extensions'] },
        /input\.extensions\.COUPON is not an extension field/,
      ],
      [
        { ...input, products: [{ name: 'A', quantity: 0 }] },
        /input\.products\[0\]\.quantity must be a positive whole number/,
      ],
      [
        {
          ...input,
          products: [
            { name: 'A', quantity: 1, price: { value: '1', currency: 'USD' } },
            { name: 'B', quantity: 1 },
          ],
        },
        /give every product line a price, or none/,
      ],
      [
        {
          ...input,
          products: [{ name: 'A', quantity: 1, price: { value: '1', currency: 'EUR' } }],
        },
        /input\.products\[0\]\.price is in EUR but the order is in USD/,
      ],
      [
        { ...input, billing: undefined as unknown as TradeInput['billing'] },
        /input\.billing is required/,
      ],
    ]
    for (const [bad, message] of cases) {
      expect(() => buildSendTradeRequest(bad, credentials)).toThrow(TypeError)
      expect(() => buildSendTradeRequest(bad, credentials)).toThrow(message)
    }
    expect(() => buildSendTradeRequest(input, { ...credentials, secureCode: '' })).toThrow(
      /credentials\.secureCode is required/,
    )
    expect(() =>
      buildSendTradeRequest(input, undefined as unknown as OceanpaymentCredentials),
    ).toThrow(TypeError)
  })

  it('accepts a missing state outside the US and Canada', () => {
    const fields = buildSendTradeRequest(
      withBilling({ country: 'FR', state: undefined }),
      credentials,
    ).message
    expect(fields).not.toHaveProperty('billing_state')
  })
})

describe('Oceanpayment buildPayForm', () => {
  it('gives the same signed fields for the browser to post to /gateway/service/pay', () => {
    const form = buildPayForm(input, credentials)
    expect(form.action).toBe('/gateway/service/pay')
    expect(form.method).toBe('POST')
    expect(form.fields).toEqual(buildSendTradeRequest(input, credentials).message)
  })

  it('does not require the shopper IP, which the browser brings itself', () => {
    const form = buildPayForm(withBilling({ ip: undefined }), credentials)
    expect(form.fields).not.toHaveProperty('billing_ip')
    expect(verifyRequest(form.fields, credentials.secureCode)).toBe(true)
  })
})

describe('Oceanpayment gateway-side builders', () => {
  const result = {
    account: '995149',
    terminal: '99514901',
    order_number: 'NO12345678',
    order_currency: 'USD',
    order_amount: '0.01',
    card_number: '411111***1111',
    payment_id: '230322000000000001',
    payment_authType: '0',
    payment_status: '1',
    payment_details: '80000:Transaction Approved',
  }

  it('buildReturnFields posts every §3.6 field, response_type 0, signed in uppercase', () => {
    const fields = buildReturnFields(result, '12345678')
    expect(Object.keys(fields)).toEqual([
      'response_type',
      'account',
      'terminal',
      'payment_id',
      'order_number',
      'order_currency',
      'order_amount',
      'payment_status',
      'payment_details',
      'signValue',
      'order_notes',
      'card_number',
      'payment_authType',
      'payment_risk',
      'methods',
      'payment_country',
      'payment_solutions',
    ])
    expect(fields.response_type).toBe('0')
    expect(fields.order_notes).toBe('')
    expect(fields.signValue).toBe(
      '61221F902E07525D741F905664A6113F720FF8D3B350712D202EB95A64FBE3B7',
    )
    expect(verifyResult(fields, '12345678')).toBe(true)
  })

  it('buildNoticeXml writes a signed <response> with notice_type transaction', () => {
    const xml = buildNoticeXml({ ...result, methods: 'Credit Card', order_notes: 'a & <b>' }, 'k')
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<response>')).toBe(true)
    expect(xml).toContain('<notice_type>transaction</notice_type>')
    expect(xml).toContain('<response_type>1</response_type>')
    expect(xml).toContain('<order_notes>a &amp; &lt;b&gt;</order_notes>')
    expect(xml).toContain('<payment_risk></payment_risk>')
    expect(xml).not.toContain('<quickpay_id>')
    const signature = signResult({ ...result, order_notes: 'a & <b>' }, 'k')
    expect(xml).toContain(`<signValue>${signature}</signValue>`)
  })

  it('buildTradeResponseXml writes a signed <respon>', () => {
    const xml = buildTradeResponseXml(
      { pay_results: '0', pay_details: '20061:Duplicate order' },
      'k',
    )
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<respon>/)
    expect(xml).toContain('<pay_results>0</pay_results>')
    expect(xml).toContain('<pay_url></pay_url>')
    expect(xml).toMatch(/<signValue>[0-9A-F]{64}<\/signValue>/)
  })

  it('refuses values XML cannot carry and non-string fields', () => {
    expect(() => buildNoticeXml({ ...result, order_notes: 'a\u0001b' }, 'k')).toThrow(TypeError)
    expect(() => buildTradeResponseXml({ pay_results: '\uD800' }, 'k')).toThrow(/XML 1\.0/)
    expect(() =>
      buildReturnFields({ ...result, payment_status: 1 as unknown as string }, 'k'),
    ).toThrow(/payment_status must be a string/)
  })
})
