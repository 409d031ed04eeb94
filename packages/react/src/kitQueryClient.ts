import { QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { KitCache } from './checkoutContext.ts'
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
export function queryClientOf(cache: KitCache): QueryClient {
  let client = cache.queryClient
  if (!client) {
    client = createDefaultQueryClient()
    cache.queryClient = client
    // What the components saw before any TanStack hook ran.
    for (const [paymentId, { session, updatedAt }] of cache.sessions) {
      client.setQueryData(queryKeys.payment(paymentId), session, { updatedAt })
    }
    if (cache.config) client.setQueryData(queryKeys.config, cache.config)
  }
  return client
}

/**
 * The provider's QueryClient, mounted while the calling component is: QueryClientProvider would
 * mount it (focus and online refetching), but the kit does not render one, so that a merchant's
 * own provider keeps serving the merchant's queries.
 */
export function useKitQueryClient(cache: KitCache): QueryClient {
  const client = queryClientOf(cache)
  useEffect(() => {
    client.mount()
    return () => client.unmount()
  }, [client])
  return client
}
