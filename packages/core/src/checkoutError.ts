/** What went wrong, as one closed set: UIs and retry logic branch on `code`, never on messages. */
export type CheckoutErrorCode =
  /** `fetch` failed (offline, DNS, CORS): the request may or may not have reached the server. */
  | 'network_error'
  /** No answer in time: the outcome is unknown, never "failed". */
  | 'timeout'
  /** The server answered something that is not the merchant contract. */
  | 'invalid_response'
  /** The server answered `{ error: { code, message } }`; `serverCode` holds its code. */
  | 'server_error'
  /** A URL was refused by the allowlist. */
  | 'redirect_blocked'
  /** A `NextAction` type the kit does not know: never a fallback redirect. */
  | 'unknown_action'
  /** A gateway script did not load, after retries. */
  | 'script_load_failed'
  | 'risk_plugin_unavailable'
  /** Card details fail local validation. */
  | 'invalid_card'
  | 'aborted'

// A brand that survives two copies of this package in one bundle (where `instanceof` fails).
const brand = Symbol.for('@checkout-kit/core.CheckoutError')

/**
 * The one error class of the browser kit. Messages say what to do and never contain card data:
 * they end up in logs, error trackers and on screen.
 */
export class CheckoutError extends Error {
  readonly code: CheckoutErrorCode
  // `declare`: no field is emitted, so an error without them has no such keys (nor `undefined`s
  // in logs and serialised errors).
  /** The server's `error.code`, for `server_error`. */
  declare readonly serverCode?: string
  /** The HTTP status, when there was an answer. */
  declare readonly status?: number

  constructor(
    code: CheckoutErrorCode,
    message: string,
    options?: { cause?: unknown; serverCode?: string; status?: number },
  ) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined)
    this.name = 'CheckoutError'
    this.code = code
    if (options?.serverCode !== undefined) this.serverCode = options.serverCode
    if (options?.status !== undefined) this.status = options.status
    Object.defineProperty(this, brand, { value: true })
  }
}

export function isCheckoutError(value: unknown): value is CheckoutError {
  return (
    value instanceof CheckoutError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { [brand]?: unknown })[brand] === true)
  )
}

// The request may have reached the server: the same idempotency key asks again without paying twice.
const unknownOutcomes: ReadonlySet<CheckoutErrorCode> = new Set([
  'timeout',
  'network_error',
  'aborted',
])

/**
 * Whether the request that failed with `error` may still have been acted on by the server: then
 * a retry must reuse its idempotency key (and its body), never start anew. A 2xx answer that is
 * not the contract counts: the server took the request, only its answer could not be read. So do
 * the merchant server's own `503` (the gateway did not answer, or the server failed midway: it
 * keeps the attempt open and starts it again for the same key, while a new key would be refused
 * with `ATTEMPT_IN_PROGRESS`) and `REQUEST_IN_PROGRESS` (the same request is being answered by
 * another of its processes).
 */
export function isUnknownOutcome(error: CheckoutError): boolean {
  const { code, status } = error
  return (
    unknownOutcomes.has(code) ||
    (code === 'invalid_response' && status !== undefined && status >= 200 && status < 300) ||
    (code === 'server_error' && (status === 503 || error.serverCode === 'REQUEST_IN_PROGRESS'))
  )
}
