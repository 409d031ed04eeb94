import type { CheckoutFlow } from '@checkout-kit/core'
import {
  failure,
  formatMinorUnits,
  type Money,
  type ParseError,
  pockyt,
  sameMoney,
  toMinorUnits,
} from '@checkout-kit/gateways'
import { CheckoutError } from '../checkoutError.ts'
import type { PaymentRecord } from '../paymentRecord.ts'
import { callGateway, type GatewayTransport } from './callGateway.ts'
import {
  buildRefund,
  type GatewayAdapter,
  type GatewayRefusal,
  gatewayRefusal,
  type NotificationReading,
  orderDetailsRefused,
  type RefundUpdate,
  refusalCause,
  type StartInput,
  type StartResult,
  untrustedAnswer,
} from './gatewayAdapter.ts'

export interface PockytOptions extends pockyt.PockytCredentials {
  /**
   * `pockyt.baseUrls.sandbox` by default, `pockyt.baseUrls.production` to go live. [U] Which sandbox
   * host is live is unverified (`https://mapi.yuansferdev.com` in the current docs,
   * `https://mapi.yuansfer.yunkeguan.com` in the SDKs): pass the one that answers.
   */
  baseUrl?: string
  /**
   * [U] The secure-pay path: `/online/v3/secure-pay` (what every SDK and plugin posts to) by
   * default. The current docs also show `/v3/secure-pay` and `/online/v4/secure-pay`
   * (`pockyt.paths.securePayAliases`); which is canonical is unverified.
   */
  securePayPath?: string
  /** The payment method the cashier offers: `creditcard` by default (`alipay`, `paypal`, …). */
  vendor?: pockyt.Vendor
  /** `ONLINE` (desktop cashier) by default. `WAP` is not offered: it needs the shopper's OS. */
  terminal?: Exclude<pockyt.Terminal, 'WAP'>
  /**
   * Registers the shopper with `/v1/customers/create` before each payment and passes the
   * `customerNo` to secure-pay (Pockyt uses it for AVS). By default, whenever `resolveOrder`
   * answers a customer with an address (the country is mandatory there), and a customer Pockyt
   * would refuse or fails to register is skipped. `true` makes a missing or unusable customer an
   * error; `false` never registers.
   */
  registerCustomer?: boolean
  /** USD by default (GBP for GBP payments): set it when your contract settles in another currency. */
  settleCurrency?: string
  /** [U] The credit-card `creditType` enum is unverified; the library sends `normal` by default. */
  creditType?: pockyt.CreditType
  /**
   * [U] Whether Pockyt signs an IPN's empty fields as `name=&` (`'include'`, the PHP SDK's rule)
   * or leaves them out (`'skip'`, the Go SDK's). Unverified, so by default an IPN is genuine under
   * either rule (both need the token); set it once you know. Requests are signed alike under both,
   * as they never carry an empty field.
   */
  signEmptyValues?: NonNullable<pockyt.SignOptions['emptyValues']>
}

const flows: readonly CheckoutFlow[] = ['hosted-redirect']

/** The ret_code of a query for a reference Pockyt has no transaction for. */
const noRelatedRecord = '000021'

/** A ret_code refusal, for the merchant's log: a credential it names is the option to check. */
function refusalOf(error: ParseError): GatewayRefusal | undefined {
  const credentials = pockyt.credentialsToCheck(error.gatewayCode ?? '', error.gatewayMessage)
  return gatewayRefusal('pockyt', error, credentials)
}

/** A ret_code refusal: the merchant's request or Pockyt's refusal, not the shopper's card. */
function rejected(error: ParseError): StartResult {
  const refusal = refusalOf(error)
  return {
    status: 'failed',
    // Credentials Pockyt refused: nothing the shopper can change, so no "try again".
    failure: refusal?.check
      ? failure('configuration_error', error.gatewayCode)
      : pockyt.failureForResultCode(error.gatewayCode ?? ''),
    ...(refusal ? { refusal } : {}),
  }
}

