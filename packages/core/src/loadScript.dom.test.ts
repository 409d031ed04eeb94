import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isCheckoutError } from './checkoutError.ts'
import { loadScript, trustedTypesPolicyName } from './loadScript.ts'

// jsdom never fetches external scripts: each test plays the browser by dispatching `load` or
// `error` on the element. Scripts are memoised per src for the page's lifetime, so every test
// uses its own address.
let counter = 0
function uniqueSrc(): string {
  counter += 1
  return `https://cdn.gateway.example/sdk-${counter}.js`
}

function tagsFor(src: string): HTMLScriptElement[] {
  return [...document.querySelectorAll<HTMLScriptElement>('script')].filter(
    (script) => script.src === src,
  )
}

function onlyTag(src: string): HTMLScriptElement {
  const tags = tagsFor(src)
  expect(tags).toHaveLength(1)
  return tags[0] as HTMLScriptElement
}

/** A tag the page added itself, in a page whose loading has reached `readyState`. */
function pageOwnTag(src: string, readyState: DocumentReadyState): HTMLScriptElement {
  vi.spyOn(document, 'readyState', 'get').mockReturnValue(readyState)
  const script = document.createElement('script')
  script.src = src
  document.head.append(script)
  return script
}

function fire(script: HTMLScriptElement, type: 'load' | 'error') {
  script.dispatchEvent(new Event(type))
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  document.head.replaceChildren()
  document.body.replaceChildren()
})

