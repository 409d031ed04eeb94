import { currencyExponent, formatMinorUnits, pingpong, toMinorUnits } from '@checkout-kit/gateways'
import { HttpResponse, http } from 'msw'
import { checkEmulatorOptions } from '../checkEmulatorOptions.ts'
import type { EmulatorContext } from '../emulatorContext.ts'
import type { GatewayEmulation } from '../gatewayEmulation.ts'
import { isHttpUrl } from '../isHttpUrl.ts'
import type { DeclineReason, EmulatedPayment, EmulatedRefund, EmulatedState } from '../model.ts'
import { cashierPage, pagesUrl, readOrigin } from '../pages/hostedPages.ts'
import { playCard } from '../playCard.ts'
import { checkCard } from '../testCards.ts'
import { pingpongScriptHandlers, riskSessionIsValid } from './pingpongScripts.ts'

// PingPongCheckout v4 as the emulator plays it (shared/gateways/pingpong.md): JSON envelopes with
// a bizContent string, signed answers, `code` for the request and `status` for the payment.

type Biz = Record<string, unknown>

const statusOf: Record<EmulatedState, pingpong.PingPongStatus> = {
  pending: 'INIT',
  processing: 'PROCESSING',
  succeeded: 'SUCCESS',
  failed: 'FAILED',
  cancelled: 'CLOSED',
  expired: 'CLOSED',
}

const declineCodes: Record<DeclineReason, [code: string, description: string]> = {
  declined: ['301002', 'Transaction declined (Do not honor)'],
  insufficient_funds: ['301003', 'Transaction declined (Exceeds limit)'],
  expired_card: ['301008', 'Transaction declined (Expired card)'],
  invalid_card: ['300000', 'Transaction declined (Invalid card)'],
  authentication_failed: ['400000', '3DS validation failed'],
}

/** APMs the emulator offers, and how each asks the shopper to pay. */
const apmMethods: Record<string, 'QR_CODE' | 'PAYMENT_REDIRECT_URL'> = {
  AlipayCN: 'QR_CODE',
  WechatPay: 'QR_CODE',
  AlipayHK: 'QR_CODE',
  GCash: 'PAYMENT_REDIRECT_URL',
  KakaoPay: 'PAYMENT_REDIRECT_URL',
  Dana: 'PAYMENT_REDIRECT_URL',
}

const apmLifetimeMs = 15 * 60 * 1000

function text(biz: Biz, name: string): string | undefined {
  const value = biz[name]
  if (typeof value === 'string') return value.trim() === '' ? undefined : value
  if (typeof value === 'number') return String(value)
  return undefined
}

/**
 * The first of the request's URLs that is not an absolute http(s) URL. The cashier sends the
 * shopper to payResultUrl or payCancelUrl (and the SDK's page navigates to it), so a `javascript:`
 * one would run script; the notification is POSTed to notificationUrl, and fetch answers a
 * `data:` one itself, so a notification would count as delivered without reaching anyone.
 */
function unsafeUrl(
  biz: Biz,
  names: readonly string[] = ['payResultUrl', 'payCancelUrl', 'notificationUrl'],
): string | undefined {
  return names.find((name) => {
    const value = text(biz, name)
    return value !== undefined && !isHttpUrl(value)
  })
}

/**
 * §1.4, the URL checks prePay and unifiedPay share: each URL is http(s), and notificationUrl
 * takes no query string. The refusal to answer, or undefined.
 */
function refuseUrls(biz: Biz, credentials: pingpong.PingPongCredentials): Response | undefined {
  const unsafe = unsafeUrl(biz)
  if (unsafe) return answer(credentials, '102000', `Invalid or missing parameter: ${unsafe}`)
  if (text(biz, 'notificationUrl')?.includes('?')) {
    return answer(
      credentials,
      '102000',
      'Invalid or missing parameter: notificationUrl must not have a query string',
    )
  }
  return undefined
}

