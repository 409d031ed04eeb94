import type {
  CheckoutConfig,
  CheckoutFlow,
  CreatePaymentRequest,
  GatewayName,
  MoneyAmount,
  PaymentSession,
} from '@checkout-kit/core'
import { formatAmount, sameMoney, toMinorUnits } from '@checkout-kit/gateways'
import { checkHandlerOptions } from './checkHandlerOptions.ts'
import { CheckoutError } from './checkoutError.ts'
import { errorText } from './errorText.ts'
import type {
  GatewayAdapter,
  PaymentUpdate,
  RefundUpdate,
  ResolvedOrder,
} from './gateways/gatewayAdapter.ts'
import {
  createOceanpaymentAdapter,
  type OceanpaymentOptions,
} from './gateways/oceanpaymentAdapter.ts'
import { createPingPongAdapter, type PingPongOptions } from './gateways/pingpongAdapter.ts'
import { createPockytAdapter, type PockytOptions } from './gateways/pockytAdapter.ts'
import { createGatewayTroubleLog } from './gatewayTroubleLog.ts'
import { PaymentEvents } from './paymentEvents.ts'
import {
  appendTimeline,
  appendTimelineOnce,
  gatewayIdsOf,
  type NewTimelineEntry,
  type PaymentRecord,
  type RefundRecord,
  type TimelineEntry,
  toSession,
} from './paymentRecord.ts'
import { readBodyText } from './readBodyText.ts'
import { redactCardNumbers } from './redactCardNumbers.ts'
import { refundMinorUnits } from './refundSummary.ts'
import { canMoveTo, isOpen } from './statusRules.ts'
import { createMemoryPaymentStore } from './stores/memoryPaymentStore.ts'
import {
  DuplicatePaymentError,
  type ListPaymentsOptions,
  type PaymentStore,
} from './stores/paymentStore.ts'
import { reportingChanges } from './stores/reportingChanges.ts'

export interface CheckoutLogger {
  info(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
  error(message: string, details?: Record<string, unknown>): void
}

export interface CheckoutHandlerOptions {
  /**
   * Where this handler is reachable from the outside, base path included, e.g.
   * `https://shop.example/api/checkout`. Gateways send shoppers back to `${publicUrl}/return/…`
   * and notifications to `${publicUrl}/notify/…`.
   */
  publicUrl: string
  /** The path the handler answers under. The path of `publicUrl` by default. */
  basePath?: string
  /**
   * Prices the merchant's order. The browser never sends an amount; this is the only source. One
   * that throws is logged with what it threw and answered `503 ORDER_LOOKUP_FAILED`.
   */
  resolveOrder(orderId: string): Promise<ResolvedOrder | undefined> | ResolvedOrder | undefined
  gateways: {
    pingpong?: PingPongOptions
    pockyt?: PockytOptions
    oceanpayment?: OceanpaymentOptions
  }
  /** Where payments are kept. In memory by default: use `createSqlitePaymentStore` to keep them. */
  store?: PaymentStore
  /** Origins the storefront's return pages may be on. The origin of `publicUrl` by default. */
  allowedReturnOrigins?: string[]
  /** How long an open payment waits for a notification before `GET /payments/{id}` asks the gateway. */
  queryAfterMs?: number
  /**
   * The largest request body read, in bytes; larger ones are refused with `413 PAYLOAD_TOO_LARGE`
   * before they are read whole. 64 KiB by default: a card payment with the risk plugin's data is
   * a few kilobytes, a gateway notification less.
   */
  maxBodyBytes?: number
  /** How long a gateway call may take. */
  gatewayTimeoutMs?: number
  /**
   * The shopper's IP address (gateways require it) as your platform knows it, e.g. Cloudflare's
   * `CF-Connecting-IP` header or Bun's `server.requestIP(request)`. Asked first; `undefined` leaves
   * it to `trustedProxies`.
   */
  clientIp?(request: Request): string | undefined
  /**
   * How many proxies of yours (load balancer, CDN, TLS terminator) stand in front of this handler,
   * each appending the address it was reached from to `X-Forwarded-For`. The shopper's address is
   * the entry this many from the right. 0 by default: the header is not read.
   */
  trustedProxies?: number
  /** The fetch used to call gateways. */
  fetch?: typeof fetch
  logger?: CheckoutLogger
}

/** The handler, plus what a merchant's back office calls directly. */
export interface CheckoutHandler {
  (request: Request): Promise<Response>
  /** Refunds all or part of a paid payment through its gateway. */
  refund(input: {
    paymentId: string
    amount?: MoneyAmount
    reference?: string
  }): Promise<RefundRecord>
  /** A payment as the server knows it (refreshed from the gateway when a notification is late). */
  getPayment(paymentId: string): Promise<PaymentRecord | undefined>
  /** Payments newest first: the latest `limit` (100), of one order or of several (`orderIds`). */
  listPayments(options?: ListPaymentsOptions): Promise<PaymentRecord[]>
  /** Emits the payment's session each time it changes; answers a function that stops listening. */
  subscribe(paymentId: string, listener: (session: PaymentSession) => void): () => void
  /**
   * Emits every record this handler creates or changes — a new payment, a status change, a refund
   * requested or settled, a timeline entry — once per change, as stored. Changes written by another
   * process sharing the store are not seen here. Answers a function that stops listening.
   */
  subscribeRecords(listener: (record: PaymentRecord) => void): () => void
  close(): Promise<void>
}

const consoleLogger: CheckoutLogger = {
  info: () => {},
  warn: (message, details) => console.warn(`[checkout-kit] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[checkout-kit] ${message}`, details ?? ''),
}

const gatewayNames: readonly GatewayName[] = ['pingpong', 'pockyt', 'oceanpayment']
const flowNames: readonly CheckoutFlow[] = ['hosted-sdk', 'hosted-redirect', 'card', 'apm']

function isGatewayName(value: unknown): value is GatewayName {
  return typeof value === 'string' && (gatewayNames as readonly string[]).includes(value)
}

function isFlowName(value: unknown): value is CheckoutFlow {
  return typeof value === 'string' && (flowNames as readonly string[]).includes(value)
}

/**
 * The payment id behind a gateway reference: the id itself, or the id with a `-N` suffix when a
 * start was retried under a fresh reference (payment ids have no dashes).
 */
function paymentIdOf(gatewayReference: string): string {
  return gatewayReference.replace(/-\d+$/, '')
}

/** A path segment as the client meant it. A broken percent-escape is the client's mistake. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new CheckoutError(
      'INVALID_REQUEST',
      'The path has a malformed percent-escape: encode each segment with encodeURIComponent.',
    )
  }
}

function newPaymentId(): string {
  return `pay_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string')
    throw new CheckoutError('INVALID_REQUEST', `${name} must be a string.`)
  return value
}

const cardFields = ['number', 'expiryMonth', 'expiryYear', 'cvc', 'holderName'] as const

/** Validates `POST /payments`'s body at the boundary. Messages never echo card data. */
function readCreateRequest(body: unknown): CreatePaymentRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CheckoutError(
      'INVALID_REQUEST',
      'Send a JSON object: { gateway, flow, orderId, returnUrl }.',
    )
  }
  const fields = body as Record<string, unknown>
  if (!isGatewayName(fields.gateway)) {
    throw new CheckoutError('INVALID_REQUEST', `gateway must be one of ${gatewayNames.join(', ')}.`)
  }
  if (!isFlowName(fields.flow)) {
    throw new CheckoutError('INVALID_REQUEST', `flow must be one of ${flowNames.join(', ')}.`)
  }
  const orderId = optionalString(fields, 'orderId')
  const returnUrl = optionalString(fields, 'returnUrl')
  if (!orderId || orderId.length > 64) {
    throw new CheckoutError('INVALID_REQUEST', 'orderId is required (at most 64 characters).')
  }
  if (!returnUrl) throw new CheckoutError('INVALID_REQUEST', 'returnUrl is required.')
  const request: CreatePaymentRequest = {
    gateway: fields.gateway,
    flow: fields.flow,
    orderId,
    returnUrl,
  }
  const method = optionalString(fields, 'method')
  if (method) request.method = method
  const jsGeneratedData = optionalString(fields, 'jsGeneratedData')
  if (jsGeneratedData) request.jsGeneratedData = jsGeneratedData
  if (typeof fields.browserInfo === 'object' && fields.browserInfo !== null) {
    request.browserInfo = Object.fromEntries(
      Object.entries(fields.browserInfo as Record<string, unknown>).map(([name, value]) => [
        name,
        String(value),
      ]),
    )
  }
  if (fields.card !== undefined) {
    // A field left out or sent as a number is the integration's mistake, not the shopper's: name
    // it, or the answer would be the shopper's "check your card details" (names only, no values).
    const card = (typeof fields.card === 'object' && fields.card) as Record<string, unknown>
    const wrong = cardFields.filter((name) => typeof card?.[name] !== 'string')
    if (wrong.length > 0) {
      throw new CheckoutError(
        'INVALID_REQUEST',
        `card needs ${wrong.map((name) => `card.${name}`).join(', ')} as strings: { ${cardFields.join(', ')} }.`,
      )
    }
    request.card = {
      number: card.number as string,
      expiryMonth: card.expiryMonth as string,
      expiryYear: card.expiryYear as string,
      cvc: card.cvc as string,
      holderName: card.holderName as string,
    }
  }
  if (request.flow === 'card' && !request.card) {
    throw new CheckoutError(
      'INVALID_REQUEST',
      'The card flow needs card: { number, expiryMonth, expiryYear, cvc, holderName }.',
    )
  }
  if (request.flow === 'apm' && !request.method) {
    throw new CheckoutError('INVALID_REQUEST', 'The apm flow needs method, e.g. "AlipayCN".')
  }
  return request
}

