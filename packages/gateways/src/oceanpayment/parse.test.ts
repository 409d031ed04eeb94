import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeForm } from '../shared/formEncoding.ts'
import type { ParseResult } from '../shared/parseResult.ts'
import {
  buildNoticeXml,
  buildPayForm,
  buildReturnFields,
  buildSendTradeRequest,
  buildTradeResponseXml,
  type ReturnInput,
  type TradeInput,
} from './build.ts'
import { describeResultCode } from './codes.ts'
import { parseNotice, parseReturn, parseSendTradeResponse, parseTradeRequest } from './parse.ts'
import { signRequest, signResult, signTradeResponse, verifyResult } from './sign.ts'
import { parseDetails, toPaymentStatus } from './status.ts'
import type { OceanpaymentCredentials } from './wire.ts'

const secureCode = '12345678'
const signature = '61221F902E07525D741F905664A6113F720FF8D3B350712D202EB95A64FBE3B7'

// §3.6 example body, with the vector's full signature in place of the docs' elision.
const returnBody =
  'response_type=0&account=995149&terminal=99514901&payment_id=230322000000000001' +
  '&order_number=NO12345678&order_currency=USD&order_amount=0.01&payment_status=1' +
  `&payment_details=80000%3ATransaction+Approved&signValue=${signature}&order_notes=` +
  '&card_number=411111***1111&payment_authType=0&payment_risk=&methods=Credit+Card' +
  '&payment_country=US&payment_solutions='

// §3.7 example notice.
const noticeXml = `<?xml version="1.0" encoding="UTF-8"?>
<response>
  <notice_type>transaction</notice_type>
  <push_dateTime>2025-01-01 12:00:00</push_dateTime>
  <response_type>1</response_type>
  <account>995149</account>
  <terminal>99514901</terminal>
  <signValue>${signature}</signValue>
  <methods>Credit Card</methods>
  <order_number>NO12345678</order_number>
  <order_currency>USD</order_currency>
  <order_amount>0.01</order_amount>
  <order_notes></order_notes>
  <card_number>411111***1111</card_number>
  <payment_id>230322000000000001</payment_id>
  <payment_status>1</payment_status>
  <payment_authType>0</payment_authType>
  <payment_details>80000:Transaction Approved</payment_details>
  <payment_solutions></payment_solutions>
  <payment_risk></payment_risk>
  <payment_country>US</payment_country>
</response>`

// §3.4 example; the docs elide payment_id and pay_url, filled in here.
const sendTradeXml = `<?xml version="1.0" encoding="UTF-8"?>
<respon>
  <account>995149</account>
  <terminal>99514901</terminal>
  <signValue>20303645096FC2AEB64AE39B72A846F4B83BBC90B123C3FB27567F46CDD676E8</signValue>
  <order_number>20230322B2COW03431</order_number>
  <order_currency>USD</order_currency>
  <order_amount>0.01</order_amount>
  <order_notes></order_notes>
  <payment_id>230322000000000001</payment_id>
  <pay_url>https://test-secure.oceanpayment.com/gateway/checkout?id=1&amp;t=2</pay_url>
  <pay_results>1</pay_results>
  <pay_details>80000:Transaction Approved</pay_details>
</respon>`

