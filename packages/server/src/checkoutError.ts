/** The error codes of the merchant contract's `{ error: { code, message } }` answers. */
export type CheckoutErrorCode =
  | 'INVALID_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'IDEMPOTENCY_KEY_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ATTEMPT_IN_PROGRESS'
  | 'REQUEST_IN_PROGRESS'
  | 'ORDER_ALREADY_PAID'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_DETAILS_INVALID'
  | 'ORDER_LOOKUP_FAILED'
  | 'GATEWAY_NOT_ENABLED'
  | 'FLOW_NOT_SUPPORTED'
  | 'RETURN_URL_NOT_ALLOWED'
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_NOT_OPEN'
  | 'PAYMENT_PROCESSING'
  | 'REFUND_NOT_ALLOWED'
  | 'GATEWAY_REJECTED'
  | 'GATEWAY_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL_ERROR'

const statuses: Record<CheckoutErrorCode, number> = {
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  ATTEMPT_IN_PROGRESS: 409,
  REQUEST_IN_PROGRESS: 409,
  ORDER_ALREADY_PAID: 409,
  ORDER_NOT_FOUND: 404,
  // The merchant's own order data (resolveOrder) is at fault, not the shopper's request.
  ORDER_DETAILS_INVALID: 500,
  // resolveOrder threw: as a gateway that did not answer, nothing was started and asking again
  // with the same key may succeed.
  ORDER_LOOKUP_FAILED: 503,
  GATEWAY_NOT_ENABLED: 400,
  FLOW_NOT_SUPPORTED: 400,
  RETURN_URL_NOT_ALLOWED: 400,
  PAYMENT_NOT_FOUND: 404,
  PAYMENT_NOT_OPEN: 409,
  PAYMENT_PROCESSING: 409,
  REFUND_NOT_ALLOWED: 409,
  GATEWAY_REJECTED: 502,
  GATEWAY_UNAVAILABLE: 503,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // The handler failed unexpectedly (its store, a bug): whatever it was doing may or may not have
  // happened, so, as for a gateway that did not answer, the browser asks again with the same key.
  INTERNAL_ERROR: 503,
}

/**
 * An error the handler answers as `{ error: { code, message } }` with a fitting status. The
 * message is safe to show a shopper and says what to do; `cause` stays on the server.
 */
export class CheckoutError extends Error {
  readonly status: number
  /** Headers the answer carries, e.g. a 405's `Allow`. */
  readonly headers: Record<string, string>
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options)
    this.name = 'CheckoutError'
    this.status = statuses[code]
    this.headers = options?.headers ?? {}
  }

  toResponse(): Response {
    return Response.json(
      { error: { code: this.code, message: this.message } },
      { status: this.status, headers: this.headers },
    )
  }
}
