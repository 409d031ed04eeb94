import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import type { CheckoutConfig, CreatePaymentRequest, PaymentSession } from './contract.ts'
import { devMode } from './devMode.ts'
import { maskCardNumbers } from './luhn.ts'
import { parseCheckoutConfig, parsePaymentSession } from './parsePaymentSession.ts'

export interface CheckoutClientOptions {
  /** Where the merchant API is mounted: `'/api/checkout'` or `'https://shop.example/api/checkout'`. */
  baseUrl: string
  /** Defaults to `globalThis.fetch`, read at each call: never at import, so SSR and tests can swap it. */
  fetch?: typeof fetch
  /** How long a request may take, answer included (default 15000). Past it the outcome is unknown. */
  timeoutMs?: number
}

/** The browser half of the merchant contract. Every answer is validated before it is returned. */
export interface CheckoutClient {
  getConfig(options?: { signal?: AbortSignal }): Promise<CheckoutConfig>
  /** One `idempotencyKey` per payment attempt, sent again unchanged when the attempt is retried. */
  createPayment(
    request: CreatePaymentRequest,
    options: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<PaymentSession>
  getPayment(id: string, options?: { signal?: AbortSignal }): Promise<PaymentSession>
  cancelPayment(id: string, options?: { signal?: AbortSignal }): Promise<PaymentSession>
  /** The `text/event-stream` of the payment's sessions (`payment` events). */
  eventsUrl(id: string): string
  /**
   * How far the server's clock is ahead of the browser's, in milliseconds, from the `Date` header
   * of the latest answer: `expiresAt` minus this offset is the deadline on the browser's clock.
   * 0 until an answer said, and when the two agree within 2 s (the header's resolution plus the
   * trip). Optional, for clients of your own.
   */
  serverClockOffsetMs?(): number
}

const defaultTimeoutMs = 15_000
// Below this, a difference between the clocks is the `Date` header's one-second resolution and
// the answer's trip, not a wrong clock.
const clockSkewThresholdMs = 2_000
// The server's own limit (see @checkout-kit/server): a longer key is refused there.
const maxIdempotencyKeyLength = 255

interface Call<T> {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
  idempotencyKey?: string
  signal?: AbortSignal | undefined
  parse(value: unknown): T
  /** Whether the request changes state on the server: then a lost answer means "unknown". */
  changesState: boolean
  /** Request values that must never appear in an error (card data), should the server echo them. */
  secrets?: readonly string[]
}

/**
 * Creates the contract client. Errors are always `CheckoutError`s: `timeout` and `network_error`
 * mean the outcome is unknown (retry with the same idempotency key), `server_error` carries the
 * server's code and message, `invalid_response` means the answer is not the contract.
 */
export function createCheckoutClient(options: CheckoutClientOptions): CheckoutClient {
  const { baseUrl, timeoutMs } = checkOptions(options)
  let serverClockOffsetMs = 0

  function noteServerClock(dateHeader: string | null) {
    const serverMs = dateHeader === null ? Number.NaN : Date.parse(dateHeader)
    if (Number.isNaN(serverMs)) return
    // The header names the second the answer was written in: its middle is the best guess.
    const offset = serverMs + 500 - Date.now()
    serverClockOffsetMs = Math.abs(offset) < clockSkewThresholdMs ? 0 : offset
  }

  async function call<T>(request: Call<T>): Promise<T> {
    const url = `${baseUrl}${request.path}`
    const label = `${request.method} ${url}`
    const fetchImpl = options.fetch ?? globalThis.fetch
    if (typeof fetchImpl !== 'function') {
      throw new CheckoutError(
        'network_error',
        devMode
          ? `No fetch to send ${label} with: pass \`fetch\` to createCheckoutClient in this runtime.`
          : `${label}: no fetch`,
      )
    }
    const unknownOutcome = unknownOutcomeHint(request.changesState)
    if (request.signal?.aborted) {
      throw new CheckoutError('aborted', `${label} was cancelled before it was sent.`, {
        cause: request.signal.reason,
      })
    }
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = request.signal ? anySignal([request.signal, timeout]) : timeout

    const headers: Record<string, string> = { accept: 'application/json' }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey

    let response: Response
    let text: string
    try {
      response = await untilAborted(
        fetchImpl(url, {
          method: request.method,
          headers,
          // The body is only ever sent, never copied into an error: it may hold card data.
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal,
          // Payment state must come from the server each time, never from an HTTP cache.
          ...(request.path === '/config' ? {} : { cache: 'no-store' as const }),
        }),
        signal,
      )
      text = await untilAborted(response.text(), signal)
    } catch (cause) {
      if (request.signal?.aborted) {
        throw new CheckoutError('aborted', `${label} was cancelled.${unknownOutcome}`, {
          cause: request.signal.reason,
        })
      }
      if (timeout.aborted) {
        throw new CheckoutError(
          'timeout',
          devMode
            ? `${label} got no answer within ${timeoutMs} ms.${unknownOutcome || ' Retry, or raise timeoutMs if the server is slow.'}`
            : `${label}: no answer within ${timeoutMs} ms`,
        )
      }
      throw new CheckoutError(
        'network_error',
        devMode
          ? `${label} failed: check the connection, that baseUrl is right and that the server ` +
              `accepts this origin (CORS).${unknownOutcome || ' Retry once the connection is back.'}`
          : `${label} failed`,
        { cause },
      )
    }

    const status = response.status
    noteServerClock(response.headers.get('date'))
    return readContractAnswer({
      label,
      status,
      text,
      changesState: request.changesState,
      secrets: request.secrets,
      parse: request.parse,
    })
  }

  return {
    async getConfig(options) {
      return call({
        method: 'GET',
        path: '/config',
        signal: options?.signal,
        parse: parseCheckoutConfig,
        changesState: false,
      })
    },

    async createPayment(request, options) {
      const key = options?.idempotencyKey
      if (typeof key !== 'string' || key.trim() === '' || key.length > maxIdempotencyKeyLength) {
        throw new TypeError(
          devMode
            ? 'createPayment needs an idempotencyKey of 1 to 255 characters, one per payment ' +
                'attempt (crypto.randomUUID() makes a good one), reused when the attempt is retried.'
            : 'createPayment: invalid idempotencyKey',
        )
      }
      return call({
        method: 'POST',
        path: '/payments',
        body: request,
        idempotencyKey: key,
        signal: options.signal,
        parse: parsePaymentSession,
        changesState: true,
        secrets: secretsOf(request),
      })
    },

    async getPayment(id, options) {
      return call({
        method: 'GET',
        path: paymentPath(id, 'getPayment'),
        signal: options?.signal,
        parse: parsePaymentSession,
        changesState: false,
      })
    },

    async cancelPayment(id, options) {
      return call({
        method: 'POST',
        path: `${paymentPath(id, 'cancelPayment')}/cancel`,
        signal: options?.signal,
        parse: parsePaymentSession,
        changesState: true,
      })
    },

    eventsUrl(id) {
      return `${baseUrl}${paymentPath(id, 'eventsUrl')}/events`
    },

    serverClockOffsetMs: () => serverClockOffsetMs,
  }
}

function checkOptions(options: CheckoutClientOptions): { baseUrl: string; timeoutMs: number } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      devMode
        ? "createCheckoutClient needs options: { baseUrl: '/api/checkout' }."
        : 'createCheckoutClient: invalid options',
    )
  }
  const { baseUrl, fetch, timeoutMs = defaultTimeoutMs } = options
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new TypeError(
      devMode
        ? "createCheckoutClient needs baseUrl, where the merchant API is mounted: '/api/checkout' " +
            "or 'https://shop.example/api/checkout'."
        : 'createCheckoutClient: invalid options',
    )
  }
  if (/[?#]/.test(baseUrl)) {
    throw new TypeError(
      devMode
        ? 'createCheckoutClient: baseUrl must be a path or URL without a query or fragment, ' +
            "such as '/api/checkout': the kit appends '/payments' and the like to it."
        : 'createCheckoutClient: invalid options',
    )
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new TypeError(
      devMode
        ? 'createCheckoutClient: fetch must be a function like globalThis.fetch.'
        : 'createCheckoutClient: invalid options',
    )
  }
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(
      devMode
        ? 'createCheckoutClient: timeoutMs must be a positive number of milliseconds (default 15000).'
        : 'createCheckoutClient: invalid options',
    )
  }
  return { baseUrl: baseUrl.trim().replace(/\/+$/, ''), timeoutMs: Math.ceil(timeoutMs) }
}

