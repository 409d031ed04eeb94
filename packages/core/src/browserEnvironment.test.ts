import { describe, expect, it, vi } from 'vitest'
import { defaultBrowserEnvironment } from './browserEnvironment.ts'

// The node project has no DOM: this is what server rendering sees.
describe('defaultBrowserEnvironment without a browser', () => {
  it('reports no document, no storage and a visible page', () => {
    expect(defaultBrowserEnvironment.document()).toBeUndefined()
    expect(defaultBrowserEnvironment.sessionStorage()).toBeUndefined()
    expect(defaultBrowserEnvironment.isHidden()).toBe(false)
  })

  it('subscribes to visibility as a no-op', () => {
    const unsubscribe = defaultBrowserEnvironment.onVisibilityChange(() => {})
    expect(() => unsubscribe()).not.toThrow()
  })

  it('refuses to navigate or post, saying why', () => {
    expect(() => defaultBrowserEnvironment.navigate('https://shop.example/')).toThrow(
      /browser page/,
    )
    expect(() => defaultBrowserEnvironment.submitForm('https://shop.example/', {})).toThrow(
      /browser page/,
    )
  })

  it('has no EventSource where the runtime has none', () => {
    vi.stubGlobal('EventSource', undefined)
    try {
      expect(defaultBrowserEnvironment.createEventSource?.('https://shop.example/events')).toBe(
        undefined,
      )
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('reads the timer functions when called, so fake timers apply', () => {
    vi.useFakeTimers()
    try {
      const callback = vi.fn()
      defaultBrowserEnvironment.setTimeout(callback, 1000)
      const cancelled = vi.fn()
      const handle = defaultBrowserEnvironment.setTimeout(cancelled, 500)
      defaultBrowserEnvironment.clearTimeout(handle)
      vi.advanceTimersByTime(1000)
      expect(callback).toHaveBeenCalledOnce()
      expect(cancelled).not.toHaveBeenCalled()
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('importing the browser engine', () => {
  it('reads no browser global', async () => {
    const touched: string[] = []
    for (const name of ['window', 'document', 'location', 'sessionStorage', 'EventSource']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name)
          return undefined
        },
      })
    }
    try {
      vi.resetModules()
      await import('./browserEnvironment.ts')
      await import('./checkRedirectUrl.ts')
      await import('./loadScript.ts')
      await import('./performAction.ts')
      await import('./pingpongRiskPlugin.ts')
      await import('./watchPaymentStatus.ts')
      expect(touched).toEqual([])
    } finally {
      for (const name of ['window', 'document', 'location', 'sessionStorage', 'EventSource']) {
        delete (globalThis as Record<string, unknown>)[name]
      }
    }
  })
})
