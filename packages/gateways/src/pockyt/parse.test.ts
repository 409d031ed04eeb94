import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ParseResult } from '../shared/parseResult.ts'
import {
  buildIpn,
  buildRefundRequest,
  buildSecurePayRequest,
  buildTranQueryRequest,
} from './build.ts'
import {
  parseCallbackReturn,
  parseCustomerCreateRequest,
  parseCustomerCreateResponse,
  parseIpn,
  parseRefundRequest,
  parseRefundResponse,
  parseSecurePayRequest,
  parseSecurePayResponse,
  parseSignedRequest,
  parseTranQueryRequest,
  parseTranQueryResponse,
} from './parse.ts'
import { sign } from './sign.ts'
import type { PockytCredentials } from './wire.ts'

const token = '5cbfb079f15b150122261c8537086d77a'
const credentials: PockytCredentials = { merchantNo: '200043', storeNo: '300014', token }

function value<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

function errorOf<T>(result: ParseResult<T>) {
  if (result.ok) throw new Error('expected an error')
  return result.error
}

describe('parseSecurePayResponse', () => {
  const response = {
    ret_code: '000100',
    ret_msg: 'success',
    result: {
      amount: '10.00',
      currency: 'USD',
      settleCurrency: 'USD',
      reference: 'ORDER-1001',
      transactionNo: '297553638300708562',
      cashierUrl: 'https://cashier.example/pay?id=1',
    },
  }

  it('reads the checkout from JSON text or an object', () => {
    const expected = {
      transactionNo: '297553638300708562',
      reference: 'ORDER-1001',
      amount: { value: '10.00', currency: 'USD' },
      cashierUrl: 'https://cashier.example/pay?id=1',
    }
    expect(value(parseSecurePayResponse(JSON.stringify(response)))).toEqual(expected)
    expect(value(parseSecurePayResponse(response))).toEqual(expected)
  })

  it('decodes a URI-encoded cashierUrl and refuses one that is not http(s)', () => {
    const encoded = {
      ...response.result,
      cashierUrl: 'https%3A%2F%2Fcashier.example%2Fpay%3Fid%3D1',
    }
    expect(value(parseSecurePayResponse({ ...response, result: encoded })).cashierUrl).toBe(
      'https://cashier.example/pay?id=1',
    )
    const broken = { ...response.result, cashierUrl: 'https%3A%E0%A4%A' }
    expect(errorOf(parseSecurePayResponse({ ...response, result: broken })).code).toBe('MALFORMED')
    const script = { ...response.result, cashierUrl: 'javascript:alert(1)' }
    expect(errorOf(parseSecurePayResponse({ ...response, result: script })).code).toBe('MALFORMED')
  })

  it('normalises the amount to the currency’s decimals', () => {
    const jpy = { ...response.result, amount: '1000.00', currency: 'jpy' }
    expect(value(parseSecurePayResponse({ ...response, result: jpy })).amount).toEqual({
      value: '1000',
      currency: 'JPY',
    })
  })

  it('refuses a transactionNo that lost digits as a JSON number', () => {
    const text = JSON.stringify(response).replace('"297553638300708562"', '297553638300708562')
    expect(errorOf(parseSecurePayResponse(text)).message).toMatch(/too large/)
  })

  it('turns an error response into GATEWAY_REJECTED with code and message', () => {
    const error = errorOf(
      parseSecurePayResponse('{"ret_code":"000000","retMsg":"data error : verifySign"}'),
    )
    expect(error).toMatchObject({
      code: 'GATEWAY_REJECTED',
      gatewayCode: '000000',
      gatewayMessage: 'data error : verifySign',
    })
    expect(error.message).toContain('System error')
    const missing = errorOf(
      parseSecurePayResponse({ ret_code: '000020', ret_msg: 'reference required' }),
    )
    expect(missing).toMatchObject({ gatewayCode: '000020', gatewayMessage: 'reference required' })
    expect(missing.message).toContain('Required parameter missing')
  })

  it('is MALFORMED without a result', () => {
    expect(errorOf(parseSecurePayResponse({ ret_code: '000100' })).code).toBe('MALFORMED')
    expect(errorOf(parseSecurePayResponse('not json')).code).toBe('MALFORMED')
  })
})

