import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildNotification, buildPrePayRequest, buildResponse } from './build.ts'
import {
  parseNotification,
  parsePrePayResponse,
  parseQueryResponse,
  parseRefundResponse,
  parseSignedRequest,
  parseUnifiedPayResponse,
} from './parse.ts'
import { signEnvelope } from './sign.ts'
import { sandboxCredentials } from './wire.ts'

const credentials = sandboxCredentials
const salt = credentials.salt

/** A response signed as PingPong signs it, with the given code and business content. */
function respond(code: string, description: string, bizContent?: object) {
  return JSON.stringify(buildResponse({ code, description, bizContent }, credentials))
}

describe('parsePrePayResponse', () => {
  it('reads the docs’ signed example', () => {
    const docsExample = {
      accId: '2018092714313010016291',
      clientId: '2018092714313010016',
      code: '000000',
      description: 'Transaction succeeded',
      signType: 'SHA256',
      sign: '337DE4525BECC73D56E262E04CCCC210C7BA70C78D48DA3BB128E4FEC6D01561',
      bizContent:
        '{"amount":"1000","paymentUrl":"https://sandbox-acquirer-payment-ssr.pingpongx.com/v3/checkout?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g","transactionId":"2023092050004591","token":"EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g","merchantTransactionId":"PMT-PR5GFUNZQP1695182276082","currency":"USD","innerJsUrl":"https://paycdn.pingpongx.com/production/static/sdk/ppPay.min.js?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g"}',
    }
    const result = parsePrePayResponse(JSON.stringify(docsExample), salt)
    expect(result).toEqual({
      ok: true,
      value: {
        transactionId: '2023092050004591',
        merchantTransactionId: 'PMT-PR5GFUNZQP1695182276082',
        token: 'EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g',
        paymentUrl:
          'https://sandbox-acquirer-payment-ssr.pingpongx.com/v3/checkout?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g',
        innerJsUrl:
          'https://paycdn.pingpongx.com/production/static/sdk/ppPay.min.js?token=EU:vr_YVR8u7rn7C1gG97DOg9_-Y66ubtNtoayJ_wiEEzdCnxCHYIk0pXordJYBjq1g',
        amount: { value: '1000.00', currency: 'USD' },
      },
    })
  })

  it('treats a forged answer as SIGNATURE_INVALID', () => {
    const genuine = JSON.parse(respond('000000', 'Transaction succeeded', { token: 't' }))
    const forged = { ...genuine, bizContent: genuine.bizContent.replace('"t"', '"evil"') }
    expect(parsePrePayResponse(forged, salt)).toMatchObject({
      ok: false,
      error: { code: 'SIGNATURE_INVALID' },
    })
  })

  it('reads a signed or unsigned error answer as GATEWAY_REJECTED with the gateway’s code', () => {
    const signed = respond('104000', 'Invalid signature')
    const unsigned = JSON.stringify({ ...JSON.parse(signed), sign: undefined })
    const rejection = {
      code: 'GATEWAY_REJECTED',
      message: 'PingPong rejected the request: 104000 Invalid signature',
      gatewayCode: '104000',
      gatewayMessage: 'Invalid signature',
    }
    // Only the signed one says so: it may settle something, the unsigned one only refuses.
    expect(parsePrePayResponse(signed, salt)).toEqual({
      ok: false,
      error: { ...rejection, signed: true },
    })
    expect(parsePrePayResponse(unsigned, salt)).toEqual({ ok: false, error: rejection })
  })

  it('is MALFORMED when a success lacks merchantTransactionId (pingpong.md §1.5)', () => {
    const answer = respond('000000', 'Transaction succeeded', {
      transactionId: '2023092050004591',
      token: 'EU:t',
      paymentUrl: 'https://sandbox-acquirer-payment-ssr.pingpongx.com/v3/checkout?token=EU:t',
    })
    expect(parsePrePayResponse(answer, salt)).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED', message: expect.stringMatching(/merchantTransactionId/) },
    })
  })

  it('never takes an unsigned success answer', () => {
    const unsigned = { ...JSON.parse(respond('000000', 'ok', { token: 't' })), sign: '' }
    expect(parsePrePayResponse(unsigned, salt)).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
  })
})

