import { decodeForm, type Money, oceanpayment } from '@checkout-kit/gateways'
import { HttpResponse, http } from 'msw'
import type { EmulatorContext } from '../emulatorContext.ts'
import type { GatewayEmulation } from '../gatewayEmulation.ts'
import { isHttpUrl } from '../isHttpUrl.ts'
import { type EmulatedPayment, isFinal } from '../model.ts'
import { cashierPage } from '../pages/hostedPages.ts'
import { html, page } from '../pages/html.ts'
import {
  type Rejection,
  type ResultText,
  rejections,
  transactionText,
} from './oceanpaymentCodes.ts'
import { type ReturnForm, refusalPage, returnPage } from './oceanpaymentPages.ts'

// Oceanpayment's hosted checkout as the emulator plays it (shared/gateways/oceanpayment.md):
// sendTrade answers `<respon>` XML with a pay_url, the auto-redirect form lands on the same
// cashier, the browser POSTs the signed result form to backUrl, and the XML notice goes to
// noticeUrl until the merchant answers `receive-ok`. All signing and parsing is the wire library's.

const brand = 'Oceanpayment'

/**
 * [U] How long a created payment waits for the shopper before it closes (payment_status 0,
 * "timed out"). The emulator's `paymentLifetimeMs` wins when it is shorter, so tests can expire
 * payments quickly.
 */
const lifetimeMs = 30 * 60 * 1000

/** [U] 5 attempts in all (docs); the waits between them are not documented. */
const retryDelaysMs = [1, 5, 15, 30].map((minutes) => minutes * 60 * 1000)

type Credentials = oceanpayment.OceanpaymentCredentials

function credentialsFor(context: EmulatorContext, account: string, terminal: string) {
  return context.credentials.oceanpayment.find(
    (candidate) => candidate.account === account && candidate.terminal === terminal,
  )
}

/** The credentials a payment was created with (the terminal picks the secureCode). */
function paymentCredentials(context: EmulatorContext, payment: EmulatedPayment) {
  return credentialsFor(context, payment.account, payment.extra.terminal ?? '')
}

// XML 1.0 cannot carry most control characters or lone surrogates, even escaped; a request holding
// them is refused up front so that its echoes (response, return form, notice) can always be built.
function fitsXml(value: string): boolean {
  for (const character of value) {
    const point = character.codePointAt(0) ?? 0
    const allowed =
      point === 0x9 ||
      point === 0xa ||
      point === 0xd ||
      (point >= 0x20 && point <= 0xd7ff) ||
      (point >= 0xe000 && point <= 0xfffd) ||
      point >= 0x10000
    if (!allowed) return false
  }
  return true
}

/** §3.2: the longest value each length-limited request field takes. */
const maxLengths: Readonly<Record<string, number>> = {
  backUrl: 500,
  noticeUrl: 500,
  methods: 50,
  order_number: 50,
  billing_firstName: 50,
  billing_lastName: 50,
  billing_email: 50,
  billing_phone: 50,
}

const statesRequired = new Set(['US', 'CA'])

type ReceivedTrade =
  | { ok: true; fields: oceanpayment.TradeRequestFields; amount: Money; credentials: Credentials }
  | {
      ok: false
      fields: Record<string, string>
      credentials?: Credentials
      rejection: ResultText
    }

/**
 * Reads a create request the way both entry points take it: credentials by account + terminal,
 * structure and §3.3 signature by the wire parser, then the emulator's own checks.
 */
