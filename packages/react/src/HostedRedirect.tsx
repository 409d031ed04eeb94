import {
  CheckoutError,
  checkRedirectUrl,
  type GatewayName,
  isCheckoutError,
  navigateTo,
  type PaymentSession,
  parseRedirectSession,
  rememberPayment,
  submitFormTo,
} from '@checkout-kit/core'
import { useId, useRef, useState } from 'react'
import { useKitContext, useMessages } from './checkoutContext.ts'
import { describeError } from './describeError.ts'
import { redirectMessages } from './messages.ts'
import { StatusRegions } from './StatusRegions.tsx'
import { sendRedirectRequest } from './sendRedirectRequest.ts'
import type { CheckoutCallbacks } from './useAttempt.ts'
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
// status watching are three times the size of everything here (bench/size.mjs).
type RedirectState =
  | { status: 'idle' }
  | { status: 'submitting' }
  /** Leaving for the gateway's page. */
  | { status: 'action'; session: PaymentSession }
  /** The server answered without a redirect: `processing` or a final status. */
  | { status: Exclude<PaymentSession['status'], 'requires_action'>; session: PaymentSession }
  /** The request's outcome is unknown (timeout, network): "Try again" reuses the key. */
  | { status: 'unknown'; error: CheckoutError }
  /** The request was refused: "Try again" is a new attempt. */
  | { status: 'error'; error: CheckoutError }
  /** The payment exists but its redirect cannot be followed: "Start again" gives it up first. */
  | { status: 'blocked'; session: PaymentSession; error: CheckoutError }

// The request may have reached the server: the same key asks again without paying twice.
const unknownOutcome = new Set(['timeout', 'network_error', 'aborted'])

const statusTexts = {
  submitting: 'statusSubmitting',
  action: 'statusRedirecting',
  processing: 'statusWaiting',
  succeeded: 'statusSucceeded',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
  expired: 'statusExpired',
} as const

/**
 * A "Pay" button that sends the shopper to the gateway's payment page (PingPong, Pockyt,
 * Oceanpayment): `<HostedCheckout flow="hosted-redirect">` is this component. The smallest way to
 * take payments; import it from `@checkout-kit/react/redirect`.
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
  // One key per attempt, kept while its outcome is unknown so that a retry cannot pay twice.
  const idempotencyKey = useRef<string | undefined>(undefined)
  const idPrefix = `ck${useId().replace(/:/g, '')}`

  function fail(next: RedirectState & { error: CheckoutError }) {
    setState(next)
    props.onError?.(next.error)
  }

  function leave(session: PaymentSession) {
    const action = session.action
    if (!action) return
    props.onActionRequired?.(action)
    try {
      // An action type other than a redirect is refused, never approximated.
      if (action.type !== 'redirect') throw new CheckoutError('unknown_action', action.type)
      const { href } = checkRedirectUrl(action.url, kit.allowedOrigins)
      // For the result page; the return URL carries the payment id too.
      const { id: paymentId, gateway, expiresAt } = session
      rememberPayment({ paymentId, gateway, ...(expiresAt ? { expiresAt } : {}) }, kit.environment)
      setState({ status: 'action', session })
      const { environment } = kit
      if (action.method === 'GET') {
        environment ? environment.navigate(href) : navigateTo(href)
      } else if (environment) {
        environment.submitForm(href, action.fields, kit.nonce)
      } else {
        submitFormTo(href, action.fields)
      }
    } catch (caught) {
      fail({ status: 'blocked', session, error: asCheckoutError(caught) })
    }
  }

  async function pay() {
    if (running.current) return
    running.current = true
    try {
      setState({ status: 'submitting' })
      idempotencyKey.current ??= crypto.randomUUID()
      const session = await create(idempotencyKey.current)
      // The server answered: another attempt, whatever happens next, is a new one.
      idempotencyKey.current = undefined
      if (session.status === 'requires_action') {
        leave(session)
      } else {
        setState({ status: session.status, session })
        if (session.status !== 'processing') props.onComplete?.(session)
      }
    } catch (caught) {
      const error = asCheckoutError(caught)
      const unknown = unknownOutcome.has(error.code)
      if (!unknown) idempotencyKey.current = undefined
      fail({ status: unknown ? 'unknown' : 'error', error })
    } finally {
      running.current = false
    }
  }

  /** After a blocked redirect: the payment is given up on the server, and "Pay" starts anew. */
  async function startOver(paymentId: string) {
    if (running.current) return
    running.current = true
    // Without it the next attempt is refused as one in progress. A failure here is left to that
    // refusal, which says what to do; the payment also expires on its own.
    await cancel(paymentId).catch(() => {})
    running.current = false
    setState({ status: 'idle' })
  }

  function create(key: string): Promise<PaymentSession> {
    const { gateway, orderId, returnUrl } = props
    const request = { gateway, flow: 'hosted-redirect' as const, orderId, returnUrl }
    return kit.client
      ? kit.client.createPayment(request, { idempotencyKey: key })
      : sendRedirectRequest(kit.baseUrl, '/payments', request, key).then(parseRedirectSession)
  }

  function cancel(paymentId: string): Promise<unknown> {
    const path = `/payments/${encodeURIComponent(paymentId)}/cancel`
    return kit.client ? kit.client.cancelPayment(paymentId) : sendRedirectRequest(kit.baseUrl, path)
  }

  const busy =
    state.status === 'submitting' || state.status === 'action' || state.status === 'processing'
  const error = 'error' in state ? state.error : undefined
  const failure = state.status === 'failed' ? state.session.failure : undefined
  const alert = error
    ? describeError(error, texts, kit.locale)
    : // The server's failure text is safe to show; a translated one wins when the provider has it.
      failure && (texts[`failure.${failure.code}` as keyof typeof texts] ?? failure.message)
  const statusKey =
    state.status in statusTexts ? statusTexts[state.status as keyof typeof statusTexts] : undefined

  return (
    <div
      className={props.className ? `ck-root ${props.className}` : 'ck-root'}
      data-ck="hosted-checkout"
      data-flow="hosted-redirect"
      data-gateway={props.gateway}
      data-state={state.status === 'blocked' ? 'error' : state.status}
    >
      {state.status === 'succeeded' ? null : (
        <button
          type="button"
          className="ck-button"
          disabled={busy}
          aria-busy={busy ? 'true' : undefined}
          onClick={() => void (state.status === 'blocked' ? startOver(state.session.id) : pay())}
        >
          {state.status === 'blocked' ? texts.startAgain : error ? texts.tryAgain : texts.pay}
        </button>
      )}
      <StatusRegions idPrefix={idPrefix} status={statusKey ? texts[statusKey] : ''} alert={alert} />
    </div>
  )
}

function asCheckoutError(error: unknown): CheckoutError {
  // Not from the kit (a client of the merchant's own, a bug): whether the server acted is
  // unknown, and treating it so keeps the key for a retry that cannot pay twice.
  return isCheckoutError(error)
    ? error
    : new CheckoutError('network_error', 'The payment request failed.', { cause: error })
}
