'use client'

import type { CheckoutConfig, CheckoutError } from '@checkout-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useKitContext } from './checkoutContext.ts'
import { useKitQueryClient } from './kitQueryClient.ts'
import { clientOf } from './kitServices.ts'
import { queryKeys } from './queryKeys.ts'

/** `GET /config` through TanStack Query: public and cacheable, fetched once per page load. */
export function useCheckoutConfig(
  options: { enabled?: boolean } = {},
): UseQueryResult<CheckoutConfig, CheckoutError> {
  const kit = useKitContext('useCheckoutConfig()')
  const { cache } = kit
  const client = clientOf(kit)
  const queryClient = useKitQueryClient(cache)
  return useQuery<CheckoutConfig, CheckoutError>(
    {
      queryKey: queryKeys.config,
      // No abort signal: StrictMode would cancel and resend it (see usePaymentStatus).
      queryFn: () => client.getConfig(),
      staleTime: Number.POSITIVE_INFINITY,
      enabled: options.enabled ?? true,
    },
    queryClient,
  )
}
