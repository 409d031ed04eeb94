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

/** The page's `document`, or `undefined` on the server. */
export function browserDocument(): Document | undefined {
  return typeof document === 'undefined' ? undefined : document
}

function requireDocument(operation: string): Document {
  const page = browserDocument()
  if (!page) {
    throw new TypeError(
      devMode
        ? `${operation} needs a browser page: call it from an event handler or an effect, not while rendering on the server.`
        : 'Invalid argument',
    )
  }
  return page
}

// Each part of the real browser is also a function of its own, so a page that needs only some of
// them (the redirect-only component: navigation, a form post, storage) does not ship the rest.

/** `location.assign(url)`. */
export function navigateTo(url: string): void {
  requireDocument('navigate()')
  window.location.assign(url)
}

/** The POST navigation `BrowserEnvironment.submitForm` describes, in the real page. */
export function submitFormTo(url: string, fields: Record<string, string>, nonce?: string): void {
  const page = requireDocument('submitForm()')
  const form = page.createElement('form')
  // CSP checks a form's target with `form-action`, not with nonces; the nonce is still given, as
  // to every element the kit adds, so a policy or an audit that looks for it finds it.
  if (nonce !== undefined) form.nonce = nonce
  // Method and action are set before any input exists: an input named `action` or `method`
  // would otherwise shadow the form's own properties.
  form.method = 'post'
  form.action = url
  form.hidden = true
  for (const [name, value] of Object.entries(fields)) {
    const input = page.createElement('input')
    input.type = 'hidden'
    if (nonce !== undefined) input.nonce = nonce
    input.name = name
    input.value = value
    form.append(input)
  }
  ;(page.body ?? page.documentElement).append(form)
  // Called through the prototype: an input named `submit` shadows `form.submit`.
  const FormElement = page.defaultView?.HTMLFormElement ?? HTMLFormElement
  FormElement.prototype.submit.call(form)
}

/** `window.sessionStorage`, or `undefined` on the server and where storage is blocked. */
export function browserSessionStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage
  } catch {
    // Reading sessionStorage throws where the browser blocks storage (sandboxed frames,
    // third-party storage rules): behave as if there were none.
    return undefined
  }
}

/** The real browser, read lazily in each call. */
export const defaultBrowserEnvironment: BrowserEnvironment = {
  navigate: navigateTo,
  submitForm: submitFormTo,
  document: browserDocument,
  sessionStorage: browserSessionStorage,

  setTimeout(callback, ms) {
    return globalThis.setTimeout(callback, ms)
  },

  clearTimeout(handle) {
    globalThis.clearTimeout(handle as TimeoutHandle)
  },

  isHidden() {
    return browserDocument()?.visibilityState === 'hidden'
  },

  onVisibilityChange(listener) {
    const page = browserDocument()
    if (!page) return () => {}
    page.addEventListener('visibilitychange', listener)
    return () => page.removeEventListener('visibilitychange', listener)
  },

  createEventSource(url) {
    return typeof EventSource === 'function' ? new EventSource(url) : undefined
  },
}