function receiveTrade(
  context: EmulatorContext,
  body: string,
  { requireIp }: { requireIp: boolean },
): ReceivedTrade {
  const decoded = decodeForm(body)
  const fields = decoded.ok ? decoded.value : {}
  const refuse = (
    rejection: Rejection,
    options: { reason?: string; credentials?: Credentials } = {},
  ): ReceivedTrade => {
    const { code, description } = rejections[rejection]
    return {
      ok: false,
      fields,
      credentials: options.credentials,
      rejection: {
        code,
        description: options.reason ? `${description}: ${options.reason}` : description,
      },
    }
  }
  if (!decoded.ok) return refuse('invalidParameter', { reason: decoded.error.message })
  const credentials = credentialsFor(context, fields.account ?? '', fields.terminal ?? '')
  if (!credentials) return refuse('unknownMerchant')
  const unreadable = Object.entries(fields).find(([, value]) => !fitsXml(value))
  if (unreadable) {
    return refuse('invalidParameter', {
      reason: `${unreadable[0]} holds a character XML cannot carry`,
      credentials,
    })
  }
  const received = oceanpayment.parseTradeRequest(fields, credentials.secureCode)
  if (!received.ok) {
    return received.error.code === 'SIGNATURE_INVALID'
      ? refuse('invalidSignature', { credentials })
      : refuse('invalidParameter', { reason: received.error.message, credentials })
  }
  const trade = received.value.fields
  const tooLong = Object.entries(maxLengths).find(
    ([name, most]) => (fields[name] ?? '').length > most,
  )
  if (tooLong) {
    return refuse('invalidParameter', {
      reason: `${tooLong[0]} is longer than ${tooLong[1]} characters`,
      credentials,
    })
  }
  // §3.2: billing_state is required for US/CA ("etc." [U]: other countries are not named).
  if (statesRequired.has(trade.billing_country) && !fields.billing_state?.trim()) {
    return refuse('invalidParameter', {
      reason: `billing_state is required for billing_country ${trade.billing_country}`,
      credentials,
    })
  }
  if (!isHttpUrl(trade.backUrl)) {
    return refuse('invalidParameter', { reason: 'backUrl is not an http(s) URL', credentials })
  }
  if (trade.noticeUrl !== undefined && trade.noticeUrl !== '' && !isHttpUrl(trade.noticeUrl)) {
    return refuse('invalidParameter', { reason: 'noticeUrl is not an http(s) URL', credentials })
  }
  if (requireIp && !trade.billing_ip) {
    return refuse('invalidParameter', { reason: 'billing_ip is required', credentials })
  }
  if (context.state.findByReference('oceanpayment', trade.account, trade.order_number)) {
    return refuse('duplicateOrder', { credentials })
  }
  return { ok: true, fields: trade, amount: received.value.amount, credentials }
}

function payUrl(context: EmulatorContext, payment: EmulatedPayment): string {
  return `${context.gatewayUrl('oceanpayment')}/cashier/${encodeURIComponent(payment.extra.token ?? '')}`
}

function openPayment(
  context: EmulatorContext,
  { fields, amount }: { fields: oceanpayment.TradeRequestFields; amount: Money },
): EmulatedPayment {
  const payment = context.createPayment({
    gateway: 'oceanpayment',
    flow: 'hosted',
    account: fields.account,
    orderReference: fields.order_number,
    amount,
    returnUrl: fields.backUrl,
    ...(fields.noticeUrl ? { notifyUrl: fields.noticeUrl } : {}),
    extra: {
      token: crypto.randomUUID().replace(/-/g, ''),
      terminal: fields.terminal,
      // Echoed exactly as sent: the merchant verifies results against its own strings.
      order_amount: fields.order_amount,
      order_notes: fields.order_notes ?? '',
      methods: fields.methods,
      // [U] The country of the shopper's IP; the emulator has no IP lookup, so billing's.
      payment_country: fields.billing_country,
    },
  })
  const closesAt =
    Date.parse(payment.createdAt) + Math.min(lifetimeMs, context.options.paymentLifetimeMs)
  payment.expiresAt = new Date(closesAt).toISOString()
  context.expireWhenDue(payment)
  return payment
}

function xmlResponse(xml: string): Response {
  // [U] The docs do not show the header; application/xml is what receivers of XML expect.
  return new HttpResponse(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } })
}

