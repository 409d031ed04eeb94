import type { CheckoutFlow, NextAction } from '@checkout-kit/core'
import { failure, type Money, type ParseError, pingpong, sameMoney } from '@checkout-kit/gateways'
import { CheckoutError } from '../checkoutError.ts'
import type { PaymentRecord } from '../paymentRecord.ts'
import { callGateway, type GatewayTransport } from './callGateway.ts'
import {
  buildRefund,
  type GatewayAdapter,
  type GatewayRefusal,
  gatewayRefusal,
  refusalCause,
  type StartInput,
  type StartResult,
  untrustedAnswer,
} from './gatewayAdapter.ts'

export interface PingPongOptions extends pingpong.PingPongCredentials {
  /** `pingpong.baseUrls.sandbox` by default; `pingpong.baseUrls.production` (or the SG/US host) to go live. */
  baseUrl?: string
  /** The hosted JS SDK's mode; `production` when live. */
  mode?: 'sandbox' | 'production'
  /**
   * [U] The word ppPay takes for live mode: `production` by default, as PingPong's usage example
   * writes it; one of its pages says `build` (pingpong.md §1.6). Used when `mode` is `production`.
   */
  liveSdkMode?: 'production' | 'build'
  /** Which flows to offer. All four by default. */
  flows?: CheckoutFlow[]
  /** Local payment methods to offer, and whether each shows a QR code or redirects. */
  apmMethods?: { method: string; presentation: 'qr-code' | 'redirect' }[]
  /**
   * The hosted JS SDK's script, loaded when prePay answers no `innerJsUrl` (which carries the
   * token and is preferred). PingPong's CDN by default (§1.6).
   */
  sdkScriptUrl?: string
  /** The risk plugin the card flow loads (RiskJS). PingPong's CDN by default. */
  riskPluginUrl?: string
  /** The risk plugin's environment. */
  riskEnvironment?: 'SANDBOX' | 'PRODUCTION'
  /** Cashier language (`en`, `zh`, …). */
  language?: string
  /**
   * [U] Whether the transaction query's `PROCESSING` with `threeDContinue: "true"` says a card
   * payment still waits for the shopper's 3DS, as unifiedPay's answer says it (pingpong.md §1.9;
   * §1.11 lists both fields in the query's answer). `true` by default: a card left at its
   * verification page (Back, a reload) stays open, and can be given up for another card. `false`
   * reads it as being confirmed, as before: such a card holds the order until PingPong closes it,
   * but should PingPong keep saying `threeDContinue: "true"` after the shopper verified, a payment
   * the bank is deciding is never given up.
   */
  queryReadsThreeDsWait?: boolean
}

const defaultSdkScriptUrl =
  'https://pay-cdn.pingpongx.com/production-fra/static/sdk-v3/ppPay.min.js'

const defaultRiskPluginUrl =
  'https://pay-cdn.pingpongx.com/production-fra/static/risk-control/dist/acquirerRiskControl.min.js'

const defaultApmMethods: NonNullable<PingPongOptions['apmMethods']> = [
  { method: 'AlipayCN', presentation: 'qr-code' },
  { method: 'WechatPay', presentation: 'qr-code' },
  { method: 'GCash', presentation: 'redirect' },
]

/**
 * For the merchant's log: PingPong's refusal, and the credentials it points at. An answer whose
 * sign does not match was signed with another salt than ours (its code, unverified, is most
 * likely 104000: PingPong could not verify ours either).
 */
function refusalOf(error: ParseError): GatewayRefusal | undefined {
  const credentials =
    error.code === 'SIGNATURE_INVALID'
      ? (['salt'] as const)
      : pingpong.credentialsToCheck(error.gatewayCode ?? '')
  return gatewayRefusal('pingpong', error, credentials)
}

function rejected(error: ParseError): StartResult {
  // A rejected request is the merchant's configuration or the gateway's refusal, not the shopper's.
  const description = pingpong.describeResultCode(error.gatewayCode ?? '')
  const refusal = refusalOf(error)
  return {
    status: 'failed',
    failure: failure(description.failure, error.gatewayCode),
    ...(refusal ? { refusal } : {}),
  }
}

