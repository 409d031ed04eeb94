'use client'

import type { CheckoutError, PaymentSession } from '@checkout-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useKitContext } from './checkoutContext.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'
import { useKitQueryClient } from './kitQueryClient.ts'
import { clientOf } from './kitServices.ts'
import { queryKeys } from './queryKeys.ts'
import { shopperDeadline } from './serverClock.ts'
import { useWatchPayment } from './useWatchPayment.ts'

export interface UsePaymentStatusOptions {
  /** Default `true` when there is a payment id. */
  enabled?: boolean
  /**
   * Stop watching at this time (ISO); by default the session's own `expiresAt` while it waits for
   * the shopper (a payment being confirmed is followed until it is settled).
   */
  expiresAt?: string
}

/**
 * The authoritative `PaymentSession` for `paymentId`: `GET /payments/{id}` through TanStack
 * Query, kept fresh by server push (or polling) that writes into the query cache until the
 * status is final.
 */
export function usePaymentStatus(
  paymentId: string | undefined,
  options: UsePaymentStatusOptions = {},
): UseQueryResult<PaymentSession, CheckoutError> {
  const kit = useKitContext('usePaymentStatus()')
  const { cache } = kit
  const client = clientOf(kit)
  const queryClient = useKitQueryClient(cache)
  const enabled = (options.enabled ?? true) && paymentId !== undefined && paymentId !== ''
  const query = useQuery<PaymentSession, CheckoutError>(
    {
      queryKey: queryKeys.payment(paymentId ?? ''),
      // No abort signal: TanStack cancels a fetch whose signal was read when its last observer
      // unsubscribes, which StrictMode's replayed effects do, and the query would be sent twice.
      queryFn: () => client.getPayment(paymentId ?? ''),
      enabled,
      // Never the previous payment's session while this one loads (a QueryClient whose defaults
      // keep previous data would show another payment as paid).
      placeholderData: undefined,
    },
    queryClient,
  )
  // Watching starts once the first answer is in: an unknown payment (404) is never watched.
  const watching = enabled && query.data !== undefined && !isTerminalStatus(query.data.status)
  // The caller's bound, else the payment's own expiry while the shopper can still act.
  const expiresAt = options.expiresAt ?? shopperDeadline(query.data)

  useWatchPayment(
    watching ? paymentId : undefined,
    (session) => queryClient.setQueryData(queryKeys.payment(session.id), session),
    expiresAt,
  )

  return query
}
