import AxeBuilder from '@axe-core/playwright'
import {
  type BrowserContext,
  test as base,
  expect,
  type FrameLocator,
  type Locator,
  type Page,
} from '@playwright/test'
import { emulatorUrl, storefrontUrl } from '../playwright.config.ts'

// Page objects for the demo storefront and the emulator's pages, driven like a shopper: roles,
// labels and visible text only — never app globals, CSS classes or imports from `src`.

export { expect }

/** The emulator's test cards (packages/mock-gateway/README.md, "Test cards"). */
export const testCards = {
  approve: '4111 1111 1111 1111',
  decline: '4000 0000 0000 0002',
  threeDsChallenge: '5200 0000 0000 1096',
  /** Accepted as processing, then succeeds: known by notification or by a query. */
  processing: '4000 0000 0000 0259',
} as const

export type PaymentModeLabel =
  | 'PingPong hosted (embedded SDK)'
  | 'PingPong hosted (redirect)'
  | 'PingPong card'
  | 'PingPong local payment (QR)'
  | 'PingPong local payment (redirect)'
  | 'Pockyt hosted'
  | 'Oceanpayment hosted'

export const paymentModeLabels: readonly PaymentModeLabel[] = [
  'PingPong hosted (embedded SDK)',
  'PingPong hosted (redirect)',
  'PingPong card',
  'PingPong local payment (QR)',
  'PingPong local payment (redirect)',
  'Pockyt hosted',
  'Oceanpayment hosted',
]

const emulatorOrigin = new RegExp(`^${emulatorUrl.replace(/[.]/g, '\\.')}/`)
const resultPageUrl = new RegExp(`^${storefrontUrl.replace(/[.]/g, '\\.')}/result\\?paymentId=`)

/** The card fields: the same labels on the storefront's card form and every hosted card page. */
export async function fillCard(scope: Page | FrameLocator, number: string) {
  await scope.getByLabel('Card number').fill(number)
  await scope.getByLabel('Expiry date').fill('12/30')
  await scope.getByLabel('Security code').fill('123')
  await scope.getByLabel('Name on card').fill('Ada Lovelace')
}

export class Storefront {
  constructor(readonly page: Page) {}

  /** Fills the cart from the catalogue and places the order: the checkout page shows payment. */
  async placeOrder() {
    const { page } = this
    await page.goto(`${storefrontUrl}/`)
    await expect(
      page.getByRole('heading', { level: 1, name: 'Checkout Kit demo shop' }),
    ).toBeVisible()
    await this.addToCart('Enamel camp mug')
    await this.addToCart('Dot-grid notebook')
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
    await page.getByRole('button', { name: 'Place order' }).click()
    await expect(page.getByText('total 21.50 USD')).toBeVisible()
  }

  /** Presses "Add to cart" on the product's card in the catalogue. */
  async addToCart(product: string) {
    await this.page.getByRole('button', { name: `Add to cart (${product})`, exact: true }).click()
  }

  async choose(mode: PaymentModeLabel) {
    await this.page.getByRole('radio', { name: mode }).check()
  }

  payButton(): Locator {
    return this.page.getByRole('button', { name: /^Pay/ })
  }

  async pay() {
    await this.payButton().click()
  }

  /** Pays by QR code: the code and its countdown are on the page. */
  async showQrCode(): Promise<Locator> {
    await this.choose('PingPong local payment (QR)')
    await this.pay()
    const qrCode = this.page.getByRole('img', { name: 'Payment QR code' })
    await expect(qrCode).toBeVisible()
    await expect(this.page.getByRole('timer')).toHaveText(/^Expires in \d+:\d\d$/)
    return qrCode
  }

  /**
   * Lets the QR code's countdown run out on the shopper's screen, by moving the page's clock (which
   * the test must have installed with `page.clock.install()` before the page loaded) as far as the
   * countdown says, and a second more.
   *
   * Only the page's clock jumps. The merchant server's answers carry its own time (`Date`), from
   * which the kit learns that the page's clock is now fast, and rightly moves the deadline back: a
   * run under load saw the code come back ("Expires in 14:54") before the test saw it end. From
   * here on the answers leave `Date` out, so the page keeps its clock.
   */
  async letQrCodeRunOut() {
    const countdown = (await this.page.getByRole('timer').textContent()) ?? ''
    const [, minutes, seconds] = /(\d+):(\d\d)/.exec(countdown) ?? []
    if (minutes === undefined || seconds === undefined) {
      throw new Error(`The QR code's countdown reads "${countdown}"`)
    }
    await this.page.route(
      // Not the status stream: an event stream is never done, so it cannot be fetched whole.
      (url) => url.pathname.startsWith('/api/checkout/') && !url.pathname.endsWith('/events'),
      async (route) => {
        // Navigations (a return URL's redirect) go through as they are.
        if (route.request().resourceType() !== 'fetch') return route.continue()
        try {
          const response = await route.fetch()
          const { date: _serverTime, ...headers } = response.headers()
          await route.fulfill({ response, headers })
        } catch (error) {
          // The kit aborted the read meanwhile (its status watch stops at the expiry): nobody is
          // waiting for the answer, and Playwright has disposed of it.
          if (!String(error).includes('disposed')) throw error
        }
      },
    )
    await this.page.clock.fastForward((Number(minutes) * 60 + Number(seconds) + 1) * 1000)
    await expect(this.page.getByText('This QR code has expired.')).toBeVisible()
  }

