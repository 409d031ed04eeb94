import {
  type ActionOutcome,
  type ActionPerformers,
  type AttemptState,
  type CheckoutError,
  type CreatePaymentRequest,
  createPaymentAttempt,
  forgetPayment,
  type NextAction,
  type PaymentSession,
  performActionWith,
  type RiskPlugin,
  rememberPayment,
  type watchPaymentStatus,
} from '@checkout-kit/core'
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { cachePayment, useKitContext } from './checkoutContext.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'
import { clientOf, environmentOf } from './kitServices.ts'
import { notify, notifyError } from './notify.ts'
import { msUntilFinalRead, shopperDeadline } from './serverClock.ts'
import { toCheckoutError } from './toCheckoutError.ts'
import { useBackForwardRestore } from './useBackForwardRestore.ts'
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts'
import { useLatestRef } from './useLatestRef.ts'

/** The events every payment component and `useCheckout()` report. */
export interface CheckoutCallbacks {
  /**
   * The payment UI is on the page: the hosted SDK is mounted, the QR code is shown, or the card
   * form is ready for input (once per mount, when its risk plugin has loaded or is known absent).
   */
  onReady?: () => void
  /** The server asked for a next step (redirect, hosted SDK, 3DS, QR code), before it runs. */
  onActionRequired?: (action: NextAction) => void
  /** The server settled the payment: `session.status` is `succeeded`, `failed`, `cancelled` or `expired`. */
  onComplete?: (session: PaymentSession) => void
  /** The attempt could not go on: network, timeout (outcome unknown), refused, blocked redirect… */
  onError?: (error: CheckoutError) => void
}

export interface UseCheckoutOptions extends CheckoutCallbacks {
  /** Where a hosted SDK (PingPong's `ppPay`) mounts its checkout. */
  container?: { readonly current: HTMLElement | null }
  /** Language passed to hosted SDKs; defaults from the provider's locale (`en`, `zh`). */
  language?: string
}

export interface PayOptions {
  /** For card payments: the PingPong risk plugin that runs the 3DS challenge. */
  riskPlugin?: RiskPlugin
}

/** Progress of the server's next action, which the attempt store does not track. */
export type ActionProgress =
  | { status: 'none' }
  | { status: 'performing'; sessionId: string }
  /** `stayed`: a 3DS navigation ended on the page (no challenge), so the payment is watched. */
  | { status: 'done'; sessionId: string; outcome: ActionOutcome; stayed?: true }
  | { status: 'failed'; sessionId: string; error: CheckoutError }

export interface UseCheckoutResult {
  /** The attempt: `idle`, `submitting`, `action`, `waiting`, a terminal status, `unknown` or `error`. */
  state: AttemptState
  /** What happened to the server's next action (e.g. `show-qr` with the code to render). */
  action: ActionProgress
  /** The error to show: the attempt's (`unknown`, `error`) or the action's. */
  error: CheckoutError | undefined
  /** An attempt is open: paying again is ignored until it settles, fails or is reset. */
  busy: boolean
  /** Starts an attempt and runs its next action. Ignored while an attempt is open. */
  pay(request: CreatePaymentRequest, options?: PayOptions): Promise<void>
  /**
   * After `unknown`: asks again with the same Idempotency-Key (never a second charge). After
   * `error`: a fresh key. After a failed action: runs the action again.
   */
  retry(): Promise<void>
  /** Asks the server for the session now (e.g. when a QR code's countdown ends). */
  refresh(): Promise<void>
  /** Gives up the open attempt on the server (`POST /payments/{id}/cancel`). */
  cancel(): Promise<void>
  /**
   * The shopper starts again: the open attempt is given up on the server, without being reported
   * through `onComplete` (it did not end, it was replaced), and the attempt goes back to `idle`.
   * Unless the server refuses because it was paid (or is being confirmed) meanwhile: the attempt
   * then shows that, and this resolves `false`.
   */
  startOver(): Promise<boolean>
  /** Forgets the attempt locally, back to `idle`. */
  reset(): void
}

const openStatuses: ReadonlySet<AttemptState['status']> = new Set([
  'submitting',
  'action',
  'waiting',
])

const stoppedUnexpectedly = 'The payment step stopped unexpectedly; try again.'

function sessionOf(state: AttemptState): PaymentSession | undefined {
  return 'session' in state ? state.session : undefined
}

/** What an attempt can do beyond submitting: each component passes only what its flow needs. */
export interface AttemptCapabilities {
  /** The next actions it performs; any other is refused as `unknown_action`. */
  performers: ActionPerformers
  /** Watches the server while it decides; without it the attempt only shows the answers it got. */
  watch?: typeof watchPaymentStatus
}

