import {
  type BrowserEnvironment,
  type CheckoutClient,
  createCheckoutClient,
  defaultBrowserEnvironment,
} from '@checkout-kit/core'
import type { KitContextValue } from './checkoutContext.ts'

// The provider creates neither the contract client nor the browser environment: the components
// that need them ask here. The redirect-only component needs neither, and its page ships neither.

/** The provider's `client`, else one contract client per provider, created on first use. */
export function clientOf(
  kit: Pick<KitContextValue, 'client' | 'baseUrl' | 'cache'>,
): CheckoutClient {
  if (kit.client) return kit.client
  kit.cache.client ??= createCheckoutClient({ baseUrl: kit.baseUrl })
  return kit.cache.client
}

/** The provider's `environment`, else the real browser. */
export function environmentOf(kit: Pick<KitContextValue, 'environment'>): BrowserEnvironment {
  return kit.environment ?? defaultBrowserEnvironment
}