/** The refusal `<respon>`: the request's own values echoed, `pay_results` 0, no pay_url. */
function refusalXml(received: Extract<ReceivedTrade, { ok: false }>): string {
  const { fields, rejection } = received
  const echo = (name: string) => {
    const value = fields[name] ?? ''
    return fitsXml(value) ? value : ''
  }
  // An unknown account leaves nothing to sign with; refusals are not verified by merchants
  // (parseSendTradeResponse reads them unsigned), so an empty secureCode is used.
  return oceanpayment.buildTradeResponseXml(
    {
      account: echo('account'),
      terminal: echo('terminal'),
      order_number: echo('order_number'),
      order_currency: echo('order_currency'),
      order_amount: echo('order_amount'),
      order_notes: echo('order_notes'),
      payment_id: '',
      pay_url: '',
      pay_results: '0',
      pay_details: `${rejection.code}:${rejection.description}`,
    },
    received.credentials?.secureCode ?? '',
  )
}

/** What the browser return and the notice both say about a payment (§3.6, §3.7). */
function resultFields(payment: EmulatedPayment): oceanpayment.ReturnInput {
  const result = transactionText(payment)
  return {
    account: payment.account,
    terminal: payment.extra.terminal ?? '',
    payment_id: payment.id,
    order_number: payment.orderReference,
    order_currency: payment.amount.currency,
    order_amount: payment.extra.order_amount ?? payment.amount.value,
    payment_status: result.status,
    payment_details: result.details,
    order_notes: payment.extra.order_notes ?? '',
    card_number: payment.maskedCard ?? '',
    // [U] The emulator plays a plain sale terminal, even after a 3-D Secure challenge.
    payment_authType: oceanpayment.authTypes.sale,
    payment_risk: '',
    methods: payment.extra.methods ?? '',
    payment_country: payment.extra.payment_country ?? '',
    payment_solutions: result.solutions,
  }
}

const headings: Record<EmulatedPayment['state'], [heading: string, message: string]> = {
  succeeded: ['Payment successful', 'Thank you. Returning you to the shop…'],
  failed: ['Payment failed', 'The payment did not go through. Returning you to the shop…'],
  cancelled: ['Payment cancelled', 'Returning you to the shop…'],
  expired: ['Payment timed out', 'Returning you to the shop…'],
  processing: ['Payment being processed', 'The shop will confirm the result. Returning you…'],
  pending: ['Payment not finished', 'Returning you to the shop…'],
}

/** [U] Card brands as a notice's `card_type` names them, from the masked number's first digit. */
function cardType(maskedCard: string | undefined): string | undefined {
  if (maskedCard?.startsWith('4')) return 'Visa'
  if (maskedCard?.startsWith('5') || maskedCard?.startsWith('2')) return 'MasterCard'
  return undefined
}

/** `push_dateTime` as in the docs' example, `YYYY-MM-DD HH:mm:ss` ([U] UTC). */
function pushDateTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ')
}

