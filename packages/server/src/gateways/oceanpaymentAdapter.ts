import type { CheckoutFlow, NextAction } from '@checkout-kit/core'
import { failure, oceanpayment, sameMoney } from '@checkout-kit/gateways'
import { callGateway, type GatewayTransport } from './callGateway.ts'
import {
  type GatewayAdapter,
  gatewayRefusal,
  type NotificationReading,
  orderDetailsRefused,
  type StartInput,
  type StartResult,
  untrustedAnswer,
} from './gatewayAdapter.ts'

export interface OceanpaymentOptions extends oceanpayment.OceanpaymentCredentials {
  /** `oceanpayment.baseUrls.test` by default; `oceanpayment.baseUrls.production` to go live. */
  baseUrl?: string
  /**
   * How the payment starts. `sendTrade` (default): this server creates it and sends the shopper
   * to the `pay_url` it gets back. `form-post`: the shopper's browser posts the signed order
   * form to `/gateway/service/pay` itself, and this server never calls Oceanpayment.
   */
  variant?: 'sendTrade' | 'form-post'
  /** The methods the cashier offers: `Credit Card` by default; `''` lists every method enabled. */
  methods?: string
  /**
   * Checks the sendTrade answer's `signValue` (default true). [D]/[U] Its rule is known from
   * third-party code only: turn this off if genuine answers fail the check, and rely on TLS to
   * Oceanpayment's host. Results (backUrl, notices) are always verified.
   */
  verifyTradeResponseSignature?: boolean
}

const flows: readonly CheckoutFlow[] = ['hosted-redirect']

// 20061: the same order form was posted again (Back, then Pay) and refused. That says nothing of
// the order's own payment, and the official plugins ignore it. Applied (the library reads it as
// `processing`), it left a payment waiting for the shopper `processing`: Oceanpayment has no
// query, so it could then be neither cancelled nor expired, and its order never paid.
const resubmissionRefused = 'Oceanpayment refused the order form posted again (20061)'

/** Where resolveOrder's order holds each billing detail (the shopper's IP is the request's). */
const billingSources = {
  firstName: 'customer.firstName',
  lastName: 'customer.lastName',
  email: 'customer.email',
  phone: 'customer.phone',
  country: 'customer.address.country',
  state: 'customer.address.state',
  city: 'customer.address.city',
  address: 'customer.address.line1',
  zip: 'customer.address.postalCode',
} satisfies Record<Exclude<keyof oceanpayment.BillingDetails, 'ip'>, string>

/** Where an order line of resolveOrder's holds each field of a product line. */
const productSources = {
  name: 'name',
  sku: 'sku',
  quantity: 'quantity',
  price: 'unitPrice',
} satisfies Record<keyof oceanpayment.ProductLine, string>

/**
 * A builder's message with each field named as the merchant wrote it in resolveOrder, the
 * builder's name after it: `customer.address.postalCode (input.billing.zip) is required…`. The
 * builder's names alone sent the merchant looking for an `input.billing.zip` they never wrote.
 */
function inResolveOrderTerms(message: string): string {
  const named = (path: string, sources: Record<string, string>, field: string, prefix = '') =>
    Object.hasOwn(sources, field) ? `${prefix}${sources[field]} (${path})` : path
  return message
    .replace(/input\.billing\.(\w+)/g, (path, field: string) => named(path, billingSources, field))
    .replace(/input\.products\[(\d+)\]\.(\w+)/g, (path, index: string, field: string) =>
      named(path, productSources, field, `items[${index}].`),
    )
}