const result: ReturnInput = {
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

function expectError<T>(parsed: ParseResult<T>, code: string, message?: RegExp) {
  expect(parsed.ok).toBe(false)
  if (parsed.ok) return
  expect(parsed.error.code).toBe(code)
  if (message) expect(parsed.error.message).toMatch(message)
}

function value<T>(parsed: ParseResult<T>): T {
  if (!parsed.ok) throw new Error(`expected ok, got ${parsed.error.code}: ${parsed.error.message}`)
  return parsed.value
}

/** Replaces one element's text in the XML. */
function withElement(xml: string, name: string, text: string): string {
  return xml.replace(new RegExp(`<${name}>[^<]*</${name}>`), `<${name}>${text}</${name}>`)
}

describe('Oceanpayment parseReturn', () => {
  it('reads the §3.6 example body', () => {
    const parsed = value(parseReturn(returnBody, secureCode))
    expect(parsed.update).toEqual({
      orderReference: 'NO12345678',
      gatewayTransactionId: '230322000000000001',
      status: 'succeeded',
      gatewayStatus: '1',
      amount: { value: '0.01', currency: 'USD' },
    })
    expect(parsed.details).toEqual({ code: '80000', description: 'Transaction Approved' })
    expect(parsed.fields.methods).toBe('Credit Card')
    expect(parsed.fields.card_number).toBe('411111***1111')
  })

  it('takes already-decoded fields as well as the body', () => {
    const fields = buildReturnFields(result, secureCode)
    expect(value(parseReturn(fields, secureCode)).fields).toEqual(fields)
    expect(value(parseReturn(encodeForm(fields), secureCode)).fields).toEqual(fields)
  })

  it('rejects a changed field, a wrong secureCode or a missing signValue as SIGNATURE_INVALID', () => {
    expectError(
      parseReturn(returnBody.replace('payment_status=1', 'payment_status=0'), secureCode),
      'SIGNATURE_INVALID',
    )
    expectError(parseReturn(returnBody, 'wrong'), 'SIGNATURE_INVALID', /does not match/)
    expectError(
      parseReturn(returnBody.replace(/&signValue=[^&]*/, ''), secureCode),
      'SIGNATURE_INVALID',
    )
  })

  it('finds the secureCode by terminal when given a lookup', () => {
    const threeDs = buildReturnFields({ ...result, terminal: '99514902' }, 'three-d-secret')
    const lookup = (terminal: string) =>
      ({ '99514901': secureCode, '99514902': 'three-d-secret' })[terminal]
    expect(value(parseReturn(threeDs, lookup)).update.status).toBe('succeeded')
    expect(value(parseReturn(returnBody, lookup)).update.status).toBe('succeeded')
    const unknownTerminal = buildReturnFields({ ...result, terminal: '1' }, 'x')
    expectError(parseReturn(unknownTerminal, lookup), 'SIGNATURE_INVALID', /terminal "1"/)
    // A lookup backed by a database may answer null rather than undefined.
    expectError(
      parseReturn(unknownTerminal, () => null as unknown as undefined),
      'SIGNATURE_INVALID',
      /terminal "1", which has no secureCode here/,
    )
  })

  it('reports a missing field as MALFORMED, naming it', () => {
    const { payment_status: _status, ...rest } = buildReturnFields(result, secureCode)
    expectError(parseReturn(rest, secureCode), 'MALFORMED', /payment_status/)
    const { account: _account, ...withoutAccount } = buildReturnFields(result, secureCode)
    expectError(parseReturn(withoutAccount, secureCode), 'MALFORMED', /has no account/)
    expectError(parseReturn('account=%zz', secureCode), 'MALFORMED')
    expectError(
      parseReturn(
        { ...buildReturnFields(result, secureCode), methods: ['a'] } as never,
        secureCode,
      ),
      'MALFORMED',
      /methods/,
    )
  })

  it('maps failures to the kit failure codes', () => {
    const failed = (details: string) =>
      value(
        parseReturn(
          buildReturnFields(
            { ...result, payment_status: '0', payment_details: details },
            secureCode,
          ),
          secureCode,
        ),
      ).update
    expect(failed('10000:Payment is declined')).toMatchObject({
      status: 'failed',
      gatewayStatus: '0',
      failure: { code: 'suspected_fraud', gatewayCode: '10000' },
    })
    expect(failed('12345:Something new')).toMatchObject({
      status: 'failed',
      failure: { code: 'unknown', gatewayCode: '12345' },
    })
  })

  it('refuses a re-split result: the signature holds, but the fields no longer read one way', () => {
    // A declined result, and the same signed text cut differently so that payment_status is 1.
    const declined = buildReturnFields(
      { ...result, payment_status: '0', payment_details: '80005:Do not honor' },
      secureCode,
    )
    const forged = {
      ...declined,
      payment_id: '2303220000000000',
      payment_authType: '0',
      payment_status: '1',
      payment_details: '0080005:Do not honor',
    }
    expect(verifyResult(forged, secureCode)).toBe(true)
    expectError(parseReturn(forged, secureCode), 'SIGNATURE_INVALID', /payment_details/)
    const intoCard = {
      ...declined,
      card_number: '411111***11112303220000000000',
      payment_id: '',
      payment_authType: '0',
      payment_status: '1',
      payment_details: '0080005:Do not honor',
    }
    expect(verifyResult(intoCard, secureCode)).toBe(true)
    expectError(parseReturn(intoCard, secureCode), 'SIGNATURE_INVALID')
    // payment_status is one of its three forms (oceanpayment.md §3.8), never a longer text.
    const longStatus = {
      ...declined,
      payment_id: '2303220000000000',
      payment_authType: '0',
      payment_status: '100',
    }
    expect(verifyResult(longStatus, secureCode)).toBe(true)
    expectError(parseReturn(longStatus, secureCode), 'SIGNATURE_INVALID', /payment_status/)
    const emptyAuthType = { ...declined, payment_id: '2303220000000000010', payment_authType: '' }
    expect(verifyResult(emptyAuthType, secureCode)).toBe(true)
    expectError(parseReturn(emptyAuthType, secureCode), 'SIGNATURE_INVALID', /payment_authType/)
  })

  it('refuses a result whose payment_details has no five-digit code, or a ":" in a gateway field before it', () => {
    const parse = (fields: Partial<ReturnInput>) =>
      parseReturn(buildReturnFields({ ...result, ...fields }, secureCode), secureCode)
    expectError(parse({ payment_details: 'no code at all' }), 'SIGNATURE_INVALID')
    expectError(parse({ payment_details: '8000:Short' }), 'SIGNATURE_INVALID')
    expectError(parse({ payment_id: '2303:22' }), 'SIGNATURE_INVALID', /payment_id/)
    // The merchant's own notes may say anything: the caller checks they came back as sent.
    expect(value(parse({ order_notes: 'Deliver after 10:00' })).update.status).toBe('succeeded')
    expect(value(parse({ payment_details: '80000:Approved: see notes' })).update.status).toBe(
      'succeeded',
    )
  })

  it('does not fail the order on a duplicate-order (20061) result', () => {
    const update = value(
      parseReturn(
        buildReturnFields(
          { ...result, payment_status: '0', payment_details: '20061:Duplicate order' },
          secureCode,
        ),
        secureCode,
      ),
    ).update
    expect(update.status).toBe('processing')
    expect(update.failure).toBeUndefined()
  })

  it('treats a pending pre-authorization as succeeded and other pending results as processing', () => {
    const status = (payment_status: string, payment_authType: string) =>
      value(
        parseReturn(
          buildReturnFields({ ...result, payment_status, payment_authType }, secureCode),
          secureCode,
        ),
      ).update.status
    expect(status('-1', '1')).toBe('succeeded')
    expect(status('-1', '0')).toBe('processing')
    expect(status('-1', '3')).toBe('processing')
    expect(status('1', '2')).toBe('succeeded')
  })

  it('never reports an unknown payment_status or payment_authType as succeeded', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (payment_status, payment_authType) => {
        fc.pre(payment_status !== '1' && !(payment_status === '-1' && payment_authType === '1'))
        const fields = buildReturnFields(
          { ...result, payment_status, payment_authType },
          secureCode,
        )
        const parsed = parseReturn(fields, secureCode)
        if (parsed.ok) expect(parsed.value.update.status).not.toBe('succeeded')
        // Only the documented forms are read at all.
        const known = ['1', '0', '-1'].includes(payment_status) && /^[0-3]$/.test(payment_authType)
        expect(parsed.ok).toBe(known)
      }),
    )
  })

  it('refuses an amount it cannot read instead of guessing, and reads one in the currency', () => {
    // Unreadable, the amount could not be checked against the order, and it could have
    // swallowed the signed fields after it.
    expectError(
      parseReturn(buildReturnFields({ ...result, order_amount: 'abc' }, secureCode), secureCode),
      'SIGNATURE_INVALID',
      /order_amount/,
    )
    const kwd = value(
      parseReturn(
        buildReturnFields({ ...result, order_currency: 'KWD', order_amount: '1.25' }, secureCode),
        secureCode,
      ),
    )
    expect(kwd.update.amount).toEqual({ value: '1.250', currency: 'KWD' })
  })
})

