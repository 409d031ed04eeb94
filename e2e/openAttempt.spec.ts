import { storefrontUrl } from '../playwright.config.ts'
import { attachFinalState, expect, Storefront, test, testCards } from './fixtures.ts'
import { OrdersPage, placeOrder } from './ordersPage.ts'

// An order holds one open payment attempt at a time. A checkout that did not start that attempt
// (another tab) says which attempt holds the order and offers to cancel it, rather than a form
// whose Pay the server refuses again and again. The tab that left it goes back to it instead
// (checkoutHistory.spec.ts).

test('paying an order whose attempt is open elsewhere: the page says so and cancels it on request', async ({
  storefront: firstTab,
  context,
}) => {
  const orderId = await placeOrder(firstTab)
  await firstTab.goToHostedPage('PingPong hosted (redirect)')

  // The same order opened in another tab, which did not start that attempt (the first tab would
  // go back to it: checkoutHistory.spec.ts).
  const page = await context.newPage()
  const storefront = new Storefront(page)
  await page.goto(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(page.getByText(`Order ${orderId}: total 21.50 USD`)).toBeVisible()
  await expect(page.getByRole('alert')).toContainText(
    'This order has a payment attempt still open (PingPong hosted (redirect)), started earlier or in another tab.',
  )
  await expect(storefront.payButton()).toHaveCount(0)

  await storefront.choose('PingPong card')
  await page.getByRole('button', { name: 'Cancel it and pay with PingPong card' }).click()
  await expect(page.getByRole('status').filter({ hasText: /was cancelled/ })).toHaveText(
    'The PingPong hosted (redirect) payment was cancelled. Pay with PingPong card below.',
  )
  await expect(page.getByLabel('Card number')).toBeFocused()
  await storefront.payByCard(testCards.approve)
  await storefront.expectSucceeded()

  const orders = new OrdersPage(page)
  await orders.openOrder(orderId)
  await orders.expectStatus(orderId, 'PingPong hosted (redirect)', 'Cancelled')
  await orders.expectStatus(orderId, 'PingPong card', 'Succeeded')
})

test('Pay refused because another tab started a payment: the attempt that holds the order is offered to cancel, in Chinese too', async ({
  storefront,
  page,
  context,
}) => {
  const orderId = await placeOrder(storefront)
  await page.goto(`${storefrontUrl}/checkout?order=${orderId}`)
  await expect(storefront.payButton()).toBeVisible()

  // Meanwhile another tab starts paying the same order on Pockyt's page.
  const otherTab = new Storefront(await context.newPage())
  await otherTab.page.goto(`${storefrontUrl}/checkout?order=${orderId}`)
  await otherTab.goToHostedPage('Pockyt hosted')

  await page.getByRole('button', { name: '简体中文' }).click()
  const pay = page.getByRole('button', { name: '支付', exact: true })
  await pay.click()
  await expect(page.getByRole('alert')).toContainText(
    '此订单之前（或在其他标签页中）发起的「Pockyt 托管收银台（跳转）」付款仍未完成。',
  )
  await expect(page.getByText('无法发起支付，请重试。')).toHaveCount(0)
  await expect(page.getByRole('button', { name: '重试' })).toHaveCount(0)
  const cancel = page.getByRole('button', {
    name: '取消它并改用「PingPong 托管收银台（嵌入式 SDK）」支付',
  })
  await expect(cancel).toBeFocused()
  await attachFinalState(page)

  await cancel.click()
  await expect(page.getByRole('status').filter({ hasText: /已取消/ })).toHaveText(
    '「Pockyt 托管收银台（跳转）」付款已取消。请在下方使用「PingPong 托管收银台（嵌入式 SDK）」支付。',
  )
  await expect(pay).toBeVisible()
})