describe('parseUnifiedPayResponse', () => {
  it('reads the docs’ declined card as a failed payment the shopper can understand', () => {
    const declined = respond(
      '301002',
      'Transaction declined (Do not honor,Please contact the issuing bank to confirm the bank card payment limit)',
      JSON.parse(
        '{"requestId":"PMT-9ICSCWF9H51695189441815","merchantTransactionId":"PMT-9ICSCWF9H51695189441815","amount":"100.000000","threeDUnionParams":{"threeDContinue":"false"},"transactionId":"2023092050004595","threeDContinue":"false","paymentMethod":{"type":"scheme"},"captureDelayHours":0,"status":"FAILED"}',
      ),
    )
    const result = parseUnifiedPayResponse(declined, salt)
    expect(result.ok && result.value.update).toEqual({
      orderReference: 'PMT-9ICSCWF9H51695189441815',
      gatewayTransactionId: '2023092050004595',
      status: 'failed',
      gatewayStatus: 'FAILED',
      failure: {
        code: 'card_declined',
        message: 'Your card was declined. Try another card or contact your bank.',
        gatewayCode: '301002',
      },
    })
    expect(result.ok && result.value.nextAction).toBeUndefined()
  })

  it('asks for 3DS when PROCESSING comes with threeDContinue', () => {
    const threeDUnionParams = {
      threeDContinue: 'true',
      threeDRedirectUrl: 'https://static.example/payment/threeDs.html?code=abc',
      threeDResult: '{"ACSUrl":"https://acs.example"}',
    }
    const answer = respond('002000', 'Transaction processing', {
      merchantTransactionId: 'M-1',
      transactionId: 'PS1',
      status: 'PROCESSING',
      threeDContinue: 'true',
      threeDUnionParams,
      amount: '10.00',
      currency: 'USD',
    })
    const result = parseUnifiedPayResponse(answer, salt)
    expect(result.ok && result.value.update.status).toBe('requires_action')
    expect(result.ok && result.value.nextAction).toEqual({
      type: 'three-ds',
      params: threeDUnionParams,
      redirectUrl: threeDUnionParams.threeDRedirectUrl,
    })
  })

  it.each([
    [
      { type: 'QR_CODE', qrCode: 'wxp://f2f0' },
      { type: 'qr-code', content: 'wxp://f2f0' },
    ],
    [
      { type: 'QR_URL', qrUrl: 'https://qr.example/1.png' },
      { type: 'qr-image', imageUrl: 'https://qr.example/1.png' },
    ],
    [
      { type: 'PAYMENT_REDIRECT_URL', paymentRedirectUrl: 'https://wallet.example/pay' },
      { type: 'redirect', url: 'https://wallet.example/pay' },
    ],
  ])('turns the APM action %o into %o', (action, nextAction) => {
    const answer = respond('002000', 'Transaction processing', {
      merchantTransactionId: 'M-2',
      status: 'PROCESSING',
      action,
    })
    const result = parseUnifiedPayResponse(answer, salt)
    expect(result.ok && result.value.nextAction).toEqual(nextAction)
    expect(result.ok && result.value.update.status).toBe('requires_action')
  })

  it('reads the action of a status written in lower case', () => {
    const answer = respond('002000', 'Transaction processing', {
      merchantTransactionId: 'M-2',
      status: 'processing',
      action: { type: 'QR_CODE', qrCode: 'wxp://f2f0' },
    })
    const result = parseUnifiedPayResponse(answer, salt)
    expect(result.ok && result.value.nextAction).toEqual({ type: 'qr-code', content: 'wxp://f2f0' })
    expect(result.ok && result.value.update.status).toBe('requires_action')
  })

  it('refuses an action type it cannot perform instead of guessing', () => {
    const answer = respond('002000', 'Transaction processing', {
      merchantTransactionId: 'M-3',
      status: 'PROCESSING',
      action: { type: 'SDK_INVOKE', sdkParams: 'x' },
    })
    expect(parseUnifiedPayResponse(answer, salt)).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED' },
    })
  })

  it('never reads an unknown status as a success', () => {
    const answer = respond('000000', 'Transaction succeeded', {
      merchantTransactionId: 'M-4',
      status: 'PAID_MAYBE',
    })
    const result = parseUnifiedPayResponse(answer, salt)
    expect(result.ok && result.value.update.status).toBe('processing')
  })
})

