import { attachFinalState, expect, fillCard, test } from './fixtures.ts'

// Hosted checkouts: the shopper pays (or cancels) on the gateway's own page and comes back to the
// storefront's result page, which shows what the server decided.

test('PingPong hosted (embedded SDK): pay inside the checkout iframe, then see success', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.choose('PingPong hosted (embedded SDK)')
  await storefront.pay()

  const checkout = page.frameLocator('iframe[title="PingPong checkout"]')
  await expect(checkout.getByLabel('Card number')).toBeVisible()
  await fillCard(checkout, '4111 1111 1111 1111')
  await checkout.getByRole('button', { name: 'Pay', exact: true }).click()

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('Pockyt hosted: pay on the Pockyt cashier, come back to success', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.goToHostedPage('Pockyt hosted')
  await expect(page).toHaveURL(/\/pockyt\/cashier\?token=/)
  await gateway.payByCard()

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('Oceanpayment hosted: pay, the backUrl form post brings the shopper back to success', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.goToHostedPage('Oceanpayment hosted')
  await expect(page).toHaveURL(/\/oceanpayment\/cashier\//)
  await gateway.payByCard()

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('PingPong hosted (redirect): Cancel on the gateway page ends cancelled', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.goToHostedPage('PingPong hosted (redirect)')
  await gateway.cancel()

  // PingPong closes a cancelled order like an expired one; the server tells them apart by the
  // cancel URL the shopper came back through.
  await storefront.expectNotSucceeded(/^Payment cancelled$/)
  await attachFinalState(page)
})
