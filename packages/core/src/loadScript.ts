import { type BrowserEnvironment, defaultBrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError } from './checkoutError.ts'
import { devMode } from './devMode.ts'

export interface LoadScriptOptions {
  /** The page's CSP nonce, for `script-src 'nonce-…'` policies. */
  nonce?: string
  /** Subresource Integrity hash; the script is then fetched with CORS (`crossorigin="anonymous"`). */
  integrity?: string
  /** How long one attempt may take. Default 10 s. */
  timeoutMs?: number
  /** Attempts after the first one fails. Default 2, after 500 ms then 1,500 ms. */
  retries?: number
  environment?: BrowserEnvironment
}

const defaultTimeoutMs = 10_000
const defaultRetries = 2
const firstBackoffMs = 500
const backoffFactor = 3

/** Marks the tags this module added, and whether they finished loading. */
const stateAttribute = 'data-checkout-kit-script'

// One promise per src for the page's lifetime: every caller shares the same load, and the script
// runs once. A failed load is forgotten so that a later call tries again.
const loads = new Map<string, Promise<HTMLScriptElement | null>>()

function resolvedSrc(page: Document, src: string): string {
  try {
    return new URL(src, page.baseURI).href
  } catch {
    return src
  }
}

function findExistingTag(page: Document, src: string): HTMLScriptElement | undefined {
  const wanted = resolvedSrc(page, src)
  // Compared as resolved URLs rather than through a `[src="…"]` selector, which would need the
  // URL escaped and would miss relative spellings of the same address.
  for (const script of page.querySelectorAll('script[src]')) {
    if ((script as HTMLScriptElement).src === wanted) return script as HTMLScriptElement
  }
  return undefined
}

/**
 * The kit's Trusted Types policy. A page that enforces Trusted Types (`require-trusted-types-for
 * 'script'` in its CSP) only lets a script's `src` be set from a policy, and when its
 * `trusted-types` directive names the policies allowed, this one must be among them.
 */
export const trustedTypesPolicyName = 'checkout-kit'

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown
}
interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy
}

// One policy per page's factory: a policy name can be created only once per page.
const scriptUrlPolicies = new WeakMap<TrustedTypePolicyFactory, ScriptUrlPolicy | null>()

/**
 * `src` as the page's `script.src` takes it: a TrustedScriptURL where the browser has Trusted
 * Types, else the string. The policy passes only http(s) addresses: the kit loads gateway scripts,
 * never `data:`, `blob:` or `javascript:` ones.
 */
function isHttpScript(page: Document, src: string): boolean {
  try {
    return /^https?:$/.test(new URL(src, page.baseURI).protocol)
  } catch {
    return false
  }
}

function scriptUrl(page: Document, src: string): string {
  const factory = (page.defaultView as { trustedTypes?: TrustedTypePolicyFactory } | null)
    ?.trustedTypes
  if (!factory) return src
  let policy = scriptUrlPolicies.get(factory)
  if (policy === undefined) {
    try {
      policy = factory.createPolicy(trustedTypesPolicyName, {
        createScriptURL(url) {
          if (!isHttpScript(page, url)) {
            throw new TypeError(`${trustedTypesPolicyName}: not an http(s) script URL`)
          }
          return url
        },
      })
    } catch {
      // The page's CSP does not allow this policy (or another copy of the kit made it first). The
      // string still works unless the page enforces Trusted Types; if it does, loading fails with
      // a development message that says what to allow.
      policy = null
    }
    scriptUrlPolicies.set(factory, policy)
  }
  return policy ? (policy.createScriptURL(src) as string) : src
}

function createTag(page: Document, src: string, options: LoadScriptOptions): HTMLScriptElement {
  const script = page.createElement('script')
  script.async = true
  if (options.nonce !== undefined) script.nonce = options.nonce
  if (options.integrity !== undefined) {
    script.integrity = options.integrity
    // SRI on a cross-origin script only works on a CORS response.
    script.crossOrigin = 'anonymous'
  }
  script.setAttribute(stateAttribute, 'loading')
  try {
    script.src = scriptUrl(page, src)
  } catch (error) {
    // Trusted Types refused the address: another attempt would be refused the same way.
    throw new CheckoutError(
      'script_load_failed',
      devMode
        ? `The script ${describe(src)} was refused by the page's Trusted Types: the Content-Security-Policy's trusted-types directive must allow the policy '${trustedTypesPolicyName}', with 'allow-duplicates' when another copy of Checkout Kit on the page made it first.`
        : 'script_load_failed',
      { cause: error },
    )
  }
  ;(page.head ?? page.body ?? page.documentElement).append(script)
  return script
}

