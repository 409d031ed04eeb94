import { storefrontUrl } from '../playwright.config.ts'
import {
  attachFinalState,
  expect,
  expectNoSeriousViolations,
  fillCard,
  holdRequests,
  paymentModeLabels,
  test,
  testCards,
} from './fixtures.ts'

// Every state a shopper can reach on the storefront's checkout and result pages: no serious or
// critical axe violation. (The gateway's own pages are scanned in emulatorPages.spec.ts, the QR
// code waiting for a late payment in lateNotification.spec.ts.)

test('checkout with each payment mode selected', async ({ storefront, page }) => {
  await storefront.placeOrder()
  for (const mode of paymentModeLabels) {
    await storefront.choose(mode)
    await expect(page.getByRole('radio', { name: mode })).toBeChecked()
    await expect(storefront.payButton()).toBeVisible()
    await expectNoSeriousViolations(page, `the checkout with "${mode}" selected`)
  }
})

test('card form: a processing payment waits for its confirmation, then succeeds', async ({
  storefront,
  page,
}) => {
  // Hold the page's status channel (server push and polling) so the wait stays on screen.
  const release = await holdRequests(page, /\/api\/checkout\/payments\/[^/]+(\/events)?$/, 'GET')

  await storefront.placeOrder()
  await storefront.payByCard(testCards.processing)
  await expect(
    page.getByRole('status').filter({ hasText: /^Waiting for the payment to be confirmed…$/ }),
  ).toBeVisible()
  await expect(storefront.payButton()).toBeDisabled()
  await expectNoSeriousViolations(page, 'the checkout while the payment is processing')

  release()
  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('card form: inline validation errors, then a declined card on the result page', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong card')
  await storefront.pay()
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Enter your card number.')).toBeVisible()
  await expectNoSeriousViolations(page, 'the card form with validation errors')

  await fillCard(page, testCards.decline)
  await storefront.pay()
  await storefront.expectNotSucceeded('Payment failed', /Your card was declined/)
  await expectNoSeriousViolations(page, 'the failed result')
  await attachFinalState(page)
})

test('card form: the locked Pay button while the payment starts, then the successful result', async ({
  storefront,
  page,
}) => {
  // Hold the storefront's request to its merchant server, so the in-between state stays on screen.
  const release = await holdRequests(page, '**/api/checkout/payments', 'POST')

  await storefront.placeOrder()
  await storefront.choose('PingPong card')
  await fillCard(page, testCards.approve)
  await storefront.pay()
  await expect(storefront.payButton()).toBeDisabled()
  // Locked with aria-disabled: a disabled button would drop a keyboard user's focus to the page.
  await expect(storefront.payButton()).toBeFocused()
  // The checkout has two polite regions (the kit's, the storefront's mode switch): the kit's says it.
  await expect(
    page.getByRole('status').filter({ hasText: /^Starting your payment…$/ }),
  ).toBeVisible()
  await expectNoSeriousViolations(page, 'the checkout while the payment starts')

  release()
  await storefront.expectSucceeded()
  await expectNoSeriousViolations(page, 'the successful result')
  await attachFinalState(page)
})

test('card with 3DS: the challenge page', async ({ storefront, page }) => {
  await storefront.placeOrder()
  await storefront.payByCard(testCards.threeDsChallenge)
  await expect(page.getByRole('heading', { name: 'Verify this payment' })).toBeVisible()
  await expectNoSeriousViolations(page, 'the 3DS challenge page')
  await attachFinalState(page)
})

test('QR code with its countdown, then expired', async ({ storefront, page }) => {
  await page.clock.install()
  await storefront.placeOrder()
  await storefront.showQrCode()
  await expectNoSeriousViolations(page, 'the QR code with its countdown')

  await storefront.letQrCodeRunOut()
  await expectNoSeriousViolations(page, 'the expired QR code')
  await attachFinalState(page)
})

test('keyboard: Enter on "Place order" keeps the focus while placing, then the Payment heading has it', async ({
  storefront,
  page,
}) => {
  await page.goto(`${storefrontUrl}/`)
  await storefront.addToCart('Enamel camp mug')
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  const release = await holdRequests(page, '**/api/shop/orders', 'POST')
  const placeOrder = page.getByRole('button', { name: 'Place order' })
  await placeOrder.focus()
  await page.keyboard.press('Enter')
  // Locked with aria-disabled: a disabled button would drop the focus to the page.
  await expect(placeOrder).toHaveAttribute('aria-disabled', 'true')
  await expect(placeOrder).toBeFocused()

  release()
  await expect(page.getByRole('heading', { level: 2, name: 'Payment' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('radio', { name: 'PingPong hosted (embedded SDK)' })).toBeFocused()
})

test('keyboard: focus stays in the checkout as Pay gives way to the QR code, and as it runs out', async ({
  storefront,
  page,
}) => {
  await page.clock.install()
  await storefront.placeOrder()
  await storefront.choose('PingPong local payment (QR)')
  const checkout = page.locator('[data-ck="local-payment"]')
  await storefront.payButton().focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible()
  // The Pay button is gone: focus is on the checkout's first control, not dropped to the page.
  await expect(checkout.getByRole('link', { name: 'Open the payment page' })).toBeFocused()

  await storefront.letQrCodeRunOut()
  await expect(checkout.getByRole('button', { name: 'Start again' })).toBeFocused()
})

test('hosted checkout embedded in the page, then a cancelled result', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  const checkout = await storefront.openEmbeddedCheckout()
  await expectNoSeriousViolations(page, 'the embedded hosted checkout')

  await checkout.cancel()
  await storefront.expectNotSucceeded(/^Payment cancelled$/)
  await expectNoSeriousViolations(page, 'the cancelled result')
  await attachFinalState(page)
})

test('the scan fails on a page with a critical violation', async ({ page }) => {
  test.fail(true, 'an image without a text alternative is a critical violation (image-alt)')
  await page.setContent(
    '<!doctype html><html lang="en"><title>Broken</title><main><h1>Broken</h1><img src="data:,"></main></html>',
  )
  await expectNoSeriousViolations(page, 'a page with an unlabelled image')
})