/**
 * One payment attempt: the attempt's state through `useSyncExternalStore`, `pay()` that submits
 * and then runs the server's next action with the provider's allowlist and nonce, and status
 * watching while the server decides. `useCheckout()` is this with every capability.
 */
export function useAttempt(
  options: UseCheckoutOptions,
  { performers, watch }: AttemptCapabilities,
  caller: string,
): UseCheckoutResult {
  const kit = useKitContext(caller)
  const { cache, allowedOrigins, nonce, locale } = kit
  const client = clientOf(kit)
  const environment = environmentOf(kit)
  // One store per component instance. StrictMode's second initializer call is discarded, and a
  // store does nothing until it is used.
  const [attempt] = useState(() => createPaymentAttempt({ client, environment }))
  // The store's methods read no `this`, and the store never changes: they serve as they are.
  const state = useSyncExternalStore(attempt.subscribe, attempt.getSnapshot, attempt.getSnapshot)
  const [action, setAction] = useState<ActionProgress>({ status: 'none' })

  // Read through a ref, so inline callbacks and option objects never restart anything.
  const latest = useLatestRef({ options, allowedOrigins, nonce, environment, locale })
  // Set synchronously on the first click: a second click in the same frame, before React has
  // re-rendered a disabled button, sees it and does nothing.
  const running = useRef(false)
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const riskPlugin = useRef<RiskPlugin | undefined>(undefined)
  /** The local method of the attempt's request, remembered with it (never the card data). */
  const requestMethod = useRef<string | undefined>(undefined)

  const perform = useCallback(
    async (session: PaymentSession) => {
      const next = session.action
      // A shopper who left the checkout while the request ran is not sent anywhere.
      if (!next || !mounted.current) return
      const { options, allowedOrigins, nonce, environment, locale } = latest.current
      notify(options.onActionRequired, next)
      // Written before the step: the result page finds a payment the shopper left for the
      // gateway's page without URL hints, and paying again after Back or a reload goes back to
      // the page or QR code left (resumeAbandonedAttempt) instead of being refused.
      const method = requestMethod.current
      rememberPayment(
        {
          paymentId: session.id,
          gateway: session.gateway,
          orderId: session.orderId,
          ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
          ...(method === undefined ? {} : { method }),
        },
        environment,
      )
      setAction({ status: 'performing', sessionId: session.id })
      let stayed = false
      const onStay = () => {
        stayed = true
        setAction((current) =>
          current.status === 'done' && current.sessionId === session.id
            ? { ...current, stayed: true }
            : current,
        )
      }
      try {
        const outcome = await performActionWith(performers, next, {
          allowedOrigins,
          environment,
          ...(nonce === undefined ? {} : { nonce }),
          ...(options.container?.current ? { container: options.container.current } : {}),
          ...(riskPlugin.current ? { riskPlugin: riskPlugin.current } : {}),
          language: options.language ?? (locale.startsWith('zh') ? 'zh' : 'en'),
          onStay,
        })
        setAction({
          status: 'done',
          sessionId: session.id,
          outcome,
          ...(stayed ? { stayed: true as const } : {}),
        })
        if (outcome.kind !== 'navigated') notify(latest.current.options.onReady, undefined)
      } catch (caught) {
        const error = toCheckoutError(caught, stoppedUnexpectedly)
        forgetPayment(environment)
        setAction({ status: 'failed', sessionId: session.id, error })
        notifyError(latest.current.options.onError, error, caller)
      }
    },
    [performers, latest, caller],
  )

  const follow = useCallback(
    async (next: AttemptState) => {
      if (next.status === 'action') await perform(next.session)
    },
    [perform],
  )

  const pay = useCallback(
    async (request: CreatePaymentRequest, payOptions?: PayOptions) => {
      // Nothing is started from a checkout that is gone (a pay() that awaited something first).
      if (!mounted.current || running.current || openStatuses.has(attempt.getSnapshot().status))
        return
      running.current = true
      try {
        riskPlugin.current = payOptions?.riskPlugin
        requestMethod.current = request.method
        setAction({ status: 'none' })
        await follow(await attempt.submit(request))
      } finally {
        running.current = false
      }
    },
    [attempt, follow],
  )

  const retry = useCallback(async () => {
    if (running.current) return
    running.current = true
    try {
      const current = attempt.getSnapshot()
      if (current.status === 'action') {
        await perform(current.session)
      } else if (current.status === 'unknown' || current.status === 'error') {
        setAction({ status: 'none' })
        await follow(await attempt.retry())
      }
    } finally {
      running.current = false
    }
  }, [attempt, follow, perform])

  const refresh = useCallback(async () => {
    const session = sessionOf(attempt.getSnapshot())
    if (!session) return
    try {
      attempt.update(await client.getPayment(session.id))
    } catch {
      // The displayed state stays as it is; watching or a later refresh settles it.
    }
  }, [attempt, client])

  const cancel = useCallback(async () => {
    const current = attempt.getSnapshot()
    const session = sessionOf(current)
    if (!session || !openStatuses.has(current.status)) return
    try {
      attempt.update(await client.cancelPayment(session.id))
    } catch (caught) {
      notifyError(
        latest.current.options.onError,
        toCheckoutError(caught, stoppedUnexpectedly),
        caller,
      )
    }
  }, [attempt, client, latest, caller])

  const startOver = useCallback(async () => {
    const current = attempt.getSnapshot()
    const session = sessionOf(current)
    if (session && openStatuses.has(current.status)) {
      try {
        await client.cancelPayment(session.id)
      } catch {
        // Refused: a QR code paid a moment ago is not cancelled, and neither is a payment being
        // confirmed. Starting over would then hide the payment and start a second one.
        const latest = await client.getPayment(session.id).catch(() => undefined)
        if (latest?.status === 'succeeded' || latest?.status === 'processing') {
          attempt.update(latest)
          return false
        }
        // Otherwise the server still has it open: the next attempt is refused
        // (ATTEMPT_IN_PROGRESS) with a message, and the payment expires on its own.
      }
    }
    setAction({ status: 'none' })
    attempt.reset()
    return true
  }, [attempt, client])

  const reset = useCallback(() => {
    setAction({ status: 'none' })
    attempt.reset()
  }, [attempt])

  // Report transitions once each, whatever re-renders or StrictMode's double effects do. In the
  // commit that shows the new state, not in a later passive effect: whoever sees "Payment
  // successful" on the page can rely on onComplete having run, and a merchant who navigates away
  // in it does so before the browser paints.
  const reported = useRef<AttemptState>(state)
  useIsomorphicLayoutEffect(() => {
    if (reported.current === state) return
    reported.current = state
    const { options, environment } = latest.current
    if (isTerminalStatus(state.status)) {
      const session = sessionOf(state)
      if (session) {
        cachePayment(cache, session)
        forgetPayment(environment)
        notify(options.onComplete, session)
      }
    } else if (state.status === 'unknown' || state.status === 'error') {
      notifyError(options.onError, state.error, caller)
    }
  }, [state, cache])

  // Watch the server while it decides: after the hosted SDK mounted or the QR code is shown, or
  // when the payment is processing. Not after a navigation: the page is going away.
  const session = sessionOf(state)
  const watchedId =
    session &&
    (state.status === 'waiting' ||
      (state.status === 'action' &&
        action.status === 'done' &&
        action.sessionId === session.id &&
        (action.outcome.kind !== 'navigated' || action.stayed === true)))
      ? session.id
      : undefined
  // A deadline bounds the watch only while the shopper can still act (the QR code's own while it
  // is shown): a payment being confirmed does not expire, and is followed until it is settled.
  const expiresAt =
    (state.status === 'action' && action.status === 'done' && action.outcome.kind === 'show-qr'
      ? action.outcome.expiresAt
      : undefined) ?? shopperDeadline(session)
  useEffect(() => {
    if (!watchedId || !watch) return
    return watch({
      client,
      paymentId: watchedId,
      environment,
      ...(expiresAt ? { expiresAt } : {}),
      onSession(next) {
        cachePayment(cache, next)
        attempt.update(next)
      },
    })
  }, [watchedId, expiresAt, client, cache, attempt, environment, watch])
  // Watching ends at the expiry; a moment later the server is asked once more, so that what it
  // says then (expired, most likely, or paid just in time) is shown, not the last status seen.
  // The expiry is on the server's clock, moved onto the browser's as watching does.
  useEffect(() => {
    if (!watchedId || !watch || !expiresAt) return
    const delayMs = msUntilFinalRead(expiresAt, client)
    if (Number.isNaN(delayMs)) return
    const timer = environment.setTimeout(() => void refresh(), delayMs)
    return () => environment.clearTimeout(timer)
  }, [watchedId, expiresAt, client, environment, watch, refresh])

  // Back from the gateway's page (a redirect, 3DS) without paying: the attempt goes back to
  // `idle` rather than a locked "Pay"; paying again leads back to a hosted page left (see
  // createPaymentAttempt), or says why the order is still held.
  useBackForwardRestore(
    state.status === 'action' && action.status === 'done' && action.outcome.kind === 'navigated',
    reset,
  )

  const error =
    state.status === 'unknown' || state.status === 'error'
      ? state.error
      : action.status === 'failed' && state.status === 'action'
        ? action.error
        : undefined
  const busy =
    openStatuses.has(state.status) && !(action.status === 'failed' && state.status === 'action')

  return { state, action, error, busy, pay, retry, refresh, cancel, startOver, reset }
}
