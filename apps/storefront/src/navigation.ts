import { useSyncExternalStore } from 'react'

// Client-side routing with the History API: three pages need no router library.

const listeners = new Set<() => void>()

/** Set by a navigation inside the app, taken by the new page's heading (`takeHeadingFocus`). */
let headingFocusPending = false

function notify() {
  for (const listener of listeners) listener()
}

function onPopState() {
  headingFocusPending = true
  notify()
}

function subscribe(listener: () => void) {
  if (listeners.size === 0) window.addEventListener('popstate', onPopState)
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('popstate', onPopState)
  }
}

export function navigate(to: string) {
  const before = window.location.href
  window.history.pushState(null, '', to)
  // A link to the page already shown changes nothing, so no heading would come to take focus.
  if (window.location.href !== before) headingFocusPending = true
  notify()
  window.scrollTo(0, 0)
}

/**
 * Rewrites the address of the page on screen, without a history entry: Back, Forward and a reload
 * then come back to what it now names. The page stays the same, so no heading takes focus.
 */
export function replaceLocation(to: string) {
  window.history.replaceState(window.history.state, '', to)
  notify()
}

/**
 * Whether the page was reached by a navigation inside the app (a link, Back, Forward) since the
 * last call. A full page load is announced by the browser itself and answers false.
 */
export function takeHeadingFocus(): boolean {
  const pending = headingFocusPending
  headingFocusPending = false
  return pending
}

export function usePathname(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname,
    () => '/',
  )
}

/** The path and query string, following client-side navigation like `usePathname`. */
export function useLocation(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname + window.location.search,
    () => '/',
  )
}

/** The query string's `name`, following client-side navigation like `usePathname`. */
export function useSearchParam(name: string): string | undefined {
  const search = useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => '',
  )
  return new URLSearchParams(search).get(name) ?? undefined
}
