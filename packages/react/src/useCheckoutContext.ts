'use client'

import type { BrowserEnvironment, CheckoutClient } from '@checkout-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { useKitQueryClient } from './kitQueryClient.ts'
import { clientOf, environmentOf } from './kitServices.ts'
import { en, type Locale, type Messages } from './messages.ts'

/** What `<CheckoutProvider>` gives the components and hooks below it. */
export interface CheckoutContextValue {
  client: CheckoutClient
  /** Passed to every query explicitly, so a merchant's own `QueryClientProvider` is never shadowed. */
  queryClient: QueryClient
  allowedOrigins: readonly string[]
  locale: Locale
  messages: Messages
  nonce: string | undefined
  environment: BrowserEnvironment
  injectStyles: boolean
}

/**
 * The provider's value. `caller` names the hook or component in the error, e.g. `'useCheckout()'`
 * or `'<CardPayment>'`, so the message points at the call that needs the provider.
 */
export function useCheckoutContext(caller = 'useCheckoutContext()'): CheckoutContextValue {
  const value = useKitContext(caller)
  const queryClient = useKitQueryClient(value.cache)
  return useMemo(() => {
    const { cache: _cache, baseUrl: _baseUrl, ...rest } = value
    return {
      ...rest,
      client: clientOf(value),
      environment: environmentOf(value),
      messages: { ...en, ...rest.messages },
      queryClient,
    }
  }, [value, queryClient])
}
