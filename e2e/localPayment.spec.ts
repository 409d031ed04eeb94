import { attachFinalState, expect, test } from './fixtures.ts'

// A QR local payment: the wallet (a second page, as a phone after scanning) confirms, and the
// checkout page learns the outcome from the server by itself.

test('PingPong local payment (QR): confirm on the wallet page, the checkout updates to success', async ({
  storefront,
  page,
  context,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong local payment (QR)')
  await storefront.pay()

  await expect(page.getByRole('img', { name: 'Payment QR code' })).toBeVisible()
  const openLink = page.getByRole('link', { name: 'Open the payment page' })
  const walletUrl = await openLink.getAttribute('href')
  expect(walletUrl).toBeTruthy()

  const wallet = await context.newPage()
  await wallet.goto(walletUrl as string)
  await wallet.getByRole('button', { name: 'Confirm payment' }).click()
  await attachFinalState(wallet, 'wallet-page')

  await storefront.expectSucceeded()
  await attachFinalState(page)
})