export function createPockytAdapter(
  options: PockytOptions,
  transport: Omit<GatewayTransport, 'baseUrl'>,
): GatewayAdapter {
  const credentials: pockyt.PockytCredentials = {
    merchantNo: options.merchantNo,
    storeNo: options.storeNo,
    token: options.token,
  }
  const http: GatewayTransport = {
    ...transport,
    baseUrl: options.baseUrl ?? pockyt.baseUrls.sandbox,
  }
  const vendor = options.vendor ?? 'creditcard'
  const terminal = options.terminal ?? 'ONLINE'

  /** Builders throw a TypeError naming the field to fix: that is the merchant's order data. */
  function build<Request>(what: string, make: () => Request): Request {
    try {
      return make()
    } catch (error) {
      throw invalidOrder(what, error)
    }
  }

  /** The `customerNo` to pay with, or undefined when the shopper is not registered. */
  async function registerCustomer(input: StartInput): Promise<string | undefined> {
    const customer = input.order.customer
    const address = customer?.address
    if (options.registerCustomer === false) return undefined
    if (!customer || !address) {
      if (options.registerCustomer !== true) return undefined
      throw orderDetailsRefused(
        'Pockyt',
        'Pockyt customer registration (registerCustomer: true) needs the shopper: return ' +
          'customer { firstName, lastName, email, address { line1, city, postalCode, country } } ' +
          'from resolveOrder.',
      )
    }
    let request: ReturnType<typeof pockyt.buildCustomerCreateRequest>
    try {
      request = pockyt.buildCustomerCreateRequest(
        {
          firstName: customer.firstName,
          lastName: customer.lastName,
          email: customer.email,
          countryCode: address.country,
          city: address.city,
          street: address.line1,
          zip: address.postalCode,
          ...(address.state ? { state: address.state } : {}),
          ...(customer.phone ? { phone: customer.phone } : {}),
        },
        credentials,
      )
    } catch (error) {
      // Registration is asked for: the merchant's data must be fixed. Otherwise it is only an
      // extra for fraud checks, and a US address without a state should not stop the payment.
      if (options.registerCustomer === true) throw invalidOrder('customer details', error)
      input.note({
        kind: 'request',
        summary: `Pockyt customer not registered: ${error instanceof Error ? error.message : String(error)}`,
      })
      return undefined
    }
    input.note({ kind: 'request', summary: 'Pockyt customers/create' })
    let text: string
    try {
      text = await callGateway(http, request, 'Pockyt')
    } catch {
      // The customer only helps fraud checks, as below: unanswered, the payment goes on without it.
      input.note({
        kind: 'response',
        summary: 'Pockyt customers/create did not answer, paying without a customer',
      })
      return undefined
    }
    const answer = pockyt.parseCustomerCreateResponse(text)
    if (!answer.ok) {
      // The customer only helps fraud checks: the payment goes on without it.
      input.note({
        kind: 'response',
        summary: `Pockyt customers/create failed, paying without a customer: ${answer.error.message}`,
      })
      return undefined
    }
    input.note({ kind: 'response', summary: `Pockyt customer ${answer.value.customerNo}` })
    return answer.value.customerNo
  }

  async function start(input: StartInput): Promise<StartResult> {
    const { record, order } = input
    const customerNo = await registerCustomer(input)
    const request = build('details', () =>
      pockyt.buildSecurePayRequest(
        {
          amount: record.amount,
          vendor,
          terminal,
          reference: record.gatewayReference,
          ipnUrl: input.notifyUrl,
          // Pockyt fills `{status}` in; it is a hint only, the handler asks Pockyt itself.
          callbackUrl: `${input.returnUrl}&status={status}`,
          ...(options.settleCurrency ? { settleCurrency: options.settleCurrency } : {}),
          ...(options.creditType ? { creditType: options.creditType } : {}),
          ...(order.description ? { description: order.description } : {}),
          ...(order.items?.length
            ? { goods: order.items.map((item) => ({ name: item.name, quantity: item.quantity })) }
            : {}),
          ...(customerNo ? { customerNo } : {}),
        },
        credentials,
        options.securePayPath ? { path: options.securePayPath } : {},
      ),
    )
    input.note({ kind: 'request', summary: `Pockyt secure-pay for ${record.gatewayReference}` })
    const answer = pockyt.parseSecurePayResponse(await callGateway(http, request, 'Pockyt'))
    if (!answer.ok) {
      input.note({
        kind: 'response',
        summary: `Pockyt secure-pay refused: ${answer.error.message}`,
      })
      if (answer.error.code !== 'GATEWAY_REJECTED') throw untrustedAnswer(answer.error.message)
      return rejected(answer.error)
    }
    const checkout = answer.value
    if (
      checkout.reference !== record.gatewayReference ||
      !sameMoney(checkout.amount, record.amount)
    ) {
      throw untrustedAnswer(
        `Pockyt secure-pay answered for ${checkout.reference} ${checkout.amount.value} ` +
          `${checkout.amount.currency}, not for this payment`,
      )
    }
    input.note({
      kind: 'response',
      summary: `Pockyt secure-pay: cashier ready, transaction ${checkout.transactionNo}`,
    })
    return {
      status: 'requires_action',
      action: { type: 'redirect', url: checkout.cashierUrl, method: 'GET' },
      gatewayTransactionId: checkout.transactionNo,
      ...(customerNo ? { gatewayData: { customerNo } } : {}),
    }
  }

  return {
    gateway: 'pockyt',
    flows,

    publicConfig() {
      return { flows: [...flows] }
    },

    start,

    readNotification(body): NotificationReading {
      const read = (emptyValues: 'include' | 'skip') =>
        pockyt.parseIpn(body, options.token, { emptyValues })
      let parsed = read(options.signEmptyValues ?? 'include')
      if (!parsed.ok && parsed.error.code === 'SIGNATURE_INVALID' && !options.signEmptyValues) {
        const skipped = read('skip')
        if (skipped.ok) parsed = skipped
      }
      if (!parsed.ok) return { ok: false, reason: parsed.error.message }
      const { update, fields } = parsed.value
      const type = fields.transactionType
      if (type === undefined || type === '' || type === 'payment') {
        return { ok: true, kind: 'payment', update }
      }
      if (type === 'refund') {
        const refund = refundUpdate(update.orderReference, fields)
        return refund
          ? { ok: true, kind: 'refund', update: refund }
          : { ok: false, reason: 'Pockyt refund IPN has an unreadable refundAmount' }
      }
      return { ok: true, kind: 'ignored', reason: `Pockyt ${type} IPNs are not used` }
    },

    acknowledgement(accepted) {
      return accepted
        ? new Response(pockyt.acknowledgement, { headers: { 'content-type': 'text/plain' } })
        : new Response('fail', { status: 400, headers: { 'content-type': 'text/plain' } })
    },

    // The callback's `{status}` is filled in by the browser's URL: a hint, never proof. `closed`
    // on the way back means the shopper left the cashier unpaid through its Cancel button ([U]
    // the emulator's reading; `init` is "not paid" too, and the query then keeps it open).
    readReturn(request) {
      const status = new URL(request.url).searchParams.get('status')
      return status === 'closed' ? { ok: true, shopperCancelled: true } : { ok: true }
    },

    async query(record: PaymentRecord) {
      const request = pockyt.buildTranQueryRequest(
        { reference: record.gatewayReference },
        credentials,
      )
      const answer = pockyt.parseTranQueryResponse(await callGateway(http, request, 'Pockyt'))
      if (!answer.ok) {
        // 000021: Pockyt has no such transaction (yet); nothing to learn. Any other refusal (a
        // system or upstream error, access denied) says nothing of the payment either way: it is
        // unknown, so a cancel or an expiry waits rather than closing a payment that may be paid.
        if (answer.error.gatewayCode === noRelatedRecord) return undefined
        throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
      }
      if (answer.value.orderReference !== record.gatewayReference) {
        throw untrustedAnswer(`Pockyt tran-query answered about ${answer.value.orderReference}`)
      }
      return answer.value
    },

    async refund(record, refund) {
      const request = buildRefund('Pockyt', () =>
        pockyt.buildRefundRequest(
          {
            refundAmount: refund.amount,
            reference: record.gatewayReference,
            refundReference: refund.reference,
            ipnUrl: refund.notifyUrl,
            ...(options.settleCurrency ? { settleCurrency: options.settleCurrency } : {}),
          },
          credentials,
        ),
      )
      const answer = pockyt.parseRefundResponse(await callGateway(http, request, 'Pockyt'))
      if (!answer.ok) {
        // Failed, the refund would count no more against what is left: after a system error that
        // may have refunded, the merchant could refund the same money twice. Unknown, it stays
        // processing until Pockyt's IPN settles it. A verifySign Pockyt could not verify (the
        // system error's code, told apart by its message) refused the request unread: unknown, it
        // would wait for an IPN that never comes, its amount never refundable again.
        const code = answer.error.gatewayCode ?? ''
        if (
          answer.error.code !== 'GATEWAY_REJECTED' ||
          (pockyt.leavesOutcomeUnknown(code) &&
            !pockyt.credentialsToCheck(code, answer.error.gatewayMessage))
        )
          throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
        throw new CheckoutError('GATEWAY_REJECTED', 'The refund was refused by Pockyt.', {
          cause: refusalCause(answer.error.message, refusalOf(answer.error)),
        })
      }
      if (answer.value.orderReference !== record.gatewayReference) {
        throw untrustedAnswer(`Pockyt refund answered about ${answer.value.orderReference}`)
      }
      return answer.value
    },
  }
}

