import { attachFinalState, expect, test, testCards } from './fixtures.ts'

// The storefront's own card form (PingPong card): the server decides, the result page says so.

test('PingPong card declined: the result says the card was declined, never success', async ({
  storefront,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.payByCard(testCards.decline)

  await storefront.expectNotSucceeded('Payment failed', /Your card was declined/)
  await attachFinalState(page)
})

test('PingPong card with 3DS: the code 1234 passes the challenge and the payment succeeds', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.payByCard(testCards.threeDsChallenge)

  await expect(page.getByLabel('Verification code')).toBeVisible()
  await gateway.answerChallenge('1234')

  await storefront.expectSucceeded()
  await attachFinalState(page)
})

test('PingPong card with 3DS: another code fails the challenge and the payment fails', async ({
  storefront,
  gateway,
  page,
}) => {
  await storefront.placeOrder()
  await storefront.payByCard(testCards.threeDsChallenge)

  await expect(page.getByLabel('Verification code')).toBeVisible()
  await gateway.answerChallenge('9999')

  await storefront.expectNotSucceeded('Payment failed', /Your bank could not verify this payment/)
  await attachFinalState(page)
})