export const oceanpaymentEmulation: GatewayEmulation = {
  gateway: 'oceanpayment',
  brand,
  retryDelaysMs,

  acknowledges: ({ status, body }) =>
    status >= 200 && status < 300 && body.trim() === oceanpayment.acknowledgement,

  returnToMerchant(context, payment) {
    const credentials = paymentCredentials(context, payment)
    if (!payment.returnUrl || !credentials) {
      return new HttpResponse('This payment has no backUrl to return to.', {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      })
    }
    const [heading, message] = headings[payment.state]
    return returnPage({
      brand,
      heading,
      message,
      form: {
        action: payment.returnUrl,
        fields: oceanpayment.buildReturnFields(resultFields(payment), credentials.secureCode),
      },
    })
  },

  paymentNotification(context, payment) {
    // [U] Every final state is pushed, cancel and time-out included; processing is not.
    if (!payment.notifyUrl || !isFinal(payment.state)) return undefined
    const credentials = paymentCredentials(context, payment)
    if (!credentials) return undefined
    const fields = resultFields(payment)
    const type = cardType(payment.maskedCard)
    const xml = oceanpayment.buildNoticeXml(
      {
        ...fields,
        push_dateTime: pushDateTime(context.now()),
        ...(type ? { card_type: type } : {}),
        payment_amount: fields.order_amount,
      },
      credentials.secureCode,
    )
    return {
      url: payment.notifyUrl,
      contentType: 'application/xml',
      body: xml,
      subject: `payment ${payment.state}`,
    }
  },

  // [U] Oceanpayment's refund API and refund notices were not researched: no refunds here.
  refundNotification: () => undefined,

  handlers(context) {
    const api = context.gatewayUrl('oceanpayment')

    return [
      http.post(`${api}${oceanpayment.paths.sendTrade}`, async ({ request }) => {
        const received = receiveTrade(context, await request.text(), { requireIp: true })
        if (!received.ok) return xmlResponse(refusalXml(received))
        const payment = openPayment(context, received)
        const { fields, credentials } = received
        return xmlResponse(
          oceanpayment.buildTradeResponseXml(
            {
              account: fields.account,
              terminal: fields.terminal,
              order_number: fields.order_number,
              order_currency: fields.order_currency,
              order_amount: fields.order_amount,
              order_notes: fields.order_notes ?? '',
              payment_id: payment.id,
              pay_url: payUrl(context, payment),
              pay_results: oceanpayment.payResultCodes.created,
              // [U] What a created payment's pay_details says is not documented.
              pay_details: `${oceanpayment.approvedCode}:Transaction Approved`,
            },
            credentials.secureCode,
          ),
        )
      }),

      // The auto-redirect variant: the browser posts the signed form and lands on the cashier.
      http.post(`${api}${oceanpayment.paths.pay}`, async ({ request }) => {
        const received = receiveTrade(context, await request.text(), { requireIp: false })
        if (received.ok) {
          // See other: reloading the cashier must not post the form again (a duplicate order).
          return HttpResponse.redirect(payUrl(context, openPayment(context, received)), 303)
        }
        const { rejection, fields, credentials } = received
        let form: ReturnForm | undefined
        // Only a duplicate is known to come back as a result (the plugins ignore such results):
        // the order was started before (browser back, resubmit), and a duplicate is found only
        // after the signature and the http(s) backUrl were checked.
        if (rejection.code === rejections.duplicateOrder.code && credentials && fields.backUrl) {
          form = {
            action: fields.backUrl,
            fields: oceanpayment.buildReturnFields(
              {
                account: fields.account ?? '',
                terminal: fields.terminal ?? '',
                payment_id: '',
                order_number: fields.order_number ?? '',
                order_currency: fields.order_currency ?? '',
                order_amount: fields.order_amount ?? '',
                payment_status: oceanpayment.paymentStatusCodes.failed,
                payment_details: `${rejection.code}:${rejection.description}`,
                order_notes: fields.order_notes ?? '',
                card_number: '',
                payment_authType: oceanpayment.authTypes.sale,
                payment_risk: '',
                methods: fields.methods ?? '',
                payment_country: '',
                payment_solutions: '',
              },
              credentials.secureCode,
            ),
          }
        }
        return refusalPage({
          brand,
          code: rejection.code,
          description: rejection.description,
          status: rejection.code === rejections.duplicateOrder.code ? 409 : 400,
          form,
        })
      }),

      // pay_url: the shared card page.
      http.get(`${api}/cashier/:token`, ({ params }) => {
        const token = typeof params.token === 'string' ? params.token : ''
        const payment = context.state.find(
          'oceanpayment',
          (candidate) => token !== '' && candidate.extra.token === token,
        )
        if (payment) return cashierPage(context, payment)
        return page({
          title: 'Not found',
          brand,
          status: 404,
          body: html`<main><h1>No such payment</h1><p>This payment link is invalid or was reset.</p></main>`,
        })
      }),
    ]
  },
}
