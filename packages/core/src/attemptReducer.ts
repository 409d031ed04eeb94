import { type CheckoutError, isUnknownOutcome } from './checkoutError.ts'
import type { PaymentSession, PaymentStatus } from './contract.ts'

export type AttemptState =
  | { status: 'idle' }
  | { status: 'submitting'; idempotencyKey: string }
  /** `requires_action`: perform `session.action`. */
  | { status: 'action'; idempotencyKey: string; session: PaymentSession }
  /** `processing`: watch the status. */
  | { status: 'waiting'; idempotencyKey: string; session: PaymentSession }
  | {
      status: 'succeeded' | 'failed' | 'cancelled' | 'expired'
      idempotencyKey: string
      session: PaymentSession
    }
  /** The request's outcome is unknown (timeout, network): `retry()` reuses the key. */
  | { status: 'unknown'; idempotencyKey: string; error: CheckoutError }
  /** The request was refused (server_error, invalid_response…): `retry()` uses a new key. */
  | { status: 'error'; idempotencyKey: string; error: CheckoutError }

export type AttemptEvent =
  | { type: 'submit'; idempotencyKey: string }
  | { type: 'session'; session: PaymentSession }
  | { type: 'error'; error: CheckoutError }
  | { type: 'reset' }

type SessionState = Extract<AttemptState, { session: PaymentSession }>

const idle: AttemptState = { status: 'idle' }

/** The attempt's state for a session status: the same name, but for the two still open. */
function stateOfStatus(status: PaymentStatus): SessionState['status'] {
  return status === 'requires_action' ? 'action' : status === 'processing' ? 'waiting' : status
}

/**
 * Every transition of a payment attempt. Pure; an event that does not apply returns the same
 * state object, so a store can tell "nothing changed" by reference.
 */
export function attemptReducer(state: AttemptState, event: AttemptEvent): AttemptState {
  switch (event.type) {
    case 'submit':
      // An attempt already open (double click, or a payment in progress) is never submitted twice.
      if (
        state.status === 'submitting' ||
        state.status === 'action' ||
        state.status === 'waiting'
      ) {
        return state
      }
      return { status: 'submitting', idempotencyKey: event.idempotencyKey }
    case 'session':
      return onSession(state, event.session)
    case 'error':
      // Errors belong to the create request; watching and actions report theirs elsewhere.
      if (state.status !== 'submitting') return state
      return {
        status: isUnknownOutcome(event.error) ? 'unknown' : 'error',
        idempotencyKey: state.idempotencyKey,
        error: event.error,
      }
    case 'reset':
      return state.status === 'idle' ? state : idle
  }
}

function onSession(state: AttemptState, session: PaymentSession): AttemptState {
  switch (state.status) {
    case 'idle':
    case 'unknown':
    case 'error':
      // No request is waiting for a session.
      return state
    case 'submitting':
      return withSession(state.idempotencyKey, session)
    default: {
      const current = state.session
      if (session.id !== current.id) return state
      // Server push and polling can deliver out of order: an older session never replaces a newer
      // one, and the same version twice is not a change.
      const order = Date.parse(session.updatedAt) - Date.parse(current.updatedAt)
      if (order < 0 || (order === 0 && session.status === current.status)) return state
      return withSession(state.idempotencyKey, session)
    }
  }
}

function withSession(idempotencyKey: string, session: PaymentSession): SessionState {
  return { status: stateOfStatus(session.status), idempotencyKey, session }
}
