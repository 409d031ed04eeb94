import type { PaymentSession } from '@checkout-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import { queryKeys } from './queryKeys.ts'
import type { CheckoutContextValue } from './useCheckoutContext.ts'

/**
 * The provider's QueryClient, created on first use by the hooks that run queries (see
 * `kitQueryClient.ts`), so that pages without them never load TanStack Query. Sessions written
 * before it exists wait in `pending` and are put into its cache when it is created.
 */
export interface QueryClientSlot {
  client: QueryClient | undefined
  pending: Map<string, { session: PaymentSession; updatedAt: number }>
}

/** What `<CheckoutProvider>` actually provides: the public value, with the QueryClient made lazy. */
export interface KitContextValue extends Omit<CheckoutContextValue, 'queryClient'> {
  queryClientSlot: QueryClientSlot
}

export const CheckoutContext = createContext<KitContextValue | null>(null)
CheckoutContext.displayName = 'CheckoutContext'

/**
 * The provider's value for the kit's own components and hooks. `caller` names the hook or
 * component in the error, e.g. `'useCheckout()'` or `'<CardPayment>'`, so the message points at
 * the call that needs the provider.
 */
export function useKitContext(caller: string): KitContextValue {
  const value = useContext(CheckoutContext)
  if (value === null) {
    throw new Error(
      `${caller} must be used inside <CheckoutProvider>: wrap the part of your app that pays in <CheckoutProvider baseUrl="/api/checkout" allowedOrigins={['https://your-gateway.example']}>.`,
    )
  }
  return value
}

/** Writes a session into the kit's query cache, or keeps it until the QueryClient is created. */
export function cachePayment(slot: QueryClientSlot, session: PaymentSession): void {
  if (slot.client) slot.client.setQueryData(queryKeys.payment(session.id), session)
  else slot.pending.set(session.id, { session, updatedAt: Date.now() })
}
