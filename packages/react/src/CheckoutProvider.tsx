'use client'

import type { BrowserEnvironment, CheckoutClient } from '@checkout-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { type ReactNode, useMemo, useState } from 'react'
import { CheckoutContext, createKitCache, type KitContextValue } from './checkoutContext.ts'
import { devMode } from './devMode.ts'
import type { Locale, Messages } from './messages.ts'

export interface CheckoutProviderProps {
  /** The merchant contract's base URL. Default `/api/checkout`. Read once, on the first render. */
  baseUrl?: string
  /** A contract client of your own (custom `fetch`, timeout). Read once, on the first render. */
  client?: CheckoutClient
  /**
   * Origins the browser may be sent to or load scripts from: the gateways' payment pages and SDK
   * hosts, e.g. `['https://sandbox-acquirer-payment.pingpongx.com']`. Exact origins only; an
   * `http:` origin is allowed only when listed (local development).
   */
  allowedOrigins: string[]
  /** The shopper's language (default `'en'`), also passed to hosted SDKs. Give its `messages` too. */
  locale?: Locale
  /**
   * The texts for `locale` and any single override: `messages={zhCN}` for Simplified Chinese,
   * `{ pay: 'Place order' }`, or `{ ...zhCN, pay: '下单' }`. English fills whatever is missing.
   */
  messages?: Partial<Messages>
  /** CSP nonce for the scripts and the style element the kit adds. */
  nonce?: string
  /** Defaults to a QueryClient of the kit's own; it is passed explicitly, never provided. */
  queryClient?: QueryClient
  /** Browser access (navigation, storage, timers). Replace it in tests or embedded browsers. */
  environment?: BrowserEnvironment
  /** Set `false` to ship your own CSS instead of the kit's small default style sheet. */
  injectStyles?: boolean
  children?: ReactNode
}

/**
 * The client is created on first use, but a wrong `baseUrl` is a mistake to hear about at once:
 * the same rule as the contract client's.
 */
function checkBaseUrl(baseUrl: string): string {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '' || /[?#]/.test(baseUrl)) {
    throw new TypeError(
      devMode
        ? "<CheckoutProvider> needs baseUrl, where the merchant API is mounted, without a query or fragment: '/api/checkout' or 'https://shop.example/api/checkout'."
        : '<CheckoutProvider>: invalid baseUrl',
    )
  }
  return baseUrl
}

/** The string entries of `overrides`: an `undefined` must not blank the English default. */
function textsOf(overrides: Partial<Messages> | undefined): Partial<Messages> {
  const messages: Partial<Messages> = {}
  for (const [key, text] of Object.entries(overrides ?? {})) {
    if (typeof text === 'string') messages[key as keyof Messages] = text
  }
  return messages
}

/**
 * Holds the merchant API's address, the locale and the allowlist for every Checkout Kit component
 * and hook below it. The contract client is created once, by the first component that calls the
 * API through it (`<HostedRedirect>` sends its one request itself); the QueryClient once, by the
 * first hook that runs a query (pages that only redirect never load TanStack Query).
 */
export function CheckoutProvider({
  baseUrl = '/api/checkout',
  client: clientProp,
  allowedOrigins,
  locale = 'en',
  messages: overrides,
  nonce,
  queryClient: queryClientProp,
  environment,
  injectStyles = true,
  children,
}: CheckoutProviderProps) {
  // Read once: what a component started with stays what it talks to.
  const [contract] = useState(() => ({
    client: clientProp,
    baseUrl: clientProp ? baseUrl : checkBaseUrl(baseUrl),
  }))
  // The QueryClient itself is created by the first TanStack hook that runs (kitQueryClient.ts):
  // the components never load TanStack Query.
  const [cache] = useState(() => createKitCache(queryClientProp))

  // TypeScript requires it; plain JavaScript hears why in development, at once, instead of a
  // "cannot read join" (the check, and its text, are left out of production builds).
  if (
    devMode &&
    !(Array.isArray(allowedOrigins) && allowedOrigins.every((origin) => typeof origin === 'string'))
  ) {
    throw new TypeError(
      "<CheckoutProvider> needs allowedOrigins, the exact origins of the gateways' pages and scripts the shopper may be sent to or load, e.g. ['https://sandbox-acquirer-payment.pingpongx.com']; [] allows none.",
    )
  }
  // Inline arrays and objects are common here: key them by content, not identity.
  const originsKey = allowedOrigins.join('\n')
  const overridesKey = overrides ? JSON.stringify(overrides) : ''
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content on purpose
  const value = useMemo<KitContextValue>(
    () => ({
      client: contract.client,
      baseUrl: contract.baseUrl,
      cache,
      allowedOrigins: originsKey === '' ? [] : originsKey.split('\n'),
      locale,
      messages: textsOf(overrides),
      nonce,
      environment,
      injectStyles,
    }),
    [contract, cache, originsKey, locale, overridesKey, nonce, environment, injectStyles],
  )

  return <CheckoutContext.Provider value={value}>{children}</CheckoutContext.Provider>
}