/**
 * A refund IPN carries the payment's fields (its `status` is the refund's) plus `refundReference`,
 * `refundTransactionNo` and `refundAmount`. `parseIpn` has verified every one of them.
 */
function refundUpdate(
  orderReference: string,
  fields: Record<string, string>,
): RefundUpdate | undefined {
  const gatewayStatus = fields.status ?? ''
  const update: RefundUpdate = {
    orderReference,
    status: pockyt.toRefundStatus(gatewayStatus),
    gatewayStatus,
  }
  if (fields.refundReference) update.refundReference = fields.refundReference
  if (fields.refundTransactionNo) update.gatewayRefundId = fields.refundTransactionNo
  if (fields.refundAmount && fields.currency) {
    const amount = money(fields.refundAmount, fields.currency)
    if (!amount) return undefined
    update.amount = amount
  }
  if (update.status === 'failed') update.failure = failure('unknown')
  return update
}

function money(value: string, currency: string): Money | undefined {
  const code = currency.toUpperCase()
  const minorUnits = toMinorUnits(value, code)
  return minorUnits === undefined
    ? undefined
    : { value: formatMinorUnits(minorUnits, code), currency: code }
}

function invalidOrder(what: string, error: unknown): CheckoutError {
  return orderDetailsRefused(
    'Pockyt',
    `Pockyt cannot take this order's ${what}: ${error instanceof Error ? error.message : String(error)}.`,
    error,
  )
}
