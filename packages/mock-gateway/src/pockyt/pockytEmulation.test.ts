import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  decodeForm,
  encodeForm,
  type ParseResult,
  pockyt,
  type WireRequest,
} from '@checkout-kit/gateways'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EmulatedPayment } from '../model.ts'
import { pagesUrl } from '../pages/hostedPages.ts'
import { type RunningEmulator, startEmulator } from '../startEmulator.ts'
import { createPockytEmulation, pockytEmulation } from './pockytEmulation.ts'

// Contract tests over real HTTP: requests built and answers read by @checkout-kit/gateways, so the
// merchant-side library and the emulator are proven to agree.

const credentials: pockyt.PockytCredentials = {
  merchantNo: '200043',
  storeNo: '300014',
  token: '5cbfb079f15b150122261c8537086d77a',
}
const otherMerchant: pockyt.PockytCredentials = {
  merchantNo: '200099',
  storeNo: '300099',
  token: 'another-merchant-token',
}

interface Received {
  path: string
  contentType: string
  body: string
}

/** A merchant's server: records what it receives, answers `success` (after `failFirst` 500s). */
interface Merchant {
  url: string
  received: Received[]
  attempts: number
  failFirst: number
  close(): Promise<void>
}

async function startMerchant(): Promise<Merchant> {
  const server = createServer(async (request, response) => {
    let body = ''
    for await (const chunk of request) body += String(chunk)
    merchant.attempts += 1
    if (merchant.failFirst > 0) {
      merchant.failFirst -= 1
      response.writeHead(500, { 'content-type': 'text/plain' }).end('not now')
      return
    }
    merchant.received.push({
      path: request.url ?? '',
      contentType: request.headers['content-type'] ?? '',
      body,
    })
    response.writeHead(200, { 'content-type': 'text/plain' }).end(pockyt.acknowledgement)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  const merchant: Merchant = {
    url: `http://127.0.0.1:${port}`,
    received: [],
    attempts: 0,
    failFirst: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return merchant
}

let emulator: RunningEmulator
let merchant: Merchant
let sequence = 0

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: 0.001,
    credentials: { pockyt: [otherMerchant] },
  })
  merchant = await startMerchant()
})

afterAll(async () => {
  await emulator.close()
  await merchant.close()
})

beforeEach(() => {
  emulator.reset()
  merchant.received.length = 0
  merchant.attempts = 0
  merchant.failFirst = 0
})

const callbackTemplate = () =>
  `${merchant.url}/return?status={status}&amount={amount}&reference={reference}&note={note}` +
  '&transactionNo={transactionNo}&time={time}&verifySign={verifySign}'

async function post(path: string, contentType: string, body: string): Promise<string> {
  const response = await fetch(`${emulator.url}/pockyt${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
  // Pockyt answers business errors with HTTP 200 too.
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('application/json')
  return response.text()
}

function send(request: WireRequest<unknown>): Promise<string> {
  return post(request.path, request.contentType, request.body)
}

/** A form signed by hand, for requests the builders refuse to produce. */
function signedForm(fields: Record<string, string>, account = credentials): string {
  return encodeForm({ ...fields, verifySign: pockyt.sign(fields, account.token) })
}

/**
 * A secure-pay form as a merchant would hand-build it, for the checks the package's builders
 * never fail: a wallet payment of 10.00 USD unless `overrides` say otherwise.
 */
function securePayFields(
  reference: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    merchantNo: credentials.merchantNo,
    storeNo: credentials.storeNo,
    amount: '10.00',
    currency: 'USD',
    settleCurrency: 'USD',
    vendor: 'alipay',
    terminal: 'ONLINE',
    reference,
    callbackUrl: callbackTemplate(),
    ...overrides,
  }
}

/** The ret_code the emulator at `url` answers a secure-pay of `fields`, signed. */
async function securePayCode(
  url: string,
  fields: Record<string, string>,
): Promise<string | undefined> {
  const response = await fetch(`${url}/pockyt${pockyt.paths.securePay}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: signedForm(fields),
  })
  return (JSON.parse(await response.text()) as Record<string, string>).ret_code
}

function securePayInput(overrides: Partial<pockyt.SecurePayInput> = {}): pockyt.SecurePayInput {
  sequence += 1
  return {
    amount: { value: '10.00', currency: 'USD' },
    vendor: 'creditcard',
    terminal: 'ONLINE',
    reference: `ORDER-${sequence}`,
    ipnUrl: `${merchant.url}/ipn`,
    callbackUrl: callbackTemplate(),
    note: 'gift wrap',
    ...overrides,
  }
}

