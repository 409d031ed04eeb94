import type { CheckoutError, PaymentSession } from '@checkout-kit/core'
import { useEffect, useState } from 'react'
import { cachePayment, requestOnce, useKitContext } from './checkoutContext.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'
import { clientOf, environmentOf } from './kitServices.ts'
import { msUntilFinalRead, shopperDeadline } from './serverClock.ts'
import { toCheckoutError } from './toCheckoutError.ts'
import { useWatchPayment } from './useWatchPayment.ts'

export interface PaymentSessionState {
  session: PaymentSession | undefined
  error: CheckoutError | undefined
  /** Ask the server again, after an error. */
  refetch(): void
}

/**
 * The server's session for `paymentId`, fetched once (StrictMode's replayed effect shares the
 * request in flight) and then watched, by server push or polling, until it is final. The
 * components' lean counterpart of `usePaymentStatus`, which adds TanStack Query.
 */
export function usePaymentSession(paymentId: string | undefined, caller: string) {
  const kit = useKitContext(caller)
  const { cache } = kit
  const client = clientOf(kit)
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
        if (current) {
          setState({
            paymentId,
            error: toCheckoutError(error, 'The payment status could not be read; try again.'),
          })
        }
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
  // Watching ends at the payment's expiry, when the server is asked once more: what it says then
  // (expired, most likely) is the status to show, not the last one seen.
  const expiresAt = watching ? shopperDeadline(mine.session) : undefined
  useWatchPayment(
    watching ? paymentId : undefined,
    (session) => {
      cachePayment(cache, session)
      setState({ paymentId: session.id, session })
    },
    expiresAt,
  )
  useEffect(() => {
    if (!expiresAt) return
    const environment = environmentOf(kit)
    // On the server's clock, moved onto the browser's as watching does: a device clock minutes
    // slow would otherwise leave the page unwatched and unasked that long.
    const timer = environment.setTimeout(
      () => setRound((value) => value + 1),
      msUntilFinalRead(expiresAt, client),
    )
    return () => environment.clearTimeout(timer)
  }, [expiresAt, kit, client])

  return {
    session: mine.session,
    error: mine.session ? undefined : mine.error,
    refetch: () => setRound((value) => value + 1),
  } satisfies PaymentSessionState
}
