import { type BrowserEnvironment, defaultBrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import type { PaymentSession, PaymentStatus } from './contract.ts'
import type { CheckoutClient } from './createCheckoutClient.ts'
import { devMode } from './devMode.ts'
import { parsePaymentSession } from './parsePaymentSession.ts'

export interface WatchPaymentStatusOptions {
  client: CheckoutClient
  paymentId: string
  /** Every session received, in order; the last one before the watch stops is the final word. */
  onSession(session: PaymentSession): void
  /** Failed checks. Watching goes on after network errors and timeouts. */
  onError?(error: CheckoutError): void
  environment?: BrowserEnvironment
  /** The attempt's expiry (ISO time): nothing is watched after it. */
  expiresAt?: string
}

const firstPollMs = 0
const fastPollMs = 2000
const slowPollMs = 10_000
const fastPhaseMs = 60_000
/**
 * A stream that has said nothing by then is probably buffered by a proxy: poll instead. The
 * server sends the current session as soon as the stream opens, and the first status check must
 * come within 2 s however the watch ends up getting it (the fallback's check follows at once).
 */
const firstEventMs = 1500
/** setTimeout's largest delay; a longer one fires at once. */
const maxTimerMs = 2 ** 31 - 1

const terminalStatuses: ReadonlySet<PaymentStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'expired',
])

function asCheckoutError(error: unknown): CheckoutError {
  return isCheckoutError(error)
    ? error
    : new CheckoutError('network_error', 'Checking the payment status failed.', { cause: error })
}

/** A 4xx answer other than 408/429 will not change by asking again (e.g. an unknown payment). */
function isPermanent(error: CheckoutError): boolean {
  return (
    error.code === 'server_error' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  )
}

/**
 * Watches a payment until it reaches a final status or expires: server push
 * (`GET /payments/{id}/events`) when the browser and the network allow it, otherwise polling that
 * never overlaps, starts at once, checks every 2 s for the first minute then every 10 s, and
 * pauses while the page is hidden. Returns `stop`.
 */
export function watchPaymentStatus(options: WatchPaymentStatusOptions): () => void {
  const { client, paymentId, onSession, onError } = options
  const environment = options.environment ?? defaultBrowserEnvironment
  const startedAt = Date.now()
  // The deadline is on the server's clock; watching stops by the browser's, so move it across.
  const expiresAt =
    options.expiresAt === undefined
      ? Number.NaN
      : Date.parse(options.expiresAt) - (client.serverClockOffsetMs?.() ?? 0)

  let stopped = false
  let source: EventSource | undefined
  let polling = false
  let pollTimer: unknown
  let expiryTimer: unknown
  let firstEventTimer: unknown
  let inFlight: AbortController | undefined
  let removeVisibilityListener = () => {}

  const clear = (timer: unknown) => {
    if (timer !== undefined) environment.clearTimeout(timer)
  }

  function stop() {
    if (stopped) return
    stopped = true
    closeStream()
    clear(pollTimer)
    clear(expiryTimer)
    pollTimer = undefined
    expiryTimer = undefined
    inFlight?.abort()
    inFlight = undefined
    removeVisibilityListener()
  }

  function receive(session: PaymentSession) {
    if (stopped) return
    onSession(session)
    if (terminalStatuses.has(session.status)) stop()
  }

  function report(error: CheckoutError) {
    if (!stopped) onError?.(error)
  }

  // --- Polling: one request at a time, the next one scheduled when the previous one is done.

  function nextDelay() {
    return Date.now() - startedAt < fastPhaseMs ? fastPollMs : slowPollMs
  }

  function schedulePoll(delay: number) {
    if (stopped || pollTimer !== undefined || inFlight) return
    // Hidden pages do not poll; the visibility listener resumes.
    if (environment.isHidden()) return
    pollTimer = environment.setTimeout(() => {
      pollTimer = undefined
      void poll()
    }, delay)
  }

  async function poll() {
    if (stopped || inFlight) return
    if (environment.isHidden()) return
    const controller = new AbortController()
    inFlight = controller
    let session: PaymentSession | undefined
    let failure: CheckoutError | undefined
    try {
      session = await client.getPayment(paymentId, { signal: controller.signal })
    } catch (error) {
      failure = asCheckoutError(error)
    } finally {
      if (inFlight === controller) inFlight = undefined
    }
    if (stopped || controller.signal.aborted) return
    if (session) receive(session)
    if (failure) {
      report(failure)
      if (isPermanent(failure)) stop()
    }
    schedulePoll(nextDelay())
  }

  function startPolling() {
    if (stopped || polling) return
    polling = true
    removeVisibilityListener = environment.onVisibilityChange(() => {
      if (stopped) return
      if (environment.isHidden()) {
        clear(pollTimer)
        pollTimer = undefined
      } else {
        // Back in view: check at once, the status may have changed meanwhile.
        schedulePoll(firstPollMs)
      }
    })
    schedulePoll(firstPollMs)
  }

  // --- Server push: the server sends `payment` events; any trouble falls back to polling.

  function closeStream() {
    clear(firstEventTimer)
    firstEventTimer = undefined
    source?.close()
    source = undefined
  }

  function fallBackToPolling() {
    closeStream()
    startPolling()
  }

  function onPaymentEvent(event: Event) {
    clear(firstEventTimer)
    firstEventTimer = undefined
    let session: PaymentSession
    try {
      session = parsePaymentSession(JSON.parse(String((event as MessageEvent).data)))
    } catch (error) {
      report(
        isCheckoutError(error)
          ? error
          : new CheckoutError(
              'invalid_response',
              devMode
                ? 'The payment status stream sent an event that is not a PaymentSession: check the server.'
                : 'invalid_response',
              { cause: error },
            ),
      )
      fallBackToPolling()
      return
    }
    receive(session)
  }

  function startStream(): boolean {
    let stream: EventSource | undefined
    try {
      stream = environment.createEventSource?.(client.eventsUrl(paymentId))
    } catch {
      stream = undefined
    }
    if (!stream) return false
    source = stream
    // EventSource reconnects by itself after an error, possibly forever; polling is bounded.
    stream.addEventListener('error', () => {
      if (source === stream) fallBackToPolling()
    })
    stream.addEventListener('payment', (event) => {
      if (source === stream) onPaymentEvent(event)
    })
    firstEventTimer = environment.setTimeout(() => {
      firstEventTimer = undefined
      if (source === stream) fallBackToPolling()
    }, firstEventMs)
    return true
  }

  // --- Expiry: re-armed in steps because setTimeout cannot wait longer than ~24.8 days.

  function scheduleExpiry() {
    if (Number.isNaN(expiresAt)) return
    const remaining = expiresAt - Date.now()
    if (remaining <= 0) {
      stop()
      return
    }
    expiryTimer = environment.setTimeout(scheduleExpiry, Math.min(remaining, maxTimerMs))
  }

  scheduleExpiry()
  if (!stopped && !startStream()) startPolling()
  return stop
}