async function securePay(
  overrides: Partial<pockyt.SecurePayInput> = {},
  options: pockyt.BuildOptions = {},
  account = credentials,
): Promise<ParseResult<pockyt.SecurePayCheckout>> {
  const request = pockyt.buildSecurePayRequest(securePayInput(overrides), account, options)
  return pockyt.parseSecurePayResponse(await send(request))
}

async function checkout(
  overrides: Partial<pockyt.SecurePayInput> = {},
  options: pockyt.BuildOptions = {},
): Promise<pockyt.SecurePayCheckout> {
  const result = await securePay(overrides, options)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function paymentOf(transactionNo: string): EmulatedPayment {
  const payment = emulator.state.payments.get(transactionNo)
  if (!payment) throw new Error(`No payment ${transactionNo}`)
  return payment
}

function payByCard(transactionNo: string, cardNumber = '4111111111111111'): Promise<Response> {
  return fetch(pagesUrl(emulator.context, paymentOf(transactionNo), 'pay'), {
    method: 'POST',
    body: new URLSearchParams({
      cardNumber,
      expiry: '12/30',
      securityCode: '123',
      cardholderName: 'Ada Lovelace',
    }),
    redirect: 'manual',
  })
}

/** The browser return's query, after checking it is a 303 to the merchant's callbackUrl. */
function callbackQuery(response: Response): URLSearchParams {
  expect(response.status).toBe(303)
  const location = new URL(response.headers.get('location') ?? '')
  expect(`${location.origin}${location.pathname}`).toBe(`${merchant.url}/return`)
  return location.searchParams
}

async function tranQuery(input: pockyt.TranQueryInput, options: pockyt.BuildOptions = {}) {
  return pockyt.parseTranQueryResponse(
    await send(pockyt.buildTranQueryRequest(input, credentials, options)),
  )
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The IPN about one payment: earlier tests' late deliveries never match. */
function ipnAt(path: string, transactionNo: string): Promise<Received> {
  return waitFor(
    () =>
      merchant.received.find((received) => {
        const fields = decodeForm(received.body)
        return received.path === path && fields.ok && fields.value.transactionNo === transactionNo
      }),
    `an IPN at ${path} for ${transactionNo}`,
  )
}

function rejection<T>(result: ParseResult<T>) {
  if (result.ok) throw new Error('Expected a rejection')
  return result.error
}

describe('customers/create', () => {
  it('registers a customer whose customerNo secure-pay then accepts', async () => {
    const request = pockyt.buildCustomerCreateRequest(
      {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        countryCode: 'US',
        state: 'CA',
        customerCode: 'C-1',
      },
      credentials,
    )
    const body = await send(request)
    const customer = pockyt.parseCustomerCreateResponse(body)
    if (!customer.ok) throw new Error(customer.error.message)
    const { customerNo } = customer.value
    expect(customerNo).toMatch(/^\d+$/)
    const raw = JSON.parse(body) as Record<string, Record<string, unknown>>
    expect(raw.result).toMatchObject({ customerNo, customerCode: 'C-1', email: 'ada@example.com' })
    expect(raw.customerInfo).toEqual(raw.result)
    expect(emulator.state.customers.get(customerNo)).toMatchObject({
      merchantNo: '200043',
      email: 'ada@example.com',
    })

    const paid = await checkout({ customerNo })
    expect(paymentOf(paid.transactionNo).extra.customerNo).toBe(customerNo)
  })

  it('refuses a customerNo that is unknown or belongs to another merchant', async () => {
    expect(rejection(await securePay({ customerNo: '12345' })).gatewayCode).toBe('000021')
    const request = pockyt.buildCustomerCreateRequest(
      { firstName: 'Bo', lastName: 'Li', email: 'bo@example.com', countryCode: 'HK' },
      otherMerchant,
    )
    const theirs = pockyt.parseCustomerCreateResponse(await send(request))
    if (!theirs.ok) throw new Error(theirs.error.message)
    const refused = rejection(await securePay({ customerNo: theirs.value.customerNo }))
    expect(refused.gatewayCode).toBe('000021')
  })
})

describe('secure-pay and the cashier', () => {
  it('takes a card payment: cashier, callback, IPN, tran-query', async () => {
    const paid = await checkout()
    expect(paid.amount).toEqual({ value: '10.00', currency: 'USD' })
    expect(paid.cashierUrl.startsWith(`${emulator.url}/pockyt/`)).toBe(true)
    const before = await tranQuery({ transactionNo: paid.transactionNo })
    expect(before.ok && before.value.gatewayStatus).toBe('init')

    const cashier = await fetch(paid.cashierUrl)
    expect(cashier.status).toBe(200)
    expect(cashier.headers.get('content-type')).toContain('text/html')
    const page = await cashier.text()
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
      expect(page).toContain(label)
    }
    expect(page).toContain(pagesUrl(emulator.context, paymentOf(paid.transactionNo), 'pay'))

    const query = callbackQuery(await payByCard(paid.transactionNo))
    expect(query.get('status')).toBe('success')
    expect(query.get('amount')).toBe('10.00')
    expect(query.get('reference')).toBe(paid.reference)
    expect(query.get('note')).toBe('gift wrap')
    expect(query.get('transactionNo')).toBe(paid.transactionNo)
    const time = query.get('time') ?? ''
    expect(time).toMatch(/^\d{14}$/)
    const macros = ['status', 'amount', 'reference', 'note', 'transactionNo', 'time']
    const returned = Object.fromEntries(macros.map((name) => [name, query.get(name) ?? '']))
    expect(query.get('verifySign')).toBe(pockyt.sign(returned, credentials.token))
    const hints = pockyt.parseCallbackReturn(Object.fromEntries(query))
    expect(hints.ok && hints.value.status).toBe('succeeded')

    const ipn = await ipnAt('/ipn', paid.transactionNo)
    expect(ipn.contentType).toBe('application/x-www-form-urlencoded')
    const parsed = pockyt.parseIpn(ipn.body, credentials.token)
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(parsed.value.update).toMatchObject({
      status: 'succeeded',
      gatewayStatus: 'success',
      orderReference: paid.reference,
      gatewayTransactionId: paid.transactionNo,
      amount: { value: '10.00', currency: 'USD' },
    })
    expect(parsed.value.fields).toMatchObject({ settleCurrency: 'USD', note: 'gift wrap' })
    expect(parsed.value.fields.time).toMatch(/^\d{14}$/)
    expect(pockyt.parseIpn(ipn.body, otherMerchant.token).ok).toBe(false)

    const after = await tranQuery({ transactionNo: paid.transactionNo })
    expect(after.ok && after.value.status).toBe('succeeded')
    await waitFor(
      () => (emulator.state.deliveries[0]?.state === 'delivered' ? true : undefined),
      'the delivery to be acknowledged',
    )

    const payment = paymentOf(paid.transactionNo)
    expect(payment.maskedCard).toBe('411111***1111')
    expect(JSON.stringify(payment)).not.toContain('4111111111111111')
    expect((await fetch(paid.cashierUrl)).status).toBe(409)
  })

  it('fails a declined card and notifies fail', async () => {
    const paid = await checkout()
    const query = callbackQuery(await payByCard(paid.transactionNo, '4000000000000002'))
    expect(query.get('status')).toBe('fail')
    const ipn = pockyt.parseIpn((await ipnAt('/ipn', paid.transactionNo)).body, credentials.token)
    expect(ipn.ok && ipn.value.update.status).toBe('failed')
    expect(ipn.ok && ipn.value.fields.status).toBe('fail')
    const queried = await tranQuery({ reference: paid.reference })
    expect(queried.ok && queried.value.gatewayStatus).toBe('fail')
  })

  it('closes the payment when the shopper cancels', async () => {
    const paid = await checkout()
    const response = await fetch(
      pagesUrl(emulator.context, paymentOf(paid.transactionNo), 'cancel'),
      {
        method: 'POST',
        redirect: 'manual',
      },
    )
    expect(callbackQuery(response).get('status')).toBe('closed')
    const ipn = pockyt.parseIpn((await ipnAt('/ipn', paid.transactionNo)).body, credentials.token)
    expect(ipn.ok && ipn.value.fields.status).toBe('closed')
    const queried = await tranQuery({ transactionNo: paid.transactionNo })
    expect(queried.ok && queried.value.gatewayStatus).toBe('closed')
    // Nothing to pay any more.
    expect((await payByCard(paid.transactionNo)).status).toBe(409)
  })

  it('can return `init` on cancel instead, as an option', async () => {
    const paid = await checkout()
    const payment = paymentOf(paid.transactionNo)
    const emulation = createPockytEmulation({ cancelledReturnStatus: 'init' })
    const response = emulation.returnToMerchant(emulator.context, payment, 'cancelled')
    expect(callbackQuery(response).get('status')).toBe('init')
  })

  it('takes its [U] options from startEmulator, as a merchant running it would set them', async () => {
    const adjusted = await startEmulator({
      timeScale: 0.001,
      pockyt: { cancelledReturnStatus: 'init', emptyValues: 'skip', notifyClosed: false },
    })
    try {
      const request = pockyt.buildSecurePayRequest(securePayInput({ note: '' }), credentials)
      const response = await fetch(`${adjusted.url}/pockyt${request.path}`, {
        method: 'POST',
        headers: { 'content-type': request.contentType },
        body: request.body,
      })
      const paid = pockyt.parseSecurePayResponse(await response.text())
      if (!paid.ok) throw new Error(paid.error.message)
      const payment = adjusted.state.payments.get(paid.value.transactionNo)
      if (!payment) throw new Error('payment not stored')
      const cancelled = await fetch(pagesUrl(adjusted.context, payment, 'cancel'), {
        method: 'POST',
        redirect: 'manual',
      })
      const returned = callbackQuery(cancelled)
      expect(returned.get('status')).toBe('init')
      // The cancelled payment has no IPN at all: not even a delivery to drop.
      expect(adjusted.state.deliveries).toEqual([])
      // The empty `{note}` macro is left out of the callback's signature...
      const macros = ['status', 'amount', 'reference', 'note', 'transactionNo', 'time']
      const signed = Object.fromEntries(macros.map((name) => [name, returned.get(name) ?? '']))
      expect(signed.note).toBe('')
      expect(returned.get('verifySign')).toBe(
        pockyt.sign(signed, credentials.token, { emptyValues: 'skip' }),
      )
      // ...and a request signed without its empty field is taken.
      sequence += 1
      const fields = {
        merchantNo: credentials.merchantNo,
        storeNo: credentials.storeNo,
        amount: '10.00',
        currency: 'USD',
        settleCurrency: 'USD',
        vendor: 'creditcard',
        creditType: 'normal',
        terminal: 'ONLINE',
        reference: `ORDER-SKIP-${sequence}`,
        ipnUrl: `${merchant.url}/ipn`,
        callbackUrl: callbackTemplate(),
        note: '',
      }
      const skipping = await fetch(`${adjusted.url}/pockyt${pockyt.paths.securePay}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeForm({
          ...fields,
          verifySign: pockyt.sign(fields, credentials.token, { emptyValues: 'skip' }),
        }),
      })
      expect(pockyt.parseSecurePayResponse(await skipping.text()).ok).toBe(true)
    } finally {
      await adjusted.close()
    }
  })

  it('answers pending for a processing card, then notifies success', async () => {
    const paid = await checkout()
    const query = callbackQuery(await payByCard(paid.transactionNo, '4000000000000259'))
    expect(query.get('status')).toBe('pending')
    const ipn = pockyt.parseIpn((await ipnAt('/ipn', paid.transactionNo)).body, credentials.token)
    expect(ipn.ok && ipn.value.update.status).toBe('succeeded')
  })

  it('sends the shopper of a wallet vendor through the wallet page', async () => {
    const paid = await checkout({ vendor: 'alipay', amount: { value: '88.00', currency: 'CNY' } })
    const cashier = await fetch(paid.cashierUrl, { redirect: 'manual' })
    const wallet = pagesUrl(emulator.context, paymentOf(paid.transactionNo), 'wallet')
    expect(cashier.headers.get('location')).toBe(wallet)
    const confirmed = await fetch(wallet, {
      method: 'POST',
      body: new URLSearchParams({ decision: 'confirm' }),
      redirect: 'manual',
    })
    const query = callbackQuery(confirmed)
    expect(query.get('status')).toBe('success')
    expect(query.get('amount')).toBe('88.00')
  })

  it('accepts JSON bodies as well as forms', async () => {
    const request = pockyt.buildSecurePayRequest(securePayInput(), credentials, {
      encoding: 'json',
    })
    expect(request.contentType).toBe('application/json')
    const paid = pockyt.parseSecurePayResponse(await send(request))
    if (!paid.ok) throw new Error(paid.error.message)
    const queried = await tranQuery({ reference: paid.value.reference }, { encoding: 'json' })
    expect(queried.ok && queried.value.gatewayTransactionId).toBe(paid.value.transactionNo)
  })

  it('serves secure-pay on its aliases', async () => {
    for (const path of pockyt.paths.securePayAliases) {
      const paid = await securePay({}, { path })
      expect(paid.ok).toBe(true)
    }
    expect(emulator.state.payments.size).toBe(pockyt.paths.securePayAliases.length)
  })

  it('rejects a reference the merchant used before, but not another merchant', async () => {
    const first = await checkout({ reference: 'ORDER-DUP' })
    const again = rejection(await securePay({ reference: 'ORDER-DUP' }))
    expect(again.code).toBe('GATEWAY_REJECTED')
    expect(again.gatewayCode).toBe('000023')
    const theirs = await securePay({ reference: 'ORDER-DUP' }, {}, otherMerchant)
    expect(theirs.ok && theirs.value.transactionNo).not.toBe(first.transactionNo)
  })

  it('sets the expiry from `timeout` and notifies closed when it passes', async () => {
    const started = Date.now()
    const paid = await checkout({ timeoutMinutes: 5 })
    const expiresAt = Date.parse(paymentOf(paid.transactionNo).expiresAt)
    expect(expiresAt - started).toBeGreaterThanOrEqual(5 * 60_000 - 1000)
    expect(expiresAt - started).toBeLessThanOrEqual(5 * 60_000 + 1000)
    const lasting = await checkout()
    const defaultExpiry = Date.parse(paymentOf(lasting.transactionNo).expiresAt) - started
    expect(Math.round(defaultExpiry / 60_000)).toBe(120)

    const expired = await fetch(
      `${emulator.url}/__emulator/payments/${paid.transactionNo}/expire`,
      {
        method: 'POST',
      },
    )
    expect(expired.status).toBe(200)
    const ipn = pockyt.parseIpn((await ipnAt('/ipn', paid.transactionNo)).body, credentials.token)
    expect(ipn.ok && ipn.value.update.status).toBe('expired')
  })
})

describe('request checks', () => {
  it('answers a wrong, missing or foreign verifySign as Pockyt does', async () => {
    const request = pockyt.buildSecurePayRequest(securePayInput(), credentials)
    const tampered = request.body.replace('amount=10.00', 'amount=1.00')
    expect(tampered).not.toBe(request.body)
    const unsigned = request.body.replace(/&?verifySign=[0-9a-f]+/, '')
    const foreign = pockyt.buildSecurePayRequest(securePayInput(), {
      ...credentials,
      token: 'not-the-token',
    }).body
    const unknownAccount = pockyt.buildSecurePayRequest(securePayInput(), {
      ...credentials,
      merchantNo: '999999',
    }).body
    // The merchant's own token, but a store the account does not have: the account is the pair.
    const otherStore = pockyt.buildSecurePayRequest(securePayInput(), {
      ...credentials,
      storeNo: otherMerchant.storeNo,
    }).body
    for (const body of [tampered, unsigned, foreign, unknownAccount, otherStore]) {
      const answer = await post(request.path, request.contentType, body)
      expect(JSON.parse(answer)).toEqual({ ret_code: '000000', retMsg: 'data error : verifySign' })
      const parsed = rejection(pockyt.parseSecurePayResponse(answer))
      expect(parsed).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '000000' })
    }
    expect(emulator.state.payments.size).toBe(0)

    const query = pockyt.buildTranQueryRequest({ reference: 'ORDER-1' }, credentials, {
      encoding: 'json',
    })
    const badQuery = query.body.replace('ORDER-1', 'ORDER-2')
    const answer = await post(query.path, query.contentType, badQuery)
    expect(JSON.parse(answer)).toEqual({ ret_code: '000000', retMsg: 'data error : verifySign' })
  })

  it('answers 000020 for a missing parameter and 000023 for a bad value', async () => {
    const path = pockyt.paths.securePay
    const form = 'application/x-www-form-urlencoded'
    const fields: Record<string, string> = {
      merchantNo: credentials.merchantNo,
      storeNo: credentials.storeNo,
      amount: '10.00',
      currency: 'USD',
      settleCurrency: 'USD',
      vendor: 'creditcard',
      creditType: 'normal',
      terminal: 'ONLINE',
      reference: 'ORDER-CHECKS',
      callbackUrl: callbackTemplate(),
    }
    const { callbackUrl: _left, ...withoutCallback } = fields
    const cases: [Record<string, string>, string][] = [
      [withoutCallback, '000020'],
      [{ ...fields, amount: '0.00' }, '000023'],
      [{ ...fields, amount: 'ten' }, '000023'],
      [{ ...fields, currency: 'EUR' }, '000023'],
      [{ ...fields, vendor: 'bitcoin' }, '000023'],
      [{ ...fields, terminal: 'KIOSK' }, '000023'],
      [{ ...fields, timeout: 'soon' }, '000023'],
      [{ ...fields, terminal: 'WAP' }, '000020'],
      [{ ...fields, terminal: 'WAP', osType: 'WINDOWS' }, '000023'],
      [{ ...fields, terminal: 'WAP', osType: 'ios' }, '000023'],
      [{ ...fields, vendor: 'applepay' }, '000023'],
    ]
    for (const [sent, code] of cases) {
      const answer = JSON.parse(await post(path, form, signedForm(sent))) as Record<string, string>
      expect({ sent, code: answer.ret_code }).toEqual({ sent, code })
      expect(answer.ret_msg).toBeTruthy()
    }
    const anonymous = await post(path, form, 'amount=10.00')
    expect(JSON.parse(anonymous)).toMatchObject({ ret_code: '000020' })
    expect(emulator.state.payments.size).toBe(0)
    // The same fields, complete, are accepted: the cases above failed for their one change.
    const accepted = pockyt.parseSecurePayResponse(await post(path, form, signedForm(fields)))
    expect(accepted.ok).toBe(true)
    expect((await securePay({ terminal: 'WAP', osType: 'ANDROID' })).ok).toBe(true)
  })
})

describe('secure-pay settlement', () => {
  it('settles in USD, or GBP for a GBP or CNY amount, and refuses any other settleCurrency with 000023', async () => {
    // pockyt.md §2.5: settleCurrency is `USD`; `GBP` when currency GBP; CNY may settle USD or GBP.
    const fields = (currency: string, settleCurrency: string) =>
      securePayFields(`SETTLE-${currency}-${settleCurrency}`, { currency, settleCurrency })
    const cases: [currency: string, settleCurrency: string, code: string][] = [
      ['USD', 'USD', '000100'],
      ['CNY', 'USD', '000100'],
      ['CNY', 'GBP', '000100'],
      ['GBP', 'GBP', '000100'],
      ['USD', 'EUR', '000023'],
      ['HKD', 'HKD', '000023'],
      ['USD', 'GBP', '000023'],
    ]
    for (const [currency, settleCurrency, code] of cases) {
      const answer = await securePayCode(emulator.url, fields(currency, settleCurrency))
      expect({ currency, settleCurrency, code: answer }).toEqual({
        currency,
        settleCurrency,
        code,
      })
    }
  })
})

describe('secure-pay creditType', () => {
  it('requires a creditType for vendor creditcard (000020) from the documented [U] enum (000023), adjustable', async () => {
    // pockyt.md §2.5: creditType is C (vendor creditcard); normal/recurring/CIT/hosted [U].
    const fields = (reference: string, extra: Record<string, string>) =>
      securePayFields(reference, { vendor: 'creditcard', ...extra })
    expect(await securePayCode(emulator.url, fields('CT-1', {}))).toBe('000020')
    expect(await securePayCode(emulator.url, fields('CT-2', { creditType: 'bogus' }))).toBe(
      '000023',
    )
    for (const creditType of ['normal', 'recurring', 'CIT', 'hosted']) {
      expect(await securePayCode(emulator.url, fields(`CT-${creditType}`, { creditType }))).toBe(
        '000100',
      )
    }
    // A wallet has no creditType.
    expect(await securePayCode(emulator.url, fields('CT-W', { vendor: 'alipay' }))).toBe('000100')
    const narrowed = await startEmulator({ timeScale: 0.001, pockyt: { creditTypes: ['normal'] } })
    try {
      expect(await securePayCode(narrowed.url, fields('CT-N1', { creditType: 'hosted' }))).toBe(
        '000023',
      )
      expect(await securePayCode(narrowed.url, fields('CT-N2', { creditType: 'normal' }))).toBe(
        '000100',
      )
    } finally {
      await narrowed.close()
    }
  })
})

describe('secure-pay ipnUrl', () => {
  it('takes a secure-pay without ipnUrl by default, and refuses it with 000020 as a [U] option', async () => {
    // pockyt.md §2.5: ipnUrl is "M (SDK) / optional (docs)".
    const fields = (reference: string) => securePayFields(reference)
    expect(await securePayCode(emulator.url, fields('IPN-1'))).toBe('000100')
    const strict = await startEmulator({ timeScale: 0.001, pockyt: { ipnUrlRequired: true } })
    try {
      expect(await securePayCode(strict.url, fields('IPN-2'))).toBe('000020')
      const withIpn = { ...fields('IPN-3'), ipnUrl: `${merchant.url}/ipn` }
      expect(await securePayCode(strict.url, withIpn)).toBe('000100')
    } finally {
      await strict.close()
    }
  })
})

describe('URLs the emulator sends the shopper or the IPN to', () => {
  it('refuses a callbackUrl or ipnUrl that is not http(s) with 000023, so no return goes there', async () => {
    const refusals: [Partial<pockyt.SecurePayInput>, string][] = [
      [{ callbackUrl: 'javascript:alert(document.domain)' }, 'callbackUrl'],
      [{ callbackUrl: 'JavaScript:alert(1)//?status={status}' }, 'callbackUrl'],
      [{ callbackUrl: '/return?status={status}' }, 'callbackUrl'],
      // fetch reads a data: URL as a 200 `success`: the IPN would count as acknowledged.
      [{ ipnUrl: 'data:text/plain,success' }, 'ipnUrl'],
    ]
    for (const [overrides, field] of refusals) {
      const refused = rejection(await securePay(overrides))
      expect({ overrides, code: refused.gatewayCode, message: refused.gatewayMessage }).toEqual({
        overrides,
        code: '000023',
        message: `${field} is not an http(s) URL`,
      })
    }
    // No payment: no cashier whose return redirects the shopper to `javascript:…//success`.
    expect(emulator.state.payments.size).toBe(0)
  })

  it('refuses a refund whose ipnUrl is not http(s) with 000023, refunding nothing', async () => {
    const paid = await checkout()
    callbackQuery(await payByCard(paid.transactionNo))
    const request = pockyt.buildRefundRequest(
      {
        refundAmount: { value: '1.00', currency: 'USD' },
        transactionNo: paid.transactionNo,
        ipnUrl: 'javascript:alert(1)',
      },
      credentials,
    )
    const refused = rejection(pockyt.parseRefundResponse(await send(request)))
    expect(refused).toMatchObject({
      gatewayCode: '000023',
      gatewayMessage: 'ipnUrl is not an http(s) URL',
    })
    expect(paymentOf(paid.transactionNo).refunds).toHaveLength(0)
  })
})

describe('tran-query', () => {
  it('finds a payment by reference and by transactionNo, on its own account only', async () => {
    const paid = await checkout()
    const byReference = await tranQuery({ reference: paid.reference })
    const byNumber = await tranQuery({ transactionNo: paid.transactionNo })
    for (const result of [byReference, byNumber]) {
      if (!result.ok) throw new Error(result.error.message)
      expect(result.value).toMatchObject({
        orderReference: paid.reference,
        gatewayTransactionId: paid.transactionNo,
        gatewayStatus: 'init',
        amount: { value: '10.00', currency: 'USD' },
      })
    }
    const unknown = rejection(await tranQuery({ transactionNo: '1234567890' }))
    expect(unknown).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '000021' })
    expect(rejection(await tranQuery({ reference: 'NO-SUCH-ORDER' })).gatewayCode).toBe('000021')
    const foreign = pockyt.buildTranQueryRequest(
      { transactionNo: paid.transactionNo },
      otherMerchant,
    )
    const theirs = rejection(pockyt.parseTranQueryResponse(await send(foreign)))
    expect(theirs.gatewayCode).toBe('000021')
  })
})

describe('refund', () => {
  async function paidPayment() {
    const paid = await checkout()
    callbackQuery(await payByCard(paid.transactionNo))
    await ipnAt('/ipn', paid.transactionNo)
    return paid
  }

  it('refunds partially, refuses more than paid, and notifies each refund', async () => {
    const paid = await paidPayment()
    const request = pockyt.buildRefundRequest(
      {
        refundAmount: { value: '4.00', currency: 'USD' },
        transactionNo: paid.transactionNo,
        refundReference: 'RF-1',
        ipnUrl: `${merchant.url}/refund-ipn`,
      },
      credentials,
    )
    const refund = pockyt.parseRefundResponse(await send(request))
    if (!refund.ok) throw new Error(refund.error.message)
    expect(refund.value).toMatchObject({
      orderReference: paid.reference,
      refundReference: 'RF-1',
      status: 'processing',
      gatewayStatus: 'pending',
      amount: { value: '4.00', currency: 'USD' },
    })
    expect(refund.value.gatewayRefundId).toMatch(/^\d+$/)

    const notified = await ipnAt('/refund-ipn', paid.transactionNo)
    expect(notified.contentType).toBe('application/x-www-form-urlencoded')
    const ipn = pockyt.parseIpn(notified.body, credentials.token)
    if (!ipn.ok) throw new Error(ipn.error.message)
    expect(ipn.value.fields).toMatchObject({
      transactionType: 'refund',
      transactionNo: paid.transactionNo,
      refundTransactionNo: refund.value.gatewayRefundId,
      refundReference: 'RF-1',
      refundAmount: '4.00',
      status: 'success',
    })

    // The rest, the legacy way: `amount` instead of `refundAmount`, by reference, no ipnUrl.
    const legacy = signedForm({
      merchantNo: credentials.merchantNo,
      storeNo: credentials.storeNo,
      amount: '6.00',
      currency: 'USD',
      settleCurrency: 'USD',
      reference: paid.reference,
    })
    const rest = pockyt.parseRefundResponse(
      await post(pockyt.paths.refund, 'application/x-www-form-urlencoded', legacy),
    )
    expect(rest.ok && rest.value.amount).toEqual({ value: '6.00', currency: 'USD' })
    expect(rest.ok && rest.value.refundReference).toBeUndefined()

    const tooMuch = pockyt.buildRefundRequest(
      { refundAmount: { value: '0.01', currency: 'USD' }, transactionNo: paid.transactionNo },
      credentials,
    )
    const refused = rejection(pockyt.parseRefundResponse(await send(tooMuch)))
    expect(refused).toMatchObject({ code: 'GATEWAY_REJECTED', gatewayCode: '000040' })

    await waitFor(
      () =>
        paymentOf(paid.transactionNo).refunds.every((each) => each.state === 'succeeded')
          ? true
          : undefined,
      'both refunds to succeed',
    )
    const queried = JSON.parse(
      await send(pockyt.buildTranQueryRequest({ transactionNo: paid.transactionNo }, credentials)),
    ) as { result: { status: string; refundInfo: { refundAmount: string; status: string }[] } }
    expect(queried.result.status).toBe('success')
    expect(queried.result.refundInfo).toMatchObject([
      { refundAmount: '4.00', status: 'success', refundReference: 'RF-1' },
      { refundAmount: '6.00', status: 'success' },
    ])
    // Only the refund that named an ipnUrl was notified.
    expect(merchant.received.filter((received) => received.path === '/refund-ipn')).toHaveLength(1)
  })

  it('answers a repeated refundReference with the same refund', async () => {
    const paid = await paidPayment()
    const input = {
      refundAmount: { value: '3.00', currency: 'USD' },
      reference: paid.reference,
      refundReference: 'RF-SAME',
    }
    const first = pockyt.parseRefundResponse(
      await send(pockyt.buildRefundRequest(input, credentials, { encoding: 'json' })),
    )
    const second = pockyt.parseRefundResponse(
      await send(pockyt.buildRefundRequest(input, credentials)),
    )
    expect(first.ok && second.ok).toBe(true)
    expect(second.ok && second.value.gatewayRefundId).toBe(first.ok && first.value.gatewayRefundId)
    expect(paymentOf(paid.transactionNo).refunds).toHaveLength(1)
  })

  it('refuses refunds of unknown or unpaid payments and in another currency', async () => {
    const refund = (target: { transactionNo?: string; reference?: string }, currency = 'USD') =>
      pockyt.buildRefundRequest(
        { refundAmount: { value: '1.00', currency }, ...target },
        credentials,
      )
    const unknown = rejection(
      pockyt.parseRefundResponse(await send(refund({ transactionNo: '1234567890' }))),
    )
    expect(unknown.gatewayCode).toBe('000021')

    const unpaid = await checkout()
    const notYet = rejection(
      pockyt.parseRefundResponse(await send(refund({ transactionNo: unpaid.transactionNo }))),
    )
    expect(notYet.gatewayCode).toBe('000040')

    const paid = await paidPayment()
    const otherCurrency = rejection(
      pockyt.parseRefundResponse(await send(refund({ reference: paid.reference }, 'HKD'))),
    )
    expect(otherCurrency.gatewayCode).toBe('000022')
    expect(paymentOf(paid.transactionNo).refunds).toHaveLength(0)
  })
})

describe('IPN delivery', () => {
  it('re-sends the IPN until the merchant answers success', async () => {
    merchant.failFirst = 2
    const paid = await checkout()
    callbackQuery(await payByCard(paid.transactionNo))
    const ipn = await ipnAt('/ipn', paid.transactionNo)
    expect(pockyt.parseIpn(ipn.body, credentials.token).ok).toBe(true)
    expect(merchant.attempts).toBe(3)
    const delivery = await waitFor(
      () =>
        emulator.state.deliveries.find(
          (each) => each.paymentId === paid.transactionNo && each.state === 'delivered',
        ),
      'the delivery to be acknowledged',
    )
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200])
  })

  it('drops only the IPN about the reference a scoped notification mode names', async () => {
    const lost = await checkout()
    const kept = await checkout()
    const scoped = await fetch(`${emulator.url}/__emulator/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'drop', orderReference: lost.reference }),
    })
    expect(scoped.status).toBe(200)
    // The other payment is notified first: a drop that ignored the reference would take its IPN.
    callbackQuery(await payByCard(kept.transactionNo))
    callbackQuery(await payByCard(lost.transactionNo))

    const ipn = pockyt.parseIpn((await ipnAt('/ipn', kept.transactionNo)).body, credentials.token)
    expect(ipn.ok && ipn.value.update.orderReference).toBe(kept.reference)
    expect(
      emulator.state.deliveries
        .filter((delivery) => delivery.paymentId === lost.transactionNo)
        .map((delivery) => delivery.state),
    ).toEqual(['dropped'])
    expect(merchant.received.filter((received) => received.body.includes(lost.reference))).toEqual(
      [],
    )
  })

  it('takes only an exact `success` with a 2xx status as acknowledgement', () => {
    const { acknowledges } = pockytEmulation
    expect(acknowledges({ status: 200, body: 'success' })).toBe(true)
    expect(acknowledges({ status: 204, body: ' success\n' })).toBe(true)
    expect(acknowledges({ status: 200, body: 'SUCCESS' })).toBe(false)
    expect(acknowledges({ status: 200, body: 'ok' })).toBe(false)
    expect(acknowledges({ status: 500, body: 'success' })).toBe(false)
  })

  it('re-sends up to 8 times within 2 hours', () => {
    const delays = pockytEmulation.retryDelaysMs
    expect(delays).toHaveLength(8)
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeLessThanOrEqual(2 * 60 * 60 * 1000)
  })
})
