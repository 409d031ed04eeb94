import { decodeQrCode } from './decodeQrCode.ts'
import { attachFinalState, expect, test } from './fixtures.ts'

// A QR local payment: a phone scans the code on the checkout page and confirms in its wallet (a
// second page), and the checkout page learns the outcome from the server by itself.

test('PingPong local payment (QR): scan the code, confirm in the wallet, the checkout updates to success by itself', async ({
  storefront,
  page,
  context,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong local payment (QR)')
  await storefront.pay()

  const qrCode = page.getByRole('img', { name: 'Payment QR code' })
  await expect(qrCode).toBeVisible()
  await expect(page.getByRole('timer')).toHaveText(/^Expires in \d+:\d\d$/)
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
