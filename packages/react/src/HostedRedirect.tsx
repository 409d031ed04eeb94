'use client'

import {
  CheckoutError,
  type CreatePaymentRequest,
  checkRedirectUrl,
  forgetPayment,
  type GatewayName,
  isCheckoutError,
  isUnknownOutcome,
  navigateTo,
  type PaymentSession,
  parseRedirectSession,
  performRedirect,
  type RedirectContext,
  rememberPayment,
  resumeAbandonedAttempt,
  submitFormTo,
} from '@checkout-kit/core'
import { useEffect, useId, useRef, useState } from 'react'
import { cachePayment, useKitContext, useMessages } from './checkoutContext.ts'
import { describeError } from './describeError.ts'
import { describeFailure } from './describeFailure.ts'
import { redirectMessages } from './messages.ts'
import { notify, notifyError } from './notify.ts'
import { StatusRegions } from './StatusRegions.tsx'
import { sendRedirectRequest } from './sendRedirectRequest.ts'
import type { CheckoutCallbacks } from './useAttempt.ts'
import { useBackForwardRestore } from './useBackForwardRestore.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'

export interface HostedRedirectProps extends CheckoutCallbacks {
  gateway: GatewayName
  /** The merchant's order reference; the server prices it. */
  orderId: string
  /** The page the shopper comes back to; the server appends `?paymentId=`. */
  returnUrl: string
  className?: string
}

// The whole flow is one request and one navigation, so this component keeps its own small state
// instead of the attempt store the other components share: that store, the contract client and
// status watching are several times the size of everything here (bench/size.mjs). Its behaviour
// is <HostedCheckout flow="hosted-redirect">'s, and one test suite holds both to it.
type RedirectState =
  | { status: 'idle' | 'submitting' | 'cancelling' }
  /** Leaving for the gateway's page. */
  | { status: 'action'; session: PaymentSession }
  /** The server answered without a redirect: `processing` (`waiting`) or a final status. */
  | {
      status: 'waiting' | 'succeeded' | 'failed' | 'cancelled' | 'expired'
      session: PaymentSession
    }
  /** The request's outcome is unknown (timeout, network): "Try again" resends it, same key. */
  | { status: 'unknown'; error: CheckoutError }
  /** The request was refused: "Try again" is a new attempt. */
  | { status: 'error'; error: CheckoutError }
  /**
   * The payment exists but the shopper could not be sent to its page. "Try again" when leaving
   * may work a second time (`session` is then the one to follow); otherwise "Start again" gives
   * the payment up first, or the next attempt would be refused as one in progress.
   */
  | { status: 'blocked'; paymentId: string; session?: PaymentSession; error: CheckoutError }

// The real browser's navigations, when the provider has no `environment`: only these two, not
// the whole default environment.
const browserNavigation: RedirectContext['environment'] = {
  navigate: navigateTo,
  submitForm: submitFormTo,
}

/** A payment whose next action this component cannot perform: it still has to be given up. */
class UnperformableAction {
  // `declare`, set in the constructor: parameter properties would also be emitted as class fields.
  declare readonly paymentId: string
  declare readonly error: CheckoutError
  constructor(paymentId: string, error: CheckoutError) {
    this.paymentId = paymentId
    this.error = error
  }
}

/** The create answer, or an `UnperformableAction` for a valid payment asking for another step. */
function readRedirectSession(json: unknown): PaymentSession {
  try {
    return parseRedirectSession(json)
  } catch (error) {
    // A valid payment that asks for another kind of step (a hosted SDK, a QR code).
    const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : null
    if (isCheckoutError(error) && error.code === 'unknown_action' && typeof id === 'string') {
      throw new UnperformableAction(id, error)
    }
    throw error
  }
}

/**
 * A "Pay" button that sends the shopper to the gateway's payment page (PingPong, Pockyt,
 * Oceanpayment). The smallest way to take payments; import it from `@checkout-kit/react/redirect`.
 */
