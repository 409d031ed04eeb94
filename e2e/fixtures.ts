import { test as base, expect, type FrameLocator, type Locator, type Page } from '@playwright/test'
import { emulatorUrl, storefrontUrl } from '../playwright.config.ts'

// Page objects for the demo storefront and the emulator's pages, driven like a shopper: roles,
// labels and visible text only — never app globals, CSS classes or imports from `src`.

export { expect }

/** The emulator's test cards (packages/mock-gateway/README.md, "Test cards"). */
export const testCards = {
  approve: '4111 1111 1111 1111',
  decline: '4000 0000 0000 0002',
  threeDsChallenge: '5200 0000 0000 1096',
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
    await page.getByRole('button', { name: 'Add Enamel camp mug to cart' }).click()
    await page.getByRole('button', { name: 'Add Dot-grid notebook to cart' }).click()
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
    await page.getByRole('button', { name: 'Place order' }).click()
    await expect(page.getByText('total 21.50 USD')).toBeVisible()
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

  async expectResultPage() {
    await expect(this.page).toHaveURL(resultPageUrl)
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

/** The emulator's pages: hosted card page, 3DS challenge, wallet page. */
export class GatewayPages {
  constructor(readonly page: Page) {}

  async payByCard(number: string = testCards.approve) {
    await fillCard(this.page, number)
    await this.page.getByRole('button', { name: 'Pay', exact: true }).click()
  }

  async cancel() {
    await this.page.getByRole('button', { name: 'Cancel', exact: true }).click()
  }

  async answerChallenge(code: string) {
    await this.page.getByLabel('Verification code').fill(code)
    await this.page.getByRole('button', { name: 'Submit' }).click()
  }
}

export const test = base.extend<{ storefront: Storefront; gateway: GatewayPages }>({
  storefront: async ({ page }, use) => {
    await use(new Storefront(page))
  },
  gateway: async ({ page }, use) => {
    await use(new GatewayPages(page))
  },
})

/** Keeps a full-page screenshot of the final state with the test's results. */
export async function attachFinalState(page: Page, name = 'final-state') {
  await test.info().attach(name, {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  })
}
