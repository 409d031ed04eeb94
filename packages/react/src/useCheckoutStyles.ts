import { browserDocument } from '@checkout-kit/core'
import { useInsertionEffect } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { baseStyles } from './checkoutStyles.ts'

const marker = 'data-checkout-kit-styles'

/**
 * Adds the kit's base style sheet, and the component's own (`name`, `rules`) when it has one, to
 * the page once each, as `<style>` elements built with DOM APIs and carrying the provider's CSP
 * nonce. Nothing happens on the server or with `injectStyles={false}`.
 */
export function useCheckoutStyles(caller: string, name?: string, rules?: string): void {
  const { environment, nonce, injectStyles } = useKitContext(caller)
  useInsertionEffect(() => {
    const page = environment ? environment.document() : browserDocument()
    if (!injectStyles || !page) return
    const add = (sheet: string, text: string) => {
      const kitSheets = page.querySelectorAll(`style[${marker}]`)
      if (page.querySelector(`style[${marker}="${sheet}"]`)) return
      const style = page.createElement('style')
      style.setAttribute(marker, sheet)
      if (nonce !== undefined) style.nonce = nonce
      style.textContent = text
      // Early in <head>, so the merchant's own style sheets come later and win ties; after the
      // kit's other sheets, so a component's rules win over the base ones.
      const last = kitSheets[kitSheets.length - 1]
      if (last) last.after(style)
      else page.head.prepend(style)
    }
    add('base', baseStyles)
    if (name !== undefined && rules !== undefined) add(name, rules)
  }, [environment, nonce, injectStyles, name, rules])
}