export function HostedRedirect(props: HostedRedirectProps) {
  const caller = '<HostedRedirect>'
  const kit = useKitContext(caller)
  const texts = useMessages(redirectMessages, caller)
  useCheckoutStyles(caller)
  const [state, setState] = useState<RedirectState>({ status: 'idle' })
  // Set synchronously on the first click: a second click in the same frame, before React has
  // re-rendered a disabled button, sees it and does nothing.
  const running = useRef(false)
  // The request and its key, kept while the outcome is unknown so that "Try again" sends the very
  // same request: the server refuses a key reused for another body.
  const pending = useRef<{ request: CreatePaymentRequest; key: string } | undefined>(undefined)
  // A shopper who left the checkout while the request ran is not sent to the gateway.
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const idPrefix = `ck${useId().replace(/:/g, '')}`
  // Back from the gateway's page (or the return page) without paying: "Pay" again, which leads
  // back to the page left while it still waits for the shopper.
  useBackForwardRestore(state.status === 'action' || state.status === 'waiting', () => {
    running.current = false
    setState({ status: 'idle' })
  })

  function fail(next: RedirectState & { error: CheckoutError }) {
    setState(next)
    notifyError(props.onError, next.error, caller)
  }

  /** Sends the shopper to the session's redirect; whether the navigation started. */
  function leave(session: PaymentSession): boolean {
    const action = session.action
    if (!action || !mounted.current) return false
    notify(props.onActionRequired, action)
    const { id: paymentId, gateway, expiresAt, orderId } = session
    const { environment } = kit
    try {
      // An action type other than a redirect is refused, never approximated.
      if (action.type !== 'redirect') throw new CheckoutError('unknown_action', action.type)
      // For the result page, and to replace this attempt if the shopper comes back and pays
      // again; the return URL carries the payment id too. Forgotten below if the URL is refused.
      rememberPayment(
        { paymentId, gateway, orderId, ...(expiresAt ? { expiresAt } : {}) },
        environment,
      )
      setState({ status: 'action', session })
      performRedirect(action, {
        allowedOrigins: kit.allowedOrigins,
        environment: environment ?? browserNavigation,
        options: kit.nonce === undefined ? {} : { nonce: kit.nonce },
      })
      return true
    } catch (caught) {
      forgetPayment(environment)
      // A refused URL or action is final; anything else (the browser refusing to navigate) may
      // pass on a second try.
      const error = isCheckoutError(caught)
        ? caught
        : new CheckoutError('aborted', 'Leaving for the payment page failed.', { cause: caught })
      fail({ status: 'blocked', paymentId, session, error })
      return false
    }
  }

  function settle(session: PaymentSession) {
    if (session.status === 'requires_action') {
      leave(session)
      return
    }
    const status = session.status === 'processing' ? 'waiting' : session.status
    setState({ status, session })
    if (status === 'waiting') {
      // The server is still deciding. This component does not watch: the return page does, as
      // after the gateway's own page, so the shopper goes there (the payment is remembered too).
      if (!mounted.current) return
      const { id: paymentId, gateway, orderId } = session
      rememberPayment({ paymentId, gateway, orderId }, kit.environment)
      try {
        const url = new URL(props.returnUrl, location.href)
        // Only the shop's own pages, or a page allowedOrigins lets the shopper go to. The scheme is
        // tested too: a `javascript:` URL's origin is "null", as is a page's opened from a file.
        if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) {
          checkRedirectUrl(url.href, kit.allowedOrigins)
        }
        url.searchParams.set('paymentId', paymentId)
        ;(kit.environment ?? browserNavigation).navigate(url.href)
      } catch {
        // A returnUrl that is not a URL, or leads outside the shop and allowedOrigins (the server
        // should have refused both): the shopper stays here, told that the payment is being
        // confirmed.
      }
      return
    }
    cachePayment(kit.cache, session)
    forgetPayment(kit.environment)
    notify(props.onComplete, session)
  }

  async function pay() {
    if (running.current) return
    running.current = true
    const { gateway, orderId, returnUrl } = props
    const attempt = pending.current ?? {
      request: { gateway, flow: 'hosted-redirect', orderId, returnUrl },
      key: crypto.randomUUID(),
    }
    pending.current = attempt
    setState({ status: 'submitting' })
    let session: PaymentSession
    try {
      session = await create(attempt.request, attempt.key)
    } catch (caught) {
      if (caught instanceof UnperformableAction) {
        pending.current = undefined
        fail({ status: 'blocked', paymentId: caught.paymentId, error: caught.error })
        return
      }
      const error = isCheckoutError(caught)
        ? caught
        : // Not from the kit (a client of the merchant's own): whether the server acted is
          // unknown, and treating it so keeps the key for a retry that cannot pay twice.
          new CheckoutError('network_error', 'The payment request failed.', { cause: caught })
      const unknown = isUnknownOutcome(error)
      if (!unknown) pending.current = undefined
      fail({ status: unknown ? 'unknown' : 'error', error })
      return
    } finally {
      running.current = false
    }
    // The server answered: another attempt, whatever happens next, is a new one.
    pending.current = undefined
    settle(session)
  }

  /** After a blocked redirect: the payment is given up on the server, and "Pay" starts anew. */
  async function startOver(paymentId: string) {
    if (running.current) return
    running.current = true
    setState({ status: 'cancelling' })
    try {
      await cancel(paymentId)
    } catch {
      // The next attempt is then refused as one in progress, with a message that says what to
      // do; the payment also expires on its own.
    }
    running.current = false
    setState({ status: 'idle' })
  }

  /** After the browser refused to navigate: one navigation, however many clicks. */
  function leaveAgain(session: PaymentSession) {
    if (running.current) return
    // Held once the navigation has started: the page is going away.
    running.current = leave(session)
  }

  async function create(request: CreatePaymentRequest, key: string): Promise<PaymentSession> {
    const send = () =>
      kit.client
        ? kit.client.createPayment(request, { idempotencyKey: key })
        : sendRedirectRequest(kit.baseUrl, '/payments', readRedirectSession, {
            body: request,
            idempotencyKey: key,
          })
    try {
      return await send()
    } catch (refusal) {
      // Back from the gateway's page, the shopper pays again: the page they left holds the
      // order, and they are sent back to it.
      const read = (id: string) =>
        kit.client
          ? kit.client.getPayment(id)
          : sendRedirectRequest(
              kit.baseUrl,
              `/payments/${encodeURIComponent(id)}`,
              readRedirectSession,
              { method: 'GET' },
            )
      const resumed = await resumeAbandonedAttempt(refusal, request, read, kit.environment)
      if (resumed) return resumed
      throw refusal
    }
  }

  function cancel(paymentId: string): Promise<unknown> {
    const path = `/payments/${encodeURIComponent(paymentId)}/cancel`
    return kit.client
      ? kit.client.cancelPayment(paymentId)
      : sendRedirectRequest(kit.baseUrl, path, (json) => json)
  }

  const { status } = state
  const busy =
    status === 'submitting' ||
    status === 'cancelling' ||
    status === 'action' ||
    status === 'waiting'
  const blocked = status === 'blocked' ? state : undefined
  // Leaving may work a second time when the browser, not the server or the allowlist, stopped it.
  const retryLeave = blocked?.session && isUnknownOutcome(blocked.error)
  const error = 'error' in state ? state.error : undefined
  // Of the reasons, this page ships only the generic two: the others are the provider's
  // translation, else the server's own words (the same English).
  const alert = error
    ? describeError(error, texts, kit.locale)
    : status === 'failed'
      ? describeFailure(state.session.failure, texts)
      : status === 'expired'
        ? describeFailure(state.session.failure ?? { code: 'expired', message: '' }, texts)
        : undefined
  const statusText = {
    submitting: texts.statusSubmitting,
    action: texts.statusRedirecting,
    waiting: texts.statusWaiting,
    succeeded: texts.statusSucceeded,
    failed: texts.statusFailed,
    cancelled: texts.statusCancelled,
    expired: texts.statusExpired,
  }[status as string]

  return (
    <div
      className={props.className ? `ck-root ${props.className}` : 'ck-root'}
      // The provider's language, so a screen reader reads the kit's texts in it whatever the page's.
      lang={kit.locale}
      data-ck="hosted-checkout"
      data-flow="hosted-redirect"
      data-gateway={props.gateway}
      data-state={blocked ? 'error' : status}
    >
      {status === 'succeeded' ? null : (
        <button
          type="button"
          className="ck-button"
          // Not `disabled`: that would drop a keyboard user's focus to the page (see PaymentControls).
          aria-disabled={busy ? 'true' : undefined}
          aria-busy={busy ? 'true' : undefined}
          onClick={() => {
            if (busy) return
            if (!blocked) void pay()
            else if (retryLeave && blocked.session) leaveAgain(blocked.session)
            else void startOver(blocked.paymentId)
          }}
        >
          {blocked && !retryLeave ? texts.startAgain : error ? texts.tryAgain : texts.pay}
        </button>
      )}
      <StatusRegions idPrefix={idPrefix} status={statusText ?? ''} alert={alert} />
    </div>
  )
}
