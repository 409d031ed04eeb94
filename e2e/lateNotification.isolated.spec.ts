import {
  attachFinalState,
  expect,
  expectNoSeriousViolations,
  fillCard,
  test,
  testCards,
} from './fixtures.ts'

// The gateway's notification never arrives: the merchant server finds the outcome by querying the
// gateway once the notification is late (@checkout-kit/server's `queryAfterMs`, 10 s by default).
// Bending the emulator's notifications is global to it, so this file runs alone
// (the `isolated` project in playwright.config.ts).

/** Long enough for the server's query fallback (10 s after the payment started) and its answer. */
const queryFallback = { timeout: 30_000 }

test('PingPong card, notification lost: the result still shows success, found by the server’s query', async ({
  storefront,
  gatewayControl,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong card')
  await fillCard(page, testCards.processing)
  await gatewayControl.dropNextNotification()
  await storefront.pay()

  // The gateway accepted the card as processing: the shopper waits, and cannot pay twice.
  // The checkout has two polite regions (the kit's, the storefront's mode switch): the kit's says it.
  await expect(
    page.getByRole('status').filter({ hasText: /^Waiting for the payment to be confirmed…$/ }),
  ).toBeVisible()
  await expect(storefront.payButton()).toBeDisabled()
  await expect(page.getByText('Payment successful', { exact: true })).toHaveCount(0)
  await expectNoSeriousViolations(page)

  await storefront.expectResultPage(queryFallback)
  await storefront.expectSucceeded()
  await attachFinalState(page)

  // The gateway never delivered a notification about this payment: only a query can have told.
  const paymentId = new URL(page.url()).searchParams.get('paymentId') ?? ''
  const notifications = await gatewayControl.notificationsAbout(paymentId)
  expect(notifications.map(({ subject, state }) => ({ subject, state }))).toEqual([
    { subject: 'payment succeeded', state: 'dropped' },
  ])
})
