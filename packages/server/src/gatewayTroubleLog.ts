import type { GatewayName } from '@checkout-kit/core'
import type { Failure, FailureCode } from '@checkout-kit/gateways'
import type { CheckoutError } from './checkoutError.ts'
import type { CheckoutLogger } from './createCheckoutHandler.ts'
import { errorText } from './errorText.ts'
import { type GatewayRefusal, refusalIn } from './gateways/gatewayAdapter.ts'
import type { PaymentRecord } from './paymentRecord.ts'
import { redactCardNumbers } from './redactCardNumbers.ts'

/** The gateway calls made for a payment, as a log line names them. */
export type GatewayCall = 'start' | 'refund' | 'query'

const callNames: Record<GatewayCall, string> = {
  start: 'a payment start',
  refund: 'a refund',
  query: 'a status query',
}

const gatewayTitles: Record<GatewayName, string> = {
  pingpong: 'PingPong',
  pockyt: 'Pockyt',
  oceanpayment: 'Oceanpayment',
}

/**
 * Failures that are the shopper's or their bank's (a decline, a risk refusal): the merchant has
 * nothing to fix, and a decline has never been logged.
 */
const shopperFailures: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'card_declined',
  'payment_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_card_details',
  'authentication_failed',
  'suspected_fraud',
])

// How many payments' last failure is remembered; the longest unheard-of are forgotten first.
const rememberedPayments = 1000

export interface GatewayTroubleLog {
  /** A start the gateway refused. A shopper's decline is not logged. */
  startRefused(record: PaymentRecord, refusal: GatewayRefusal, failure: Failure): void
  /**
   * A gateway call that threw: the gateway's refusal, or an answer that did not verify, with the
   * options to check; otherwise `unanswered` (no answer, an answer that is not the gateway's).
   * The same failure of the same call for the same payment is logged once, until the gateway
   * answers that payment again: a late payment is queried on every status poll.
   */
  callFailed(call: GatewayCall, record: PaymentRecord, error: unknown, unanswered: string): void
  /**
   * Order details `resolveOrder` answered that the gateway's request builders refused: an error
   * for the merchant, with the order and what to fix (the error's cause).
   */
  orderRefused(record: PaymentRecord, error: CheckoutError): void
  /** The gateway answered a call for this payment: its next failure is news again. */
  answered(paymentId: string): void
  /** Whether this log has logged this error, so that the handler does not log it twice. */
  seen(error: unknown): boolean
}

/**
 * Logs what gateways say against the merchant's own requests, for the merchant to act on: an
 * error when it names options to check (credentials the gateway refused or its answer did not
 * verify with) or a configuration problem, a warning otherwise. Gateway text is masked like any.
 */
export function createGatewayTroubleLog(logger: CheckoutLogger): GatewayTroubleLog {
  const lastFailures = new Map<string, string>()
  const seenErrors = new WeakSet<object>()

  /** Whether this payment's last logged failure was this one; remembers it either way. */
  function repeats(paymentId: string, failure: string): boolean {
    const repeated = lastFailures.get(paymentId) === failure
    lastFailures.delete(paymentId)
    lastFailures.set(paymentId, failure)
    if (lastFailures.size > rememberedPayments) {
      const oldest = lastFailures.keys().next().value
      if (oldest !== undefined) lastFailures.delete(oldest)
    }
    return repeated
  }

  function log(
    record: PaymentRecord,
    line: { message: string; mustFix: boolean; refusal?: GatewayRefusal },
    details: Record<string, unknown>,
  ) {
    const { refusal } = line
    const check = refusal?.check?.length ? `; check ${refusal.check.join(', ')}` : ''
    // Called on the logger: pino's and class-based loggers' methods read `this`.
    const level = check || line.mustFix ? 'error' : 'warn'
    logger[level](`${line.message}${check}`, {
      gateway: record.gateway,
      paymentId: record.id,
      ...(refusal?.gatewayCode !== undefined ? { gatewayCode: refusal.gatewayCode } : {}),
      ...(refusal?.gatewayMessage !== undefined
        ? { gatewayMessage: redactCardNumbers(refusal.gatewayMessage) }
        : {}),
      ...details,
    })
  }

  return {
    startRefused(record, refusal, failure) {
      if (shopperFailures.has(failure.code)) return
      const message = `${gatewayTitles[record.gateway]} refused ${callNames.start}`
      log(
        record,
        { message, mustFix: failure.code === 'configuration_error', refusal },
        {
          failure: failure.code,
        },
      )
    },

    callFailed(call, record, error, unanswered) {
      if (typeof error === 'object' && error !== null) seenErrors.add(error)
      const text = errorText(error)
      if (repeats(record.id, `${call}: ${text}`)) return
      const refusal = refusalIn(error)
      const title = gatewayTitles[record.gateway]
      const message = !refusal
        ? unanswered
        : refusal.unverified
          ? `${title}'s answer to ${callNames[call]} did not verify`
          : `${title} refused ${callNames[call]}`
      log(record, { message, mustFix: false, ...(refusal ? { refusal } : {}) }, { error: text })
    },

    orderRefused(record, error) {
      seenErrors.add(error)
      log(
        record,
        { message: error.message, mustFix: true },
        { orderId: record.orderId, cause: errorText(error.cause) },
      )
    },

    answered(paymentId) {
      lastFailures.delete(paymentId)
    },

    seen(error) {
      return typeof error === 'object' && error !== null && seenErrors.has(error)
    },
  }
}
