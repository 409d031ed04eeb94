import type {
  CheckoutConfig,
  CheckoutFlow,
  CreatePaymentRequest,
  GatewayName,
  MoneyAmount,
  NextAction,
  PaymentStatus,
} from '@checkout-kit/core'
import type { Failure, PaymentUpdate, RefundUpdate } from '@checkout-kit/gateways'
import { CheckoutError } from '../checkoutError.ts'
import type { PaymentRecord, TimelineEntry } from '../paymentRecord.ts'

/** What the merchant's `resolveOrder` hook answers: the order as the merchant's own system prices it. */
export interface ResolvedOrder {
  amount: MoneyAmount
  description?: string
  customer?: {
    firstName: string
    lastName: string
    email: string
    phone?: string
    address?: {
      line1: string
      city: string
      /**
       * State or province. Oceanpayment refuses a `US` or `CA` address without it (every payment
       * fails with `ORDER_DETAILS_INVALID`); Pockyt then registers no customer (an error with
       * `registerCustomer: true`); PingPong passes it on when given.
       */
      state?: string
      postalCode: string
      /** ISO 3166-1 alpha-2. */
      country: string
    }
  }
  items?: { name: string; quantity: number; unitPrice: string; sku?: string }[]
}

/** Everything an adapter needs to start an attempt. Card data lives here only, never in a record. */
export interface StartInput {
  record: PaymentRecord
  order: ResolvedOrder
  request: CreatePaymentRequest
  /** Where the gateway sends the shopper back (the handler's `/return/{gateway}` with the payment id). */
  returnUrl: string
  /** Where the gateway posts notifications (the handler's `/notify/{gateway}`). */
  notifyUrl: string
  shopperIp: string
  /** Adds a line to the payment's timeline (requests sent, answers received). */
  note(entry: Omit<TimelineEntry, 'at' | 'seq'>): void
}

/**
 * How a gateway refused the merchant's own request, or why its answer could not be trusted: for
 * the merchant's log, never the shopper. The gateway's code and message are its own words.
 */
export interface GatewayRefusal {
  gatewayCode?: string
  gatewayMessage?: string
  /**
   * The handler options to check (`gateways.pockyt.token`): the gateway refused the credentials
   * they hold, or its answer did not verify with them.
   */
  check?: readonly string[]
  /** The answer's signature did not verify: its code and message are not proven the gateway's. */
  unverified?: true
}

/** An adapter's error carrying the gateway's refusal: the `cause` of its CheckoutError. */
export class GatewayRefusalError extends Error {
  constructor(
    message: string,
    readonly refusal: GatewayRefusal,
  ) {
    super(message)
    this.name = 'GatewayRefusalError'
  }
}

/** The refusal an error carries, its own or one of its causes'. */
export function refusalIn(error: unknown): GatewayRefusal | undefined {
  let next: unknown = error
  for (let depth = 0; next instanceof Error && depth < 5; depth++) {
    if (next instanceof GatewayRefusalError) return next.refusal
    next = next.cause
  }
  return undefined
}

/**
 * A parser's error as the handler logs it, naming the options behind `credentials` (the
 * gateway's own names, which are the option names under `gateways.{gateway}`). A malformed answer
 * (a proxy's error page, a cut-off body) is nobody's refusal: undefined.
 */
export function gatewayRefusal(
  gateway: GatewayName,
  error: { code?: string; gatewayCode?: string; gatewayMessage?: string },
  credentials: readonly string[] | undefined,
): GatewayRefusal | undefined {
  if (error.code === 'MALFORMED') return undefined
  return {
    ...(error.gatewayCode !== undefined ? { gatewayCode: error.gatewayCode } : {}),
    ...(error.gatewayMessage !== undefined ? { gatewayMessage: error.gatewayMessage } : {}),
    ...(credentials ? { check: credentials.map((name) => `gateways.${gateway}.${name}`) } : {}),
    ...(error.code === 'SIGNATURE_INVALID' ? { unverified: true as const } : {}),
  }
}

