import type { AttemptState } from '@checkout-kit/core'
import { describeError } from './describeError.ts'
import { describeFailure } from './describeFailure.ts'
import type { CommonMessages, Locale } from './messages.ts'
import type { ActionProgress } from './useAttempt.ts'

export interface AttemptDescription {
  /** Progress, for the polite live region. Empty when there is nothing to say. */
  status: string
  /** What went wrong, for the alert; absent when nothing did. */
  alert?: string
}

/** The texts a payment component shows for an attempt and its next action. */
export function describeAttempt(
  state: AttemptState,
  action: ActionProgress,
  messages: CommonMessages,
  locale: Locale,
): AttemptDescription {
  switch (state.status) {
    case 'idle':
      return { status: messages.statusIdle }
    case 'submitting':
      return { status: messages.statusSubmitting }
    case 'action': {
      if (action.status === 'failed') {
        return { status: '', alert: describeError(action.error, messages, locale) }
      }
      if (action.status === 'done') {
        const { kind } = action.outcome
        const status = action.stayed
          ? messages.statusWaiting
          : kind === 'mounted'
            ? messages.statusHostedReady
            : kind === 'show-qr'
              ? messages.statusScanQr
              : messages.statusRedirecting
        return { status }
      }
      // Until the QR code or the hosted SDK is on screen (a few milliseconds, or a script's load)
      // the payment is still starting: saying so keeps the live region from announcing a passing
      // "Continue your payment." between "Starting…" and "Scan the QR code…".
      const type = state.session.action?.type
      return {
        status:
          type === 'redirect'
            ? messages.statusRedirecting
            : type === 'qr-code' || type === 'hosted-sdk'
              ? messages.statusSubmitting
              : messages.statusAction,
      }
    }
    case 'waiting':
      return { status: messages.statusWaiting }
    case 'succeeded':
      return { status: messages.statusSucceeded }
    case 'failed':
      return {
        status: messages.statusFailed,
        alert: describeFailure(state.session.failure, messages),
      }
    case 'cancelled':
      return { status: messages.statusCancelled }
    case 'expired':
      return {
        status: messages.statusExpired,
        alert: describeFailure(state.session.failure ?? { code: 'expired', message: '' }, messages),
      }
    case 'unknown':
    case 'error':
      return { status: '', alert: describeError(state.error, messages, locale) }
  }
}