describe('parseTranQueryResponse', () => {
  const response = {
    ret_code: '000100',
    ret_msg: 'query success ',
    result: {
      amount: '10.00',
      currency: 'CNY',
      reference: 'test202001011305',
      settleCurrency: 'USD',
      status: 'success',
      transactionNo: '297553638300708562',
      transactionType: 'payment',
    },
  }

  it('reads the facts file example as a PaymentUpdate', () => {
    expect(value(parseTranQueryResponse(JSON.stringify(response)))).toEqual({
      orderReference: 'test202001011305',
      gatewayTransactionId: '297553638300708562',
      status: 'succeeded',
      gatewayStatus: 'success',
      amount: { value: '10.00', currency: 'CNY' },
    })
  })

  it('adds a failure to a failed payment', () => {
    const update = value(
      parseTranQueryResponse({ ...response, result: { ...response.result, status: 'FAIL' } }),
    )
    expect(update.status).toBe('failed')
    expect(update.failure?.code).toBe('unknown')
  })

  it('never maps an unknown status to succeeded', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        fc.pre(status.trim().toLowerCase() !== 'success')
        const result = parseTranQueryResponse({
          ...response,
          result: { ...response.result, status },
        })
        if (result.ok) expect(result.value.status).not.toBe('succeeded')
      }),
    )
  })

  it('rejects an unknown transaction with the gateway code', () => {
    const error = errorOf(parseTranQueryResponse({ ret_code: '000021', ret_msg: 'no record' }))
    expect(error).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '000021' })
  })
})

describe('parseRefundResponse', () => {
  it('reads a refund result', () => {
    const update = value(
      parseRefundResponse({
        ret_code: '000100',
        ret_msg: 'refund success',
        result: {
          amount: '10.00',
          currency: 'USD',
          reference: 'ORDER-1001',
          refundAmount: '2.5',
          refundReference: 'REFUND-1',
          refundTransactionNo: '305680500880311999',
          settleCurrency: 'USD',
          status: 'success',
          transactionNo: '297553638300708562',
        },
      }),
    )
    expect(update).toEqual({
      orderReference: 'ORDER-1001',
      refundReference: 'REFUND-1',
      gatewayRefundId: '305680500880311999',
      status: 'succeeded',
      gatewayStatus: 'success',
      amount: { value: '2.50', currency: 'USD' },
    })
  })

  it('is processing when the status is missing or unknown', () => {
    const result = { reference: 'ORDER-1001' }
    expect(value(parseRefundResponse({ ret_code: '000100', result })).status).toBe('processing')
    const odd = { ret_code: '000100', result: { ...result, status: 'refunding' } }
    expect(value(parseRefundResponse(odd)).status).toBe('processing')
  })

  it('rejects with the gateway code', () => {
    const error = errorOf(
      parseRefundResponse({ ret_code: '000040', ret_msg: 'balance insufficient' }),
    )
    expect(error).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '000040' })
  })
})

describe('parseCustomerCreateResponse', () => {
  it('finds customerNo under result or customerInfo', () => {
    const inResult = { ret_code: '000100', result: { customerNo: '2000305228245724354226' } }
    const legacy = {
      ret_code: '000100',
      ret_msg: 'success',
      customerInfo: { customerNo: '302156' },
    }
    expect(value(parseCustomerCreateResponse(inResult))).toEqual({
      customerNo: '2000305228245724354226',
    })
    expect(value(parseCustomerCreateResponse(JSON.stringify(legacy)))).toEqual({
      customerNo: '302156',
    })
  })

  it('rejects with retMsg or ret_msg, and is MALFORMED without customerNo', () => {
    const error = errorOf(
      parseCustomerCreateResponse({ ret_code: '000023', retMsg: 'email invalid' }),
    )
    expect(error).toMatchObject({
      code: 'GATEWAY_REJECTED',
      gatewayCode: '000023',
      gatewayMessage: 'email invalid',
    })
    expect(errorOf(parseCustomerCreateResponse({ ret_code: '000100', result: {} })).code).toBe(
      'MALFORMED',
    )
  })
})

