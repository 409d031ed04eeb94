import { attachFinalState, test, testCards } from './fixtures.ts'

// The demo storefront driven like a shopper, on the two plainest paths: a hosted redirect and the
// storefront's own card form, each to a successful result.

test('PingPong hosted (redirect): pay on the gateway page, back to a successful result', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.goToHostedPage('PingPong hosted (redirect)')
  await gateway.payByCard()

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('PingPong card: pay on the storefront, then see a successful result', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.payByCard(testCards.approve)

  await storefront.expectSucceeded()
  await attachFinalState(page)
})