export function createCheckoutHandler(options: CheckoutHandlerOptions): CheckoutHandler {
  checkHandlerOptions(options)
  const publicUrl = options.publicUrl.replace(/\/+$/, '')
  const basePath = (options.basePath ?? new URL(publicUrl).pathname).replace(/\/+$/, '')
  const logger = options.logger ?? consoleLogger
  const troubles = createGatewayTroubleLog(logger)
  // Errors logged where they happened, which the answer does not log again.
  const loggedErrors = new WeakSet<CheckoutError>()

  /**
   * The merchant's `resolveOrder`. One that throws (its database down) is answered as the order
   * lookup failing, not as the gateway: a 503 all the same, for the browser to ask again with the
   * same key. Nothing is recorded or started before it answers.
   */
  async function resolveOrder(orderId: string) {
    try {
      return await options.resolveOrder(orderId)
    } catch (error) {
      logger.error('resolveOrder threw, so no payment was started for the order', {
        orderId,
        error: errorText(error),
      })
      const failed = new CheckoutError(
        'ORDER_LOOKUP_FAILED',
        'This order could not be looked up just now. Please try again in a moment.',
        { cause: error },
      )
      loggedErrors.add(failed)
      throw failed
    }
  }
  const events = new PaymentEvents((error) =>
    logger.error('A payment listener failed', { error: errorText(error) }),
  )
  // Every write goes through here, so every change reaches the listeners, once; and every
  // success, whichever path recorded it (a notification, a query, the start's own answer), is
  // checked for another of its order.
  const store = reportingChanges(options.store ?? createMemoryPaymentStore(), (record, before) => {
    events.publish(record, before)
    if (before && before.status !== 'succeeded' && record.status === 'succeeded') {
      void warnIfPaidTwice(record)
    }
  })
  const queryAfterMs = options.queryAfterMs ?? 10_000
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const trustedProxies = options.trustedProxies ?? 0
  const allowedReturnOrigins = new Set(options.allowedReturnOrigins ?? [new URL(publicUrl).origin])
  const transport = {
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
    timeoutMs: options.gatewayTimeoutMs ?? 15_000,
  }

  const adapters = new Map<GatewayName, GatewayAdapter>()
  if (options.gateways.pingpong)
    adapters.set('pingpong', createPingPongAdapter(options.gateways.pingpong, transport))
  if (options.gateways.pockyt)
    adapters.set('pockyt', createPockytAdapter(options.gateways.pockyt, transport))
  if (options.gateways.oceanpayment) {
    adapters.set(
      'oceanpayment',
      createOceanpaymentAdapter(options.gateways.oceanpayment, transport),
    )
  }

  const now = () => new Date().toISOString()
  // Summaries quote gateways' own messages: card-number-like text is masked before it is stored,
  // except the gateway's ids in `keep`.
  const entry = (
    kind: TimelineEntry['kind'],
    summary: string,
    keep?: Iterable<string>,
  ): NewTimelineEntry => ({ at: now(), kind, summary: redactCardNumbers(summary, keep) })

  function adapterFor(gateway: string): GatewayAdapter {
    const adapter = isGatewayName(gateway) ? adapters.get(gateway) : undefined
    if (!adapter) {
      throw new CheckoutError(
        'GATEWAY_NOT_ENABLED',
        `The ${gateway} gateway is not enabled on this server.`,
      )
    }
    return adapter
  }

  async function requirePayment(id: string): Promise<PaymentRecord> {
    const record = await store.get(id)
    if (!record) throw new CheckoutError('PAYMENT_NOT_FOUND', 'No payment has this id.')
    return record
  }

  /**
   * Applies what a gateway said, if it moves the payment forward. A success whose amount differs
   * from the order's is not applied: it is logged for the merchant to look into. `onlyFrom`: the
   * one status it may move from (the server's own closing, decided on what the gateway said a
   * moment ago, of a payment still waiting for the shopper).
   */
  async function applyUpdate(
    id: string,
    gatewayUpdate: PaymentUpdate,
    source: TimelineEntry['kind'],
    onlyFrom?: PaymentRecord['status'],
  ) {
    const record = await store.update(id, (current) => {
      // Gateways close a cancelled order like an expired one (PingPong: CLOSED for both). After
      // the shopper came back through the cancel button, a closed order was cancelled. The hint
      // is unverified, but it only chooses between two outcomes that are not a payment, and it
      // holds whichever message (query, notification) brings the closure, whenever it comes.
      const update: PaymentUpdate =
        current.shopperCancelledAt && gatewayUpdate.status === 'expired'
          ? { ...gatewayUpdate, status: 'cancelled' }
          : gatewayUpdate
      const said = `${source}: ${update.gatewayStatus} (${update.status})`
      // A genuine message about another attempt (a replayed return, an abandoned reference) must
      // not settle this one.
      if (update.orderReference !== current.gatewayReference) {
        logger.warn('Gateway message is about another attempt; not applied', {
          paymentId: id,
          expected: current.gatewayReference,
          received: update.orderReference,
        })
        appendTimelineOnce(
          current,
          entry(source, `${said} ignored: it is about ${update.orderReference}`),
        )
        return current
      }
      if (update.amount && !sameMoney(update.amount, current.amount)) {
        logger.warn('Gateway amount differs from the order; update not applied', {
          paymentId: id,
          expected: current.amount,
          received: update.amount,
        })
        appendTimelineOnce(
          current,
          entry(
            source,
            `${said} ignored: amount ${update.amount.value} ${update.amount.currency} differs`,
          ),
        )
        return current
      }
      if (
        !canMoveTo(current.status, update.status) ||
        (onlyFrom !== undefined && current.status !== onlyFrom)
      ) {
        const unchanged = entry(source, `${said}, no change from ${current.status}`)
        // A late payment is queried every `queryAfterMs` while it is watched, and each entry is a
        // change that live pages read again: an answer the timeline just recorded is left out.
        // The first one stays, so the timeline still shows the gateway was asked and what it said.
        // A return is posted by the shopper's browser, as often as it likes and in any order
        // (two genuine results, alternated): each is recorded once at most.
        if (source === 'return') appendTimelineOnce(current, unchanged)
        else if (current.timeline.at(-1)?.summary !== unchanged.summary)
          appendTimeline(current, unchanged)
        return current
      }
      appendTimeline(current, entry(source, said))
      appendTimeline(current, entry('status', `${current.status} → ${update.status}`))
      current.status = update.status
      current.updatedAt = now()
      if (update.gatewayTransactionId) current.gatewayTransactionId = update.gatewayTransactionId
      if (update.status !== 'requires_action') delete current.action
      // The message reaches the shopper's page and the store: gateway text, so masked like any.
      if (update.failure)
        current.failure = {
          code: update.failure.code,
          message: redactCardNumbers(update.failure.message),
        }
      else if (update.status === 'succeeded') delete current.failure
      return current
    })
    return record
  }

  /**
   * An order can be paid twice: a QR code or a card's 3DS page given up here (a cancel, an expiry)
   * stays payable at the gateway, which has no way to close it, while the shopper pays another
   * attempt. The late success is recorded, since the money was taken, and the merchant is told, to
   * refund one of them. Never throws: it runs after the write, with no request to answer.
   */
  async function warnIfPaidTwice(paid: PaymentRecord): Promise<void> {
    try {
      const attempts = await store.list({ orderId: paid.orderId })
      const others = attempts.filter(
        (attempt) => attempt.status === 'succeeded' && attempt.id !== paid.id,
      )
      if (others.length === 0) return
      logger.warn('Order paid more than once; refund the extra payment', {
        orderId: paid.orderId,
        paymentIds: [...others.map((attempt) => attempt.id), paid.id],
      })
    } catch (error) {
      // The success is recorded either way; only the warning is lost.
      logger.error('Could not check the order for a second payment', {
        orderId: paid.orderId,
        error: errorText(error),
      })
    }
  }

  async function applyRefundUpdate(
    id: string,
    update: RefundUpdate,
    source: TimelineEntry['kind'],
  ) {
    const record = await store.update(id, (current) => {
      const refund = current.refunds.find(
        (candidate) => candidate.reference === update.refundReference,
      )
      if (!refund) {
        appendTimeline(
          current,
          entry(
            source,
            `refund ${update.refundReference ?? '?'} ${update.gatewayStatus}: unknown refund`,
          ),
        )
        return current
      }
      appendTimeline(current, entry(source, `refund ${refund.reference}: ${update.gatewayStatus}`))
      if (refund.status === 'processing' && update.status !== 'processing') {
        refund.status = update.status
        refund.updatedAt = now()
        if (update.gatewayRefundId) refund.gatewayRefundId = update.gatewayRefundId
      }
      current.updatedAt = now()
      return current
    })
    return record
  }

  // One query at a time per payment: concurrent reads of a late payment share it.
  const refreshes = new Map<string, Promise<PaymentRecord>>()

  /**
   * Whether the gateway is asked about a payment in `status`. An open one, or, when forced (the
   * shopper just came back from the gateway's page), any not paid: PingPong's FAILED is not final,
   * the shopper may pay on the same cashier with another card, and the gateway's word is then the
   * only news before a late notification. Shown its failure, the shopper would pay a second time.
   */
  const askable = (status: PaymentRecord['status'], force: boolean) =>
    isOpen(status) || (force && status !== 'succeeded')

  /** The gateway's view, when a notification is late. Errors leave the record as it is. */
  function refreshIfLate(
    record: PaymentRecord,
    hints: { force?: boolean } = {},
  ): Promise<PaymentRecord> {
    if (!adapters.get(record.gateway)?.query || !askable(record.status, hints.force === true)) {
      return Promise.resolve(record)
    }
    // A forced query (the shopper just came back) does not join one already under way, which
    // may have asked before the shopper acted; the claim below still keeps two from going out
    // within `queryAfterMs`.
    if (hints.force) return queryGateway(record, hints)
    const running = refreshes.get(record.id)
    if (running) return running
    const refresh = queryGateway(record, hints).finally(() => refreshes.delete(record.id))
    refreshes.set(record.id, refresh)
    return refresh
  }

  /**
   * Asks the gateway and applies its answer. `closing` (`askBeforeClosing`): whatever was asked a
   * moment ago, and a gateway that cannot be asked throws instead of leaving the payment as it is.
   */
  async function queryGateway(
    record: PaymentRecord,
    { force = false, closing = false },
  ): Promise<PaymentRecord> {
    const adapter = adapters.get(record.gateway)
    if (!adapter?.query) return record
    // The query is claimed on the stored record, compare-and-set: another process (or a forced
    // query here) that asked the gateway a moment ago leaves nothing to ask. A forced query need
    // not wait for a notification to be late, but anyone can load the return URL that forces it,
    // so it too goes out at most once per `queryAfterMs`.
    let claimed = false
    const current = await store.update(record.id, (stored) => {
      const since = stored.lastQueriedAt ?? (force ? undefined : stored.createdAt)
      const recent =
        !closing && since !== undefined && Date.now() - Date.parse(since) < queryAfterMs
      if (!askable(stored.status, force) || recent) return undefined
      claimed = true
      return { ...stored, lastQueriedAt: now() }
    })
    if (!current || !claimed) return current ?? record
    try {
      const answer = await adapter.query(current)
      troubles.answered(record.id)
      if (answer) return (await applyUpdate(record.id, answer, 'query')) ?? current
    } catch (error) {
      if (closing) throw error
      troubles.callFailed(
        'query',
        record,
        error,
        'Gateway query failed; the payment stays as it is',
      )
    }
    return (await store.get(record.id)) ?? current
  }

  // Closing queries under way, one per payment in this process: a cancel and a read that expires
  // the payment at the same moment share the gateway's answer.
  const closingQueries = new Map<string, Promise<PaymentRecord>>()
  // When each payment's last closing query ended, and its failure if it failed: anyone who knows a
  // payment id can ask to close it, so within `closingQueryGapMs` of the last one the gateway is
  // not asked again (its answer, or its failure, stands).
  const closingQueryEnds = new Map<string, { at: number; failure?: unknown }>()
  const closingQueryGapMs = Math.min(2000, queryAfterMs)

  function rememberClosingQuery(id: string, failure?: unknown) {
    const at = Date.now()
    for (const [other, ended] of closingQueryEnds) {
      if (at - ended.at >= closingQueryGapMs) closingQueryEnds.delete(other)
    }
    closingQueryEnds.set(id, failure === undefined ? { at } : { at, failure })
  }

  /**
   * The gateway's view before the server closes a payment on its own side (a cancel, an expiry):
   * that frees the order for another attempt, and a closed payment is not asked about again, so a
   * payment made a moment ago with its notification late or lost must be found first. Unlike
   * `refreshIfLate`, the gateway is asked whatever was asked a moment ago (the answer may be
   * older than the payment), after any query under way, and a gateway that cannot be asked
   * throws GATEWAY_UNAVAILABLE: closing blind is what this is for not doing.
   */
  function askBeforeClosing(record: PaymentRecord): Promise<PaymentRecord> {
    if (!adapters.get(record.gateway)?.query || !isOpen(record.status)) {
      return Promise.resolve(record)
    }
    const running = closingQueries.get(record.id)
    if (running) return running
    const ended = closingQueryEnds.get(record.id)
    if (ended && Date.now() - ended.at < closingQueryGapMs) {
      if (ended.failure !== undefined) return Promise.reject(ended.failure)
      return store.get(record.id).then((current) => current ?? record)
    }
    const asking = (async () => {
      await refreshes.get(record.id)
      return queryGateway(record, { closing: true })
    })()
      .then(
        (answered) => {
          rememberClosingQuery(record.id)
          return answered
        },
        (failure: unknown) => {
          rememberClosingQuery(record.id, failure)
          throw failure
        },
      )
      .finally(() => closingQueries.delete(record.id))
    closingQueries.set(record.id, asking)
    return asking
  }

  async function expireIfDue(due: PaymentRecord): Promise<PaymentRecord> {
    // Only a payment still waiting for the shopper expires here. One being confirmed (`processing`)
    // may have been paid: the gateway's final status settles it, as a cancel would be refused.
    if (
      due.status !== 'requires_action' ||
      !due.expiresAt ||
      Date.parse(due.expiresAt) > Date.now()
    )
      return due
    let record: PaymentRecord
    try {
      record = await askBeforeClosing(due)
    } catch (error) {
      // Left open until the gateway can say whether it was paid meanwhile.
      troubles.callFailed(
        'query',
        due,
        error,
        'Gateway query failed; the payment is not expired yet',
      )
      return due
    }
    // Paid, or being paid, meanwhile.
    if (record.status !== 'requires_action') return record
    return (
      (await applyUpdate(
        record.id,
        {
          orderReference: record.gatewayReference,
          status: 'expired',
          gatewayStatus: 'EXPIRED_BY_SERVER',
        },
        'status',
        // Found being confirmed since the gateway answered (another process's query): not expired.
        'requires_action',
      )) ?? record
    )
  }

  let warnedNoShopperIp = false

  /**
   * The shopper's address as something other than the shopper vouches for it. Entries of
   * `X-Forwarded-For` left of those the merchant's proxies appended are whatever the shopper sent.
   */
  function shopperIpOf(http: Request): string {
    const forwarded = http.headers.get('x-forwarded-for')
    const appended =
      trustedProxies > 0 ? forwarded?.split(',').at(-trustedProxies)?.trim() : undefined
    const ip = options.clientIp?.(http) || appended
    if (ip) return ip
    // Most likely a proxy the merchant has not told us about; said once, not once a payment.
    if (forwarded !== null && !warnedNoShopperIp) {
      warnedNoShopperIp = true
      logger.warn(
        "X-Forwarded-For is not trusted, so gateways are sent 127.0.0.1 as the shopper's IP: if proxies of yours stand in front of this handler, set trustedProxies to how many (or set clientIp)",
      )
    }
    // PingPong and Oceanpayment refuse a payment without one: a stand-in no shopper can choose
    // rather than no payment at all.
    return '127.0.0.1'
  }

  /** Ends an attempt whose start came to nothing as failed, `why` saying how in its timeline. */
  function failNotStarted(current: PaymentRecord, why: string): PaymentRecord {
    appendTimeline(current, entry('status', `${current.status} → failed (${why})`))
    current.status = 'failed'
    current.failure = { code: 'gateway_error', message: 'The payment could not be started.' }
    delete current.gatewayData.startError
    delete current.gatewayData.startClaimedAt
    current.updatedAt = now()
    return current
  }

  async function startAttempt(
    record: PaymentRecord,
    request: CreatePaymentRequest,
    order: ResolvedOrder,
    http: Request,
  ) {
    const adapter = adapterFor(record.gateway)
    // Kept as the adapter wrote them, with their time, until it is known which ids the gateway
    // gave: `masked` turns them into entries.
    const notes: NewTimelineEntry[] = []
    const masked = (keep?: Iterable<string>) =>
      notes.map((note) => ({ ...note, summary: redactCardNumbers(note.summary, keep) }))
    // Whether the stored payment still waits for this start: another request may have taken it
    // over as abandoned (`takeOverAbandonedStart`, a store slower than the claim allows), and then
    // this start's answer, about a reference given up, must not overwrite what replaced it.
    const takenOver = (current: PaymentRecord) =>
      current.gatewayReference !== record.gatewayReference ||
      current.gatewayData.startClaimedAt !== record.gatewayData.startClaimedAt
    /** Saves this start's outcome through `change`, unless the start was taken over (`late`). */
    const saveOutcome = async (change: (current: PaymentRecord) => PaymentRecord) => {
      let late = false
      const saved = await store.update(record.id, (current) => {
        if (!takenOver(current)) return change(current)
        late = true
        const ignored = entry('response', 'a start taken over answered late (not applied)')
        appendTimeline(current, ...masked(), ignored)
        return current
      })
      return { saved, late }
    }
    /** This request's answer once the start was taken over: the session is the other request's. */
    const afterTakeover = (current: PaymentRecord | undefined) => {
      if (current?.gatewayData.startError) throw requestInProgress()
      return current
    }
    let result: Awaited<ReturnType<GatewayAdapter['start']>>
    try {
      result = await adapter.start({
        record,
        order,
        request,
        returnUrl: `${publicUrl}/return/${record.gateway}?paymentId=${record.id}`,
        notifyUrl: `${publicUrl}/notify/${record.gateway}`,
        shopperIp: shopperIpOf(http),
        note: (note) => notes.push({ at: now(), ...note }),
      })
    } catch (error) {
      // Only a refusal the adapter made itself (an order it cannot send) is known not to have
      // started anything. An unexpected error may have come after the request went out.
      if (error instanceof CheckoutError && error.code !== 'GATEWAY_UNAVAILABLE') {
        // The merchant's order data, which resolveOrder answered: only the log says what to fix.
        if (error.code === 'ORDER_DETAILS_INVALID') troubles.orderRefused(record, error)
        const { saved: failed, late } = await saveOutcome((current) => {
          appendTimeline(current, ...masked())
          return failNotStarted(current, 'not started')
        })
        if (late) return afterTakeover(failed)
        throw error
      }
      // The gateway did not answer, or the start failed midway: the outcome is unknown. A hosted
      // attempt is started again on retry (`restartAttempt`); a card or APM attempt may have been
      // charged, so it stays processing until a notification or a query settles it.
      if (error instanceof CheckoutError) {
        troubles.callFailed('start', record, error, 'Gateway unavailable while starting a payment')
      } else {
        logger.error('Starting a payment failed midway; its outcome is unknown', {
          paymentId: record.id,
          error: errorText(error),
        })
      }
      const { saved: updated } = await saveOutcome((current) => {
        appendTimeline(current, ...masked(), entry('response', 'gateway did not answer'))
        delete current.gatewayData.startClaimedAt
        if (current.flow === 'card' || current.flow === 'apm') current.status = 'processing'
        else current.gatewayData.startError = 'unavailable'
        current.updatedAt = now()
        return current
      })
      if (updated?.gatewayData.startError) throw error
      return updated
    }
    if (result.refusal && result.failure)
      troubles.startRefused(record, result.refusal, result.failure)
    else troubles.answered(record.id)
    // Outside the try: the gateway took the start, so a store that fails now must not record it as
    // "failed (not started)", which would invite the shopper to pay again.
    const { saved: started, late } = await saveOutcome((current) => {
      if (result.gatewayTransactionId) current.gatewayTransactionId = result.gatewayTransactionId
      Object.assign(current.gatewayData, result.gatewayData ?? {})
      appendTimeline(current, ...masked(gatewayIdsOf(current)))
      delete current.gatewayData.startError
      delete current.gatewayData.startClaimedAt
      if (result.expiresAt) current.expiresAt = result.expiresAt
      if (canMoveTo(current.status, result.status) || current.status === result.status) {
        appendTimeline(current, entry('status', `${current.status} → ${result.status}`))
        current.status = result.status
      }
      if (result.action && current.status === 'requires_action') current.action = result.action
      if (result.failure)
        current.failure = {
          code: result.failure.code,
          message: redactCardNumbers(result.failure.message),
        }
      current.updatedAt = now()
      return current
    })
    return late ? afterTakeover(started) : started
  }

  function requestInProgress() {
    return new CheckoutError(
      'REQUEST_IN_PROGRESS',
      'This payment is being started by another request. Try again in a moment.',
    )
  }

  // One restart at a time per payment in this process; the claim below covers other processes.
  const restarts = new Map<string, Promise<PaymentRecord | undefined>>()
  // A start makes at most two gateway calls, each cut off at the gateway timeout: a claim older
  // than this was left by a process that stopped, or a store that failed, before it could finish.
  const startClaimMs = 3 * transport.timeoutMs
  /** A claim without a readable time (one written before it had one) is stale too. */
  const claimIsStale = (claimedAt: string | undefined) =>
    !(Date.now() - Date.parse(claimedAt ?? '') <= startClaimMs)

  /**
   * Starts a hosted attempt again whose gateway did not answer, under a fresh reference: the first
   * request may have reached the gateway after all, and Pockyt and Oceanpayment refuse a reference
   * twice. The restart is claimed on the stored record, compare-and-set, so retries arriving
   * together start one gateway order between them, whichever process they reach. Answers the
   * restarted record, or undefined when there was nothing to restart.
   */
  async function restartAttempt(
    existing: PaymentRecord,
    request: CreatePaymentRequest,
    http: Request,
  ): Promise<PaymentRecord | undefined> {
    const order = await resolveOrder(existing.orderId)
    if (!order) {
      // The order went away while its start waited to be retried: the attempt, never shown to the
      // shopper, is closed, so the retry gets a clear refusal instead of a session with no action.
      await store.update(existing.id, (current) => {
        if (!isOpen(current.status) || !current.gatewayData.startError) return undefined
        appendTimeline(current, entry('status', `${current.status} → cancelled (order gone)`))
        current.status = 'cancelled'
        delete current.gatewayData.startError
        delete current.gatewayData.startClaimedAt
        current.updatedAt = now()
        return current
      })
      throw new CheckoutError(
        'ORDER_NOT_FOUND',
        'This order does not exist or can no longer be paid.',
      )
    }
    let claimed = false
    const renamed = await store.update(existing.id, (current) => {
      const { startError, startClaimedAt } = current.gatewayData
      const claimable =
        startError === 'unavailable' ||
        (startError === 'restarting' && claimIsStale(startClaimedAt))
      if (!isOpen(current.status) || !claimable) return undefined
      claimed = true
      const attempt = Number(current.gatewayData.startAttempts ?? '1') + 1
      current.gatewayReference = `${current.id}-${attempt}`
      current.gatewayData.startAttempts = String(attempt)
      current.gatewayData.startError = 'restarting'
      current.gatewayData.startClaimedAt = now()
      appendTimeline(current, entry('request', `start retried as ${current.gatewayReference}`))
      return current
    })
    if (claimed && renamed) return startAttempt(renamed, request, order, http)
    if (renamed?.gatewayData.startError === 'restarting') {
      // Not ATTEMPT_IN_PROGRESS (another attempt holds the order): this very request is being
      // answered elsewhere, so asking again with the same key is how to get its session.
      throw requestInProgress()
    }
    return undefined
  }

  /**
   * For a retry that finds the first start without an outcome. That start is still running (in
   * this process or another), or the process running it stopped, or its store failed, before the
   * outcome was saved. Running: this very request is being answered, so REQUEST_IN_PROGRESS, and
   * the same key asked again gets its session. Left behind longer than a start can take: it is
   * treated as a start the gateway did not answer — a hosted one is started again under a fresh
   * reference (`restartAttempt`), a card or APM one, which may have been charged, waits as
   * processing for a notification or a query. Without this the retry got a session asking for an
   * action it did not name, again and again until the payment expired.
   */
  async function takeOverAbandonedStart(existing: PaymentRecord): Promise<PaymentRecord> {
    const startRunning = (record: PaymentRecord) =>
      isOpen(record.status) &&
      !record.gatewayData.startError &&
      record.gatewayData.startClaimedAt !== undefined
    if (!startRunning(existing)) return existing
    const current = await store.update(existing.id, (stored) => {
      if (!startRunning(stored) || !claimIsStale(stored.gatewayData.startClaimedAt))
        return undefined
      appendTimeline(stored, entry('response', 'the start never saved an outcome'))
      delete stored.gatewayData.startClaimedAt
      if (stored.flow === 'card' || stored.flow === 'apm') {
        appendTimeline(stored, entry('status', `${stored.status} → processing`))
        stored.status = 'processing'
      } else {
        stored.gatewayData.startError = 'unavailable'
      }
      stored.updatedAt = now()
      return stored
    })
    if (current && startRunning(current)) {
      throw requestInProgress()
    }
    return current ?? existing
  }

  /**
   * A hosted attempt whose start the gateway did not answer, or whose process stopped before saving
   * it, was never offered to the shopper: no session reached the browser, so nothing there can
   * cancel it, and no one has its cashier to pay. A new attempt for its order (a reload, another
   * gateway) gives it up instead of being refused for good, as a retry with its own key would
   * start it again under a fresh reference. A restart under way keeps it; a card or local payment,
   * which may have been charged, is not hosted and waits as processing.
   */
  async function giveUpUnansweredStart(open: PaymentRecord): Promise<PaymentRecord> {
    const unanswered = (record: PaymentRecord) => {
      const { startError, startClaimedAt } = record.gatewayData
      if (!isOpen(record.status) || record.flow === 'card' || record.flow === 'apm') return false
      if (startError === 'unavailable') return true
      return startError === 'restarting' && claimIsStale(startClaimedAt)
    }
    if (!unanswered(open)) return open
    const given = await store.update(open.id, (current) =>
      unanswered(current)
        ? failNotStarted(current, 'not started: a new attempt replaced it')
        : undefined,
    )
    return given ?? open
  }

  /**
   * The answer to a request whose key an earlier payment holds: that payment's session once it can
   * be given (its start saved, restarted when the gateway did not answer it), or a refusal when
   * the key was used for another body.
   */
  async function answerRetry(
    retried: PaymentRecord,
    fingerprint: string,
    request: CreatePaymentRequest,
    http: Request,
  ): Promise<Response> {
    if (retried.requestFingerprint !== fingerprint) {
      throw new CheckoutError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another payment. Use a new key for a new attempt.',
      )
    }
    const existing = await takeOverAbandonedStart(retried)
    if (existing.gatewayData.startError) {
      // Retries that arrive while one restarts answer what it started: one gateway order.
      const running = restarts.get(existing.id)
      const restart =
        running ??
        restartAttempt(existing, request, http).finally(() => restarts.delete(existing.id))
      if (!running) restarts.set(existing.id, restart)
      const restarted = await restart
      if (restarted) return Response.json(toSession(restarted), { status: running ? 200 : 201 })
    }
    const current = (await store.get(existing.id)) ?? existing
    return Response.json(toSession(await expireIfDue(current)), { status: 200 })
  }

  /**
   * `returnUrl` as a URL the shopper may be sent to, checked when a payment starts and again when
   * the shopper comes back: an origin taken off `allowedReturnOrigins` meanwhile is not one.
   */
  function allowedReturnUrl(returnUrl: string): URL {
    let url: URL
    try {
      url = new URL(returnUrl)
      // A `blob:` URL's origin is the one inside it, so the origin check alone would pass one.
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)')
      if (url.username || url.password) throw new Error('credentials in URL')
    } catch {
      throw new CheckoutError(
        'RETURN_URL_NOT_ALLOWED',
        'returnUrl must be an absolute http(s) URL.',
      )
    }
    if (!allowedReturnOrigins.has(url.origin)) {
      throw new CheckoutError(
        'RETURN_URL_NOT_ALLOWED',
        'returnUrl is not on an allowed origin. Add the storefront origin to allowedReturnOrigins.',
      )
    }
    return url
  }

  async function createPayment(http: Request): Promise<Response> {
    const idempotencyKey = http.headers.get('idempotency-key')?.trim()
    if (!idempotencyKey || idempotencyKey.length > 255) {
      throw new CheckoutError(
        'IDEMPOTENCY_KEY_REQUIRED',
        'Send an Idempotency-Key header of at most 255 characters, one per payment attempt.',
      )
    }
    const text = await readBodyText(http, maxBodyBytes)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new CheckoutError('INVALID_REQUEST', 'The body must be JSON.')
    }
    const request = readCreateRequest(body)
    // Card data is left out of the fingerprint: nothing derived from it is stored.
    const fingerprint = await sha256Hex(
      JSON.stringify([
        request.gateway,
        request.flow,
        request.orderId,
        request.returnUrl,
        request.method ?? '',
      ]),
    )
    const retried = await store.findByIdempotencyKey(idempotencyKey)
    if (retried) return answerRetry(retried, fingerprint, request, http)

    const adapter = adapterFor(request.gateway)
    if (!adapter.flows.includes(request.flow)) {
      throw new CheckoutError(
        'FLOW_NOT_SUPPORTED',
        `${request.gateway} does not offer the ${request.flow} flow here.`,
      )
    }
    allowedReturnUrl(request.returnUrl)
    const order = await resolveOrder(request.orderId)
    if (!order)
      throw new CheckoutError(
        'ORDER_NOT_FOUND',
        'This order does not exist or can no longer be paid.',
      )
    // Plain JavaScript, or a database's numeric column, can hand over a number or no amount at
    // all: refused as any invalid amount is, with the shape to answer, not as this server failing.
    const amount: Partial<Record<'value' | 'currency', unknown>> | undefined = order.amount
    const minorUnits =
      typeof amount?.value === 'string' && typeof amount.currency === 'string'
        ? toMinorUnits(amount.value, amount.currency)
        : undefined
    if (minorUnits === undefined || minorUnits <= 0n) {
      logger.error(
        "resolveOrder answered an invalid amount; answer a positive decimal string in the currency's decimals and an upper-case ISO 4217 code, e.g. { value: '25.00', currency: 'USD' }",
        { orderId: request.orderId, amount: order.amount },
      )
      throw new CheckoutError('ORDER_NOT_FOUND', 'This order cannot be paid.')
    }

    const open = await store.findOpenByOrder(request.orderId)
    // The attempt holding the order may have ended at the gateway unannounced (PingPong notifies a
    // cashier closed unpaid only optionally), and its own page, which would ask, may be gone: asked
    // here too, once its notification is late, or the order could be refused for good.
    // A start left without an outcome is taken over first, as a retry with its key would: the
    // reload that lost that key must not leave the order waiting for a start no one will make.
    const holding =
      open &&
      (await takeOverAbandonedStart(open).catch((error: unknown) => {
        // Its start is still running: the attempt holds the order.
        if (error instanceof CheckoutError && error.code === 'REQUEST_IN_PROGRESS') return open
        throw error
      }))
    if (
      holding &&
      isOpen((await refreshIfLate(await expireIfDue(await giveUpUnansweredStart(holding)))).status)
    ) {
      throw new CheckoutError(
        'ATTEMPT_IN_PROGRESS',
        'A payment for this order is already in progress. Finish or cancel it first.',
      )
    }

    const id = newPaymentId()
    const createdAt = now()
    const record: PaymentRecord = {
      id,
      orderId: request.orderId,
      gateway: request.gateway,
      flow: request.flow,
      amount: { value: formatAmount(order.amount), currency: order.amount.currency.toUpperCase() },
      status: 'requires_action',
      createdAt,
      updatedAt: createdAt,
      returnUrl: request.returnUrl,
      idempotencyKey,
      requestFingerprint: fingerprint,
      gatewayReference: id,
      // Until the start's outcome is saved: a retry meanwhile is told it is being answered.
      gatewayData: { startClaimedAt: createdAt },
      refunds: [],
      timeline: [],
    }
    appendTimeline(
      record,
      entry('request', `${request.flow} payment created for order ${request.orderId}`),
    )
    try {
      await store.create(record)
    } catch (error) {
      if (error instanceof DuplicatePaymentError) {
        // Decided by the store, atomically, so a payment succeeding meanwhile is seen.
        if (error.field === 'paidOrder') {
          throw new CheckoutError(
            'ORDER_ALREADY_PAID',
            'This order has already been paid. There is nothing left to pay.',
          )
        }
        // A concurrent request won the race: same key → answered as a retry of it, whose start
        // may still be under way; same order → in progress.
        const winner = await store.findByIdempotencyKey(idempotencyKey)
        if (winner) return answerRetry(winner, fingerprint, request, http)
        throw new CheckoutError(
          'ATTEMPT_IN_PROGRESS',
          'A payment for this order is already in progress. Finish or cancel it first.',
        )
      }
      throw error
    }
    const started = await startAttempt(record, request, order, http)
    return Response.json(toSession(started ?? record), { status: 201 })
  }

  async function getPayment(id: string): Promise<PaymentRecord> {
    return refreshIfLate(await expireIfDue(await requirePayment(id)))
  }

  function eventStream(id: string, http: Request): Response {
    const encoder = new TextEncoder()
    let stop = () => {}
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        let closed = false
        let last = ''
        let lastStatus: PaymentSession['status'] | undefined
        const send = (session: PaymentSession) => {
          // A periodic re-read mostly answers what was sent already. After the final status, the
          // stream is closed: no read, however late, is sent. Statuses only move forward: one
          // behind what was sent is a slow read overtaken by a newer one (or by a published
          // change), and sent, the page would go back to a status the payment has left. (Not
          // `updatedAt`: another process sharing the store writes it by its own clock.)
          const data = JSON.stringify(session)
          if (closed || data === last) return
          if (lastStatus !== undefined && canMoveTo(session.status, lastStatus)) return
          last = data
          lastStatus = session.status
          controller.enqueue(encoder.encode(`event: payment\ndata: ${data}\n\n`))
          if (!isOpen(session.status)) finish()
        }
        const finish = () => {
          closed = true
          stop()
          try {
            controller.close()
          } catch {}
        }
        // A store failure here has no request to answer: logged, or it would stop the process.
        const readFailed = (error: unknown) =>
          logger.error('A payment stream could not read its payment', {
            paymentId: id,
            error: errorText(error),
          })
        const unsubscribe = events.subscribe(id, send)
        // While the stream is open, a late notification is made up for by asking the gateway, and
        // a change another process sharing the store made (not published here) is found.
        const checks = setInterval(
          () => {
            store
              .get(id)
              .then((record) => record && refreshIfLate(record))
              .then((record) => record && send(toSession(record)))
              .catch(readFailed)
          },
          Math.max(1000, queryAfterMs),
        )
        const heartbeat = setInterval(
          () => controller.enqueue(encoder.encode(': keep-alive\n\n')),
          15_000,
        )
        stop = () => {
          unsubscribe()
          clearInterval(checks)
          clearInterval(heartbeat)
        }
        http.signal.addEventListener('abort', finish)
        // Failed, the stream ends with its timers: left running, they would write into a stream
        // that errored, a throw in a timer. The browser's EventSource connects again.
        try {
          send(toSession(await getPayment(id)))
        } catch (error) {
          readFailed(error)
          finish()
        }
      },
      cancel: () => stop(),
    })
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx buffers what it proxies by default: each event would wait for the buffer to fill.
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      },
    })
  }

  async function receiveNotification(gateway: string, http: Request): Promise<Response> {
    const adapter = adapterFor(gateway)
    const body = await readBodyText(http, maxBodyBytes)
    const reading = adapter.readNotification(body, http.headers.get('content-type') ?? '')
    if (!reading.ok) {
      logger.warn('Notification rejected: not genuine', { gateway, reason: reading.reason })
      return adapter.acknowledgement(false)
    }
    if (reading.kind === 'ignored') return adapter.acknowledgement(true)
    const id = paymentIdOf(reading.update.orderReference)
    const record = await store.get(id)
    if (!record || record.gateway !== gateway) {
      logger.warn('Notification for an unknown payment', { gateway, orderReference: id })
      // Acknowledged: sending it again would not make the payment known.
      return adapter.acknowledgement(true)
    }
    if (reading.kind === 'payment') await applyUpdate(id, reading.update, 'notification')
    else await applyRefundUpdate(id, reading.update, 'notification')
    return adapter.acknowledgement(true)
  }

  /** Whether the payment closed moments ago, as a cancel on the gateway's page closes it. */
  function closedRecently(record: PaymentRecord): boolean {
    return Date.now() - Date.parse(record.updatedAt) < 5 * 60_000
  }

  async function receiveReturn(gateway: string, http: Request): Promise<Response> {
    const adapter = adapterFor(gateway)
    const url = new URL(http.url)
    const body = http.method === 'POST' ? await readBodyText(http, maxBodyBytes) : ''
    const id = url.searchParams.get('paymentId') ?? ''
    const record = await store.get(id)
    if (!record || record.gateway !== gateway) {
      throw new CheckoutError(
        'PAYMENT_NOT_FOUND',
        'This return does not belong to a known payment.',
      )
    }
    const reading = adapter.readReturn(http, body)
    if (!reading.ok) {
      logger.warn('Return rejected: not genuine', {
        gateway,
        paymentId: id,
        reason: reading.reason,
      })
      await store.update(id, (current) => {
        appendTimelineOnce(
          current,
          entry('return', 'shopper returned with an unverifiable result (ignored)'),
        )
        return current
      })
    } else if (reading.update) {
      await applyUpdate(id, reading.update, 'return')
    } else {
      const cancelled = reading.shopperCancelled === true
      await store.update(id, (current) => {
        appendTimelineOnce(
          current,
          entry(
            'return',
            cancelled
              ? 'shopper cancelled on the gateway page'
              : 'shopper returned from the gateway',
          ),
        )
        if (cancelled && isOpen(current.status)) current.shopperCancelledAt ??= now()
        else if (cancelled && current.status === 'expired' && closedRecently(current)) {
          // The gateway's closure (Pockyt's `closed` IPN) beat the shopper's way back by moments:
          // the same hint as above, which only chooses between two outcomes that are not a
          // payment, names it for what the shopper did.
          appendTimeline(current, entry('status', 'expired → cancelled (by the shopper)'))
          current.status = 'cancelled'
          current.shopperCancelledAt ??= now()
          current.updatedAt = now()
        }
        return current
      })
      // The return itself is no proof of anything: ask the gateway now rather than later.
      const current = await store.get(id)
      if (current) await refreshIfLate(current, { force: true })
    }
    const target = allowedReturnUrl(record.returnUrl)
    target.searchParams.set('paymentId', record.id)
    await store.update(id, (current) => {
      appendTimelineOnce(current, entry('redirect', 'shopper sent to the result page'))
      return current
    })
    return new Response(null, { status: 303, headers: { location: target.toString() } })
  }

  async function cancelPayment(id: string): Promise<Response> {
    // The cancel is the merchant's alone (the gateways offer no void of an unpaid order here): the
    // gateway is asked first, so a QR code paid a moment ago is found paid, not cancelled. A
    // payment being confirmed is refused whatever the gateway says now; it is only looked at as
    // reads look at it (throttled), for a final status to report.
    const stored = await requirePayment(id)
    const record =
      stored.status === 'processing' ? await refreshIfLate(stored) : await askBeforeClosing(stored)
    refuseCancelUnlessWaiting(record)
    const updated = await applyUpdate(
      id,
      {
        orderReference: record.gatewayReference,
        status: 'cancelled',
        gatewayStatus: 'CANCELLED_BY_SHOPPER',
      },
      'status',
      // Found being confirmed (another process's query) or paid since the gateway answered: the
      // cancel, decided on that answer, is refused rather than closing a payment that may be paid.
      'requires_action',
    )
    if (updated && updated.status !== 'cancelled') refuseCancelUnlessWaiting(updated)
    return Response.json(toSession(updated ?? record))
  }

  /** Refuses to cancel a payment no longer waiting for the shopper. */
  function refuseCancelUnlessWaiting(record: PaymentRecord): void {
    if (!isOpen(record.status)) {
      throw new CheckoutError('PAYMENT_NOT_OPEN', `This payment is already ${record.status}.`)
    }
    if (record.status === 'processing') {
      // The gateway may have taken the money: cancelling here would invite a second payment.
      throw new CheckoutError(
        'PAYMENT_PROCESSING',
        'This payment is being confirmed and can no longer be cancelled. Wait for its result.',
      )
    }
  }

  function config(): Response {
    const gateways: CheckoutConfig['gateways'] = {}
    for (const [name, adapter] of adapters) gateways[name] = adapter.publicConfig()
    return Response.json({ gateways } satisfies CheckoutConfig, {
      headers: { 'cache-control': 'public, max-age=60' },
    })
  }

  async function route(http: Request): Promise<Response> {
    const url = new URL(http.url)
    if (!url.pathname.startsWith(`${basePath}/`) && url.pathname !== basePath) {
      throw new CheckoutError('NOT_FOUND', 'Not a checkout route.')
    }
    const parts = url.pathname
      .slice(basePath.length)
      .split('/')
      .filter(Boolean)
      .map(decodePathSegment)
    const method = http.method.toUpperCase()
    const [first, second, third] = parts
    const only = (...methods: string[]) => {
      if (!methods.includes(method)) {
        throw new CheckoutError('METHOD_NOT_ALLOWED', `Use ${methods.join(' or ')}.`, {
          headers: { allow: methods.join(', ') },
        })
      }
    }
    if (first === 'config' && parts.length === 1) {
      only('GET', 'HEAD')
      return config()
    }
    if (first === 'payments' && parts.length === 1) {
      only('POST')
      return createPayment(http)
    }
    if (first === 'payments' && second && parts.length === 2) {
      only('GET', 'HEAD')
      return Response.json(toSession(await getPayment(second)), {
        headers: { 'cache-control': 'no-store' },
      })
    }
    if (first === 'payments' && second && third === 'events' && parts.length === 3) {
      only('GET')
      await requirePayment(second)
      return eventStream(second, http)
    }
    if (first === 'payments' && second && third === 'cancel' && parts.length === 3) {
      only('POST')
      return cancelPayment(second)
    }
    if (first === 'return' && second && parts.length === 2) {
      only('GET', 'POST')
      return receiveReturn(second, http)
    }
    if (first === 'notify' && second && parts.length === 2) {
      only('POST')
      return receiveNotification(second, http)
    }
    throw new CheckoutError('NOT_FOUND', 'Not a checkout route.')
  }

  const handler = (async (http: Request) => {
    const response = await answer(http)
    if (http.method.toUpperCase() !== 'HEAD') return response
    // HEAD is GET without the body (RFC 9110), whatever the runtime does with one.
    await response.body?.cancel()
    const { status, statusText, headers } = response
    return new Response(null, { status, statusText, headers })
  }) as CheckoutHandler

  async function answer(http: Request): Promise<Response> {
    try {
      return await route(http)
    } catch (error) {
      if (error instanceof CheckoutError) {
        // A gateway failure, or order details a gateway cannot take, is logged where it
        // happened, with the payment it was for.
        if (error.status >= 500 && !troubles.seen(error) && !loggedErrors.has(error))
          logger.warn(error.message, {
            code: error.code,
            cause: errorText(error.cause),
          })
        return error.toResponse()
      }
      logger.error('Checkout handler failed', {
        error: errorText(error),
      })
      return new CheckoutError(
        'INTERNAL_ERROR',
        'Something went wrong on our side. Please try again.',
      ).toResponse()
    }
  }

  handler.refund = async ({ paymentId, amount, reference }) => {
    const record = await requirePayment(paymentId)
    const adapter = adapterFor(record.gateway)
    if (!adapter.refund) {
      throw new CheckoutError(
        'REFUND_NOT_ALLOWED',
        `Refunds through ${record.gateway} are not supported by the kit yet; refund from the gateway's back office.`,
      )
    }
    const tooMuch =
      'The refund must be a positive amount in the payment currency, at most what is left to refund.'
    const wanted = amount ?? record.amount
    const wantedMinor = toMinorUnits(wanted.value, wanted.currency)
    if (
      wanted.currency.toUpperCase() !== record.amount.currency ||
      wantedMinor === undefined ||
      wantedMinor <= 0n
    ) {
      throw new CheckoutError('REFUND_NOT_ALLOWED', tooMuch)
    }
    const refundAmount = { value: formatAmount(wanted), currency: record.amount.currency }
    // What is left and the next reference are decided on the record as it is inside the locked
    // update: two refunds asked for together each see the other, so neither over-refunds and
    // their references differ. The gateway is called only once the refund is recorded.
    let refused: CheckoutError | undefined
    let refund: RefundRecord | undefined
    const requested = await store.update(record.id, (current) => {
      if (current.status !== 'succeeded') {
        refused = new CheckoutError('REFUND_NOT_ALLOWED', 'Only a paid payment can be refunded.')
        return undefined
      }
      const nextReference = reference ?? `${current.id}-r${current.refunds.length + 1}`
      if (current.refunds.some((existing) => existing.reference === nextReference)) {
        refused = new CheckoutError(
          'REFUND_NOT_ALLOWED',
          'A refund with this reference was already asked for. Use a new reference.',
        )
        return undefined
      }
      if (wantedMinor > refundMinorUnits(current).refundable) {
        refused = new CheckoutError(
          'REFUND_NOT_ALLOWED',
          'The refund must be a positive amount in the payment currency, at most what is left to refund.',
        )
        return undefined
      }
      refund = {
        reference: nextReference,
        amount: refundAmount,
        status: 'processing',
        createdAt: now(),
        updatedAt: now(),
      }
      current.refunds.push(refund)
      appendTimeline(
        current,
        entry(
          'refund',
          `refund ${refund.reference} of ${refund.amount.value} ${refund.amount.currency} requested`,
        ),
      )
      return current
    })
    if (refused) throw refused
    if (!requested || !refund)
      throw new CheckoutError('PAYMENT_NOT_FOUND', 'No payment has this id.')
    const accepted: RefundRecord = refund
    let update: RefundUpdate
    try {
      update = await adapter.refund(requested, {
        reference: accepted.reference,
        amount: accepted.amount,
        notifyUrl: `${publicUrl}/notify/${record.gateway}`,
      })
    } catch (error) {
      if (
        error instanceof CheckoutError &&
        (error.code === 'GATEWAY_REJECTED' || error.code === 'GATEWAY_UNAVAILABLE')
      )
        troubles.callFailed('refund', record, error, 'Gateway unavailable while refunding')
      // Refused by the gateway, or never sent (the gateway could not take it), the refund is
      // failed and counts no more. Anything else (no answer, an answer that is not the gateway's,
      // a failure midway) may have refunded: it stays processing and keeps counting against what
      // is left, so nothing is refunded twice, until the gateway's notification settles it.
      const notMade =
        error instanceof CheckoutError &&
        (error.code === 'GATEWAY_REJECTED' || error.code === 'INVALID_REQUEST')
      if (!notMade) throw error
      await store.update(record.id, (current) => {
        const failed = current.refunds.find(
          (candidate) => candidate.reference === accepted.reference,
        )
        if (failed) {
          failed.status = 'failed'
          failed.updatedAt = now()
        }
        appendTimeline(
          current,
          entry(
            'refund',
            `refund ${accepted.reference} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        return current
      })
      throw error
    }
    const updated = await applyRefundUpdate(
      record.id,
      { ...update, refundReference: accepted.reference },
      'refund',
    )
    return (
      updated?.refunds.find((candidate) => candidate.reference === accepted.reference) ?? accepted
    )
  }
  handler.getPayment = async (id) => {
    const record = await store.get(id)
    return record && refreshIfLate(record)
  }
  handler.listPayments = (listOptions) => store.list(listOptions)
  handler.subscribe = (id, listener) => events.subscribe(id, listener)
  handler.subscribeRecords = (listener) => events.subscribeRecords(listener)
  handler.close = async () => {
    events.clear()
    await store.close?.()
  }
  return handler
}