describe('parseIpn', () => {
  const ipnFields = {
    transactionNo: '305680500880311923',
    status: 'success',
    amount: '0.01',
    currency: 'USD',
    settleCurrency: 'USD',
    reference: 'ORDER-1001',
    time: '20221020142817',
  }

  it('round-trips buildIpn, from the body and from decoded fields', () => {
    const ipn = buildIpn(ipnFields, token)
    const fromBody = value(parseIpn(ipn.body, token))
    expect(fromBody.update).toEqual({
      orderReference: 'ORDER-1001',
      gatewayTransactionId: '305680500880311923',
      status: 'succeeded',
      gatewayStatus: 'success',
      amount: { value: '0.01', currency: 'USD' },
    })
    expect(fromBody.fields).toEqual(ipn.fields)
    expect(value(parseIpn(ipn.fields, token)).update).toEqual(fromBody.update)
  })

  it('verifies extra and legacy fields too', () => {
    const { transactionNo: _dropped, ...legacy } = ipnFields
    const ipn = buildIpn({ ...legacy, transactionNo: '', yuansferId: '42', vendorId: 'v-1' }, token)
    const parsedIpn = value(parseIpn(ipn.body, token))
    expect(parsedIpn.update.gatewayTransactionId).toBe('42')
    expect(parsedIpn.fields.vendorId).toBe('v-1')
  })

  it('is SIGNATURE_INVALID with a bad, missing or foreign signature', () => {
    const ipn = buildIpn(ipnFields, token)
    expect(errorOf(parseIpn({ ...ipn.fields, amount: '100.00' }, token)).code).toBe(
      'SIGNATURE_INVALID',
    )
    expect(errorOf(parseIpn({ ...ipn.fields, verifySign: '' }, token)).code).toBe(
      'SIGNATURE_INVALID',
    )
    expect(errorOf(parseIpn(ipn.body, 'another token')).code).toBe('SIGNATURE_INVALID')
    expect(errorOf(parseIpn(`${ipn.body}&extra=1`, token)).code).toBe('SIGNATURE_INVALID')
  })

  it('says whether the verifySign is missing or does not match', () => {
    const { verifySign: _dropped, ...unsigned } = buildIpn(ipnFields, token).fields
    expect(errorOf(parseIpn(unsigned, token))).toMatchObject({
      code: 'SIGNATURE_INVALID',
      gatewayCode: '000000',
      message: 'Pockyt IPN has no verifySign',
    })
    expect(errorOf(parseIpn(buildIpn(ipnFields, token).fields, 'another token')).message).toMatch(
      /does not match: check the API token/,
    )
  })

  it('is MALFORMED, not a bad signature, when a decoded field is not a single string', () => {
    // Frameworks decode a repeated field into an array: the fault is the decoding, not the token.
    const ipn = buildIpn(ipnFields, token)
    const repeated = { ...ipn.fields, status: ['success', 'fail'] }
    expect(errorOf(parseIpn(repeated as unknown as Record<string, string>, token))).toMatchObject({
      code: 'MALFORMED',
      message: 'Pockyt IPN has a field that is not a single string',
    })
  })

  it('honours emptyValues when the IPN carries an empty field', () => {
    const withEmpty = { ...ipnFields, note: '' }
    const skipped = { ...withEmpty, verifySign: sign(ipnFields, token) }
    expect(parseIpn(skipped, token, { emptyValues: 'skip' }).ok).toBe(true)
    expect(errorOf(parseIpn(skipped, token)).code).toBe('SIGNATURE_INVALID')
  })

  it('is MALFORMED when a signed IPN lacks status or reference', () => {
    const { status: _dropped, ...withoutStatus } = ipnFields
    const ipn = buildIpn({ ...withoutStatus, status: '' }, token)
    expect(errorOf(parseIpn(ipn.body, token)).code).toBe('MALFORMED')
  })
})

describe('parseCallbackReturn', () => {
  it('reads the hints, marked unverified', () => {
    const hints = value(
      parseCallbackReturn({
        status: 'success',
        reference: 'ORDER-1001',
        amount: '10.00',
        note: '{note}',
      }),
    )
    expect(hints).toEqual({
      verified: false,
      status: 'succeeded',
      gatewayStatus: 'success',
      reference: 'ORDER-1001',
      amount: '10.00',
    })
  })

  it('reads custom parameter names and ignores unreplaced macros', () => {
    const hints = value(
      parseCallbackReturn(
        { id: '42', num: '{amount}', status: 'init' },
        { names: { transactionNo: 'id', amount: 'num' } },
      ),
    )
    expect(hints).toEqual({
      verified: false,
      status: 'requires_action',
      gatewayStatus: 'init',
      transactionNo: '42',
    })
  })

  it('takes the legacy yuansferId', () => {
    expect(value(parseCallbackReturn({ yuansferId: '7' })).transactionNo).toBe('7')
  })
})