function toAction(
  nextAction: pingpong.PingPongNextAction,
  expiresAt: string | undefined,
): NextAction {
  switch (nextAction.type) {
    case 'three-ds':
      return {
        type: 'three-ds',
        gateway: 'pingpong',
        params: nextAction.params,
        ...(nextAction.redirectUrl ? { redirectUrl: nextAction.redirectUrl } : {}),
      }
    case 'qr-code':
      return { type: 'qr-code', content: nextAction.content, ...(expiresAt ? { expiresAt } : {}) }
    case 'qr-image':
      return { type: 'qr-code', imageUrl: nextAction.imageUrl, ...(expiresAt ? { expiresAt } : {}) }
    case 'redirect':
      return { type: 'redirect', url: nextAction.url, method: 'GET' }
  }
}

/** How long a QR code stays payable when the kit asks PingPong to close the order. */
const apmLifetimeMs = 15 * 60 * 1000

export function createPingPongAdapter(
  options: PingPongOptions,
  transport: Omit<GatewayTransport, 'baseUrl'>,
): GatewayAdapter {
  const credentials: pingpong.PingPongCredentials = {
    accId: options.accId,
    clientId: options.clientId,
    salt: options.salt,
    ...(options.signType ? { signType: options.signType } : {}),
  }
  const http: GatewayTransport = {
    ...transport,
    baseUrl: options.baseUrl ?? pingpong.baseUrls.sandbox,
  }
  const flows = options.flows ?? ['hosted-sdk', 'hosted-redirect', 'card', 'apm']
  const apmMethods = options.apmMethods ?? defaultApmMethods
  const mode = options.mode ?? 'sandbox'
  const sdkMode = mode === 'production' ? (options.liveSdkMode ?? 'production') : mode

  function order(input: StartInput) {
    const { record, order: resolved, shopperIp } = input
    const customer = resolved.customer
    return {
      merchantTransactionId: record.gatewayReference,
      amount: record.amount,
      shopperIP: shopperIp,
      payResultUrl: input.returnUrl,
      notificationUrl: input.notifyUrl,
      ...(options.language ? { language: options.language } : {}),
      ...(resolved.description ? { remark: resolved.description.slice(0, 255) } : {}),
      ...(customer
        ? {
            customer: {
              firstName: customer.firstName,
              lastName: customer.lastName,
              email: customer.email,
              ...(customer.phone ? { phone: customer.phone } : {}),
            },
          }
        : {}),
      ...(customer?.address
        ? {
            billingAddress: {
              street: customer.address.line1,
              city: customer.address.city,
              postcode: customer.address.postalCode,
              country: customer.address.country,
              ...(customer.address.state ? { state: customer.address.state } : {}),
            },
          }
        : {}),
      ...(resolved.items
        ? {
            goods: resolved.items.map((item) => ({
              name: item.name,
              unitPrice: item.unitPrice,
              number: String(item.quantity),
              imgUrl: 'https://example.invalid/no-image',
              ...(item.sku ? { sku: item.sku } : {}),
            })),
          }
        : {}),
    }
  }

  async function startHosted(input: StartInput): Promise<StartResult> {
    const request = pingpong.buildPrePayRequest(
      { ...order(input), payCancelUrl: `${input.returnUrl}&cancelled=1` },
      credentials,
    )
    input.note({ kind: 'request', summary: `PingPong prePay for ${input.record.gatewayReference}` })
    const answer = pingpong.parsePrePayResponse(
      await callGateway(http, request, 'PingPong'),
      options.salt,
    )
    if (!answer.ok) {
      input.note({ kind: 'response', summary: `PingPong prePay refused: ${answer.error.message}` })
      if (answer.error.code !== 'GATEWAY_REJECTED')
        throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
      return rejected(answer.error)
    }
    const { merchantTransactionId, amount } = answer.value
    checkAnswerIsFor(input.record, 'prePay', merchantTransactionId, amount)
    input.note({
      kind: 'response',
      summary: `PingPong prePay: token issued, transaction ${answer.value.transactionId}`,
    })
    const action: NextAction =
      input.record.flow === 'hosted-sdk'
        ? {
            type: 'hosted-sdk',
            gateway: 'pingpong',
            // Never paymentUrl: that is the cashier's HTML page, which no browser runs as a script.
            scriptUrl: answer.value.innerJsUrl ?? options.sdkScriptUrl ?? defaultSdkScriptUrl,
            token: answer.value.token,
            mode: sdkMode,
          }
        : { type: 'redirect', url: answer.value.paymentUrl, method: 'GET' }
    return {
      status: 'requires_action',
      action,
      gatewayTransactionId: answer.value.transactionId,
      gatewayData: { token: answer.value.token },
    }
  }

  async function startDirect(input: StartInput): Promise<StartResult> {
    const { request: body, record } = input
    const isCard = record.flow === 'card'
    let paymentMethod: pingpong.UnifiedPayInput['paymentMethod']
    if (isCard) {
      const card = body.card
      if (!card) throw new CheckoutError('INVALID_REQUEST', 'The card flow needs the card details.')
      const [firstName, ...rest] = card.holderName.trim().split(/\s+/)
      paymentMethod = {
        type: 'scheme',
        cardInfo: {
          number: card.number.replace(/\s+/g, ''),
          expireMonth: card.expiryMonth.padStart(2, '0'),
          expireYear: card.expiryYear,
          cvv: card.cvc,
          holderFirstName: firstName ?? '',
          holderLastName: rest.join(' ') || (firstName ?? ''),
        },
      }
    } else {
      const method = apmMethods.find((candidate) => candidate.method === body.method)
      if (!method) {
        throw new CheckoutError(
          'INVALID_REQUEST',
          `Choose one of the offered payment methods: ${apmMethods.map((m) => m.method).join(', ')}.`,
        )
      }
      paymentMethod = { type: method.method }
    }
    const expiresAt = isCard ? undefined : new Date(Date.now() + apmLifetimeMs)
    let request: ReturnType<typeof pingpong.buildUnifiedPayRequest>
    try {
      request = pingpong.buildUnifiedPayRequest(
        {
          ...order(input),
          requestId: record.id,
          paymentMethod,
          ...(expiresAt ? { expiresAt } : {}),
          ...(body.jsGeneratedData ? { jsGeneratedData: body.jsGeneratedData } : {}),
          ...(body.browserInfo ? { browserInfo: body.browserInfo } : {}),
        },
        credentials,
      )
    } catch (error) {
      // The builder names the card field that is wrong, never its value.
      throw new CheckoutError(
        'INVALID_REQUEST',
        'Some card details are invalid. Check them and try again.',
        {
          cause: error,
        },
      )
    }
    input.note({
      kind: 'request',
      summary: isCard
        ? `PingPong unifiedPay, card ending ${paymentMethod.type === 'scheme' ? body.card?.number.slice(-4) : ''}${body.jsGeneratedData ? ' with risk data' : ''}`
        : `PingPong unifiedPay, ${paymentMethod.type}`,
    })
    const answer = pingpong.parseUnifiedPayResponse(
      await callGateway(http, request, 'PingPong'),
      options.salt,
    )
    if (!answer.ok) {
      input.note({
        kind: 'response',
        summary: `PingPong unifiedPay refused: ${answer.error.message}`,
      })
      if (answer.error.code !== 'GATEWAY_REJECTED')
        throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
      // A gateway error or an issuer's timeout does not say the card was not charged: the
      // outcome is unknown, and "failed" would invite a second charge.
      if (pingpong.leavesOutcomeUnknown(answer.error.gatewayCode ?? ''))
        throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
      return rejected(answer.error)
    }
    const { update, nextAction } = answer.value
    // A success here is applied without passing through the handler's checks of notifications.
    checkAnswerIsFor(record, 'unifiedPay', update.orderReference, update.amount)
    input.note({
      kind: 'response',
      summary: `PingPong unifiedPay: ${update.gatewayStatus}${nextAction ? ` (${nextAction.type})` : ''}`,
    })
    const result: StartResult = { status: update.status }
    if (update.gatewayTransactionId) result.gatewayTransactionId = update.gatewayTransactionId
    if (update.failure) result.failure = update.failure
    if (nextAction) result.action = toAction(nextAction, expiresAt?.toISOString())
    if (expiresAt) result.expiresAt = expiresAt.toISOString()
    return result
  }

  return {
    gateway: 'pingpong',
    flows,

    publicConfig() {
      return {
        flows: [...flows],
        ...(flows.includes('apm')
          ? { apmMethods: apmMethods.map((method) => ({ ...method })) }
          : {}),
        ...(flows.includes('card')
          ? {
              riskPlugin: {
                scriptUrl: options.riskPluginUrl ?? defaultRiskPluginUrl,
                accId: options.accId,
                clientId: options.clientId,
                environment:
                  options.riskEnvironment ?? (mode === 'production' ? 'PRODUCTION' : 'SANDBOX'),
              },
            }
          : {}),
      }
    },

    start(input) {
      return input.record.flow === 'card' || input.record.flow === 'apm'
        ? startDirect(input)
        : startHosted(input)
    },

    readNotification(body) {
      const parsed = pingpong.parseNotification(body, options.salt)
      if (!parsed.ok) return { ok: false, reason: parsed.error.message }
      const notification = parsed.value
      if (notification.kind === 'other') {
        return {
          ok: true,
          kind: 'ignored',
          reason: `${notification.notifyType} notifications are not used`,
        }
      }
      return notification.kind === 'payment'
        ? { ok: true, kind: 'payment', update: notification.update }
        : { ok: true, kind: 'refund', update: notification.update }
    },

    acknowledgement(accepted) {
      return accepted
        ? new Response(pingpong.acknowledgement, { headers: { 'content-type': 'text/plain' } })
        : new Response(pingpong.rejection, {
            status: 400,
            headers: { 'content-type': 'text/plain' },
          })
    },

    // PingPong appends nothing documented to payResultUrl: the result page asks the server. The
    // cancel URL is payResultUrl with our own `cancelled=1` (see start), a hint and nothing more.
    readReturn(request) {
      const cancelled = new URL(request.url).searchParams.get('cancelled') === '1'
      return cancelled ? { ok: true, shopperCancelled: true } : { ok: true }
    },

    async query(record: PaymentRecord) {
      const request = pingpong.buildQueryRequest(
        { merchantTransactionId: record.gatewayReference },
        credentials,
      )
      const answer = pingpong.parseQueryResponse(
        await callGateway(http, request, 'PingPong'),
        options.salt,
      )
      if (!answer.ok) {
        // Only PingPong's own "no such transaction" says anything of the payment. Any other
        // refusal (a system error), or an answer that is not PingPong's, leaves it unknown: a
        // cancel or an expiry then waits rather than closing a payment that may be paid.
        if (answer.error.code === 'GATEWAY_REJECTED' && answer.error.gatewayCode === notFound) {
          return neverStarted(record, answer.error)
        }
        throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
      }
      const { update } = answer.value
      // An answer about another payment says nothing of this one: taken as its news, a cancel or
      // an expiry would close this payment on another's status.
      checkAnswerIsFor(record, 'query', update.orderReference, update.amount)
      // PingPong says PROCESSING of a local payment waiting for the shopper's scan as of one being
      // paid, and its query carries no action: read as processing, the QR code would leave the
      // shopper's screen at the first late query. It stays up until a final status comes.
      if (
        record.flow === 'apm' &&
        record.status === 'requires_action' &&
        update.status === 'processing'
      )
        return { ...update, status: 'requires_action' }
      // The query's word that the shopper's 3DS is still to do is taken for a card alone, which
      // the kit may give up for another (queryReadsThreeDsWait); a cashier's 3DS stays PingPong's.
      if (
        update.status === 'requires_action' &&
        update.gatewayStatus.toUpperCase() === 'PROCESSING' &&
        (record.flow !== 'card' || options.queryReadsThreeDsWait === false)
      )
        return { ...update, status: 'processing' }
      return update
    },

    async refund(record, refund) {
      const request = buildRefund('PingPong', () =>
        pingpong.buildRefundRequest(
          {
            merchantTransactionId: record.gatewayReference,
            merchantRefundId: refund.reference,
            amount: refund.amount,
            notificationUrl: refund.notifyUrl,
          },
          credentials,
        ),
      )
      const answer = pingpong.parseRefundResponse(
        await callGateway(http, request, 'PingPong'),
        options.salt,
      )
      if (!answer.ok) {
        // Only PingPong's own signed refusal says no refund happened; an answer that is not
        // PingPong's (a proxy's error page, a bad signature, an unsigned error) says nothing, nor
        // does its own internal or upstream error (5xxxxx, 6xxxxx), after which the refund may
        // have been made: failed, it would let the merchant refund the same money twice.
        if (
          answer.error.code !== 'GATEWAY_REJECTED' ||
          !answer.error.signed ||
          pingpong.leavesOutcomeUnknown(answer.error.gatewayCode ?? '')
        )
          throw untrustedAnswer(answer.error.message, refusalOf(answer.error))
        throw new CheckoutError('GATEWAY_REJECTED', 'The refund was refused by PingPong.', {
          cause: refusalCause(answer.error.message, refusalOf(answer.error)),
        })
      }
      const update = answer.value
      // Applied to this refund: one about another payment or refund says nothing of it.
      checkAnswerIsFor(record, 'refund', update.orderReference, undefined)
      if (update.refundReference !== undefined && update.refundReference !== refund.reference) {
        throw untrustedAnswer(`PingPong refund answered about refund ${update.refundReference}`)
      }
      return update
    },
  }
}

