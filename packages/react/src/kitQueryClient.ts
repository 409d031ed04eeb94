import { QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { QueryClientSlot } from './checkoutContext.ts'
import { queryKeys } from './queryKeys.ts'

function createDefaultQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refused request (404, invalid answer) does not get better by asking again.
        retry: (failureCount, error) =>
          failureCount < 2 &&
          typeof error === 'object' &&
          error !== null &&
          'code' in error &&
          (error.code === 'network_error' || error.code === 'timeout'),
      },
    },
  })
}

/** The provider's QueryClient (its `queryClient` prop or one of the kit's own), created once. */
export function queryClientOf(slot: QueryClientSlot): QueryClient {
  let client = slot.client
  if (!client) {
    client = createDefaultQueryClient()
    slot.client = client
  }
  for (const [paymentId, { session, updatedAt }] of slot.pending) {
    client.setQueryData(queryKeys.payment(paymentId), session, { updatedAt })
  }
  slot.pending.clear()
  return client
}

/**
 * The provider's QueryClient, mounted while the calling component is: QueryClientProvider would
 * mount it (focus and online refetching), but the kit does not render one, so that a merchant's
 * own provider keeps serving the merchant's queries.
 */
export function useKitQueryClient(slot: QueryClientSlot): QueryClient {
  const client = queryClientOf(slot)
  useEffect(() => {
    client.mount()
    return () => client.unmount()
  }, [client])
  return client
}