describe('parseQueryResponse', () => {
  it('reads the docs’ query example shape with its result code', () => {
    const answer = respond(
      '001000',
      'Successful request',
      JSON.parse(
        '{"amount":"200.000000","resultCode":"301099","transactionTime":"1687338377000","transactionId":"2023062150000336","merchantTransactionId":"PMT-T9ZIR7M7RF1687338044730","currency":"USD","resultDescription":"Transaction declined (other reason)","status":"FAILED"}',
      ),
    )
    const result = parseQueryResponse(answer, salt)
    expect(result.ok && result.value.update).toMatchObject({
      orderReference: 'PMT-T9ZIR7M7RF1687338044730',
      status: 'failed',
      amount: { value: '200.00', currency: 'USD' },
      failure: { code: 'card_declined', gatewayCode: '301099' },
    })
  })

  it('reads PROCESSING with threeDContinue as waiting for the shopper’s 3DS, not being confirmed', () => {
    const base = { merchantTransactionId: 'M', amount: '10.000000', currency: 'USD' }
    const statusOf = (biz: Record<string, unknown>) => {
      const result = parseQueryResponse(respond('001000', 'Successful request', biz), salt)
      return result.ok ? result.value.update.status : result.error.code
    }
    const params = { threeDContinue: 'true', threeDRedirectUrl: 'https://acs.example/c' }
    expect(statusOf({ ...base, status: 'PROCESSING', threeDContinue: 'true' })).toBe(
      'requires_action',
    )
    expect(
      statusOf({ ...base, status: 'PROCESSING', threeDUnionParams: JSON.stringify(params) }),
    ).toBe('requires_action')
    // The 3DS is over (or never was): the bank is deciding.
    expect(statusOf({ ...base, status: 'PROCESSING', threeDContinue: 'false' })).toBe('processing')
    expect(statusOf({ ...base, status: 'PROCESSING' })).toBe('processing')
    // A final status is final, whatever threeDContinue says.
    expect(statusOf({ ...base, status: 'SUCCESS', threeDContinue: 'true' })).toBe('succeeded')
    expect(statusOf({ ...base, status: 'FAILED', threeDContinue: 'true' })).toBe('failed')
  })

  it('reads the query’s own threeDContinue "false" as the 3DS over, whatever the params it made the step with say', () => {
    // The params are what the risk plugin was given when the payment was made; the top-level field
    // is what the query says now. Read as still waiting, a payment the bank is deciding after the
    // shopper verified could be cancelled and the order paid by another card.
    const stale = { threeDContinue: 'true', threeDRedirectUrl: 'https://acs.example/c' }
    for (const threeDUnionParams of [stale, JSON.stringify(stale)]) {
      const result = parseQueryResponse(
        respond('001000', 'Successful request', {
          merchantTransactionId: 'M',
          amount: '10.000000',
          currency: 'USD',
          status: 'PROCESSING',
          threeDContinue: 'false',
          threeDUnionParams,
        }),
        salt,
      )
      expect(result.ok && result.value.update.status).toBe('processing')
    }
  })

  it('reads a currency written in lower case', () => {
    const answer = respond('001000', 'Successful request', {
      merchantTransactionId: 'M',
      status: 'SUCCESS',
      amount: '10.000000',
      currency: 'usd',
    })
    const result = parseQueryResponse(answer, salt)
    expect(result.ok && result.value.update.amount).toEqual({ value: '10.00', currency: 'USD' })
  })

  it('rejects an amount with more precision than the currency has', () => {
    const answer = respond('001000', 'Successful request', {
      merchantTransactionId: 'M',
      status: 'SUCCESS',
      amount: '10.001',
      currency: 'USD',
    })
    expect(parseQueryResponse(answer, salt)).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED' },
    })
  })
})