export function createOceanpaymentAdapter(
  options: OceanpaymentOptions,
  transport: Omit<GatewayTransport, 'baseUrl'>,
): GatewayAdapter {
  const credentials: oceanpayment.OceanpaymentCredentials = {
    account: options.account,
    terminal: options.terminal,
    secureCode: options.secureCode,
  }
  const baseUrl = (options.baseUrl ?? oceanpayment.baseUrls.test).replace(/\/+$/, '')
  const http: GatewayTransport = { ...transport, baseUrl }
  const variant = options.variant ?? 'sendTrade'
  // Results name the terminal that took the payment: only this one's secureCode verifies them.
  const secureCodeFor = (terminal: string) =>
    terminal === options.terminal ? options.secureCode : undefined

  function tradeInput(input: StartInput): oceanpayment.TradeInput {
    const { record, order } = input
    const customer = order.customer
    const address = customer?.address
    if (!customer || !address) {
      throw orderDetailsRefused(
        'Oceanpayment',
        'Oceanpayment needs the shopper\u2019s name, email and billing address: return customer ' +
          '{ firstName, lastName, email, address { line1, city, postalCode, country, state (US/CA) } } ' +
          'from resolveOrder.',
      )
    }
    return {
      orderNumber: record.gatewayReference,
      amount: record.amount,
      backUrl: input.returnUrl,
      noticeUrl: input.notifyUrl,
      ...(options.methods !== undefined ? { methods: options.methods } : {}),
      billing: {
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        ...(customer.phone ? { phone: customer.phone } : {}),
        country: address.country,
        ...(address.state ? { state: address.state } : {}),
        city: address.city,
        address: address.line1,
        zip: address.postalCode,
        ip: input.shopperIp,
      },
      ...(order.items?.length
        ? {
            products: order.items.map((item) => ({
              name: item.name,
              quantity: item.quantity,
              price: { value: item.unitPrice, currency: record.amount.currency },
              ...(item.sku ? { sku: item.sku } : {}),
            })),
          }
        : {}),
    }
  }

  /**
   * Builders throw an error naming the field to fix: that is the merchant's order data. Its text
   * is restated in resolveOrder's names, and the builder's error is not kept as the cause, whose
   * text the log would add with the builder's names alone.
   */
  function build<Built>(make: () => Built): Built {
    try {
      return make()
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error)
      throw orderDetailsRefused(
        'Oceanpayment',
        `Oceanpayment cannot take this order: ${inResolveOrderTerms(text)}.`,
      )
    }
  }

  async function startWithSendTrade(input: StartInput): Promise<StartResult> {
    const { record } = input
    const trade = tradeInput(input)
    const request = build(() => oceanpayment.buildSendTradeRequest(trade, credentials))
    input.note({
      kind: 'request',
      summary: `Oceanpayment sendTrade for ${record.gatewayReference}`,
    })
    const answer = oceanpayment.parseSendTradeResponse(
      await callGateway(http, request, 'Oceanpayment'),
      options.secureCode,
      { verifySignature: options.verifyTradeResponseSignature !== false },
    )
    if (!answer.ok) {
      input.note({
        kind: 'response',
        summary: `Oceanpayment sendTrade refused: ${answer.error.message}`,
      })
      // Oceanpayment's answer that does not verify was signed with another secureCode than ours.
      if (answer.error.code === 'SIGNATURE_INVALID') {
        throw untrustedAnswer(
          answer.error.message,
          gatewayRefusal('oceanpayment', answer.error, ['secureCode']),
        )
      }
      if (answer.error.code !== 'GATEWAY_REJECTED') throw untrustedAnswer(answer.error.message)
      const code = answer.error.gatewayCode ?? ''
      const refusal = gatewayRefusal(
        'oceanpayment',
        answer.error,
        oceanpayment.credentialsToCheck(code),
      )
      return {
        status: 'failed',
        // Credentials Oceanpayment refused: nothing the shopper can change, so no "try again".
        failure: failure(
          refusal?.check ? 'configuration_error' : oceanpayment.failureForCreateRefusal(code),
          code,
        ),
        ...(refusal ? { refusal } : {}),
      }
    }
    const created = answer.value
    if (
      created.orderReference !== record.gatewayReference ||
      !sameMoney(created.amount, record.amount)
    ) {
      throw untrustedAnswer(
        `Oceanpayment sendTrade answered for ${created.orderReference} ${created.amount.value} ` +
          `${created.amount.currency}, not for this payment`,
      )
    }
    // The shopper is sent there: only a web address will do (never `javascript:`).
    if (!/^https?:\/\//i.test(created.payUrl)) {
      throw untrustedAnswer('Oceanpayment sendTrade answered a pay_url that is not http(s)')
    }
    input.note({
      kind: 'response',
      summary: `Oceanpayment sendTrade: cashier ready, payment ${created.paymentId}`,
    })
    return {
      status: 'requires_action',
      action: { type: 'redirect', url: created.payUrl, method: 'GET' },
      gatewayTransactionId: created.paymentId,
    }
  }

  function startWithFormPost(input: StartInput): StartResult {
    const trade = tradeInput(input)
    const form = build(() => oceanpayment.buildPayForm(trade, credentials))
    const fields: Record<string, string> = {}
    for (const [name, value] of Object.entries(form.fields)) {
      if (typeof value === 'string') fields[name] = value
    }
    input.note({
      kind: 'request',
      summary: `Oceanpayment pay form signed for ${input.record.gatewayReference}; the browser posts it`,
    })
    const action: NextAction = {
      type: 'redirect',
      method: 'POST',
      url: baseUrl + form.action,
      fields,
    }
    return { status: 'requires_action', action }
  }

  /**
   * A verified result is this merchant's only when its account is ours too (the sum covers it).
   * Its order notes must be the ones sent (none): the merchant's fields coming back exactly as
   * sent is what leaves the signed text one reading (see oceanpayment.parseReturn). The order
   * number and the amount are checked against the payment by the handler.
   */
  function foreignResult(fields: { account?: string; order_notes?: string }): string | undefined {
    if (fields.account !== options.account) {
      return `Oceanpayment result is for account ${JSON.stringify(fields.account)}, not this merchant's`
    }
    if ((fields.order_notes ?? '') !== '') {
      return 'Oceanpayment result carries order notes, which this merchant never sends'
    }
    return undefined
  }

  return {
    gateway: 'oceanpayment',
    flows,

    publicConfig() {
      return { flows: [...flows] }
    },

    async start(input) {
      return variant === 'form-post' ? startWithFormPost(input) : startWithSendTrade(input)
    },

    readNotification(body): NotificationReading {
      const parsed = oceanpayment.parseNotice(body, secureCodeFor)
      if (!parsed.ok) return { ok: false, reason: parsed.error.message }
      const notice = parsed.value
      if (notice.kind === 'other') {
        // Refund, chargeback… notices: their signature rule is unknown, so they prove nothing.
        return {
          ok: true,
          kind: 'ignored',
          reason: `Oceanpayment ${notice.noticeType} notices are not used (unverifiable)`,
        }
      }
      const foreign = foreignResult(notice.fields)
      if (foreign) return { ok: false, reason: foreign }
      if (notice.details.code === oceanpayment.duplicateOrderCode) {
        return { ok: true, kind: 'ignored', reason: resubmissionRefused }
      }
      return { ok: true, kind: 'payment', update: notice.update }
    },

    // Oceanpayment's docs: answer `receive-ok` even to a notice that fails verification (the
    // handler has logged it), or it is sent again and again.
    acknowledgement() {
      return new Response(oceanpayment.acknowledgement, {
        headers: { 'content-type': 'text/plain' },
      })
    },

    readReturn(request, body) {
      // A GET (a reload, a bookmarked link) carries no result: the handler asks for the status.
      if (request.method.toUpperCase() !== 'POST' || body.trim() === '') return { ok: true }
      const parsed = oceanpayment.parseReturn(body, secureCodeFor)
      if (!parsed.ok) return { ok: false, reason: parsed.error.message }
      const foreign = foreignResult(parsed.value.fields)
      if (foreign) return { ok: false, reason: foreign }
      if (parsed.value.details.code === oceanpayment.duplicateOrderCode) return { ok: true }
      // A genuine result of another payment (or of an abandoned earlier reference of this one),
      // replayed onto this return URL, is refused by the handler: it applies an update only to
      // the payment whose current gateway reference it names. Comparing with the payment id here
      // refused this payment's own results once a retry had renamed its reference (`id-2`).
      return { ok: true, update: parsed.value.update }
    },
  }
}