describe('gateway-side request parsers', () => {
  it('round-trip buildSecurePayRequest through parseSignedRequest, form and JSON', () => {
    const input = {
      amount: { value: '10', currency: 'USD' },
      vendor: 'creditcard',
      terminal: 'ONLINE',
      reference: 'ORDER-1001',
      ipnUrl: 'https://merchant.example/ipn',
      callbackUrl: 'https://merchant.example/return?status={status}&amount={amount}',
      goods: [{ name: 'Tee & co', quantity: 1 }],
    } as const
    const form = buildSecurePayRequest(input, credentials)
    const json = buildSecurePayRequest(input, credentials, { encoding: 'json' })
    expect(value(parseSignedRequest(form.body, token))).toEqual(form.message)
    expect(value(parseSignedRequest(json.body, token))).toEqual(json.message)
    expect(value(parseSecurePayRequest(form.body, token)).reference).toBe('ORDER-1001')
    expect(value(parseSecurePayRequest(JSON.parse(json.body), token)).amount).toBe('10.00')
  })

  it('answers a bad signature as Pockyt does', () => {
    const request = buildTranQueryRequest({ reference: 'ORDER-1001' }, credentials)
    const error = errorOf(
      parseSignedRequest(request.body.replace('ORDER-1001', 'ORDER-1002'), token),
    )
    expect(error).toMatchObject({ code: 'SIGNATURE_INVALID', gatewayCode: '000000' })
    expect(value(parseTranQueryRequest(request.body, token)).reference).toBe('ORDER-1001')
  })

  it('reports a missing parameter with 000020', () => {
    const fields = { merchantNo: '200043', storeNo: '300014', amount: '1.00', currency: 'USD' }
    const signed = { ...fields, verifySign: sign(fields, token) }
    expect(errorOf(parseSecurePayRequest(signed, token))).toMatchObject({
      code: 'MALFORMED',
      gatewayCode: '000020',
    })
    expect(errorOf(parseTranQueryRequest(signed, token)).gatewayCode).toBe('000020')
    expect(errorOf(parseCustomerCreateRequest(signed, token)).gatewayCode).toBe('000020')
  })

  it('refuses a query or refund naming both transactionNo and reference (pockyt.md §2.6, §2.7)', () => {
    const fields = {
      merchantNo: '200043',
      storeNo: '300014',
      refundAmount: '1.00',
      currency: 'USD',
      settleCurrency: 'USD',
      transactionNo: '297553638300708562',
      reference: 'ORDER-1001',
    }
    const signed = { ...fields, verifySign: sign(fields, token) }
    const both = { code: 'MALFORMED', gatewayCode: '000023' }
    expect(errorOf(parseTranQueryRequest(signed, token))).toMatchObject(both)
    expect(errorOf(parseRefundRequest(signed, token))).toMatchObject(both)
  })

  it('reads a refund request, legacy amount included', () => {
    const request = buildRefundRequest(
      {
        refundAmount: { value: '1', currency: 'USD' },
        reference: 'ORDER-1001',
      },
      credentials,
    )
    expect(value(parseRefundRequest(request.body, token)).refundAmount).toBe('1.00')
    const legacy = {
      merchantNo: '200043',
      storeNo: '300014',
      amount: '1.00',
      currency: 'USD',
      settleCurrency: 'USD',
      transactionNo: '1',
    }
    const parsedLegacy = value(
      parseRefundRequest({ ...legacy, verifySign: sign(legacy, token) }, token),
    )
    expect(parsedLegacy.refundAmount).toBe('1.00')
  })

  it('refuses nested values', () => {
    const error = errorOf(
      parseSignedRequest({ goodsInfo: [{ goods_name: 'x' }], verifySign: 'x' }, token),
    )
    expect(error.code).toBe('MALFORMED')
  })
})

describe('parsers never throw', () => {
  const anyInput = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.json(),
    fc.dictionary(fc.string(), fc.string()),
    fc.dictionary(fc.string(), fc.anything()),
  )
  const parsers: [string, (raw: unknown) => ParseResult<unknown>][] = [
    ['parseCustomerCreateResponse', parseCustomerCreateResponse],
    ['parseSecurePayResponse', parseSecurePayResponse],
    ['parseTranQueryResponse', parseTranQueryResponse],
    ['parseRefundResponse', parseRefundResponse],
    ['parseIpn', (raw) => parseIpn(raw as Record<string, string>, token)],
    ['parseCallbackReturn', (raw) => parseCallbackReturn(raw as Record<string, string>)],
    ['parseSignedRequest', (raw) => parseSignedRequest(raw as Record<string, unknown>, token)],
    [
      'parseSecurePayRequest',
      (raw) => parseSecurePayRequest(raw as Record<string, unknown>, token),
    ],
    [
      'parseTranQueryRequest',
      (raw) => parseTranQueryRequest(raw as Record<string, unknown>, token),
    ],
    ['parseRefundRequest', (raw) => parseRefundRequest(raw as Record<string, unknown>, token)],
    [
      'parseCustomerCreateRequest',
      (raw) => parseCustomerCreateRequest(raw as Record<string, unknown>, token),
    ],
  ]

  it.each(parsers)('%s answers ok or an error for any input', (_name, parse) => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const result = parse(raw)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok)
          expect(result.error.code).toMatch(/^(MALFORMED|SIGNATURE_INVALID|GATEWAY_REJECTED)$/)
      }),
    )
  })

  it('survives response envelopes with arbitrary results', () => {
    const envelope = fc.record({
      ret_code: fc.oneof(fc.constant('000100'), fc.string()),
      result: fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.json())),
    })
    fc.assert(
      fc.property(envelope, (raw) => {
        for (const [, parse] of parsers) expect(typeof parse(raw).ok).toBe('boolean')
        for (const [, parse] of parsers)
          expect(typeof parse(JSON.stringify(raw) ?? '').ok).toBe('boolean')
      }),
    )
  })
})
