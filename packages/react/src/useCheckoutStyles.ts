import { useInsertionEffect } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { checkoutStyles } from './checkoutStyles.ts'

const marker = 'data-checkout-kit-styles'

/**
 * Adds the kit's style sheet to the page once, as a `<style>` element built with DOM APIs and
 * carrying the provider's CSP nonce. Nothing happens on the server or with `injectStyles={false}`.
 */
export function useCheckoutStyles(caller: string): void {
  const { environment, nonce, injectStyles } = useKitContext(caller)
  useInsertionEffect(() => {
    if (!injectStyles) return
    const page = environment.document()
    if (!page || page.querySelector(`style[${marker}]`)) return
    const style = page.createElement('style')
    style.setAttribute(marker, '')
    if (nonce !== undefined) style.nonce = nonce
    style.textContent = checkoutStyles
    // First in <head>, so the merchant's own style sheets come later and win ties.
    page.head.prepend(style)
  }, [environment, nonce, injectStyles])
}
