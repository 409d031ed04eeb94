// Test support for the storefront's component tests: the whole app rendered in StrictMode at an
// address with Testing Library, an MSW server standing in for the shop API and the checkout
// contract, a stand-in for the server-sent event streams (jsdom has no EventSource), and orders
// and payments as the API shows them. Tests only; the app never imports it.
//
// The test files are `*.test.tsx`, which the workspace's Vitest `dom` project runs in jsdom (the
// storefront's `*.test.ts` are its pure modules, run in Node).
import { cleanup, render } from '@testing-library/react'
import { type UserEvent, userEvent } from '@testing-library/user-event'
import { type DefaultBodyType, HttpResponse, http, type StrictRequest } from 'msw'
import { setupServer } from 'msw/node'
import { StrictMode } from 'react'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import type { PaymentView } from '../../server/paymentView.ts'
import type { OrderView } from '../../server/shop.ts'
import { App } from '../App.tsx'
import { setLanguage } from '../language.ts'

const products = [
  { id: 'mug', name: 'Enamel camp mug', description: 'A steel mug.', price: '12.00' },
  { id: 'notebook', name: 'Dot-grid notebook', description: 'A5, lies flat.', price: '9.50' },
]

export const server = setupServer(
  http.get('/api/shop/products', () => HttpResponse.json({ products })),
  http.get('/api/checkout/config', () => HttpResponse.json({ gateways: {} })),
)

/** Every request the app sent, in order. */
export const requests: { method: string; url: URL; body: unknown }[] = []

server.events.on('request:start', async ({ request }) => {
  const text = request.method === 'GET' ? '' : await request.clone().text()
  requests.push({
    method: request.method,
    url: new URL(request.url),
    body: text === '' ? undefined : JSON.parse(text),
  })
})

/** The requests sent as `method` to `path`. */
export function requestsTo(method: 'GET' | 'POST', path: string) {
  return requests.filter((request) => request.method === method && request.url.pathname === path)
}

/** What the stand-in streams send when a page opens them: url → the event's name and data. */
const streams = new Map<string, { event: string; data: unknown }>()

/** The stream at `url` sends `data` as its `event` to every page that opens it from now on. */
export function stream(url: string, event: string, data: unknown) {
  streams.set(url, { event, data })
}

/** A server-sent event stream that sends what `stream()` set for its URL, once, and stays open. */
class TestEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  readyState = TestEventSource.OPEN

  constructor(readonly url: string) {
    super()
    openSources.add(this)
    setTimeout(() => {
      const sent = streams.get(url)
      if (sent && this.readyState === TestEventSource.OPEN) {
        this.dispatchEvent(new MessageEvent(sent.event, { data: JSON.stringify(sent.data) }))
      }
    })
  }

  close() {
    this.readyState = TestEventSource.CLOSED
    openSources.delete(this)
  }
}

/** The stand-in streams a page has open. */
const openSources = new Set<TestEventSource>()

function sourcesAt(url: string) {
  const sources = [...openSources].filter((source) => source.url === url)
  if (sources.length === 0) throw new Error(`No page has ${url} open.`)
  return sources
}

/** The open stream at `url` sends `data` as its `event` now, as the server does after a change. */
export function send(url: string, event: string, data: unknown) {
  for (const source of sourcesAt(url)) {
    source.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }))
  }
}

/**
 * The open stream at `url` fails as EventSource reports it: `reconnecting` after a dropped
 * connection, which the browser retries by itself, `closed` after an error answer, which ends it.
 */
export function fail(url: string, how: 'reconnecting' | 'closed') {
  for (const source of sourcesAt(url)) {
    source.readyState = how === 'closed' ? TestEventSource.CLOSED : TestEventSource.CONNECTING
    if (how === 'closed') openSources.delete(source)
    source.dispatchEvent(new Event('error'))
  }
}

/** Starts MSW for the file (an unexpected request fails the test) and cleans up after each test. */
export function setupShopTestBed() {
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' })
    vi.stubGlobal('EventSource', TestEventSource)
    // Each page change scrolls to the top, which jsdom does not implement.
    vi.stubGlobal('scrollTo', () => {})
  })
  afterEach(() => {
    cleanup()
    server.resetHandlers()
    requests.length = 0
    streams.clear()
    openSources.clear()
    window.sessionStorage.clear()
    setLanguage('en')
    window.history.replaceState(null, '', '/')
  })
  afterAll(() => {
    server.close()
    vi.unstubAllGlobals()
  })
}

/**
 * Renders the storefront at `path` in StrictMode, as main.tsx does, with a `user` to act on it.
 * `unmount()` and a new render stand for a reload: only what the app kept in the tab's storage
 * survives.
 */
export function renderShop(path: string): { user: UserEvent; unmount(): void } {
  window.history.replaceState(null, '', path)
  const user = userEvent.setup()
  const { unmount } = render(<App />, { wrapper: StrictMode })
  return { user, unmount }
}

/** The products in the cart, as the catalogue's "Add to cart" leaves them in the tab. */
export function fillCart(items: Record<string, number>) {
  window.sessionStorage.setItem('storefront-cart', JSON.stringify(items))
}

/** A JSON error as both APIs write it. */
export function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status })
}

/** Answers the next request once `release()` is called, to look at the page in between. */
export function held<T extends DefaultBodyType>(answer: (request: StrictRequest<T>) => Response) {
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  return {
    release: () => release(),
    resolver: async ({ request }: { request: StrictRequest<T> }) => {
      await released
      return answer(request)
    },
  }
}

const usd = (value: string) => ({ value, currency: 'USD' })

/** A payment as the shop API shows it. */
export function paymentView(
  overrides: Partial<PaymentView> & Pick<PaymentView, 'id'>,
): PaymentView {
  return {
    orderId: 'ord_1',
    gateway: 'pingpong',
    flow: 'hosted-redirect',
    status: 'requires_action',
    amount: usd('21.50'),
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    refunds: [],
    refunded: usd('0.00'),
    refundPending: usd('0.00'),
    refundable: usd('0.00'),
    timeline: [],
    ...overrides,
  }
}

/** An order of a mug and a notebook, as the shop API shows it. */
export function orderView(id: string, payments: PaymentView[] = []): OrderView {
  return {
    id,
    createdAt: '2026-01-05T10:00:00.000Z',
    lines: [
      { productId: 'mug', name: 'Enamel camp mug', unitPrice: '12.00', quantity: 1 },
      { productId: 'notebook', name: 'Dot-grid notebook', unitPrice: '9.50', quantity: 1 },
    ],
    total: usd('21.50'),
    payments,
  }
}

/** Answers `GET /api/shop/orders/{id}` with `order` as it is when asked. */
export function serveOrder(order: () => OrderView) {
  server.use(http.get(`/api/shop/orders/${order().id}`, () => HttpResponse.json(order())))
}
