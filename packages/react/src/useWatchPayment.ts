import { type PaymentSession, watchPaymentStatus } from '@checkout-kit/core'
import { useEffect } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { clientOf, environmentOf } from './kitServices.ts'
import { useLatestRef } from './useLatestRef.ts'

/**
 * Watches `paymentId` (server push, else polling) while it is given, until it is final or
 * `expiresAt`, handing each session to `onSession`. Pass `undefined` not to watch.
 */
export function useWatchPayment(
  paymentId: string | undefined,
  onSession: (session: PaymentSession) => void,
  expiresAt?: string,
): void {
  const kit = useKitContext('useWatchPayment()')
  const client = clientOf(kit)
  const environment = environmentOf(kit)
  const latest = useLatestRef(onSession)
  useEffect(() => {
    if (paymentId === undefined) return
    // Started a task later: StrictMode runs this effect, cleans it up and runs it again at once,
    // and a stream opened at once would be opened twice (the first closed a moment later).
    let stop: (() => void) | undefined
    const start = environment.setTimeout(() => {
      stop = watchPaymentStatus({
        client,
        paymentId,
        environment,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        onSession: (session) => latest.current(session),
      })
    }, 0)
    return () => {
      environment.clearTimeout(start)
      stop?.()
    }
  }, [paymentId, expiresAt, client, environment, latest])
}
