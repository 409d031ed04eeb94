import { devMode } from './devMode.ts'
// Every browser global the engine uses goes through this module, so the engine runs (and is
// tested) without a DOM, and nothing is read at import time: bundles stay SSR-safe.

/** Browser access the engine needs. Replace any part of it in tests or unusual hosts. */
export interface BrowserEnvironment {
  /** Sends the shopper to `url` (`location.assign`). */
  navigate(url: string): void
  /**
   * POSTs `fields` to `url` as a top-level navigation: a `<form method="post">` with hidden inputs
   * built through DOM APIs (never HTML text), appended to the page and submitted.
   */
  submitForm(url: string, fields: Record<string, string>, nonce?: string): void
  /** `undefined` on the server. */
  document(): Document | undefined
  /** `undefined` on the server or where storage is disabled. */
  sessionStorage(): Storage | undefined
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** Whether the page is in a background tab or minimised. */
  isHidden(): boolean
  /** Calls `listener` when the page is shown or hidden; returns the unsubscribe function. */
  onVisibilityChange(listener: () => void): () => void
  /** `undefined` where server push is unavailable: the caller falls back to polling. */
  createEventSource?(url: string): EventSource | undefined
}

type TimeoutHandle = Parameters<typeof globalThis.clearTimeout>[0]

function currentDocument(): Document | undefined {
  return typeof document === 'undefined' ? undefined : document
}

function requireDocument(operation: string): Document {
  const page = currentDocument()
  if (!page) {
    throw new TypeError(
      devMode
        ? `${operation} needs a browser page: call it from an event handler or an effect, not while rendering on the server.`
        : 'Invalid argument',
    )
  }
  return page
}

/** The real browser, read lazily in each call. */
export const defaultBrowserEnvironment: BrowserEnvironment = {
  navigate(url) {
    requireDocument('navigate()')
    window.location.assign(url)
  },

  submitForm(url, fields) {
    // No nonce: CSP governs form targets with `form-action`, not with nonces.
    const page = requireDocument('submitForm()')
    const form = page.createElement('form')
    // Method and action are set before any input exists: an input named `action` or `method`
    // would otherwise shadow the form's own properties.
    form.method = 'post'
    form.action = url
    form.hidden = true
    for (const [name, value] of Object.entries(fields)) {
      const input = page.createElement('input')
      input.type = 'hidden'
      input.name = name
      input.value = value
      form.append(input)
    }
    ;(page.body ?? page.documentElement).append(form)
    // Called through the prototype: an input named `submit` shadows `form.submit`.
    const FormElement = page.defaultView?.HTMLFormElement ?? HTMLFormElement
    FormElement.prototype.submit.call(form)
  },

  document: currentDocument,

  sessionStorage() {
    try {
      return typeof window === 'undefined' ? undefined : window.sessionStorage
    } catch {
      // Reading sessionStorage throws where the browser blocks storage (sandboxed frames,
      // third-party storage rules): behave as if there were none.
      return undefined
    }
  },

  setTimeout(callback, ms) {
    return globalThis.setTimeout(callback, ms)
  },

  clearTimeout(handle) {
    globalThis.clearTimeout(handle as TimeoutHandle)
  },

  isHidden() {
    return currentDocument()?.visibilityState === 'hidden'
  },

  onVisibilityChange(listener) {
    const page = currentDocument()
    if (!page) return () => {}
    page.addEventListener('visibilitychange', listener)
    return () => page.removeEventListener('visibilitychange', listener)
  },

  createEventSource(url) {
    return typeof EventSource === 'function' ? new EventSource(url) : undefined
  },
}