describe('parseRefundResponse', () => {
  it('reads a refund in progress', () => {
    const answer = respond('001000', 'Successful request', {
      merchantTransactionId: 'M-5',
      merchantRefundId: 'R-1',
      refundId: 'PR1',
      amount: '5.00',
      currency: 'USD',
      status: 'PROCESSING',
    })
    expect(parseRefundResponse(answer, salt)).toEqual({
      ok: true,
      value: {
        orderReference: 'M-5',
        refundReference: 'R-1',
        gatewayRefundId: 'PR1',
        status: 'processing',
        gatewayStatus: 'PROCESSING',
        amount: { value: '5.00', currency: 'USD' },
      },
    })
  })
})

describe('parseNotification', () => {
  const paid = {
    notifyType: 'RECHARGE',
    status: 'SUCCESS',
    transactionId: '2023092050004591',
    merchantTransactionId: 'PMT-1',
    amount: '1000',
    currency: 'JPY',
    captureDelayHours: 0,
  }

  it('reads a signed payment notification', () => {
    const result = parseNotification(JSON.stringify(buildNotification(paid, credentials)), salt)
    expect(result).toMatchObject({
      ok: true,
      value: {
        kind: 'payment',
        update: {
          orderReference: 'PMT-1',
          gatewayTransactionId: '2023092050004591',
          status: 'succeeded',
          amount: { value: '1000', currency: 'JPY' },
        },
      },
    })
  })

  it('reads a refund notification', () => {
    const refund = {
      notifyType: 'REFUND',
      status: 'SUCCESS',
      merchantTransactionId: 'PMT-1',
      merchantRefundId: 'R-9',
    }
    const result = parseNotification(buildNotification(refund, credentials), salt)
    expect(result).toMatchObject({
      ok: true,
      value: { kind: 'refund', update: { status: 'succeeded', refundReference: 'R-9' } },
    })
  })

  it('accepts the refund-notify variant with code and description members', () => {
    const envelope: Record<string, string> = {
      accId: credentials.accId,
      clientId: credentials.clientId,
      code: '000000',
      description: 'ok',
      signType: 'SHA256',
      bizContent: JSON.stringify(paid),
    }
    envelope.sign = signEnvelope(envelope, salt)
    expect(parseNotification(envelope, salt)).toMatchObject({
      ok: true,
      value: { kind: 'payment' },
    })
  })

  it('reads a notification without notifyType as a payment notification', () => {
    const { notifyType: _notifyType, ...untyped } = paid
    const result = parseNotification(buildNotification(untyped, credentials), salt)
    expect(result).toMatchObject({ ok: true, value: { kind: 'payment' } })
  })

  it('accepts bizContent sent as an object, signed as its JSON text', () => {
    const envelope = buildNotification(paid, credentials)
    expect(parseNotification({ ...envelope, bizContent: paid }, salt).ok).toBe(true)
  })

  it('refuses an unsigned or tampered notification', () => {
    const envelope = buildNotification(paid, credentials)
    const tampered = { ...envelope, bizContent: envelope.bizContent.replace('SUCCESS', 'FAILED') }
    expect(parseNotification({ ...envelope, sign: undefined }, salt)).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
    expect(parseNotification(tampered, salt)).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
    expect(parseNotification(envelope, 'another-salt')).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
  })

  it('never reads an unsigned notification as a rejection, whatever its code', () => {
    // Only answers to the merchant's own requests may be unsigned rejections.
    const { sign: _sign, ...unsigned } = buildNotification(paid, credentials)
    expect(parseNotification({ ...unsigned, code: '301002' }, salt)).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
  })

  it('refuses a member that is not text, as PingPong’s Java helper does (pingpong.md §1.3)', () => {
    const envelope = buildNotification(paid, credentials)
    for (const extra of [{ note: 'x' }, ['x']]) {
      expect(parseNotification({ ...envelope, extra }, salt)).toEqual({
        ok: false,
        error: { code: 'MALFORMED', message: 'PingPong envelope members must be strings' },
      })
    }
  })

  it('is MALFORMED when bizContent is not a JSON object, even in a signed rejection', () => {
    const listed = respond('301002', 'Transaction declined', ['FAILED'])
    expect(parseQueryResponse(listed, salt)).toEqual({
      ok: false,
      error: { code: 'MALFORMED', message: 'PingPong bizContent is not a JSON object' },
    })
  })
})

