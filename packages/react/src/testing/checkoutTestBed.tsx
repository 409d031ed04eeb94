// Test support for the component tests: an MSW server for the merchant contract, sessions, a fake
// BrowserEnvironment and a StrictMode render inside <CheckoutProvider>. Not part of the package API.
import {
  type BrowserEnvironment,
  type CheckoutClient,
  defaultBrowserEnvironment,
  type PaymentSession,
} from '@checkout-kit/core'
import { cleanup, type RenderResult, render } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { type ReactNode, StrictMode } from 'react'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { CheckoutProvider, type CheckoutProviderProps } from '../CheckoutProvider.tsx'

export const shopOrigin = globalThis.location.origin
export const api = `${shopOrigin}/api/checkout`
export const gatewayOrigin = 'https://pay.gateway.example'
export const allowedOrigins = [gatewayOrigin]

export const server = setupServer(
  http.get(`${api}/config`, () => HttpResponse.json({ gateways: {} })),
)

export interface RecordedRequest {
  method: string
  url: string
  headers: Headers
  body: unknown
}

/** Every request the app sent, in order (bodies read from a clone). */
export const requests: RecordedRequest[] = []

server.events.on('request:start', async ({ request }) => {
  const text = request.method === 'GET' ? '' : await request.clone().text()
  requests.push({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: text === '' ? undefined : JSON.parse(text),
  })
})

/** Starts MSW for the file (unhandled requests fail the test) and cleans up after each test. */
export function setupCheckoutTestBed(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    cleanup()
    server.resetHandlers()
    requests.length = 0
    window.sessionStorage.clear()
    window.history.replaceState(null, '', '/')
    vi.restoreAllMocks()
  })
  afterAll(() => server.close())
}

export function postsTo(path: string): RecordedRequest[] {
  return requests.filter((request) => request.method === 'POST' && request.url === `${api}${path}`)
}

let sessionCount = 0

/**
 * An answer held until the test lets it go, for checking what happens when it arrives after
 * something else (an unmount): a handler awaits `hold()` before it answers; the test calls
 * `release()`, then awaits `answered`, which settles once the handler has answered.
 */
export function heldAnswer() {
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let markAnswered = () => {}
  const answered = new Promise<void>((resolve) => {
    markAnswered = resolve
  })
  return {
    async hold() {
      await released
      markAnswered()
    },
    release: () => release(),
    answered,
  }
}

export function session(overrides: Partial<PaymentSession> = {}): PaymentSession {
  sessionCount++
  return {
    id: `pay_${sessionCount}`,
    orderId: 'order-1',
    gateway: 'pingpong',
    flow: 'hosted-redirect',
    amount: { value: '25.00', currency: 'USD' },
    status: 'processing',
    updatedAt: new Date().toISOString(),
    ...overrides,
  }
}

/** A session that asks for a GET redirect to the gateway (by default, its payment page). */
export function redirectSession(url = `${gatewayOrigin}/checkout?token=abc`): PaymentSession {
  return session({
    status: 'requires_action',
    action: { type: 'redirect', method: 'GET', url },
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  })
}

export type TestEnvironment = BrowserEnvironment & {
  navigate: ReturnType<typeof vi.fn<(url: string) => void>>
  submitForm: ReturnType<typeof vi.fn<(url: string, fields: Record<string, string>) => void>>
}

/**
 * The server after the shopper left `left` (Back, a reload): it refuses a new attempt for the
 * order (`409 ATTEMPT_IN_PROGRESS`) and answers `left` when asked for it.
 */
export function serveOrderHeldBy(left: PaymentSession) {
  server.use(
    http.post(`${api}/payments`, () =>
      HttpResponse.json(
        { error: { code: 'ATTEMPT_IN_PROGRESS', message: 'Finish or cancel it first.' } },
        { status: 409 },
      ),
    ),
    http.get(`${api}/payments/:id`, ({ params }) =>
      params.id === left.id ? HttpResponse.json(left) : new HttpResponse(null, { status: 404 }),
    ),
  )
}

