import type { CheckoutErrorCode } from '@checkout-kit/core'
import type { ReactNode } from 'react'
import { useKitContext, useMessages } from './checkoutContext.ts'
import { describeAttempt } from './describeAttempt.ts'
import { commonMessages } from './messages.ts'
import { StatusRegions } from './StatusRegions.tsx'
import type { UseCheckoutResult } from './useAttempt.ts'

/** Action failures that may pass on a second try (a flaky network, a slow CDN). */
const retryableActionErrors: ReadonlySet<CheckoutErrorCode> = new Set([
  'script_load_failed',
  'risk_plugin_unavailable',
  'network_error',
  'timeout',
  'aborted',
])

export interface PaymentControlsProps {
  checkout: UseCheckoutResult
  /** Starts the attempt; absent when the button submits a form. */
  onPay?: () => void
  /**
   * The button submits its form (the card form) instead of calling `onPay`; so does "Try again"
   * after a refusal.
   */
  submit?: boolean
  /** No "Pay" button (a hosted SDK shows its own). */
  hidePay?: boolean
  /** Text for the alert instead of the attempt's (a form's validation summary, an expired code). */
  note?: string
  /** Text for the status region instead of the attempt's progress. */
  status?: string
  idPrefix: string
}

/**
 * The end of every payment component: the "Pay" (or "Try again") button, the polite status region
 * and the alert. The button is `aria-disabled` and `aria-busy` while an attempt is open.
 */
export function PaymentControls({
  checkout,
  onPay,
  submit = false,
  hidePay = false,
  note,
  status,
  idPrefix,
}: PaymentControlsProps) {
  const { locale } = useKitContext('<PaymentControls>')
  const messages = useMessages(commonMessages, '<PaymentControls>')
  const { state, action, busy } = checkout
  const text = describeAttempt(state, action, messages, locale)
  const actionFailed = state.status === 'action' && action.status === 'failed'
  const canRetry =
    state.status === 'unknown' ||
    state.status === 'error' ||
    (actionFailed && retryableActionErrors.has(action.error.code))
  const mustRestart = actionFailed && !canRetry
  const alert = note ?? text.alert

  // After a refusal a form is sent again as it is now, corrected by the shopper (a new attempt);
  // after an unknown outcome `retry()` resends the very request the server may have acted on.
  const resubmit = submit && state.status === 'error'

  let button: ReactNode = null
  if (canRetry) {
    button = (
      <button
        type={resubmit ? 'submit' : 'button'}
        className="ck-button"
        onClick={resubmit ? undefined : () => void checkout.retry()}
      >
        {messages.tryAgain}
      </button>
    )
  } else if (mustRestart) {
    button = (
      <button type="button" className="ck-button" onClick={() => void checkout.startOver()}>
        {messages.startAgain}
      </button>
    )
  } else if (!hidePay && state.status !== 'succeeded') {
    button = (
      <button
        type={submit ? 'submit' : 'button'}
        className="ck-button"
        // Locked with `aria-disabled`, not `disabled`: a disabled button loses focus, which drops
        // a keyboard user to the top of the page just as the payment starts. The button keeps it,
        // and turns into "Try again" in place if the request is refused or its outcome unknown
        // (a declined payment reads "Pay" again). Clicks and form submits are ignored while busy
        // (the attempt and the card form check it).
        aria-disabled={busy ? 'true' : undefined}
        aria-busy={busy ? 'true' : undefined}
        onClick={submit || busy ? undefined : onPay}
      >
        {messages.pay}
      </button>
    )
  }

  return (
    <>
      {button}
      <StatusRegions idPrefix={idPrefix} status={status ?? text.status} alert={alert} />
    </>
  )
}
