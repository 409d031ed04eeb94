import AxeBuilder from '@axe-core/playwright'
import { expect, type Locator, type Page } from '@playwright/test'
import { storefrontUrl } from '../playwright.config.ts'
import { type Storefront, testCards } from './fixtures.ts'

// The storefront's orders page and result-page timeline, read like a shopper or a merchant would:
// roles, labels and visible text only.

/** Places the fixtures' order and answers its id, as the checkout page shows it ("Order ord…: total …"). */
export async function placeOrder(storefront: Storefront): Promise<string> {
  await storefront.placeOrder()
  const text = await storefront.page.getByText(/^Order ord\w+: total/).textContent()
  const id = text?.match(/^Order (ord\w+):/)?.[1]
  if (!id) throw new Error(`No order id in ${JSON.stringify(text)}`)
  return id
}

/** Places the fixtures' order and pays it with the approved test card: the result says so. */
export async function payOrderByCard(storefront: Storefront): Promise<string> {
  const orderId = await placeOrder(storefront)
  await storefront.payByCard(testCards.approve)
  await storefront.expectSucceeded()
  return orderId
}

/** A "Flow timeline" (result page, or a payment's disclosure on the orders page). */
export function flowTimeline(scope: Page | Locator): Locator {
  return scope.getByRole('region', { name: 'Flow timeline' })
}

/** The timeline's step whose text matches, e.g. `/notification.*SUCCESS/`. */
export function timelineStep(timeline: Locator, text: RegExp): Locator {
  return timeline.getByRole('listitem').filter({ hasText: text })
}

/** The page as it is now has no serious or critical axe violation. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const serious = violations.filter(({ impact }) => impact === 'serious' || impact === 'critical')
  expect(serious.map(({ id, help }) => `${id}: ${help}`)).toEqual([])
}

/** A pattern for text that starts with `text` exactly. */
function startingWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
}

export class OrdersPage {
  constructor(readonly page: Page) {}

  /** Follows the header's "Orders" link, as a shopper would. */
  async open() {
    await this.page
      .getByRole('navigation', { name: 'Shop' })
      .getByRole('link', { name: 'Orders' })
      .click()
    await expect(this.page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible()
  }

  /**
   * Opens the page for one order (`/orders?order=…`): the full list holds only the newest orders,
   * and specs running beside this one can push an order off it while a spec waits.
   */
  async openOrder(orderId: string) {
    await this.page.goto(`${storefrontUrl}/orders?order=${encodeURIComponent(orderId)}`)
    await expect(this.page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible()
    await expect(this.order(orderId)).toBeVisible()
  }

  /** From the full list, follows the order's "Show only this order" link (no page load). */
  async showOnly(orderId: string) {
    await this.order(orderId).getByRole('link', { name: 'Show only this order' }).click()
    await expect(this.page.getByRole('link', { name: 'Show all orders' })).toBeVisible()
  }

  order(orderId: string): Locator {
    return this.page.getByRole('article', { name: `Order ${orderId}` })
  }

  /** The order's payment row for a method as the page writes it, e.g. "PingPong card". */
  payment(orderId: string, method: string): Locator {
    return this.order(orderId)
      .getByRole('table', { name: 'Payments' })
      .getByRole('row', { name: startingWith(method) })
  }

  /** Waits until the payment's status cell says `status` ("Succeeded", "Refunded"…). */
  async expectStatus(orderId: string, method: string, status: string) {
    await expect(
      this.payment(orderId, method).getByRole('cell', { name: status, exact: true }),
    ).toBeVisible()
  }

  /** Waits until the page's live region ("Updates") has said `text`. */
  async expectAnnounced(text: string) {
    await expect(
      this.page.getByRole('log', { name: 'Updates' }).getByText(text, { exact: true }),
    ).toBeVisible()
  }

  /** Refunds `amount`, or all that is left: "Refund", then "Refund all … ?" to confirm. */
  async refund(orderId: string, method: string, amount?: string) {
    const row = this.payment(orderId, method)
    if (amount !== undefined) await row.getByLabel(/^Refund amount/).fill(amount)
    await row.getByRole('button', { name: 'Refund', exact: true }).click()
    if (amount === undefined) await row.getByRole('button', { name: /^Refund all .*\?$/ }).click()
  }

  /** Opens the payment's timeline disclosure and answers the timeline. */
  async openTimeline(orderId: string, method: string): Promise<Locator> {
    const order = this.order(orderId)
    await order.getByText(startingWith(`Flow timeline of ${method} `)).click()
    return flowTimeline(order)
  }
}
