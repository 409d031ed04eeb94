import { type AttemptEvent, type AttemptState, attemptReducer } from './attemptReducer.ts'
import type { BrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import type { CreatePaymentRequest, PaymentSession } from './contract.ts'
import type { CheckoutClient } from './createCheckoutClient.ts'
import { devMode } from './devMode.ts'
import { releaseAbandonedCardAttempt, resumeAbandonedAttempt } from './paymentResume.ts'

/** One payment attempt as an external store (for `useSyncExternalStore` and the like). */
export interface PaymentAttempt {
  /** The same object until the state changes. */
  getSnapshot(): AttemptState
  subscribe(listener: () => void): () => void
  /**
   * Starts the attempt with a new idempotency key. While one is open (submitting, action,
   * waiting) it sends nothing: a double click makes one request, and resolves when it settles.
   */
  submit(request: CreatePaymentRequest): Promise<AttemptState>
  /** Sends the last request again: the same key after `unknown`, a new one after `error`. */
  retry(): Promise<AttemptState>
  /** A newer session, from status watching. */
  update(session: PaymentSession): void
  reset(): void
}

type Status = AttemptState['status']

// The request (which may hold card data) is kept in memory only while it may be sent again.
const keepsRequest: ReadonlySet<Status> = new Set<Status>(['submitting', 'unknown', 'error'])

export function createPaymentAttempt(options: {
  client: CheckoutClient
  createKey?: () => string
  /**
   * Where the attempt the shopper left for the gateway's page is remembered (the real
   * `sessionStorage` by default): paying again after coming back resumes that hosted page.
   */
  environment?: Pick<BrowserEnvironment, 'sessionStorage'>
}): PaymentAttempt {
  const { client } = options
  const createKey = options.createKey ?? (() => crypto.randomUUID())
  const listeners = new Set<() => void>()
  let state: AttemptState = { status: 'idle' }
  let request: CreatePaymentRequest | undefined
  let running: { promise: Promise<AttemptState>; controller: AbortController } | undefined

  // Every state change goes through here.
  function dispatch(event: AttemptEvent): void {
    const next = attemptReducer(state, event)
    if (next === state) return
    state = next
    if (!keepsRequest.has(state.status)) request = undefined
    for (const listener of [...listeners]) listener()
  }

  function send(payment: CreatePaymentRequest, idempotencyKey: string): Promise<AttemptState> {
    request = payment
    const controller = new AbortController()
    const settle = (event: AttemptEvent): AttemptState => {
      // After reset() the answer belongs to an abandoned attempt: it must not revive it.
      if (running?.controller !== controller) return state
      running = undefined
      dispatch(event)
      return state
    }
    const promise = new Promise<PaymentSession>((resolve) =>
      resolve(client.createPayment(payment, { idempotencyKey, signal: controller.signal })),
    )
      .catch(async (refusal: unknown): Promise<PaymentSession> => {
        const { signal } = controller
        const read = (id: string) => client.getPayment(id, { signal })
        if (payment.flow !== 'card') {
          // Back from the gateway's page, the shopper pays again: the hosted page they left
          // holds the order, and they are sent back to it (unless the attempt was reset meanwhile).
          const resumed = await resumeAbandonedAttempt(refusal, payment, read, options.environment)
          if (!resumed) throw refusal
          return resumed
        }
        // Back from the bank's verification, the shopper pays again, perhaps with another card:
        // the verification left is given up, and this payment sent again with the same key (the
        // refusal stored nothing under it).
        const left = await releaseAbandonedCardAttempt(
          refusal,
          payment,
          read,
          (id) => client.cancelPayment(id, { signal }),
          options.environment,
        )
        if (left === undefined) throw refusal
        if (left !== 'released') return left
        // Abandoned (reset()) while the verification was given up: the card is not charged for an
        // attempt no one will see, whether or not the client honours an aborted signal.
        if (signal.aborted) throw refusal
        return client.createPayment(payment, { idempotencyKey, signal })
      })
      .then(
        (session) => settle({ type: 'session', session }),
        (error: unknown) => settle({ type: 'error', error: asCheckoutError(error) }),
      )
    // `running` is set before listeners hear of 'submitting', so a listener that submits again
    // (or a second click in the same tick) finds the open request instead of sending another.
    running = { promise, controller }
    dispatch({ type: 'submit', idempotencyKey })
    return promise
  }

  return {
    getSnapshot: () => state,

    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    submit(payment) {
      if (running) return running.promise
      if (state.status === 'action' || state.status === 'waiting') return Promise.resolve(state)
      return send(payment, createKey())
    },

    retry() {
      if (running) return running.promise
      if (request === undefined) return Promise.resolve(state)
      if (state.status === 'unknown') return send(request, state.idempotencyKey)
      if (state.status === 'error') return send(request, createKey())
      return Promise.resolve(state)
    },

    update(session) {
      // While a request is out, a session can only be an answer about an attempt it replaced
      // (a read sent before reset()): the request's own answer settles it.
      if (state.status !== 'submitting') dispatch({ type: 'session', session })
    },

    reset() {
      const abandoned = running
      running = undefined
      request = undefined
      abandoned?.controller.abort()
      dispatch({ type: 'reset' })
    },
  }
}

function asCheckoutError(error: unknown): CheckoutError {
  if (isCheckoutError(error)) return error
  // Not from the contract client (a custom client, a bug): whether the server acted is unknown,
  // and treating it so keeps the key for a retry that cannot pay twice.
  return new CheckoutError(
    'network_error',
    devMode
      ? 'Starting the payment failed before an answer was read; its outcome is unknown. Retry to ' +
          'ask again with the same idempotency key.'
      : 'network_error',
    { cause: error },
  )
}