  /** Chooses the embedded hosted checkout and presses Pay: the gateway's page, inside this one. */
  async openEmbeddedCheckout(): Promise<GatewayPages> {
    await this.choose('PingPong hosted (embedded SDK)')
    await this.pay()
    const checkout = this.page.getByTitle('PingPong checkout').contentFrame()
    await expect(checkout.getByLabel('Card number')).toBeVisible()
    return new GatewayPages(checkout)
  }

  /** Pays with a card on the storefront's own card form. */
  async payByCard(number: string) {
    await this.choose('PingPong card')
    await fillCard(this.page, number)
    await this.pay()
  }

  /** Chooses a hosted mode, presses Pay and waits for the gateway's own page. */
  async goToHostedPage(mode: PaymentModeLabel) {
    await this.choose(mode)
    await this.pay()
    await expect(this.page).toHaveURL(emulatorOrigin)
  }

  /** `timeout` for a result that waits on the server (e.g. its query of a late notification). */
  async expectResultPage(options?: { timeout: number }) {
    await expect(this.page).toHaveURL(resultPageUrl, options)
    await expect(this.page.getByRole('heading', { level: 1, name: 'Payment result' })).toBeVisible()
  }

  async expectSucceeded() {
    await this.expectResultPage()
    await expect(this.page.getByText('Payment successful', { exact: true })).toBeVisible()
  }

  /** A final result that is not a success; `title` may list several acceptable headings. */
  async expectNotSucceeded(title: string | RegExp, detail?: string | RegExp) {
    await this.expectResultPage()
    await expect(
      typeof title === 'string'
        ? this.page.getByText(title, { exact: true })
        : this.page.getByText(title),
    ).toBeVisible()
    if (detail !== undefined) await expect(this.page.getByText(detail)).toBeVisible()
    await expect(this.page.getByText('Payment successful', { exact: true })).toHaveCount(0)
  }
}

/**
 * The emulator's pages: hosted card page, 3DS challenge, wallet page — a whole page, or the frame
 * of the embedded checkout.
 */
export class GatewayPages {
  constructor(readonly scope: Page | FrameLocator) {}

  async payByCard(number: string = testCards.approve) {
    await fillCard(this.scope, number)
    await this.scope.getByRole('button', { name: 'Pay', exact: true }).click()
  }

  async cancel() {
    await this.scope.getByRole('button', { name: 'Cancel', exact: true }).click()
  }

  async answerChallenge(code: string) {
    await this.scope.getByLabel('Verification code').fill(code)
    await this.scope.getByRole('button', { name: 'Submit' }).click()
  }

  /** On the wallet page (a local payment's QR code or redirect). */
  async confirmInWallet() {
    await this.scope.getByRole('button', { name: 'Confirm payment' }).click()
  }

  async declineInWallet() {
    await this.scope.getByRole('button', { name: 'Decline' }).click()
  }

  /** The gateway's order reference, as its pages show it ("Order <code>…</code>"). */
  async orderReference(): Promise<string> {
    const reference = await this.scope.getByRole('code').first().textContent()
    if (!reference) throw new Error('The gateway page shows no order reference')
    return reference
  }
}

/** A notification as the emulator's control API reports it. */
export interface NotificationDelivery {
  paymentId: string
  subject: string
  state: 'scheduled' | 'delivered' | 'retrying' | 'gave_up' | 'dropped'
  attempts: { acknowledged: boolean }[]
}

/**
 * The emulator's control API (packages/mock-gateway/README.md, "Control API"): what the gateway
 * does that a shopper cannot. Over HTTP only, like any other client of the gateway.
 */
export class GatewayControl {
  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const response = await fetch(`${emulatorUrl}/__emulator${path}`, {
      method,
      ...(body
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    })
    if (!response.ok) {
      throw new Error(
        `${method} /__emulator${path} answered ${response.status}: ${await response.text()}`,
      )
    }
    return (await response.json()) as T
  }

  /** The gateway's record of a payment, by the gateway's order reference. */
  payment(reference: string) {
    return this.call<{ id: string; state: string }>(
      'GET',
      `/payments/${encodeURIComponent(reference)}`,
    )
  }

  /** Closes an open payment unpaid, as when its time runs out. */
  async expire(reference: string) {
    await this.call('POST', `/payments/${encodeURIComponent(reference)}/expire`)
  }

  /**
   * The gateway's next notification about this order (the gateway's order reference, as its pages
   * show it) is lost. Only that order's: specs running beside this one keep their notifications.
   */
  async dropNextNotificationAbout(reference: string) {
    await this.call('POST', '/notifications', { mode: 'drop', count: 1, orderReference: reference })
  }