describe('loadScript', () => {
  it('adds one async script tag and resolves with it once it loads', async () => {
    const src = uniqueSrc()
    const loading = loadScript(src)
    const script = onlyTag(src)
    expect(script.parentNode).toBe(document.head)
    expect(script.async).toBe(true)
    expect(script.hasAttribute('integrity')).toBe(false)
    expect(script.hasAttribute('crossorigin')).toBe(false)
    fire(script, 'load')
    await expect(loading).resolves.toBe(script)
  })

  it('does nothing until called', () => {
    expect(document.querySelectorAll('script')).toHaveLength(0)
  })

  it('shares one load between concurrent and later calls', async () => {
    const src = uniqueSrc()
    const first = loadScript(src)
    const second = loadScript(src)
    expect(second).toBe(first)
    fire(onlyTag(src), 'load')
    const script = await first
    await expect(loadScript(src)).resolves.toBe(script)
    expect(tagsFor(src)).toHaveLength(1)
  })

  it('sets the CSP nonce, and integrity with anonymous CORS', async () => {
    const src = uniqueSrc()
    const loading = loadScript(src, { nonce: 'r4nd0m', integrity: 'sha384-abc' })
    const script = onlyTag(src)
    expect(script.nonce).toBe('r4nd0m')
    expect(script.integrity).toBe('sha384-abc')
    expect(script.crossOrigin).toBe('anonymous')
    fire(script, 'load')
    await loading
  })

  describe('under Trusted Types', () => {
    /** A TrustedScriptURL as the browser hands it out: only a policy makes one. */
    class TrustedScriptUrl {
      constructor(readonly url: string) {}
      toString() {
        return this.url
      }
    }

    /**
     * Plays a browser that enforces Trusted Types (`require-trusted-types-for 'script'`): a
     * script's src takes only a TrustedScriptURL, and `allowPolicy` says whether the page's CSP
     * lets the kit create its policy.
     */
    function enforceTrustedTypes({ allowPolicy }: { allowPolicy: boolean }) {
      const policies: { name: string; createScriptURL(url: string): string }[] = []
      const trustedTypes = {
        createPolicy(name: string, rules: { createScriptURL(url: string): string }) {
          if (!allowPolicy) throw new TypeError(`Policy ${name} disallowed.`)
          policies.push({ name, ...rules })
          return {
            createScriptURL: (url: string) => new TrustedScriptUrl(rules.createScriptURL(url)),
          }
        },
      }
      Object.defineProperty(document.defaultView, 'trustedTypes', {
        value: trustedTypes,
        configurable: true,
      })
      const srcSetter = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src')?.set
      vi.spyOn(HTMLScriptElement.prototype, 'src', 'set').mockImplementation(function (
        this: HTMLScriptElement,
        value: unknown,
      ) {
        if (!(value instanceof TrustedScriptUrl)) {
          throw new TypeError("This document requires 'TrustedScriptURL' assignment.")
        }
        srcSetter?.call(this, String(value))
      })
      return policies
    }

    afterEach(() => {
      Reflect.deleteProperty(document.defaultView as object, 'trustedTypes')
    })

    it("sets src through the kit's policy, which passes only http(s) addresses", async () => {
      const policies = enforceTrustedTypes({ allowPolicy: true })
      const src = uniqueSrc()
      const loading = loadScript(src, { nonce: 'r4nd0m' })
      const script = onlyTag(src)
      fire(script, 'load')
      await expect(loading).resolves.toBe(script)

      expect(policies.map((policy) => policy.name)).toEqual([trustedTypesPolicyName])
      expect(trustedTypesPolicyName).toBe('checkout-kit')
      const [policy] = policies
      expect(policy?.createScriptURL(src)).toBe(src)
      for (const address of ['javascript:alert(1)', 'data:text/javascript,alert(1)']) {
        expect(() => policy?.createScriptURL(address)).toThrow(TypeError)
      }

      // The page's policy is made once: a second script goes through the same one.
      const second = uniqueSrc()
      const loadingSecond = loadScript(second)
      fire(onlyTag(second), 'load')
      await loadingSecond
      expect(policies).toHaveLength(1)
    })

    it('fails at once, naming the policy to allow, when the page refuses it', async () => {
      enforceTrustedTypes({ allowPolicy: false })
      const src = uniqueSrc()
      const error = await loadScript(src).catch((caught: unknown) => caught)
      expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
      expect((error as Error).message).toContain("allow the policy 'checkout-kit'")
      expect((error as Error).message).toContain('trusted-types')
      expect((error as Error).message).toContain("'allow-duplicates'")
      // No attempt was left behind, and none was retried: the page would refuse it again.
      expect(tagsFor(src)).toHaveLength(0)
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  it('refuses an address that is not http(s) at once, with or without Trusted Types', async () => {
    for (const src of ['data:text/javascript,alert(1)', 'javascript:alert(1)', 'blob:null/x']) {
      const error = await loadScript(src).catch((caught: unknown) => caught)
      expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
      expect((error as Error).message).toMatch(
        /^Refused to load the script (data|javascript|blob):/,
      )
      expect((error as Error).message).toContain('http(s) scripts only')
      expect((error as Error).message).not.toContain('alert')
    }
    expect(document.querySelectorAll('script')).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it("waits for the page's own tag while the page is loading, instead of adding another", async () => {
    const src = uniqueSrc()
    const existing = pageOwnTag(src, 'interactive')
    const settled = vi.fn()
    const loading = loadScript(src).finally(settled)
    await vi.advanceTimersByTimeAsync(1000)
    expect(settled).not.toHaveBeenCalled()
    expect(tagsFor(src)).toEqual([existing])
    fire(existing, 'load')
    await expect(loading).resolves.toBe(existing)
  })

  // The audit's case: the page included the script itself and ran it long ago, so its tag fires no
  // more events.
  it("takes the page's own tag as run once the page has loaded: no wait, no second copy", async () => {
    const src = uniqueSrc()
    const existing = pageOwnTag(src, 'complete')
    const settled = vi.fn()
    const loading = loadScript(src).finally(settled)
    loading.catch(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toHaveBeenCalled()
    await expect(loading).resolves.toBe(existing)
    expect(tagsFor(src)).toEqual([existing])
  })

  it("never removes the page's own tag, even when it fails", async () => {
    const src = uniqueSrc()
    const existing = pageOwnTag(src, 'loading')
    const outcome = loadScript(src, { timeoutMs: 1000, retries: 1 }).catch(
      (error: unknown) => error,
    )
    fire(existing, 'error')
    await vi.advanceTimersByTimeAsync(500 + 1000)
    const error = await outcome
    expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
    expect(tagsFor(src)).toEqual([existing])
    expect(existing.isConnected).toBe(true)
  })

  it('reuses a tag it loaded earlier, even through another copy of its memo', async () => {
    const src = uniqueSrc()
    const loading = loadScript(src)
    const script = onlyTag(src)
    fire(script, 'load')
    await loading
    // A second copy of the module (two bundles on one page) has an empty memo.
    vi.resetModules()
    const { loadScript: otherCopy } = await import('./loadScript.ts')
    await expect(otherCopy(src)).resolves.toBe(script)
    expect(tagsFor(src)).toHaveLength(1)
  })

  it('matches an existing tag written with a relative address', async () => {
    const existing = document.createElement('script')
    existing.setAttribute('src', '/static/relative-sdk.js')
    document.head.append(existing)
    const loading = loadScript(new URL('/static/relative-sdk.js', document.baseURI).href)
    expect(document.querySelectorAll('script')).toHaveLength(1)
    fire(existing, 'load')
    await expect(loading).resolves.toBe(existing)
  })

  it('retries after an error with backoff, removing the failed tag', async () => {
    const src = uniqueSrc()
    const loading = loadScript(src)
    const first = onlyTag(src)
    fire(first, 'error')
    await vi.advanceTimersByTimeAsync(0)
    expect(first.isConnected).toBe(false)
    expect(tagsFor(src)).toHaveLength(0)
    // First backoff: 500 ms.
    await vi.advanceTimersByTimeAsync(499)
    expect(tagsFor(src)).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    const second = onlyTag(src)
    expect(second).not.toBe(first)
    fire(second, 'error')
    // Second backoff: 1,500 ms.
    await vi.advanceTimersByTimeAsync(1499)
    expect(tagsFor(src)).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    const third = onlyTag(src)
    fire(third, 'load')
    await expect(loading).resolves.toBe(third)
  })

  it('times out an attempt that neither loads nor fails', async () => {
    const src = uniqueSrc()
    const loading = loadScript(src, { timeoutMs: 3000, retries: 1 })
    const outcome = loading.catch((error: unknown) => error)
    const first = onlyTag(src)
    await vi.advanceTimersByTimeAsync(2999)
    expect(first.isConnected).toBe(true)
    await vi.advanceTimersByTimeAsync(1)
    expect(first.isConnected).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    const second = onlyTag(src)
    // A late event from the abandoned tag changes nothing.
    fire(first, 'load')
    await vi.advanceTimersByTimeAsync(3000)
    expect(second.isConnected).toBe(false)
    const error = await outcome
    expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
    expect((error as Error).message).toMatch(/2 attempts/)
    expect((error as Error).message).toMatch(/longer than 3000 ms/)
  })

  it('defaults to a 10 s timeout and 2 retries', async () => {
    const src = uniqueSrc()
    const outcome = loadScript(src).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(10_000 + 500 + 10_000 + 1500 + 9999)
    expect(tagsFor(src)).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(tagsFor(src)).toHaveLength(0)
    const error = await outcome
    expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
    expect((error as Error).message).toMatch(/3 attempts/)
  })

  it('rejects with script_load_failed, without the query string, and forgets the failure', async () => {
    const src = `${uniqueSrc()}?token=EU:secret`
    const outcome = loadScript(src, { retries: 0 }).catch((error: unknown) => error)
    fire(onlyTag(src), 'error')
    const error = await outcome
    expect(isCheckoutError(error) && error.code).toBe('script_load_failed')
    expect((error as Error).message).toContain('https://cdn.gateway.example/')
    expect((error as Error).message).toMatch(/Content-Security-Policy/)
    expect((error as Error).message).not.toContain('secret')
    expect(tagsFor(src)).toHaveLength(0)

    // A later call starts again instead of returning the old failure.
    const retried = loadScript(src, { retries: 0 })
    const script = onlyTag(src)
    fire(script, 'load')
    await expect(retried).resolves.toBe(script)
  })

  it('resolves null when there is no document (server rendering)', async () => {
    const environment = {
      navigate: vi.fn(),
      submitForm: vi.fn(),
      document: () => undefined,
      sessionStorage: () => undefined,
      setTimeout: vi.fn(),
      clearTimeout: vi.fn(),
      isHidden: () => false,
      onVisibilityChange: () => () => {},
    }
    await expect(loadScript(uniqueSrc(), { environment })).resolves.toBeNull()
    expect(environment.setTimeout).not.toHaveBeenCalled()
    expect(document.querySelectorAll('script')).toHaveLength(0)
  })
})
