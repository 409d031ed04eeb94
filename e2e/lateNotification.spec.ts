import { decodeQrCode } from './decodeQrCode.ts'
import {
  attachFinalState,
  expect,
  expectNoSeriousViolations,
  GatewayPages,
  test,
} from './fixtures.ts'

// The gateway's notification never arrives: the merchant server finds the outcome by querying the
// gateway once the notification is late (@checkout-kit/server's `queryAfterMs`, 10 s by default).
//
// Only this payment's notification is lost: the drop is scoped to its order reference, which the
// wallet page shows before the shopper confirms, so this spec runs beside the others. A QR payment,
// because in it nothing but the late query can tell the server: a card's notification follows the
// Pay request within milliseconds, before its reference is on any page, and the return from a
// hosted page makes the server query the gateway at once.

/** Long enough for the server's query fallback (10 s after the payment started) and its answer. */
const queryFallback = { timeout: 30_000 }

test('PingPong local payment (QR), notification lost: the checkout still updates to success, found by the server’s query', async ({
  storefront,
  gatewayControl,
  page,
  context,
}) => {
  await storefront.placeOrder()
  const qrCode = await storefront.showQrCode()
  const phone = await context.newPage()
  await phone.goto(await decodeQrCode(qrCode))
  const wallet = new GatewayPages(phone)
  const reference = await wallet.orderReference()
  await gatewayControl.dropNextNotificationAbout(reference)
  await wallet.confirmInWallet()
  await expect(phone.getByRole('heading', { name: 'Payment confirmed' })).toBeVisible()

  // The gateway has taken the payment but told the server nothing: the checkout still waits.
  await expect(qrCode).toBeVisible()
  await expect(page.getByText('Payment successful', { exact: true })).toHaveCount(0)
  await expectNoSeriousViolations(page)

  await storefront.expectResultPage(queryFallback)
  await storefront.expectSucceeded()
  await attachFinalState(page)

  // The gateway's one notification about this payment was dropped: only a query can have told.
  const notifications = await gatewayControl.notificationsAbout(reference)
  expect(notifications.map(({ subject, state }) => ({ subject, state }))).toEqual([
    { subject: 'payment succeeded', state: 'dropped' },
  ])
})