describe('parseSignedRequest', () => {
  const request = buildPrePayRequest(
    {
      merchantTransactionId: 'M-7',
      amount: { value: '12.5', currency: 'USD' },
      shopperIP: '127.0.0.1',
      payResultUrl: 'https://shop.example/result',
      payCancelUrl: 'https://shop.example/cancel',
    },
    credentials,
  )

  it('verifies a merchant request with the salt of its accId', () => {
    const salts: Record<string, string> = { [credentials.accId]: salt }
    const result = parseSignedRequest(request.body, (accId) => salts[accId])
    expect(result.ok && result.value.bizContent).toMatchObject({
      amount: '12.50',
      merchantTransactionId: 'M-7',
    })
  })

  it('refuses an unknown account whatever the signature, "undefined" as the salt included', () => {
    const envelope = JSON.parse(request.body)
    const forged = { ...envelope, sign: signEnvelope(envelope, 'undefined') }
    expect(parseSignedRequest(forged, () => undefined)).toMatchObject({
      error: {
        code: 'SIGNATURE_INVALID',
        message: expect.stringMatching(/Unknown PingPong accId/),
      },
    })
  })

  it('refuses an unknown account or a wrong salt', () => {
    expect(parseSignedRequest(request.body, () => undefined)).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
    expect(parseSignedRequest(request.body, 'wrong')).toMatchObject({
      error: { code: 'SIGNATURE_INVALID' },
    })
  })
})

describe('every PingPong parser', () => {
  const parsers = [
    parsePrePayResponse,
    parseUnifiedPayResponse,
    parseQueryResponse,
    parseRefundResponse,
    parseNotification,
    parseSignedRequest,
  ]
  const envelopeLike = fc.record(
    {
      accId: fc.string(),
      sign: fc.oneof(fc.string(), fc.constant(undefined)),
      signType: fc.constantFrom('SHA256', 'MD5', 'x'),
      code: fc.constantFrom('000000', '001000', '104000', '301002'),
      bizContent: fc.oneof(fc.json(), fc.string(), fc.object(), fc.anything()),
    },
    { requiredKeys: [] },
  )
  const inputs = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.json(),
    envelopeLike,
    envelopeLike.map((value) => JSON.stringify(value)),
  )

  it('answers arbitrary input with a result, never an exception', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        for (const parse of parsers) {
          const result = parse(input, salt)
          expect(typeof result.ok).toBe('boolean')
          if (!result.ok)
            expect(['MALFORMED', 'SIGNATURE_INVALID', 'GATEWAY_REJECTED']).toContain(
              result.error.code,
            )
        }
      }),
      { numRuns: 300 },
    )
  })

  it('never reports success for a genuinely signed answer with an arbitrary status', () => {
    fc.assert(
      fc.property(
        fc.string().filter((status) => !['SUCCESS', 'AUTH_SUCCESS'].includes(status.toUpperCase())),
        (status) => {
          const answer = respond('000000', 'x', { merchantTransactionId: 'M', status })
          const result = parseQueryResponse(answer, salt)
          return !result.ok || result.value.update.status !== 'succeeded'
        },
      ),
    )
  })
})
