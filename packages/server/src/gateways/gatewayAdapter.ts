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
       * fails with `INVALID_REQUEST`); Pockyt then registers no customer (an error with
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

export interface StartResult {
  status: PaymentStatus
  action?: NextAction
  failure?: Failure
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
