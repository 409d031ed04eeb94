import type { BrowserEnvironment, CheckoutClient } from '@checkout-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { Locale, Messages } from './messages.ts'

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

export const CheckoutContext = createContext<CheckoutContextValue | null>(null)
CheckoutContext.displayName = 'CheckoutContext'

/**
 * The provider's value. `caller` names the hook or component in the error, e.g. `'useCheckout()'`
 * or `'<CardPayment>'`, so the message points at the call that needs the provider.
 */
export function useCheckoutContext(caller = 'useCheckoutContext()'): CheckoutContextValue {
  const value = useContext(CheckoutContext)
  if (value === null) {
    throw new Error(
      `${caller} must be used inside <CheckoutProvider>: wrap the part of your app that pays in <CheckoutProvider baseUrl="/api/checkout" allowedOrigins={['https://your-gateway.example']}>.`,
    )
  }
  return value
}
