import { useEffect, useRef } from 'react'
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts'

const focusable = 'button:not([disabled]), a[href], input:not([disabled]), [tabindex="0"]'

/**
 * Keeps a keyboard user's focus in the component when the element holding it goes away: the
 * "Pay" button replaced by a QR code or the hosted SDK, the QR link gone when the code runs out.
 * Browsers then drop focus to the top of the page. After such a render, focus moves to the
 * component's first control, or to the root itself (give it `tabIndex={-1}`). Focus the shopper
 * moved elsewhere is left alone.
 */
export function useKeepFocusInside(root: { readonly current: HTMLElement | null }): void {
  const lastFocused = useRef<HTMLElement | null>(null)

  useEffect(() => {
    const element = root.current
    if (!element) return
    const onFocusIn = (event: FocusEvent) => {
      lastFocused.current = event.target as HTMLElement
    }
    const onFocusOut = (event: FocusEvent) => {
      // Left for another element outside: the shopper moved on. Left for nothing (a click on the
      // page): the same, unless the element is gone, which the layout effect below handles.
      const next = event.relatedTarget as Node | null
      if (next && !element.contains(next)) lastFocused.current = null
      else if (!next) {
        const left = event.target as HTMLElement
        queueMicrotask(() => {
          if (left.isConnected && lastFocused.current === left) lastFocused.current = null
        })
      }
    }
    element.addEventListener('focusin', onFocusIn)
    element.addEventListener('focusout', onFocusOut)
    return () => {
      element.removeEventListener('focusin', onFocusIn)
      element.removeEventListener('focusout', onFocusOut)
    }
  }, [root])

  useIsomorphicLayoutEffect(() => {
    const element = root.current
    const last = lastFocused.current
    if (!element || !last || last.isConnected) return
    lastFocused.current = null
    const page = element.ownerDocument
    if (page.activeElement && page.activeElement !== page.body) return
    const target = element.querySelector<HTMLElement>(focusable) ?? element
    target.focus()
  })
}
