import { storefrontUrl } from '../playwright.config.ts'
import { attachFinalState, expect, GatewayPages, type Storefront, test } from './fixtures.ts'
import { OrdersPage, placeOrder } from './ordersPage.ts'

// Leaving the checkout after "Place order" (a gateway's page, a reload, the orders page) and coming
// back finds the same order and its open attempt, never the cart and a second "Place order": one
// cart is paid once.

/** The checkout shows `orderId` held by its open attempt, with nothing to place or pay anew. */
async function expectSameOrderHeld(storefront: Storefront, orderId: string, method: string) {
  const { page } = storefront
  await expect(page).toHaveURL(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(page.getByText(`Order ${orderId}: total 21.50 USD`)).toBeVisible()
  await expect(page.getByRole('alert')).toContainText(
    `This order has a payment attempt still open (${method})`,
  )
  await expect(page.getByRole('button', { name: /^Cancel it and pay with / })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveCount(0)
  await expect(storefront.payButton()).toHaveCount(0)
}

/** The order has exactly one payment attempt, in `status`; nothing else was placed from the cart. */
async function expectOneAttempt(orders: OrdersPage, orderId: string, status: string) {
  await orders.openOrder(orderId)
  const payments = orders.order(orderId).getByRole('table', { name: 'Payments' })
  await expect(payments.getByRole('row')).toHaveCount(2)
  await expect(payments.getByRole('cell', { name: status, exact: true })).toBeVisible()
}

test('Back from the gateway page comes back to the same order and its open attempt, which is then paid', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await expect(page).toHaveURL(`${storefrontUrl}/checkout?order=${orderId}`)
  await storefront.goToHostedPage('PingPong hosted (redirect)')

  await page.goBack()
  await expectSameOrderHeld(storefront, orderId, 'PingPong hosted (redirect)')
  await attachFinalState(page, 'back-from-the-gateway')

  // Forward again: the attempt on the gateway's page is the order's one payment.
  await page.goForward()
  await new GatewayPages(page).payByCard()
  await storefront.expectSucceeded()
  await expect(page.getByRole('link', { name: 'Cart (0 items)' })).toBeVisible()
  await expectOneAttempt(new OrdersPage(page), orderId, 'Succeeded')
})

test('a reload while the QR code is shown comes back to the same order, its code still open', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.showQrCode()

  await page.reload()
  await expectSameOrderHeld(storefront, orderId, 'PingPong local payment')
  await expectOneAttempt(new OrdersPage(page), orderId, 'Awaiting the shopper')
})

test('Orders, then Back, comes back to the same order and its open QR code', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.showQrCode()
  const orders = new OrdersPage(page)
  await orders.open()

  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeFocused()
  await expectSameOrderHeld(storefront, orderId, 'PingPong local payment')

  // So does the header's cart link, from any page.
  await orders.open()
  await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: /^Cart/ }).click()
  await expectSameOrderHeld(storefront, orderId, 'PingPong local payment')
})
