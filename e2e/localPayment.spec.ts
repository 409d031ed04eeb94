import { decodeQrCode } from './decodeQrCode.ts'
import {
  attachFinalState,
  expect,
  expectNoSeriousViolations,
  GatewayPages,
  type Storefront,
  test,
} from './fixtures.ts'
import { OrdersPage, placeOrder } from './ordersPage.ts'

// A QR local payment: a phone scans the code on the checkout page and confirms in its wallet (a
// second page), and the checkout page learns the outcome from the server by itself.

test('PingPong local payment (QR): scan the code, confirm in the wallet, the checkout updates to success by itself', async ({
  storefront,
  page,
  context,
}) => {
  await storefront.placeOrder()
  const qrCode = await storefront.showQrCode()
  const walletUrl = await decodeQrCode(qrCode)
  // What the shopper could also open by hand: the camera and the link agree.
  await expect(page.getByRole('link', { name: 'Open the payment page' })).toHaveAttribute(
    'href',
    walletUrl,
  )

  // Any document load from here on would be a reload: the page must update in place.
  let documentLoads = 0
  page.on('load', () => {
    documentLoads += 1
  })

  const phone = await context.newPage()
  await phone.goto(walletUrl)
  await phone.getByRole('button', { name: 'Confirm payment' }).click()
  await expect(phone.getByRole('heading', { name: 'Payment confirmed' })).toBeVisible()
  await attachFinalState(phone, 'wallet-page')

  // No reload, no click: the checkout page moves to the result on the server's word alone.
  await storefront.expectSucceeded()
  expect(documentLoads).toBe(0)
  await attachFinalState(page)
})

test('PingPong local payment (QR): arrowing through the payment methods leaves the code open, and the phone can still pay it', async ({
  storefront,
  page,
  context,
}) => {
  const orderId = await placeOrder(storefront)
  const qrCode = await storefront.showQrCode()
  const walletUrl = await decodeQrCode(qrCode)
  const qrRadio = page.getByRole('radio', { name: 'PingPong local payment (QR)' })
  const cancelButton = page.getByRole('button', { name: /^Cancel it and pay with / })

  // Down to the next method: it is chosen, the code stays, and the page says what would cancel it.
  await qrRadio.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('radio', { name: 'PingPong local payment (redirect)' })).toBeChecked()
  await expect(page.getByRole('status').filter({ hasText: /still open/ })).toHaveText(
    'Your PingPong local payment (QR) payment is still open below. To pay with PingPong local payment (redirect) instead, cancel it first.',
  )
  await expect(cancelButton).toHaveAccessibleName(
    'Cancel it and pay with PingPong local payment (redirect)',
  )
  await expect(qrCode).toBeVisible()
  await expect(page.getByRole('timer')).toBeVisible()
  await expectNoSeriousViolations(page, 'the checkout with an open code and another method chosen')

  // Up past it and back: the code is the chosen method again, and nothing asks to cancel it.
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('radio', { name: 'PingPong card' })).toBeChecked()
  await page.keyboard.press('ArrowDown')
  await expect(qrRadio).toBeChecked()
  await expect(cancelButton).toHaveCount(0)

  // The merchant sees the attempt still waiting for the shopper, not cancelled.
  const orders = new OrdersPage(await context.newPage())
  await orders.openOrder(orderId)
  await orders.expectStatus(orderId, 'PingPong local payment', 'Awaiting the shopper')

  // Another method chosen again, the phone pays the code: the checkout follows it to success.
  await page.keyboard.press('ArrowDown')
  await expect(cancelButton).toBeVisible()
  const phone = await context.newPage()
  await phone.goto(walletUrl)
  await phone.getByRole('button', { name: 'Confirm payment' }).click()
  await storefront.expectSucceeded()
  await orders.expectStatus(orderId, 'PingPong local payment', 'Succeeded')
  await attachFinalState(page)
})

test('PingPong local payment (redirect): confirm on the wallet page, back to success', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.goToHostedPage('PingPong local payment (redirect)')
  await gateway.confirmInWallet()

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('PingPong local payment (redirect): declined in the wallet, back to a decline that speaks of no card', async ({
  storefront,
  gateway,
  page,
}) => {
  const orderId = await placeOrder(storefront)
  await storefront.goToHostedPage('PingPong local payment (redirect)')
  await gateway.declineInWallet()

  // The gateway reports the wallet's decline with a card code; the shopper paid with no card.
  await storefront.expectNotSucceeded(
    'Payment failed',
    'Your payment was declined. Try another payment method.',
  )
  await expect(page.getByText(/card/i)).toHaveCount(0)
  // The orders page says it in the same words.
  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  const payment = orders.payment(orderId, 'PingPong local payment')
  await expect(payment).toContainText('Your payment was declined. Try another payment method.')
  await expect(payment).not.toContainText(/card/i)
  await attachFinalState(page)
})

/** A shopper scans the QR code with a phone but walks away: the phone keeps the wallet page open. */
async function scanAndWalkAway(storefront: Storefront) {
  const qrCode = await storefront.showQrCode()
  const phone = await storefront.page.context().newPage()
  await phone.goto(await decodeQrCode(qrCode))
  await expect(phone.getByRole('button', { name: 'Confirm payment' })).toBeVisible()
  return phone
}

test('PingPong local payment (QR): the code runs out unpaid — the shopper sees it expired, the phone can no longer pay', async ({
  storefront,
  gatewayControl,
  page,
}) => {
  await page.clock.install()
  await storefront.placeOrder()
  const phone = await scanAndWalkAway(storefront)

  // The deadline passes on both sides: the shopper's countdown ends, the gateway closes the order.
  await storefront.letQrCodeRunOut()
  const reference = await new GatewayPages(phone).orderReference()
  await gatewayControl.expire(reference)

  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeHidden()
  await expect(page.getByRole('timer')).toBeHidden()
  await expect(page.getByRole('link', { name: 'Open the payment page' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Start again' })).toBeVisible()
  await expect(page.getByText('Payment successful', { exact: true })).toHaveCount(0)

  // Scanning again is no use: the wallet has nothing left to confirm.
  await phone.reload()
  await expect(phone.getByRole('button', { name: 'Confirm payment' })).toHaveCount(0)
  expect((await gatewayControl.payment(reference)).state).toBe('expired')
  await attachFinalState(phone, 'wallet-page')
  await attachFinalState(page)
})

test('PingPong local payment (QR): Start again after the code ran out shows a new code on the same checkout', async ({
  storefront,
  page,
}) => {
  await page.clock.install()
  await storefront.placeOrder()
  const phone = await scanAndWalkAway(storefront)
  const firstCode = phone.url()
  await storefront.letQrCodeRunOut()

  // Only the page's clock jumped the fifteen minutes; the servers' clocks did not. Bring the page
  // back in step with them, as real time would have, so the new code's deadline lies ahead.
  await page.clock.setSystemTime(Date.now())
  await page.getByRole('button', { name: 'Start again' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
  await expect(page.getByText('Payment cancelled', { exact: true })).toHaveCount(0)
  await expect(page.getByRole('radio', { name: 'PingPong local payment (QR)' })).toBeChecked()
  // The old attempt is given up and a new one started: a fresh code, without pressing Pay again.
  const secondCode = await decodeQrCode(page.getByRole('img', { name: 'Payment QR code' }))
  expect(secondCode).not.toBe(firstCode)
  await attachFinalState(page)
})