/**
 * An answer that is not the gateway's (malformed, forged, about another payment), or a refusal
 * that does not say nothing was done (a system error): the outcome is unknown, never failed.
 * `refusal` is what the gateway said, for the merchant's log.
 */
export function untrustedAnswer(message: string, refusal?: GatewayRefusal): CheckoutError {
  return new CheckoutError(
    'GATEWAY_UNAVAILABLE',
    'The payment service answered unexpectedly. Please try again.',
    { cause: refusalCause(message, refusal) },
  )
}

/** The cause for an adapter's CheckoutError: the refusal, when there is one, for the log. */
export function refusalCause(message: string, refusal: GatewayRefusal | undefined): Error {
  return refusal ? new GatewayRefusalError(message, refusal) : new Error(message)
}

export interface StartResult {
  status: PaymentStatus
  action?: NextAction
  failure?: Failure
  /** Why the gateway refused to start it, when it did. */
  refusal?: GatewayRefusal
  gatewayTransactionId?: string
  gatewayData?: Record<string, string>
  expiresAt?: string
}

export type NotificationReading =
  | { ok: true; kind: 'payment'; update: PaymentUpdate }
  | { ok: true; kind: 'refund'; update: RefundUpdate }
  | { ok: true; kind: 'ignored'; reason: string }
  | { ok: false; reason: string }

/**
 * One gateway, as the handler uses it. Each adapter speaks its gateway's wire format through
 * @checkout-kit/gateways; the handler stays the same whatever the gateway.
 */
export interface GatewayAdapter {
  gateway: GatewayName
  flows: readonly CheckoutFlow[]
  /** The public part of `GET /config` for this gateway. */
  publicConfig(): NonNullable<CheckoutConfig['gateways'][GatewayName]>
  start(input: StartInput): Promise<StartResult>
  /** Reads and verifies a notification; `ok: false` means it is not genuine and changes nothing. */
  readNotification(body: string, contentType: string): NotificationReading
  /** The exact reply the gateway expects: acknowledged, or not (it will send it again). */
  acknowledgement(accepted: boolean): Response
  /**
   * What the browser return says. Only a signed return (Oceanpayment's backUrl) yields an update.
   * Unsigned query parameters are hints: at most `shopperCancelled`, that the shopper came back
   * through the gateway's cancel button (PingPong's cancel URL, Pockyt's `status=closed`), which
   * only tells a closed order's two unpaid endings (cancelled or expired) apart.
   */
  readReturn(
    request: Request,
    body: string,
  ):
    | { ok: true; update?: PaymentUpdate; shopperCancelled?: boolean }
    | { ok: false; reason: string }
  /** Asks the gateway for the payment's status, when the gateway has a query API. */
  query?(record: PaymentRecord): Promise<PaymentUpdate | undefined>
  /** Refunds through the gateway's refund API, when it has one. */
  refund?(
    record: PaymentRecord,
    refund: { reference: string; amount: MoneyAmount; notifyUrl: string },
  ): Promise<RefundUpdate>
}

export type { PaymentUpdate, RefundUpdate }

/**
 * The order `resolveOrder` answered cannot be sent to the gateway (a field it requires is missing
 * or too long). That is the merchant's data, not the shopper's request: the shopper is told the
 * shop must look into it, and `detail`, which says what to fix, stays on the server (the handler
 * logs it as an error).
 */
export function orderDetailsRefused(
  gatewayName: string,
  detail: string,
  cause?: unknown,
): CheckoutError {
  return new CheckoutError(
    'ORDER_DETAILS_INVALID',
    `${gatewayName} cannot take this order's details. Please contact the shop.`,
    { cause: new Error(`${detail} Fix what resolveOrder answers.`, { cause }) },
  )
}

/**
 * Builds a refund request, or refuses the refund as never sent (INVALID_REQUEST) when the gateway
 * cannot take it (a reference too long for its format): the handler then records it failed,
 * instead of counting it as a refund that may have happened.
 */
export function buildRefund<Request>(gatewayName: string, make: () => Request): Request {
  try {
    return make()
  } catch (error) {
    throw new CheckoutError(
      'INVALID_REQUEST',
      `${gatewayName} cannot take this refund: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}
