import { attachFinalState, expect, type Storefront, test, testCards } from './fixtures.ts'

// Hosted checkouts: the shopper pays (or cancels) on the gateway's own page and comes back to the
// storefront's result page, which shows what the server decided.

test('PingPong hosted (embedded SDK): pay inside the checkout iframe, then see success', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  const checkout = await storefront.openEmbeddedCheckout()
  await checkout.payByCard()

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

// Oceanpayment signs its result into a form that its page posts to the merchant's backUrl; the
// merchant server verifies it before it shows anything.
const oceanpaymentOutcomes = [
  {
    title: 'pay, the backUrl form post brings the shopper back to success',
    card: testCards.approve,
    paymentStatus: '1',
    expectResult: (storefront: Storefront) => storefront.expectSucceeded(),
  },
  {
    title: 'a declined card comes back by the backUrl form post as failed, never success',
    card: testCards.decline,
    paymentStatus: '0',
    // Oceanpayment's decline codes are not documented, so the kit says no more than this.
    expectResult: (storefront: Storefront) =>
      storefront.expectNotSucceeded(
        'Payment failed',
        'The payment did not go through. Please try again.',
      ),
  },
]

for (const { title, card, paymentStatus, expectResult } of oceanpaymentOutcomes) {
  test(`Oceanpayment hosted: ${title}`, async ({ storefront, gateway, page }) => {
    await storefront.placeOrder()
    await storefront.goToHostedPage('Oceanpayment hosted')
    await expect(page).toHaveURL(/\/oceanpayment\/cashier\//)
    const backUrlPost = page.waitForRequest(
      (request) => request.method() === 'POST' && request.url().includes('/return/oceanpayment'),
    )
    await gateway.payByCard(card)

    expect((await backUrlPost).postDataJSON()).toMatchObject({ payment_status: paymentStatus })
    await expectResult(storefront)
    await attachFinalState(page)
  })
}

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