/**
 * Waits for `script` to load or fail, at most `timeoutMs`: `undefined` once it loaded, else why it
 * did not (said in development builds only, the one message that shows it).
 */
function awaitTag(
  script: HTMLScriptElement,
  timeoutMs: number,
  environment: BrowserEnvironment,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const finish = (failure: string | undefined) => {
      environment.clearTimeout(timer)
      script.removeEventListener('load', onLoad)
      script.removeEventListener('error', onError)
      resolve(failure)
    }
    const onLoad = () => {
      script.setAttribute(stateAttribute, 'loaded')
      finish(undefined)
    }
    const onError = () => finish(devMode ? 'the browser reported a load error' : '')
    const timer = environment.setTimeout(
      () => finish(devMode ? `it took longer than ${timeoutMs} ms` : ''),
      timeoutMs,
    )
    script.addEventListener('load', onLoad)
    script.addEventListener('error', onError)
  })
}

function wait(ms: number, environment: BrowserEnvironment): Promise<void> {
  return new Promise((resolve) => {
    environment.setTimeout(resolve, ms)
  })
}

/** The address without its query and fragment, which may carry tokens. */
function describe(src: string): string {
  try {
    const url = new URL(src)
    // A data: or blob: address has no origin to show ("null"): its scheme says what it is.
    return url.origin === 'null' ? url.protocol : `${url.origin}${url.pathname}`
  } catch {
    return src.split(/[?#]/)[0] ?? src
  }
}

async function load(
  src: string,
  page: Document,
  options: LoadScriptOptions,
  environment: BrowserEnvironment,
): Promise<HTMLScriptElement> {
  // Checked here, whatever the browser: the Trusted Types policy would refuse it too, but not
  // every browser has Trusted Types, and its refusal would blame the page's CSP.
  if (!isHttpScript(page, src)) {
    throw new CheckoutError(
      'script_load_failed',
      devMode
        ? `Refused to load the script ${describe(src)}: loadScript loads http(s) scripts only.`
        : 'script_load_failed',
    )
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  const attempts = 1 + Math.max(0, options.retries ?? defaultRetries)
  let reason = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await wait(firstBackoffMs * backoffFactor ** (attempt - 2), environment)
    const existing = findExistingTag(page, src)
    const state = existing?.getAttribute(stateAttribute)
    // A tag we marked as loaded has already run. The page's own tag has too once the page has
    // loaded: the window's load event waits for every script in the document, and a tag that ran
    // fires no more events, so waiting for it would only run into the timeout. (One the page adds
    // after that and is still loading is taken as run too: nothing tells whether a script ran.)
    // Any other existing tag, ours or the page's, is awaited rather than duplicated, so the script
    // never runs twice.
    if (existing && (state === 'loaded' || (state === null && page.readyState === 'complete'))) {
      return existing
    }
    const script = existing ?? createTag(page, src, options)
    const failure = await awaitTag(script, timeoutMs, environment)
    if (failure === undefined) return script
    reason = failure
    // A failed tag of ours would be "reused" by the next attempt: it is removed so that a fresh one
    // is requested. The page's own tags are never touched.
    if (script.hasAttribute(stateAttribute)) script.remove()
  }
  throw new CheckoutError(
    'script_load_failed',
    devMode
      ? `The script ${describe(src)} did not load after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}): check the address, the network, and that the page's Content-Security-Policy allows it (script-src, or pass the page's nonce).`
      : 'script_load_failed',
  )
}

/**
 * Loads a script once per page. Resolves with its `<script>` element, or `null` on the server,
 * where there is nothing to load into. Concurrent and later calls for the same `src` share one
 * load; after a failure the next call tries again.
 *
 * @throws CheckoutError `script_load_failed` when every attempt failed or timed out.
 */
export function loadScript(
  src: string,
  options: LoadScriptOptions = {},
): Promise<HTMLScriptElement | null> {
  const environment = options.environment ?? defaultBrowserEnvironment
  const page = environment.document()
  if (!page) return Promise.resolve(null)
  const pending = loads.get(src)
  if (pending) return pending
  const loading = load(src, page, options, environment)
  loads.set(src, loading)
  loading.catch(() => {
    if (loads.get(src) === loading) loads.delete(src)
  })
  return loading
}