  /** Every notification the gateway tried to send about a payment. */
  async notificationsAbout(reference: string): Promise<NotificationDelivery[]> {
    const { id } = await this.payment(reference)
    const { deliveries } = await this.call<{ deliveries: NotificationDelivery[] }>(
      'GET',
      '/notifications',
    )
    return deliveries.filter((delivery) => delivery.paymentId === id)
  }
}

/**
 * Hears every Content-Security-Policy violation in every page and frame of the test's browser
 * context, however it was opened (a second tab too). Each document keeps its own list, read at the
 * end, and reports each violation as it happens, for documents that are gone by then (a page that
 * navigated away). The two are told apart by an id, so nothing is counted twice.
 */
export class ContentSecurityPolicyWatch {
  private readonly reported = new Map<string, string>()
  /** Violations a test caused on purpose and forgot: a late report of one is not counted. */
  private readonly forgotten = new Set<string>()

  private hear(id: string, violation: string) {
    if (!this.forgotten.has(id)) this.reported.set(id, violation)
  }

  private constructor(private readonly context: BrowserContext) {}

  static async start(context: BrowserContext): Promise<ContentSecurityPolicyWatch> {
    const watch = new ContentSecurityPolicyWatch(context)
    await context.exposeBinding(
      'reportContentSecurityPolicyViolation',
      (_source, id: string, violation: string) => watch.hear(id, violation),
    )
    await context.addInitScript(() => {
      type Violation = { id: string; text: string }
      const page = window as unknown as {
        contentSecurityPolicyViolations: Violation[]
        reportContentSecurityPolicyViolation: (id: string, text: string) => void
      }
      page.contentSecurityPolicyViolations = []
      // Addresses without their query: a gateway script's carries the payment's token.
      const address = (url: string) => url.split('?')[0]
      document.addEventListener('securitypolicyviolation', (event) => {
        const violation = {
          id: `${Date.now()}-${Math.random()}`,
          text:
            `${event.effectiveDirective} blocked ${address(event.blockedURI) || 'an inline use'}` +
            `${event.sample ? ` (${event.sample})` : ''} on ${address(event.documentURI)}`,
        }
        page.contentSecurityPolicyViolations.push(violation)
        page.reportContentSecurityPolicyViolation(violation.id, violation.text)
      })
    })
    return watch
  }

  /** Every violation so far, after letting each document's pending violation events run. */
  async collect(): Promise<string[]> {
    for (const page of this.context.pages()) {
      for (const frame of page.frames()) {
        const kept = await frame
          .evaluate(
            () =>
              new Promise<{ id: string; text: string }[]>((resolve) => {
                // Violation events are queued as tasks: one more task lets them all through.
                setTimeout(() => {
                  const page = window as unknown as {
                    contentSecurityPolicyViolations?: { id: string; text: string }[]
                  }
                  resolve(page.contentSecurityPolicyViolations ?? [])
                }, 0)
              }),
          )
          // A frame that is navigating or gone has nothing left to read; what it reported stays.
          .catch(() => [])
        for (const { id, text } of kept) this.hear(id, text)
      }
    }
    return [...this.reported.values()]
  }

  /** Forgets what was heard so far: for a test that breaks the policy on purpose. */
  async forget(): Promise<void> {
    await this.collect()
    for (const id of this.reported.keys()) this.forgotten.add(id)
    this.reported.clear()
  }
}

export const test = base.extend<{
  storefront: Storefront
  gateway: GatewayPages
  gatewayControl: GatewayControl
  contentSecurityPolicyViolations: ContentSecurityPolicyWatch
}>({
  // The storefront serves a strict Content-Security-Policy (apps/storefront/server/
  // contentSecurityPolicy.ts): every test that uses these fixtures fails if anything on its pages
  // broke it, such as a script or style element the kit added without the page's nonce, or an
  // innerHTML under Trusted Types.
  contentSecurityPolicyViolations: [
    async ({ context }, use) => {
      const watch = await ContentSecurityPolicyWatch.start(context)
      await use(watch)
      expect(await watch.collect(), 'Content-Security-Policy violations').toEqual([])
    },
    { auto: true },
  ],
  storefront: async ({ page }, use) => {
    await use(new Storefront(page))
  },
  gateway: async ({ page }, use) => {
    await use(new GatewayPages(page))
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  gatewayControl: async ({}, use) => {
    await use(new GatewayControl())
  },
})

/**
 * Holds the page's `method` requests to `url` until the answered function is called, so that a
 * state in between (a locked button, a wait) stays on screen long enough to be checked.
 */
export async function holdRequests(
  page: Page,
  url: string | RegExp,
  method: 'GET' | 'POST',
): Promise<() => void> {
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  await page.route(url, async (route) => {
    if (route.request().method() === method) await released
    await route.continue()
  })
  return release
}

/** Keeps a full-page screenshot of the final state with the test's results. */
export async function attachFinalState(page: Page, name = 'final-state') {
  await test.info().attach(name, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  })
}

/**
 * An axe scan of the page (frames included) finds no serious or critical violation. Soft: a test
 * that scans several states reports each one's violations.
 */
export async function expectNoSeriousViolations(page: Page, state = 'this page') {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const serious = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  )
  expect
    .soft(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      ),
      `serious accessibility violations on ${state}`,
    )
    .toEqual([])
}