function paymentPath(id: string, caller: string): string {
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(devMode ? `${caller} needs a payment id (PaymentSession.id).` : caller)
  }
  // Encoded: the id may come from the address bar, and must not be able to walk the API's paths.
  return `/payments/${encodeURIComponent(id)}`
}

function secretsOf(request: CreatePaymentRequest): string[] {
  const values = [
    request.card?.number,
    request.card?.number.replace(/\D/g, ''),
    request.card?.cvc,
    request.jsGeneratedData,
  ]
  const present = values.filter(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  )
  // An echo of the JSON body carries them escaped: jsGeneratedData is itself JSON text.
  const escaped = present.map((value) => JSON.stringify(value).slice(1, -1))
  return [...new Set([...present, ...escaped])].sort((a, b) => b.length - a.length)
}

/** The development hint added to an error whose request may have been acted on. */
function unknownOutcomeHint(changesState: boolean): string {
  return devMode && changesState
    ? ' The server may have acted on it: retry with the same idempotency key, which cannot ' +
        'pay twice, or ask for the payment status.'
    : ''
}

/** An answer of the merchant API, as received. */
export interface ContractAnswer {
  /** `METHOD url`, for messages. */
  label: string
  status: number
  text: string
  /** Whether the request changes state on the server (then a lost answer means "unknown"). */
  changesState: boolean
  /** Request values that must never appear in an error (card data), should the server echo them. */
  secrets?: readonly string[]
}