function record(value: unknown): Biz | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Biz)
    : undefined
}

function credentialsFor(context: EmulatorContext, accId: string) {
  return context.credentials.pingpong.find((candidate) => candidate.accId === accId)
}

/** A signed answer in PingPong's envelope, HTTP 200 as PingPong answers business errors too. */
function answer(
  credentials: pingpong.PingPongCredentials,
  code: string,
  description: string,
  bizContent?: Biz,
) {
  return HttpResponse.json(pingpong.buildResponse({ code, description, bizContent }, credentials))
}

/** An answer to a request whose account is unknown: nothing to sign with. */
function unsignedAnswer(code: string, description: string) {
  return HttpResponse.json({ code, description })
}

function amountOf(biz: Biz): { value: string; currency: string } | undefined {
  const value = text(biz, 'amount')
  const currency = text(biz, 'currency')?.toUpperCase()
  if (!value || !currency) return undefined
  const minorUnits = toMinorUnits(value, currency)
  if (minorUnits === undefined || minorUnits === 0n) return undefined
  return { value: formatMinorUnits(minorUnits, currency), currency }
}

function latestByReference(context: EmulatorContext, accId: string, reference: string) {
  let latest: EmulatedPayment | undefined
  for (const payment of context.state.payments.values()) {
    if (
      payment.gateway === 'pingpong' &&
      payment.account === accId &&
      payment.orderReference === reference
    ) {
      latest = payment
    }
  }
  return latest
}

/**
 * An amount as PingPong's transaction answers write it: six decimals whatever the currency
 * (`"100.000000"` in the docs' unifiedPay and query examples).
 */