/** The code PingPong answers a query for a transaction it does not have with. */
const notFound = '107001'

// How long after its creation a payment PingPong says it never heard of is taken as never started:
// long past any start (the gateway call's timeout, a slow store), so it is no start still arriving.
const neverStartedAfterMs = 10 * 60_000

/**
 * A payment left processing because its start went unanswered (the request may or may not have
 * reached PingPong), which PingPong, in a signed answer, says it has no transaction for (107001):
 * nothing was charged, so it fails as not started and its order can be paid again. [U] That
 * 107001 is the query's answer for a reference PingPong never received is inferred from its code
 * list, not documented for the query. An unsigned 107001, or one about a start that may still be
 * arriving or that PingPong answered, says nothing either way.
 */
function neverStarted(record: PaymentRecord, error: { gatewayCode?: string; signed?: true }) {
  const neverHeardOf =
    error.signed &&
    record.status === 'processing' &&
    // A start PingPong answered (a transaction id recorded) was received, whatever it says now.
    record.gatewayTransactionId === undefined &&
    Date.now() - Date.parse(record.createdAt) > neverStartedAfterMs
  if (!neverHeardOf) return undefined
  return {
    orderReference: record.gatewayReference,
    status: 'failed' as const,
    gatewayStatus: 'NOT_FOUND',
    failure: failure('gateway_error', error.gatewayCode),
  }
}

/**
 * A signed answer about another payment, or for another amount, is not taken: the outcome of this
 * one is then unknown (the handler keeps a card or APM payment processing for a query to settle).
 */
function checkAnswerIsFor(
  record: PaymentRecord,
  call: string,
  reference: string,
  amount: Money | undefined,
): void {
  if (reference !== record.gatewayReference || (amount && !sameMoney(amount, record.amount))) {
    throw untrustedAnswer(
      `PingPong ${call} answered for ${reference}${amount ? ` ${amount.value} ${amount.currency}` : ''}, not for this payment`,
    )
  }
}