/**
 * What an answer of the merchant API means: its JSON for a 2xx with a JSON body, read by `parse`
 * when given (its `CheckoutError`s gain the label and the HTTP status: a 2xx that is not the
 * contract is an unknown outcome), else the `CheckoutError` it stands for (`server_error` with the
 * server's code and masked message, a proxy's 502/503/504 as an unknown outcome, anything else
 * `invalid_response`). The one reading of answers, for the contract client and for requests the
 * kit sends without it.
 */
export function readContractAnswer<T = unknown>(
  answer: ContractAnswer & {
    /** Checks the JSON and returns it as the contract's type. */
    parse?: (json: unknown) => T
  },
): T {
  const json = readJson(answer)
  if (!answer.parse) return json as T
  try {
    return answer.parse(json)
  } catch (error) {
    throw isCheckoutError(error)
      ? new CheckoutError(error.code, `${answer.label}: ${error.message}`, {
          status: answer.status,
        })
      : error
  }
}

function readJson(answer: ContractAnswer): unknown {
  const { label, status, text } = answer
  if (status < 200 || status > 299) {
    throw errorFromAnswer(
      label,
      status,
      text,
      answer.secrets ?? [],
      unknownOutcomeHint(answer.changesState),
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    // No `cause`: a JSON SyntaxError quotes the text it choked on, which may echo the request.
    throw new CheckoutError(
      'invalid_response',
      devMode
        ? `${label} answered HTTP ${status} with something that is not JSON: check that ` +
            'baseUrl points at the merchant API, not at a web page.'
        : `${label}: HTTP ${status}, not JSON`,
      { status },
    )
  }
}

function errorFromAnswer(
  label: string,
  status: number,
  text: string,
  secrets: readonly string[],
  unknownOutcome: string,
): CheckoutError {
  const body = errorBody(text, secrets)
  if (body) {
    return new CheckoutError('server_error', redact(body.message, secrets), {
      serverCode: body.code,
      status,
    })
  }
  // A proxy in front of the merchant server answers these pages itself: the server behind it
  // may have received the request, so the outcome is as unknown as after a dropped connection.
  if (status === 504) {
    return new CheckoutError(
      'timeout',
      devMode
        ? `${label}: a proxy answered HTTP 504 (the server did not answer it in time).${unknownOutcome}`
        : `${label}: HTTP 504`,
      { status },
    )
  }
  if (status === 502 || status === 503) {
    return new CheckoutError(
      'network_error',
      devMode
        ? `${label}: a proxy answered HTTP ${status} (the server behind it is unreachable).` +
            `${unknownOutcome || ' Retry in a moment.'}`
        : `${label}: HTTP ${status}`,
      { status },
    )
  }
  return new CheckoutError(
    'invalid_response',
    devMode
      ? `${label} answered HTTP ${status} without a { error: { code, message } } body: check ` +
          'that baseUrl points at the merchant API.'
      : `${label}: HTTP ${status}`,
    { status },
  )
}

// The server's codes are identifiers (`ATTEMPT_IN_PROGRESS`). A code is kept whole, not redacted as
// a message is, so one that is not an identifier or holds card data (an echo of the request) makes
// the body none of the contract's.
const serverCodePattern = /^[\w.-]{1,64}$/

function errorBody(
  text: string,
  secrets: readonly string[],
): { code: string; message: string } | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null || !Object.hasOwn(json, 'error')) return undefined
  const error = (json as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code !== 'string' || !serverCodePattern.test(code) || redact(code, secrets) !== code) {
    return undefined
  }
  return {
    code,
    message:
      typeof message === 'string' && message.trim() !== ''
        ? message
        : `The checkout server refused the request (${code}).`,
  }
}

/**
 * Removes card data from a server message. The server must never echo it, but its message goes
 * on screen and into error trackers, so the kit does not rely on that: the request's own secrets
 * go, and so does anything shaped like a card number (13 to 19 digits passing Luhn).
 */
function redact(message: string, secrets: readonly string[]): string {
  let safe = message
  for (const secret of secrets) safe = safe.split(secret).join('[redacted]')
  return maskCardNumbers(safe, '[redacted]')
}

/** `AbortSignal.any`, with a fallback for browsers that predate it (Safari before 17.4). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals)
  const controller = new AbortController()
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason)
      break
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true })
  }
  return controller.signal
}

/**
 * Settles when the promise does or when the signal aborts, whichever comes first: a `fetch`
 * (or a stub of one) that ignores its signal must not be able to outlive the timeout.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) {
      onAbort()
      return
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
