import { storefrontUrl } from '../playwright.config.ts'
import {
  attachFinalState,
  expect,
  fillCard,
  GatewayPages,
  type Storefront,
  test,
  testCards,
} from './fixtures.ts'
import { OrdersPage, placeOrder } from './ordersPage.ts'

// Leaving the checkout after "Place order" (a gateway's page, a reload, the orders page) and coming
// back finds the same order and its open attempt, never the cart and a second "Place order": one
// cart is paid once.

/**
 * The checkout shows `orderId` with the form of the attempt this tab left open (`mode`), whose
 * "Pay" goes back to it: nothing to place anew, nothing to cancel first.
 */
async function expectSameOrderResumable(storefront: Storefront, orderId: string, mode: string) {
  const { page } = storefront
  await expect(page).toHaveURL(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(page.getByText(`Order ${orderId}: total 21.50 USD`)).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^You left/ })).toHaveText(
    `You left your ${mode} payment without finishing it. Pay goes back to it, or choose another method.`,
  )
  await expect(page.getByRole('radio', { name: mode })).toBeChecked()
  await expect(storefront.payButton()).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveCount(0)
}

/** The order has exactly one payment attempt, in `status`; nothing else was placed from the cart. */
async function expectOneAttempt(orders: OrdersPage, orderId: string, status: string) {
  await orders.openOrder(orderId)
  const payments = orders.order(orderId).getByRole('table', { name: 'Payments' })
  await expect(payments.getByRole('row')).toHaveCount(2)
  await expect(payments.getByRole('cell', { name: status, exact: true })).toBeVisible()
}

test('Back from the gateway page comes back to the same order, and Pay goes back to the page left, which is then paid', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await expect(page).toHaveURL(`${storefrontUrl}/checkout?order=${orderId}`)
  await storefront.goToHostedPage('Pockyt hosted')
  const pageLeft = page.url()

  await page.goBack()
  await expectSameOrderResumable(storefront, orderId, 'Pockyt hosted')
  await attachFinalState(page, 'back-from-the-gateway')

  // The server refuses a second attempt for the order; the kit follows the one left instead.
  await storefront.pay()
  await expect(page).toHaveURL(pageLeft)
  await new GatewayPages(page).payByCard()
  await storefront.expectSucceeded()
  await expect(page.getByRole('link', { name: 'Cart (0 items)' })).toBeVisible()
  await expectOneAttempt(new OrdersPage(page), orderId, 'Succeeded')
})

test("Back from the bank's verification: Pay with another card gives up the verification left, and the order shows it was paid twice if that is passed later anyway", async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.payByCard(testCards.threeDsChallenge)
  await expect(page.getByLabel('Verification code')).toBeVisible()
  const verificationLeft = page.url()

  await page.goBack()
  await expect(page).toHaveURL(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(page.getByRole('status').filter({ hasText: /^You left/ })).toHaveText(
    "You left your card payment at your bank's verification. Pay starts it again with the card you enter, or choose another method.",
  )
  await expect(page.getByRole('radio', { name: 'PingPong card' })).toBeChecked()
  await attachFinalState(page, 'back-from-the-verification')

  // The verification left holds the order: the kit cancels it, then pays with this card.
  await fillCard(page, testCards.approve)
  await storefront.pay()
  await storefront.expectSucceeded()

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  const payments = orders.order(orderId).getByRole('table', { name: 'Payments' })
  await expect(payments.getByRole('row')).toHaveCount(3)
  await expect(payments.getByRole('cell', { name: 'Cancelled', exact: true })).toBeVisible()
  await expect(payments.getByRole('cell', { name: 'Succeeded', exact: true })).toBeVisible()
  await expect(page.getByText(/paid more than once/)).toHaveCount(0)

  // PingPong cannot close a verification page: passed later anyway, the card is charged, the
  // server records it, and the order says an extra payment is to be refunded.
  await page.goto(verificationLeft)
  await new GatewayPages(page).answerChallenge('1234')
  await storefront.expectSucceeded()
  await orders.openOrder(orderId)
  await expect(payments.getByRole('cell', { name: 'Succeeded', exact: true })).toHaveCount(2)
  await expect(orders.order(orderId).getByText(/paid more than once/)).toBeVisible()
})

test('a reload while the QR code is shown comes back to the same order, and Pay shows the same code', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.showQrCode()
  const link = page.getByRole('link', { name: 'Open the payment page' })
  const codeLeft = await link.getAttribute('href')
  expect(codeLeft).toBeTruthy()

  await page.reload()
  await expectSameOrderResumable(storefront, orderId, 'PingPong local payment (QR)')
  await storefront.pay()
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible()
  await expect(link).toHaveAttribute('href', codeLeft ?? '')
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
  await expectSameOrderResumable(storefront, orderId, 'PingPong local payment (QR)')

  // So does the header's cart link, from any page.
  await orders.open()
  await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: /^Cart/ }).click()
  await expectSameOrderResumable(storefront, orderId, 'PingPong local payment (QR)')
})