function sixDecimals(money: { value: string; currency: string }): string {
  const minorUnits = toMinorUnits(money.value, money.currency) ?? 0n
  const millionths = minorUnits * 10n ** BigInt(6 - currencyExponent(money.currency))
  const digits = millionths.toString().padStart(7, '0')
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`
}

/** The business content describing a payment, as unifiedPay, query and notifications carry it. */
function transactionBizContent(context: EmulatorContext, payment: EmulatedPayment): Biz {
  const biz: Biz = {
    transactionId: payment.id,
    merchantTransactionId: payment.orderReference,
    amount: sixDecimals(payment.amount),
    currency: payment.amount.currency,
    // Waiting for a 3DS challenge or a wallet, PingPong reports PROCESSING with the next action.
    status:
      payment.state === 'pending' && (payment.awaitingChallenge || payment.apmMethod)
        ? 'PROCESSING'
        : statusOf[payment.state],
    transactionTime: String(Date.parse(payment.createdAt)),
    captureDelayHours: 0,
    paymentMethod: { type: payment.apmMethod ?? 'scheme' },
  }
  if (payment.requestId) biz.requestId = payment.requestId
  if (payment.extra.remark) biz.remark = payment.extra.remark
  if (payment.state === 'failed' && payment.declineReason) {
    const [code, description] = declineCodes[payment.declineReason]
    biz.resultCode = code
    biz.resultDescription = description
  }
  if (payment.state === 'succeeded') {
    biz.resultCode = '000000'
    biz.resultDescription = 'Transaction succeeded'
    biz.transactionEndingTime = String(Date.parse(payment.updatedAt))
  }
  if (payment.awaitingChallenge) {
    const threeDUnionParams = {
      threeDContinue: 'true',
      threeDRedirectUrl: pagesUrl(context, payment, 'challenge'),
      threeDResult: JSON.stringify({
        ACSUrl: pagesUrl(context, payment, 'challenge'),
        authenticationTransactionId: `EMU3DS-${payment.id}`,
        cardEnrolled: 'Y',
        channelName: 'Emulator',
        threeDRequestId: payment.orderReference,
        version: '2.2.0',
      }),
    }
    biz.threeDContinue = 'true'
    biz.threeDUnionParams = threeDUnionParams
  } else {
    biz.threeDContinue = 'false'
  }
  if (payment.state === 'pending' && payment.apmMethod) {
    const walletUrl = pagesUrl(context, payment, 'wallet')
    biz.action =
      apmMethods[payment.apmMethod] === 'QR_CODE'
        ? { type: 'QR_CODE', qrCode: walletUrl }
        : { type: 'PAYMENT_REDIRECT_URL', paymentRedirectUrl: walletUrl }
  }
  if (payment.maskedCard) {
    biz.cardInfo = {
      firstSixDigits: payment.maskedCard.slice(0, 6),
      lastFourDigits: payment.maskedCard.slice(-4),
    }
  }
  return biz
}

/** The `code` that goes with a payment's state in a unifiedPay answer. */
function codeFor(payment: EmulatedPayment): [string, string] {
  if (payment.state === 'failed' && payment.declineReason)
    return declineCodes[payment.declineReason]
  if (payment.state === 'succeeded') return ['000000', 'Transaction succeeded']
  return ['002000', 'Transaction processing']
}

function refundBizContent(payment: EmulatedPayment, refund: EmulatedRefund): Biz {
  return {
    transactionId: payment.id,
    merchantTransactionId: payment.orderReference,
    merchantRefundId: refund.reference,
    refundId: refund.id,
    amount: refund.amount.value,
    currency: refund.amount.currency,
    status:
      refund.state === 'succeeded'
        ? 'SUCCESS'
        : refund.state === 'failed'
          ? 'FAILED'
          : 'PROCESSING',
    refundTime: String(Date.parse(refund.createdAt)),
  }
}

/** Reads and verifies a merchant's request; answers PingPong's error when it does not hold. */
/**
 * Reads and verifies a merchant's request, and checks that the `required` business fields are
 * there; answers PingPong's error when any of it does not hold.
 */
async function readRequest(
  context: EmulatorContext,
  request: Request,
  required: readonly string[] = [],
) {
  const body = await request.text()
  const verified = pingpong.parseSignedRequest(
    body,
    (accId) => credentialsFor(context, accId)?.salt,
  )
  if (verified.ok) {
    const accId = verified.value.envelope.accId ?? ''
    const credentials = credentialsFor(context, accId) as pingpong.PingPongCredentials
    const { envelope, bizContent: biz } = verified.value
    // §1.2: clientId and version (fixed "1.0") are mandatory common fields, whatever they sign to.
    const commonGap = !envelope.clientId ? 'clientId' : envelope.version !== '1.0' ? 'version' : ''
    if (commonGap) {
      return {
        ok: false as const,
        response: answer(credentials, '102000', `Invalid or missing parameter: ${commonGap}`),
      }
    }
    if (envelope.clientId !== credentials.clientId) {
      return {
        ok: false as const,
        response: answer(credentials, '103000', 'Invalid authentication'),
      }
    }
    const absent = missing(biz, required) ?? overlong(biz)
    if (absent) {
      return {
        ok: false as const,
        response: answer(credentials, '102000', `Invalid or missing parameter: ${absent}`),
      }
    }
    return { ok: true as const, biz, accId, credentials }
  }
  const accId = (() => {
    try {
      const parsed = JSON.parse(body) as unknown
      return typeof record(parsed)?.accId === 'string' ? String(record(parsed)?.accId) : undefined
    } catch {
      return undefined
    }
  })()
  const credentials = accId === undefined ? undefined : credentialsFor(context, accId)
  if (verified.error.code === 'MALFORMED') {
    return {
      ok: false as const,
      response: credentials
        ? answer(credentials, '102000', `Invalid or missing parameter: ${verified.error.message}`)
        : unsignedAnswer('102000', `Invalid or missing parameter: ${verified.error.message}`),
    }
  }
  if (!credentials) {
    return { ok: false as const, response: unsignedAnswer('103000', 'Invalid authentication') }
  }
  return { ok: false as const, response: answer(credentials, '104000', 'Invalid signature') }
}

/**
 * §1.4: captureDelayHours is mandatory, `0` (auto capture) or `-1` (manual capture), except for
 * local payment methods. The emulator captures at once either way.
 */
function badCaptureDelay(biz: Biz): boolean {
  const value = text(biz, 'captureDelayHours')
  return value !== '0' && value !== '-1'
}

/** §1.4: the longest value each length-limited business field takes. */
const maxLengths: Readonly<Record<string, number>> = {
  merchantTransactionId: 64,
  requestId: 64,
  payResultUrl: 255,
  payCancelUrl: 255,
  notificationUrl: 255,
  remark: 255,
  shopperIP: 128,
}

/** The first business field longer than PingPong takes it. */
function overlong(biz: Biz): string | undefined {
  return Object.keys(maxLengths).find(
    (name) => (text(biz, name) ?? '').length > (maxLengths[name] ?? Number.POSITIVE_INFINITY),
  )
}

function missing(biz: Biz, names: readonly string[]): string | undefined {
  return names.find((name) => text(biz, name) === undefined)
}

export interface PingPongEmulationOptions {
  /**
   * [U] The common members of a notification (§1.10). `'request'` (default): accId, clientId,
   * signType, version, bizContent, as the English docs list them; `'response'`: accId, clientId,
   * code, description, signType, bizContent, as the zh refund-notify page does. Either way every
   * member present is signed.
   */
  notificationEnvelope?: 'request' | 'response'
}

/**
 * PingPong's gateway emulation, with its unverified behaviour adjustable. Throws a TypeError naming
 * every problem in `options`, as createEmulator does for its `pingpong` option.
 */
export function createPingPongEmulation(options: PingPongEmulationOptions = {}): GatewayEmulation {
  checkEmulatorOptions(options, 'createPingPongEmulation')
  const responseStyle = options.notificationEnvelope === 'response'

  function notification(
    bizContent: Biz,
    credentials: pingpong.PingPongCredentials,
    [code, description]: [string, string],
  ): object {
    return responseStyle
      ? pingpong.buildResponse({ code, description, bizContent }, credentials)
      : pingpong.buildNotification(bizContent, credentials)
  }

  return {
    gateway: 'pingpong',
    brand: 'PingPongCheckout',
    retryDelaysMs: [5, 5, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800].map(
      (seconds) => seconds * 1000,
    ),

    // §1.10: a 2xx is received unless its body is `FAIL`. Only that word, as documented: a route
    // answering `fail` would see retries here that PingPong does not promise.
    acknowledges: ({ status, body }) =>
      status >= 200 && status < 300 && body.trim() !== pingpong.rejection,

    returnToMerchant(_context, payment, reason) {
      const target =
        reason === 'cancelled' ? (payment.cancelUrl ?? payment.returnUrl) : payment.returnUrl
      if (!target) {
        return new HttpResponse('This payment has no payResultUrl to return to.', { status: 400 })
      }
      // PingPong does not document what it appends to payResultUrl, so nothing is appended: the
      // merchant asks its server (query) for the outcome.
      return HttpResponse.redirect(target, 303)
    },

    paymentNotification(context, payment) {
      // PingPong notifies final-ish states only (SUCCESS, FAILED).
      if (!payment.notifyUrl || (payment.state !== 'succeeded' && payment.state !== 'failed')) {
        return undefined
      }
      const credentials = credentialsFor(context, payment.account)
      if (!credentials) return undefined
      const envelope = notification(
        { ...transactionBizContent(context, payment), notifyType: 'RECHARGE' },
        credentials,
        codeFor(payment),
      )
      return {
        url: payment.notifyUrl,
        contentType: 'application/json',
        body: JSON.stringify(envelope),
        subject: `payment ${payment.state}`,
      }
    },

    refundNotification(context, payment, refund) {
      const credentials = credentialsFor(context, payment.account)
      const url = refund.notifyUrl ?? payment.notifyUrl
      if (!credentials || !url || refund.state === 'processing') return undefined
      const envelope = notification(
        { ...refundBizContent(payment, refund), notifyType: 'REFUND' },
        credentials,
        refund.state === 'succeeded'
          ? ['000000', 'Transaction succeeded']
          : ['303000', 'Refund failed'],
      )
      return {
        url,
        contentType: 'application/json',
        body: JSON.stringify(envelope),
        subject: `refund ${refund.reference} ${refund.state}`,
      }
    },

    handlers(context) {
      const api = context.gatewayUrl('pingpong')

      return [
        http.post(`${api}${pingpong.paths.prePay}`, async ({ request }) => {
          const read = await readRequest(context, request, [
            'merchantTransactionId',
            'amount',
            'currency',
            'payResultUrl',
            'payCancelUrl',
            'shopperIP',
          ])
          if (!read.ok) return read.response
          const { biz, accId, credentials } = read
          const amount = amountOf(biz)
          if (!amount) return answer(credentials, '102000', 'Invalid or missing parameter: amount')
          if (badCaptureDelay(biz)) {
            return answer(credentials, '102000', 'Invalid or missing parameter: captureDelayHours')
          }
          const urlRefusal = refuseUrls(biz, credentials)
          if (urlRefusal) return urlRefusal
          const reference = text(biz, 'merchantTransactionId') as string
          const existing = latestByReference(context, accId, reference)
          // PingPong: the same merchantTransactionId does not update the order; it is the same order.
          let payment = existing
          if (existing && existing.state === 'succeeded') {
            return answer(credentials, '107000', 'Duplicated transaction')
          }
          if (payment?.state !== 'pending') {
            const created = context.createPayment({
              gateway: 'pingpong',
              flow: 'hosted',
              account: accId,
              orderReference: reference,
              amount,
              returnUrl: text(biz, 'payResultUrl'),
              cancelUrl: text(biz, 'payCancelUrl'),
              notifyUrl: text(biz, 'notificationUrl'),
            })
            created.extra.token = `EU:emu_${crypto.randomUUID().replace(/-/g, '')}`
            const remark = text(biz, 'remark')
            if (remark) created.extra.remark = remark
            payment = created
          }
          const token = payment.extra.token as string
          return answer(credentials, '000000', 'Transaction succeeded', {
            transactionId: payment.id,
            merchantTransactionId: payment.orderReference,
            // The order as PingPong keeps it: a repeated request does not update it (§1.5).
            amount: payment.amount.value,
            currency: payment.amount.currency,
            token,
            paymentUrl: `${api}/v3/checkout?token=${encodeURIComponent(token)}`,
            innerJsUrl: `${api}/sdk/ppPay.min.js?token=${encodeURIComponent(token)}`,
            ...(payment.extra.remark ? { remark: payment.extra.remark } : {}),
          })
        }),

        // The hosted cashier (paymentUrl), also what the JS SDK mounts in its iframe.
        http.get(`${api}/v3/checkout`, ({ request }) => {
          const url = new URL(request.url)
          const token = url.searchParams.get('token') ?? ''
          const payment = context.state.find(
            'pingpong',
            (candidate) => candidate.extra.token === token,
          )
          if (!payment) {
            return new HttpResponse('Invalid or expired token', {
              status: 404,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            })
          }
          return cashierPage(context, payment, {
            parentOrigin: readOrigin(url.searchParams.get('parentOrigin')),
            manual: url.searchParams.get('manual') === '1',
          })
        }),

        http.post(`${api}${pingpong.paths.unifiedPay}`, async ({ request }) => {
          const read = await readRequest(context, request, [
            'requestId',
            'merchantTransactionId',
            'amount',
            'currency',
            'shopperIP',
          ])
          if (!read.ok) return read.response
          const { biz, accId, credentials } = read
          const requestId = text(biz, 'requestId') as string
          // PingPong's idempotency: the same requestId is the same attempt.
          const repeated = context.state.find(
            'pingpong',
            (payment) => payment.account === accId && payment.requestId === requestId,
          )
          if (repeated) {
            const [code, description] = codeFor(repeated)
            return answer(credentials, code, description, transactionBizContent(context, repeated))
          }
          const amount = amountOf(biz)
          if (!amount) return answer(credentials, '102000', 'Invalid or missing parameter: amount')
          const urlRefusal = refuseUrls(biz, credentials)
          if (urlRefusal) return urlRefusal
          const reference = text(biz, 'merchantTransactionId') as string
          if (latestByReference(context, accId, reference)?.state === 'succeeded') {
            return answer(credentials, '107000', 'Duplicated transaction')
          }
          const method = record(biz.paymentMethod)
          const type = method ? text(method, 'type') : undefined
          if (!method || !type)
            return answer(credentials, '102000', 'Invalid or missing parameter: paymentMethod.type')

          const isCard = type === 'scheme'
          if (isCard && badCaptureDelay(biz)) {
            return answer(credentials, '102000', 'Invalid or missing parameter: captureDelayHours')
          }
          if (!isCard && !apmMethods[type]) {
            return answer(
              credentials,
              '106001',
              `Invalid card scheme: ${type} is not offered by the emulator`,
            )
          }
          const payment = context.createPayment({
            gateway: 'pingpong',
            flow: isCard ? 'card' : 'apm',
            account: accId,
            orderReference: reference,
            requestId,
            amount,
            returnUrl: text(biz, 'payResultUrl'),
            notifyUrl: text(biz, 'notificationUrl'),
            ...(isCard ? {} : { apmMethod: type }),
          })
          if (!isCard) {
            if (apmMethods[type] === 'PAYMENT_REDIRECT_URL') payment.extra.walletReturns = 'true'
            // timeExpire (Unix seconds) closes the order; without it a QR code lives 15 minutes.
            const timeExpire = Number(text(biz, 'timeExpire'))
            const expiresAt =
              Number.isInteger(timeExpire) && timeExpire > 0
                ? timeExpire * 1000
                : context.now().getTime() + apmLifetimeMs
            payment.expiresAt = new Date(expiresAt).toISOString()
            context.expireWhenDue(payment)
            return answer(
              credentials,
              '002000',
              'Transaction processing',
              transactionBizContent(context, payment),
            )
          }

          const cardInfo = record(method.cardInfo) ?? {}
          const card = checkCard(
            text(cardInfo, 'number') ?? '',
            {
              month: Number(text(cardInfo, 'expireMonth')),
              year: Number(text(cardInfo, 'expireYear')),
            },
            context.now(),
          )
          if (!card.valid) {
            context.settle(payment, 'failed', card.reason)
          } else {
            payment.maskedCard = card.masked
            if (playCard(context, payment, card.scenario) === 'challenge') {
              // Without the risk plugin's jsGeneratedData no challenge can start (docs §1.9).
              if (riskSessionIsValid(context, text(biz, 'jsGeneratedData'))) {
                payment.awaitingChallenge = true
                context.record(payment, '3DS challenge required')
              } else {
                context.settle(payment, 'failed', 'authentication_failed')
              }
            }
          }
          const [code, description] = codeFor(payment)
          return answer(credentials, code, description, transactionBizContent(context, payment))
        }),

        http.post(`${api}${pingpong.paths.query}`, async ({ request }) => {
          const read = await readRequest(context, request)
          if (!read.ok) return read.response
          const { biz, accId, credentials } = read
          const transactionId = text(biz, 'transactionId')
          const reference = text(biz, 'merchantTransactionId')
          if (!transactionId && !reference) {
            return answer(
              credentials,
              '102000',
              'Invalid or missing parameter: transactionId or merchantTransactionId',
            )
          }
          const payment = transactionId
            ? context.state.payments.get(transactionId)
            : latestByReference(context, accId, reference as string)
          if (payment?.gateway !== 'pingpong' || payment.account !== accId) {
            return answer(credentials, '107001', 'Transaction does not exist')
          }
          return answer(
            credentials,
            '001000',
            'Successful request',
            transactionBizContent(context, payment),
          )
        }),

        http.post(`${api}${pingpong.paths.refund}`, async ({ request }) => {
          const read = await readRequest(context, request, [
            'merchantTransactionId',
            'merchantRefundId',
            'amount',
            'currency',
          ])
          if (!read.ok) return read.response
          const { biz, accId, credentials } = read
          const payment = latestByReference(
            context,
            accId,
            text(biz, 'merchantTransactionId') as string,
          )
          if (payment?.state !== 'succeeded') {
            return answer(credentials, '107002', 'Original transaction does not exist')
          }
          const unsafe = unsafeUrl(biz, ['notificationUrl'])
          if (unsafe) {
            return answer(credentials, '102000', `Invalid or missing parameter: ${unsafe}`)
          }
          const reference = text(biz, 'merchantRefundId') as string
          const existing = payment.refunds.find((refund) => refund.reference === reference)
          if (existing) {
            return answer(
              credentials,
              '001000',
              'Successful request',
              refundBizContent(payment, existing),
            )
          }
          const amount = amountOf(biz)
          if (!amount || amount.currency !== payment.amount.currency) {
            return answer(credentials, '102000', 'Invalid or missing parameter: amount')
          }
          const refunded = payment.refunds
            .filter((refund) => refund.state !== 'failed')
            .reduce(
              (sum, refund) =>
                sum + (toMinorUnits(refund.amount.value, refund.amount.currency) ?? 0n),
              0n,
            )
          const paid = toMinorUnits(payment.amount.value, payment.amount.currency) ?? 0n
          if (refunded + (toMinorUnits(amount.value, amount.currency) ?? 0n) > paid) {
            return answer(credentials, '108000', 'Refund exceeds the original amount')
          }
          const refund: EmulatedRefund = {
            id: context.state.nextId(),
            reference,
            amount,
            state: 'processing',
            createdAt: context.now().toISOString(),
            ...(text(biz, 'notificationUrl') ? { notifyUrl: text(biz, 'notificationUrl') } : {}),
          }
          payment.refunds.push(refund)
          context.record(
            payment,
            `refund ${reference} of ${amount.value} ${amount.currency} requested`,
          )
          context.later(1000, () => {
            refund.state = 'succeeded'
            context.record(payment, `refund ${reference} succeeded`)
            context.notifyRefund(payment, refund)
          })
          return answer(
            credentials,
            '001000',
            'Successful request',
            refundBizContent(payment, refund),
          )
        }),

        ...[pingpong.paths.refundQuery, pingpong.paths.refundQueryAlias].map((path) =>
          http.post(`${api}${path}`, async ({ request }) => {
            const read = await readRequest(context, request, ['merchantTransactionId'])
            if (!read.ok) return read.response
            const { biz, accId, credentials } = read
            // §1.11: refundId or merchantRefundId names the refund.
            if (!text(biz, 'refundId') && !text(biz, 'merchantRefundId')) {
              return answer(
                credentials,
                '102000',
                'Invalid or missing parameter: refundId or merchantRefundId',
              )
            }
            const payment = latestByReference(
              context,
              accId,
              text(biz, 'merchantTransactionId') ?? '',
            )
            const refundId = text(biz, 'refundId')
            const reference = text(biz, 'merchantRefundId')
            const refund = payment?.refunds.find(
              (candidate) => candidate.id === refundId || candidate.reference === reference,
            )
            if (!payment || !refund)
              return answer(credentials, '107001', 'Transaction does not exist')
            return answer(
              credentials,
              '001000',
              'Successful request',
              refundBizContent(payment, refund),
            )
          }),
        ),

        ...pingpongScriptHandlers(context),
      ]
    },
  }
}

export const pingpongEmulation: GatewayEmulation = createPingPongEmulation()