describe('Oceanpayment parseNotice', () => {
  it('reads the §3.7 example', () => {
    const parsed = value(parseNotice(noticeXml, secureCode))
    expect(parsed.kind).toBe('transaction')
    if (parsed.kind !== 'transaction') return
    expect(parsed.update).toEqual({
      orderReference: 'NO12345678',
      gatewayTransactionId: '230322000000000001',
      status: 'succeeded',
      gatewayStatus: '1',
      amount: { value: '0.01', currency: 'USD' },
    })
    expect(parsed.fields.push_dateTime).toBe('2025-01-01 12:00:00')
    expect(parsed.fields.order_notes).toBe('')
    expect(parsed.fields.payment_country).toBe('US')
  })

  it('ignores the root element name and accepts a missing notice_type', () => {
    const renamed = noticeXml.replace(/<(\/?)response>/g, '<$1notice>')
    expect(value(parseNotice(renamed, secureCode)).kind).toBe('transaction')
    const untyped = noticeXml.replace(/\s*<notice_type>transaction<\/notice_type>/, '')
    expect(value(parseNotice(untyped, secureCode)).kind).toBe('transaction')
    const empty = withElement(noticeXml, 'notice_type', '')
    expect(value(parseNotice(empty, secureCode)).kind).toBe('transaction')
    expectError(parseNotice(empty, 'wrong'), 'SIGNATURE_INVALID')
  })

  it('returns other notice types unverified and without an update', () => {
    const refund = noticeXml.replace('<notice_type>transaction', '<notice_type>refund')
    const parsed = value(parseNotice(refund, 'any secret'))
    expect(parsed).toMatchObject({ kind: 'other', noticeType: 'refund' })
    expect(parsed).not.toHaveProperty('update')
    if (parsed.kind === 'other') expect(parsed.unverifiedFields.order_number).toBe('NO12345678')
  })

  it('refuses a notice re-split into other fields under the same signature', () => {
    // 230322000000000001 + 0 + 1 + 80000:… read as 23032200000000000 + 1 + 0 + 180000:…
    let resplit = withElement(noticeXml, 'payment_id', '23032200000000000')
    resplit = withElement(resplit, 'payment_authType', '1')
    resplit = withElement(resplit, 'payment_status', '0')
    resplit = withElement(resplit, 'payment_details', '180000:Transaction Approved')
    expectError(parseNotice(resplit, secureCode), 'SIGNATURE_INVALID', /payment_details/)
  })

  it('rejects bad signatures', () => {
    expectError(
      parseNotice(withElement(noticeXml, 'order_amount', '100.00'), secureCode),
      'SIGNATURE_INVALID',
    )
    expectError(parseNotice(noticeXml, '87654321'), 'SIGNATURE_INVALID')
    expectError(
      parseNotice(withElement(noticeXml, 'signValue', ''), secureCode),
      'SIGNATURE_INVALID',
    )
  })

  it('decodes entities and character references before verifying, as SimpleXML does', () => {
    const notes = 'Größe & <M> 中 &#65;'
    const signValue = signResult({ ...result, order_notes: notes }, secureCode)
    const xml = withElement(
      withElement(noticeXml, 'signValue', signValue),
      'order_notes',
      'Gr&#xF6;&#223;e &amp; &lt;M&gt; &#x4E2D; &amp;#65;',
    )
    const parsed = value(parseNotice(xml, secureCode))
    expect(parsed.kind === 'transaction' && parsed.fields.order_notes).toBe(notes)
  })

  it('keeps whitespace inside values, since it is signed', () => {
    const signValue = signResult({ ...result, order_notes: '  two  spaces ' }, secureCode)
    const xml = withElement(
      withElement(noticeXml, 'signValue', signValue),
      'order_notes',
      '  two  spaces ',
    )
    expect(value(parseNotice(xml, secureCode)).kind).toBe('transaction')
  })

  it('refuses ambiguous or foreign XML as MALFORMED', () => {
    expectError(
      parseNotice(
        noticeXml.replace('</response>', '<payment_status>0</payment_status></response>'),
        secureCode,
      ),
      'MALFORMED',
      /payment_status.*repeats/,
    )
    expectError(parseNotice('<a>1</a><b>2</b>', secureCode), 'MALFORMED', /root/)
    expectError(parseNotice('<a/><b/>', secureCode), 'MALFORMED', /exactly one root/)
    expectError(parseNotice('<response>text</response>', secureCode), 'MALFORMED')
    expectError(parseNotice('<response><order_number>1</order_number>', secureCode), 'MALFORMED')
    expectError(parseNotice('{"payment_status":"1"}', secureCode), 'MALFORMED')
    expectError(
      parseNotice(withElement(noticeXml, 'payment_status', ''), secureCode),
      'SIGNATURE_INVALID',
    )
    expectError(
      parseNotice(
        noticeXml.replace(/\s*<payment_details>[^<]*<\/payment_details>/, ''),
        secureCode,
      ),
      'MALFORMED',
      /payment_details/,
    )
    expectError(parseNotice(42 as unknown as string, secureCode), 'MALFORMED', /string/)
  })

  it('skips unknown nested elements so later additions do not break parsing', () => {
    const extended = noticeXml.replace('</response>', '<risk><rule>1</rule></risk></response>')
    expect(value(parseNotice(extended, secureCode)).kind).toBe('transaction')
  })

  it('refuses a DOCTYPE, so entity bombs and external entities never expand', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<response><order_notes>&lol3;</order_notes></response>`
    expectError(parseNotice(bomb, secureCode), 'MALFORMED', /DOCTYPE/)
    const external = `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><response><order_notes>&x;</order_notes></response>`
    expectError(parseNotice(external, secureCode), 'MALFORMED', /DOCTYPE/)
    expectError(parseSendTradeResponse(bomb, secureCode), 'MALFORMED', /DOCTYPE/)
    // In lower case inside the root, the parser would take it for markup and lose the fields after it.
    const inside = noticeXml.replace('<account>', '<!doctype r><account>')
    expectError(parseNotice(inside, secureCode), 'MALFORMED', /DOCTYPE/)
  })
})

describe('Oceanpayment parseSendTradeResponse', () => {
  it('reads the §3.4 example (its signature is illustrative, so unchecked here)', () => {
    const parsed = value(
      parseSendTradeResponse(sendTradeXml, secureCode, { verifySignature: false }),
    )
    expect(parsed).toMatchObject({
      paymentId: '230322000000000001',
      payUrl: 'https://test-secure.oceanpayment.com/gateway/checkout?id=1&t=2',
      orderReference: '20230322B2COW03431',
      amount: { value: '0.01', currency: 'USD' },
    })
    expect(parsed.fields.order_notes).toBe('')
  })

  it('verifies the signature by default', () => {
    expectError(
      parseSendTradeResponse(sendTradeXml, secureCode),
      'SIGNATURE_INVALID',
      /verifySignature/,
    )
    expectError(parseSendTradeResponse(sendTradeXml, secureCode, {}), 'SIGNATURE_INVALID')
    const fields = {
      account: '995149',
      terminal: '99514901',
      order_number: '20230322B2COW03431',
      order_currency: 'USD',
      order_amount: '0.01',
      order_notes: '',
      payment_id: '230322000000000001',
      pay_url: 'https://test-secure.oceanpayment.com/gateway/checkout?id=1&t=2',
      pay_results: '1',
      pay_details: '80000:Transaction Approved',
    }
    const signed = withElement(sendTradeXml, 'signValue', signTradeResponse(fields, secureCode))
    expect(value(parseSendTradeResponse(signed, secureCode)).paymentId).toBe('230322000000000001')
    const redirected = signed.replace(
      'https://test-secure.oceanpayment.com',
      'https://evil.example',
    )
    expectError(parseSendTradeResponse(redirected, secureCode), 'SIGNATURE_INVALID')
  })

  it('reports pay_results other than 1 as GATEWAY_REJECTED with the code', () => {
    const rejected = buildTradeResponseXml(
      { pay_results: '0', order_number: 'A1', pay_details: '20061:Duplicate order: A1' },
      'whatever',
    )
    const parsed = parseSendTradeResponse(rejected, secureCode)
    expectError(parsed, 'GATEWAY_REJECTED', /20061/)
    if (!parsed.ok) {
      expect(parsed.error.gatewayCode).toBe('20061')
      expect(parsed.error.gatewayMessage).toBe('Duplicate order: A1')
    }
    const bare = parseSendTradeResponse('<respon><pay_results>0</pay_results></respon>', secureCode)
    expectError(bare, 'GATEWAY_REJECTED')
    if (!bare.ok) expect(bare.error).not.toHaveProperty('gatewayCode')
  })

  it('is MALFORMED without pay_results, pay_url or a readable amount', () => {
    expectError(
      parseSendTradeResponse('<respon><account>1</account></respon>', secureCode),
      'MALFORMED',
      /pay_results/,
    )
    expectError(
      parseSendTradeResponse(withElement(sendTradeXml, 'pay_url', ''), secureCode, {
        verifySignature: false,
      }),
      'MALFORMED',
      /pay_url/,
    )
    expectError(
      parseSendTradeResponse(withElement(sendTradeXml, 'order_amount', '1,00'), secureCode, {
        verifySignature: false,
      }),
      'MALFORMED',
      /amount/,
    )
  })
})

describe('Oceanpayment parseTradeRequest', () => {
  const credentials: OceanpaymentCredentials = {
    account: '995149',
    terminal: '99514901',
    secureCode,
  }
  const input: TradeInput = {
    orderNumber: 'NO12345678',
    amount: { value: '0.01', currency: 'USD' },
    backUrl: 'https://www.abc.com/back.php',
    billing: {
      firstName: 'test',
      lastName: 'test',
      email: 'test@gmail.com',
      country: 'FR',
      city: 'Paris',
      address: '1 rue de Rivoli',
      zip: '75001',
      ip: '203.0.113.7',
    },
  }

  it('reads what buildSendTradeRequest and buildPayForm produce', () => {
    const request = buildSendTradeRequest(input, credentials)
    const parsed = value(parseTradeRequest(request.body, secureCode))
    expect(parsed.fields).toEqual(request.message)
    expect(parsed.amount).toEqual({ value: '0.01', currency: 'USD' })
    expect(
      value(parseTradeRequest(buildPayForm(input, credentials).fields, secureCode)).fields
        .order_number,
    ).toBe('NO12345678')
  })

  it('rejects a tampered request or another secureCode', () => {
    const request = buildSendTradeRequest(input, credentials)
    expectError(
      parseTradeRequest(request.body.replace('order_amount=0.01', 'order_amount=0.02'), secureCode),
      'SIGNATURE_INVALID',
    )
    expectError(parseTradeRequest(request.body, 'other'), 'SIGNATURE_INVALID')
  })

  it('names a missing or empty required field', () => {
    const fields = buildSendTradeRequest(input, credentials).message
    const { billing_zip: _zip, ...noZip } = fields
    expectError(parseTradeRequest(noZip, secureCode), 'MALFORMED', /billing_zip/)
    expectError(
      parseTradeRequest({ ...fields, order_number: '' }, secureCode),
      'MALFORMED',
      /order_number/,
    )
    const { methods: _methods, ...noMethods } = fields
    expectError(parseTradeRequest(noMethods, secureCode), 'MALFORMED', /methods/)
    expectError(
      parseTradeRequest({ ...fields, order_amount: '0.001' }, secureCode),
      'MALFORMED',
      /order_amount/,
    )
    expectError(
      parseTradeRequest({ ...fields, order_amount: '0' }, secureCode),
      'MALFORMED',
      /order_amount/,
    )
    expectError(
      parseTradeRequest({ ...fields, order_currency: 'usd' }, secureCode),
      'MALFORMED',
      /order_currency/,
    )
  })

  it('checks the embedded variant without backUrl', () => {
    const {
      backUrl: _backUrl,
      signValue: _signValue,
      ...rest
    } = buildSendTradeRequest(input, credentials).message
    const embedded = { ...rest, signValue: signRequest(rest, secureCode, { variant: 'embedded' }) }
    expect(
      value(parseTradeRequest(embedded, secureCode, { variant: 'embedded' })).amount.value,
    ).toBe('0.01')
    expectError(parseTradeRequest(embedded, secureCode), 'MALFORMED', /backUrl/)
  })
})

describe('Oceanpayment round trips (properties)', () => {
  // Text XML 1.0 can carry; values keep their exact characters, spaces included.
  // Carriage returns are left out: XML parsers may normalise line ends.
  const xmlText = fc.string({ unit: 'grapheme' }).filter((text) =>
    [...text].every((character) => {
      const codePoint = character.codePointAt(0) ?? 0
      return (
        codePoint === 0x9 ||
        codePoint === 0xa ||
        (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
        (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
        codePoint >= 0x10000
      )
    }),
  )

  it('buildNoticeXml → parseNotice keeps every value and verifies', () => {
    fc.assert(
      fc.property(xmlText, xmlText, xmlText, fc.string(), (notes, orderNumber, details, code) => {
        // payment_details in the shape a result must have to be read one way (see above).
        const fields = {
          ...result,
          order_notes: notes,
          order_number: orderNumber,
          payment_details: `80000:${details}`,
        }
        const parsed = value(parseNotice(buildNoticeXml(fields, code), code))
        expect(parsed.kind).toBe('transaction')
        if (parsed.kind !== 'transaction') return
        expect(parsed.fields).toMatchObject(fields)
        expect(parsed.update.orderReference).toBe(orderNumber)
      }),
    )
  })

  it('buildReturnFields → parseReturn keeps every value and verifies, as body or fields', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string(),
        fc.string(),
        (notes, risk, code) => {
          const fields = buildReturnFields(
            { ...result, order_notes: notes, payment_risk: risk },
            code,
          )
          expect(value(parseReturn(fields, code)).fields).toEqual(fields)
          expect(value(parseReturn(encodeForm(fields), code)).fields).toEqual(fields)
        },
      ),
    )
  })

  it('buildTradeResponseXml → parseSendTradeResponse verifies', () => {
    fc.assert(
      fc.property(xmlText, xmlText, fc.string(), (orderNumber, payUrl, code) => {
        fc.pre(orderNumber !== '' && payUrl !== '')
        const xml = buildTradeResponseXml(
          {
            account: '995149',
            terminal: '99514901',
            order_number: orderNumber,
            order_currency: 'EUR',
            order_amount: '12.5',
            payment_id: 'P1',
            pay_url: payUrl,
            pay_results: '1',
            pay_details: '80000:Transaction Approved',
          },
          code,
        )
        expect(value(parseSendTradeResponse(xml, code))).toMatchObject({
          paymentId: 'P1',
          payUrl,
          orderReference: orderNumber,
          amount: { value: '12.50', currency: 'EUR' },
        })
      }),
    )
  })
})

describe('Oceanpayment parsers never throw', () => {
  const xmlish = fc
    .array(
      fc.constantFrom(
        '<',
        '>',
        '</',
        '/>',
        'response',
        'respon',
        'payment_status',
        'pay_results',
        'signValue',
        '1',
        '&amp;',
        '&#x41;',
        '&#0;',
        '&#x110000;',
        '&lol;',
        '<!DOCTYPE x [<!ENTITY a "b">]>',
        '<![CDATA[',
        ']]>',
        '<?xml version="1.0"?>',
        '<!--',
        '-->',
        '"',
        '=',
        ' ',
        '\n',
        '__proto__',
        'constructor',
        'a:b',
        '\uFEFF',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''))

  const anyInput = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.dictionary(fc.string(), fc.string()),
    xmlish,
  )

  function isParseResult(parsed: ParseResult<unknown>): boolean {
    if (parsed.ok) return true
    return ['MALFORMED', 'SIGNATURE_INVALID', 'GATEWAY_REJECTED'].includes(parsed.error.code)
  }

  it('returns a ParseResult for any input', () => {
    fc.assert(
      fc.property(anyInput, fc.string(), (input, code) => {
        expect(isParseResult(parseNotice(input as string, code))).toBe(true)
        expect(isParseResult(parseReturn(input as string, code))).toBe(true)
        expect(isParseResult(parseSendTradeResponse(input as string, code))).toBe(true)
        expect(
          isParseResult(parseSendTradeResponse(input as string, code, { verifySignature: false })),
        ).toBe(true)
        expect(isParseResult(parseTradeRequest(input as string, code))).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('never reports success for unsigned input', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const notice = parseNotice(input as string, secureCode)
        if (notice.ok) expect(notice.value.kind).toBe('other')
        expect(parseReturn(input as string, secureCode).ok).toBe(false)
        expect(parseSendTradeResponse(input as string, secureCode).ok).toBe(false)
      }),
      { numRuns: 500 },
    )
  })

  it('survives hostile arguments', () => {
    const hostile = {
      get payment_status(): string {
        throw new Error('boom')
      },
    }
    expectError(parseReturn(hostile as unknown as string, secureCode), 'MALFORMED')
    expectError(parseTradeRequest(hostile as unknown as string, secureCode), 'MALFORMED')
    expect(parseReturn(returnBody, null as unknown as string).ok).toBe(false)
    expect(
      parseNotice(noticeXml, (() => {
        throw new Error('lookup failed')
      }) as never).ok,
    ).toBe(false)
    expect(parseSendTradeResponse(sendTradeXml, secureCode, null as never).ok).toBe(false)
  })
})

describe('Oceanpayment statuses and result codes', () => {
  it('maps payment_status, with a pending pre-authorization as succeeded', () => {
    expect(toPaymentStatus('1')).toBe('succeeded')
    expect(toPaymentStatus('0')).toBe('failed')
    expect(toPaymentStatus('-1')).toBe('processing')
    expect(toPaymentStatus('-1', '1')).toBe('succeeded')
    expect(toPaymentStatus('-1', '3')).toBe('processing')
    expect(toPaymentStatus('0', '1')).toBe('failed')
    for (const unknown of ['', '2', ' 1', '1.0', 'success', '-2']) {
      expect(toPaymentStatus(unknown, '1')).toBe('processing')
    }
  })

  it('splits payment_details on the first colon only', () => {
    expect(parseDetails('80000:Transaction Approved')).toEqual({
      code: '80000',
      description: 'Transaction Approved',
    })
    expect(parseDetails('20061:Duplicate: order A:1')).toEqual({
      code: '20061',
      description: 'Duplicate: order A:1',
    })
    expect(parseDetails('10000')).toEqual({ code: '10000', description: '' })
    expect(parseDetails('Declined')).toEqual({ code: '', description: 'Declined' })
    expect(parseDetails('')).toEqual({ code: '', description: '' })
  })

  it('describes known codes and treats unknown ones as unknown, not as card declines', () => {
    expect(describeResultCode('20061').failure).toBe('duplicate_order')
    expect(describeResultCode('10000').failure).toBe('suspected_fraud')
    expect(describeResultCode('80000').meaning).toMatch(/approved/i)
    expect(describeResultCode('99999').failure).toBe('unknown')
    expect(describeResultCode('toString').failure).toBe('unknown')
  })
})