/**
 * The real jsdom environment, except that navigation is recorded instead of performed and long
 * timers (polling intervals, script timeouts and back-offs) are cut to `fastMs`.
 */
export function testEnvironment(options: { fastMs?: number } = {}): TestEnvironment {
  const { fastMs } = options
  return {
    ...defaultBrowserEnvironment,
    navigate: vi.fn<(url: string) => void>(),
    submitForm: vi.fn<(url: string, fields: Record<string, string>) => void>(),
    setTimeout(callback, ms) {
      return globalThis.setTimeout(callback, fastMs !== undefined && ms >= 500 ? fastMs : ms)
    },
  }
}

/**
 * Request timeouts on a clock the test moves. The kit's requests time out through
 * `AbortSignal.timeout`, which Node runs on timers of its own: neither the test environment's
 * `setTimeout` nor `vi.useFakeTimers()` reaches it. `elapse(ms)` aborts, as the browser would,
 * every such signal whose time is up. Restored after each test, with the other mocks.
 */
export function requestTimeouts(): { elapse(ms: number): void } {
  let now = 0
  const signals: { deadline: number; controller: AbortController }[] = []
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    const controller = new AbortController()
    signals.push({ deadline: now + ms, controller })
    return controller.signal
  })
  return {
    elapse(ms) {
      now += ms
      for (const { deadline, controller } of signals) {
        if (deadline <= now && !controller.signal.aborted) {
          controller.abort(
            new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
          )
        }
      }
    },
  }
}

export interface RenderOptions
  extends Partial<Omit<CheckoutProviderProps, 'children' | 'environment'>> {
  client?: CheckoutClient
  environment?: TestEnvironment
}

/** Renders `ui` in <StrictMode> inside a <CheckoutProvider> pointed at the MSW server. */
export function renderCheckout(
  ui: ReactNode,
  options: RenderOptions = {},
): RenderResult & {
  environment: TestEnvironment
  /** Renders the same page again with some of the provider's props changed. */
  rerenderProvider(changes: Partial<CheckoutProviderProps>): void
} {
  const environment = options.environment ?? testEnvironment()
  const props: CheckoutProviderProps = {
    baseUrl: api,
    allowedOrigins,
    ...options,
    environment,
  }
  const page = (given: CheckoutProviderProps) => (
    <StrictMode>
      <CheckoutProvider {...given}>{ui}</CheckoutProvider>
    </StrictMode>
  )
  const result = render(page(props))
  return {
    ...result,
    environment,
    rerenderProvider: (changes) => result.rerender(page({ ...props, ...changes })),
  }
}

/**
 * Answers scripts the way a browser would: when a `<script src>` matching `src` is added to the
 * page, `onLoad` runs (to define the script's globals) and `load` fires, or `error` fires.
 */
export function serveScripts(
  scripts: Record<string, { fail?: boolean; onLoad?: () => void }>,
): () => void {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLScriptElement)) continue
        const script = scripts[node.src]
        if (!script) continue
        if (script.fail) {
          node.dispatchEvent(new Event('error'))
        } else {
          script.onLoad?.()
          node.dispatchEvent(new Event('load'))
        }
      }
    }
  })
  observer.observe(document, { childList: true, subtree: true })
  return () => observer.disconnect()
}

/**
 * Serves `scriptUrl` as PingPong's ppPay SDK, recording each checkout it mounts (its options and
 * token). `stop()` stops serving it and removes the ppPay it defined.
 */
export function servePpPay(scriptUrl: string) {
  const mounts: { options: Record<string, unknown>; token: string }[] = []
  const stopServing = serveScripts({
    [scriptUrl]: {
      onLoad() {
        ;(window as { ppPay?: unknown }).ppPay = class {
          constructor(readonly options: Record<string, unknown>) {}
          createPayment(token: string) {
            mounts.push({ options: this.options, token })
          }
        }
      },
    },
  })
  const stop = () => {
    stopServing()
    delete (window as { ppPay?: unknown }).ppPay
  }
  return { mounts, stop }
}
