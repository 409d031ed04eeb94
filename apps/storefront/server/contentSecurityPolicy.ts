import { randomBytes } from 'node:crypto'

/**
 * What Vite writes as every `nonce` attribute of the built `index.html` (`html.cspNonce` in
 * vite.config.ts): the server swaps in a fresh nonce for each response.
 */
export const noncePlaceholder = '__CHECKOUT_KIT_CSP_NONCE__'

/** 128 random bits, base64: a new one for every page served, so a leaked nonce is worth nothing. */
export function createNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * The storefront's Content-Security-Policy: the strict policy a merchant's checkout page should
 * have, which the kit must work under.
 *
 * - Scripts and `<style>` elements from anywhere but the shop's own files need the page's nonce, so
 *   the gateway scripts the kit loads (PingPong's risk plugin, its hosted SDK) and the style sheet
 *   it injects run only because the kit gives each the nonce `<CheckoutProvider nonce>` holds.
 * - `require-trusted-types-for 'script'` makes every string-to-DOM sink (`innerHTML`, a
 *   `javascript:` URL…) throw: the shop uses none, and the kit only sets a script's `src`, through
 *   its own policy (`trustedTypesPolicyName` in @checkout-kit/core), the only one allowed.
 * - The gateway's origin is the only other one the page may talk to, frame, show images from or
 *   post a form to (Oceanpayment's hosted page is reached by a POST).
 */
export function contentSecurityPolicy({
  nonce,
  gatewayOrigin,
}: {
  nonce: string
  gatewayOrigin: string
}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`],
    'style-src': ["'self'", `'nonce-${nonce}'`],
    'img-src': ["'self'", 'data:', gatewayOrigin],
    'connect-src': ["'self'", gatewayOrigin],
    'frame-src': [gatewayOrigin],
    'form-action': ["'self'", gatewayOrigin],
    'base-uri': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'require-trusted-types-for': ["'script'"],
    // @checkout-kit/core's trustedTypesPolicyName, written out: vite.config.ts reads this file
    // before the workspace's packages are built (a test checks the two agree).
    'trusted-types': ['checkout-kit'],
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}
