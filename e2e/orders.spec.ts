import { storefrontUrl } from '../playwright.config.ts'
import { attachFinalState, expect, holdRequests, Storefront, test, testCards } from './fixtures.ts'
import {
  expectAccessible,
  flowTimeline,
  OrdersPage,
  payOrderByCard,
  placeOrder,
  timelineStep,
} from './ordersPage.ts'

// The orders page and the flow timeline: what the merchant server decided reaches the page by
// itself (server-sent events), refunds included, and survives a reload.

test('card payment: the result shows the flow, the orders page refunds it live', async ({
  storefront,
  page,
}) => {
  const orderId = await payOrderByCard(storefront)

  const timeline = flowTimeline(page)
  await expect(timelineStep(timeline, /^\S+ request card payment created/)).toBeVisible()
  await expect(timelineStep(timeline, /^\S+ notification /).first()).toBeVisible()
  await expect(timelineStep(timeline, /^\S+ status \w+ → succeeded/)).toBeVisible()
  await expectAccessible(page)
  await attachFinalState(page, 'result-with-timeline')

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  let documentLoads = 0
  page.on('load', () => documentLoads++)
  await expect(orders.order(orderId).getByRole('table', { name: 'Items' })).toContainText(
    'Enamel camp mug',
  )
  await expect(orders.order(orderId)).toContainText('21.50 USD')
  await orders.expectStatus(orderId, 'PingPong card', 'Succeeded')

  await orders.refund(orderId, 'PingPong card')
  await orders.expectStatus(orderId, 'PingPong card', 'Refunded')
  await orders.expectAnnounced(`Order ${orderId}, PingPong card: Refunded.`)
  await expect(
    orders.payment(orderId, 'PingPong card').getByRole('button', { name: 'Refund' }),
  ).toHaveCount(0)
  expect(documentLoads).toBe(0)

  const refundTimeline = await orders.openTimeline(orderId, 'PingPong card')
  await expect(timelineStep(refundTimeline, /^\S+ refund .* requested/)).toBeVisible()
  await attachFinalState(page, 'orders-refunded')

  await page.reload()
  await orders.expectStatus(orderId, 'PingPong card', 'Refunded')
  await expect(orders.order(orderId)).toContainText('Dot-grid notebook')
})

