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
    return watchPaymentStatus({
      client,
      paymentId,
      environment,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      onSession: (session) => latest.current(session),
    })
  }, [paymentId, expiresAt, client, environment, latest])
}
