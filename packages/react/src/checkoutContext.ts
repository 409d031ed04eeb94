import type {
  BrowserEnvironment,
  CheckoutClient,
  CheckoutConfig,
  PaymentSession,
} from '@checkout-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext, useMemo } from 'react'
import { devMode } from './devMode.ts'
import type { Messages } from './messages.ts'
import { paymentQueryKey } from './queryKeys.ts'
import type { CheckoutContextValue } from './useCheckoutContext.ts'

/**
 * What the provider's components share without TanStack Query, which alone weighs more than a
 * whole payment component (about 9 kB gzip): the last session seen per payment, the config, and
 * the requests in flight, so StrictMode's replayed effects and sibling components never send the
 * same request twice. The TanStack hooks (`usePaymentStatus`, `useCheckoutConfig`) create the
 * QueryClient on first use; sessions seen before wait in `sessions` and are copied into it then.
 */
export interface KitCache {
  /** The contract client, created by the first component or hook that needs one (kitServices.ts). */
  client?: CheckoutClient
  queryClient: QueryClient | undefined
  sessions: Map<string, { session: PaymentSession; updatedAt: number }>
  config?: CheckoutConfig
  inflight: Map<string, Promise<unknown>>
}

export function createKitCache(queryClient: QueryClient | undefined): KitCache {
  // The client and the config are added when first needed.
  return { queryClient, sessions: new Map(), inflight: new Map() }
}

/**
 * What `<CheckoutProvider>` actually provides: the public value with the contract client, the
 * QueryClient and the browser environment made lazy (kitServices.ts), so a page that only
 * redirects ships none of them.
 */
export interface KitContextValue
  extends Omit<CheckoutContextValue, 'client' | 'queryClient' | 'messages' | 'environment'> {
  /** The provider's `client`: the merchant's own, when given. */
  client: CheckoutClient | undefined
  baseUrl: string
  /** The provider's `environment`: `undefined` for the real browser. */
  environment: BrowserEnvironment | undefined
  cache: KitCache
  /** The provider's `messages`: another language's table, single overrides, or both. */
  messages: Partial<Messages>
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
      devMode
        ? `${caller} must be used inside <CheckoutProvider>: wrap the part of your app that pays in <CheckoutProvider baseUrl="/api/checkout" allowedOrigins={['https://your-gateway.example']}>.`
        : `${caller} outside <CheckoutProvider>`,
    )
  }
  return value
}

/**
 * A component's texts: its own English group, with whatever the provider's `messages` replace.
 * Each component imports only its group, so a page ships the texts it can show and no more.
 */
export function useMessages<Group extends Partial<Messages>>(
  defaults: Group,
  caller: string,
): Group {
  const { messages } = useKitContext(caller)
  return useMemo(() => ({ ...defaults, ...messages }), [defaults, messages])
}

/** Remembers a session, in the kit's cache and in the QueryClient when there is one. */
export function cachePayment(cache: KitCache, session: PaymentSession): void {
  cache.sessions.set(session.id, { session, updatedAt: Date.now() })
  cache.queryClient?.setQueryData(paymentQueryKey(session.id), session)
}

/** One request per key at a time: a caller that finds one in flight shares its answer. */
export function requestOnce<T>(cache: KitCache, key: string, send: () => Promise<T>): Promise<T> {
  const inflight = cache.inflight.get(key) as Promise<T> | undefined
  if (inflight) return inflight
  const request = send().finally(() => cache.inflight.delete(key))
  cache.inflight.set(key, request)
  return request
}