test('refunding with the keyboard: focus stays on the form, then on the payment once nothing is left', async ({
  storefront,
  page,
}) => {
  const orderId = await payOrderByCard(storefront)
  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  const row = orders.payment(orderId, 'PingPong card')
  const refund = row.getByRole('button', { name: 'Refund', exact: true })

  // An empty amount asks first; "Keep it" answers no and gives focus back to "Refund".
  await row.getByLabel(/^Refund amount/).press('Enter')
  await expect(row.getByRole('button', { name: 'Refund all 21.50 USD?' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(row.getByRole('button', { name: 'Keep it' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(refund).toBeFocused()

  // Yes this time: focus waits on "Refund" while the refund is sent (held here, so it can be seen)…
  const release = await holdRequests(page, '**/api/shop/payments/*/refunds', 'POST')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Enter')
  await expect(refund).toBeFocused()
  await expect(refund).toHaveAttribute('aria-busy', 'true')
  release()
  // …and moves to the payment's row when, all refunded, the form leaves.
  await orders.expectStatus(orderId, 'PingPong card', 'Refunded')
  await expect(refund).toHaveCount(0)
  await expect(row.getByRole('rowheader')).toBeFocused()
})

test('on a phone the payments table scrolls in a named region of its own, its status in view', async ({
  storefront,
  page,
}) => {
  const orderId = await payOrderByCard(storefront)
  await page.setViewportSize({ width: 375, height: 800 })
  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  const region = page.getByRole('region', { name: `Payments of order ${orderId}` })
  const row = orders.payment(orderId, 'PingPong card')
  /** Whether the element lies across the phone's width, wholly (however far down the page). */
  const acrossTheScreen = async (element: typeof row) => {
    const box = await element.boundingBox()
    return box !== null && box.x >= 0 && box.x + box.width <= 375
  }
  expect(await acrossTheScreen(row.getByRole('cell', { name: 'Succeeded' }))).toBe(true)

  // The Refund column is off to the right: the keyboard reaches the region and scrolls it.
  const refund = row.getByRole('button', { name: 'Refund', exact: true })
  expect(await acrossTheScreen(refund)).toBe(false)
  await region.focus()
  await expect(region).toBeFocused()
  for (let press = 0; press < 10; press++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => acrossTheScreen(refund)).toBe(true)
})

test('a payment made in another page shows up and changes status live', async ({
  page,
  context,
}) => {
  const orders = new OrdersPage(page)
  await page.goto(storefrontUrl)
  await orders.open()

  const shopper = new Storefront(await context.newPage())
  const orderId = await placeOrder(shopper)
  await shopper.choose('PingPong local payment (QR)')
  await shopper.pay()
  await expect(shopper.page.getByRole('img', { name: 'Payment QR code' })).toBeVisible()
  await orders.expectStatus(orderId, 'PingPong local payment', 'Awaiting the shopper')
  // Follow this order alone from here: specs running beside this one add orders to the list.
  await orders.showOnly(orderId)

  const walletUrl = await shopper.page
    .getByRole('link', { name: 'Open the payment page' })
    .getAttribute('href')
  const wallet = await context.newPage()
  await wallet.goto(walletUrl as string)
  await wallet.getByRole('button', { name: 'Confirm payment' }).click()

  await orders.expectStatus(orderId, 'PingPong local payment', 'Succeeded')
  await orders.expectAnnounced(`Order ${orderId}, PingPong local payment: Succeeded.`)
  await attachFinalState(page, 'orders-live-update')
})

test('switching from a QR code to a card cancels the open attempt and pays by card', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  const qrCode = await storefront.showQrCode()

  // Choosing the card leaves the code open; the shopper's explicit cancel closes it.
  await storefront.choose('PingPong card')
  await expect(qrCode).toBeVisible()
  await page.getByRole('button', { name: 'Cancel it and pay with PingPong card' }).click()
  await expect(page.getByRole('status').filter({ hasText: /was cancelled/ })).toHaveText(
    'The PingPong local payment (QR) payment was cancelled. Pay with PingPong card below.',
  )
  await expect(qrCode).toBeHidden()
  await expect(page.getByLabel('Card number')).toBeFocused()
  await storefront.payByCard(testCards.approve)
  await storefront.expectSucceeded()
  await attachFinalState(page, 'result-after-switch')

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  await orders.expectStatus(orderId, 'PingPong local payment', 'Cancelled')
  await orders.expectStatus(orderId, 'PingPong card', 'Succeeded')
  await attachFinalState(page, 'orders-after-switch')
})

test('a declined card: the result page leads back to the same order, which is then paid', async ({
  storefront,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.payByCard(testCards.decline)
  await storefront.expectNotSucceeded('Payment failed')

  await page.getByRole('link', { name: 'Pay for this order again' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
  await expect(page.getByText(`Order ${orderId}: total 21.50 USD`)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Place order' })).toHaveCount(0)
  await storefront.payByCard(testCards.approve)
  await storefront.expectSucceeded()
  await expect(page.getByRole('link', { name: 'Pay for this order again' })).toHaveCount(0)

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  const payments = orders.order(orderId).getByRole('table', { name: 'Payments' })
  await expect(payments.getByRole('cell', { name: /^Failed/ })).toBeVisible()
  await expect(payments.getByRole('cell', { name: 'Succeeded', exact: true })).toBeVisible()

  // Paid now: the same address no longer offers to pay it.
  await page.goto(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(page.getByText(`Order ${orderId} is already paid.`)).toBeVisible()
  await expect(storefront.payButton()).toHaveCount(0)
})

test('Oceanpayment cannot refund through the kit: the refusal is announced, accessibly', async ({
  storefront,
  gateway,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.goToHostedPage('Oceanpayment hosted')
  await gateway.payByCard()
  await storefront.expectSucceeded()

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  await orders.refund(orderId, 'Oceanpayment hosted (redirect)')
  await orders.expectAnnounced(
    "The refund was not made: Refunds through oceanpayment are not supported by the kit yet; refund from the gateway's back office.",
  )
  await orders.expectStatus(orderId, 'Oceanpayment hosted (redirect)', 'Succeeded')
  await expectAccessible(page)
  await attachFinalState(page, 'orders-refund-refused')
})

test('a live page whose stream is refused says why, instead of reconnecting for ever', async ({
  page,
}) => {
  await page.goto(`${storefrontUrl}/result?paymentId=pay_unknown`)
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(
    'No payment has this id.',
  )
})
