import {
  CheckoutError,
  isCheckoutError,
  type PaymentSession,
  watchPaymentStatus,
} from '@checkout-kit/core'
import { useEffect, useState } from 'react'
import { cachePayment, requestOnce, useKitContext } from './checkoutContext.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'

export interface PaymentSessionState {
  session: PaymentSession | undefined
  error: CheckoutError | undefined
  /** Ask the server again, after an error. */
  refetch(): void
}

function toCheckoutError(error: unknown): CheckoutError {
  return isCheckoutError(error)
    ? error
    : new CheckoutError('aborted', 'The payment status could not be read; try again.', {
        cause: error,
      })
}

/**
 * The server's session for `paymentId`, fetched once (StrictMode's replayed effect shares the
 * request in flight) and then watched, by server push or polling, until it is final. The
 * components' lean counterpart of `usePaymentStatus`, which adds TanStack Query.
 */
export function usePaymentSession(paymentId: string | undefined, caller: string) {
  const { client, cache, environment } = useKitContext(caller)
  const [state, setState] = useState<{
    paymentId?: string
    session?: PaymentSession
    error?: CheckoutError
  }>(() => {
    const cached = paymentId ? cache.sessions.get(paymentId) : undefined
    return cached ? { paymentId, session: cached.session } : {}
  })
  const [round, setRound] = useState(0)

  useEffect(() => {
    if (!paymentId) return
    let current = true
    requestOnce(cache, `payment ${paymentId} ${round}`, () => client.getPayment(paymentId)).then(
      (session) => {
        cachePayment(cache, session)
        if (current) setState({ paymentId, session })
      },
      (error: unknown) => {
        if (current) setState({ paymentId, error: toCheckoutError(error) })
      },
    )
    return () => {
      current = false
    }
  }, [paymentId, round, client, cache])

  const mine = state.paymentId === paymentId ? state : {}
  // Watching starts once the first answer is in: an unknown payment (404) is never watched.
  const watching =
    paymentId !== undefined && !!mine.session && !isTerminalStatus(mine.session.status)
  useEffect(() => {
    if (!watching || paymentId === undefined) return
    return watchPaymentStatus({
      client,
      paymentId,
      environment,
      onSession(session) {
        cachePayment(cache, session)
        setState({ paymentId, session })
      },
    })
  }, [watching, paymentId, client, cache, environment])

  return {
    session: mine.session,
    error: mine.session ? undefined : mine.error,
    refetch: () => setRound((value) => value + 1),
  } satisfies PaymentSessionState
}
