import { storefrontUrl } from '../playwright.config.ts'
import { expect, test, testCards } from './fixtures.ts'

// The storefront in Simplified Chinese: the switch in the header, the shop's own words, the kit's
// (through <CheckoutProvider locale="zh-CN" messages={zhCN}>) and the page's lang attribute.

test('简体中文: the shop and the kit speak Chinese, the page says so, and the choice is kept', async ({
  page,
}) => {
  await page.goto(`${storefrontUrl}/`)
  const html = page.locator('html')
  await expect(html).toHaveAttribute('lang', 'en')
  const languages = page.getByRole('group', { name: 'Language' })
  await expect(languages.getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  // Each language is named in its own language, and marked as such.
  await expect(languages.getByRole('button', { name: '简体中文' })).toHaveAttribute('lang', 'zh-CN')

  await languages.getByRole('button', { name: '简体中文' }).click()
  await expect(html).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout Kit 演示商店' })).toBeVisible()
  await expect(page).toHaveTitle('Checkout Kit 演示商店')
  await expect(
    page.getByRole('group', { name: '语言' }).getByRole('button', { name: '简体中文' }),
  ).toHaveAttribute('aria-pressed', 'true')

  await expect(page.getByRole('heading', { level: 2, name: '搪瓷露营杯' })).toBeVisible()
  await expect(page.getByText('350 毫升钢制杯，蓝色搪瓷外层。')).toBeVisible()
  await page.getByRole('button', { name: '加入购物车 (搪瓷露营杯)' }).click()
  await expect(page.getByRole('status')).toHaveText(
    '已将 搪瓷露营杯 加入购物车（购物车中有 1 件）。',
  )
  await expect(page.getByRole('navigation', { name: '商店' })).toContainText('购物车（1 件）')

  // Kept across a page load, as across a trip to a gateway's page.
  await page.reload()
  await expect(html).toHaveAttribute('lang', 'zh-CN')
  await page.getByRole('link', { name: '去结账' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '结账' })).toBeFocused()
  await expect(page).toHaveTitle('结账 — Checkout Kit 演示商店')
  await page.getByRole('button', { name: '下单' }).click()
  await expect(page.getByText(/^订单 ord\w+：合计 12\.00 USD$/)).toBeVisible()
  await expect(page.getByRole('list').getByText(/^1 × 搪瓷露营杯/)).toBeVisible()

  await page.getByRole('radio', { name: 'PingPong 银行卡' }).check()
  await page.getByLabel('卡号', { exact: true }).fill(testCards.decline)
  await page.getByLabel('有效期', { exact: true }).fill('12/30')
  await page.getByLabel('安全码', { exact: true }).fill('123')
  await page.getByLabel('持卡人姓名', { exact: true }).fill('Ada Lovelace')
  await page.getByRole('button', { name: '支付', exact: true }).click()

  await expect(page.getByRole('heading', { level: 1, name: '支付结果' })).toBeFocused()
  await expect(page.getByText('支付失败', { exact: true })).toBeVisible()
  await expect(page).toHaveTitle('支付失败 — Checkout Kit 演示商店')
  await expect(page.getByRole('link', { name: '重新支付此订单' })).toBeVisible()
  await expect(page.getByRole('region', { name: '流程时间线' })).toBeVisible()

  // And back: the same page in English at once, the kit's words too.
  await page.getByRole('button', { name: 'English' }).click()
  await expect(html).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'Payment result' })).toBeVisible()
  await expect(page.getByText('Payment failed', { exact: true })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Pay for this order again' })).toBeVisible()
})

// A polite region speaks whenever its text changes: rewritten in the new language, the
// catalogue's "added to your cart" would tell the shopper again that the mug was added.
test('switching language does not announce the last cart addition again', async ({
  storefront,
  page,
}) => {
  await page.goto(`${storefrontUrl}/`)
  await storefront.addToCart('Enamel camp mug')
  const region = page.locator('main [role="status"]').first()
  await expect(region).toHaveText('Enamel camp mug added to your cart (1 in cart).')

  await page.getByRole('button', { name: '简体中文' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(region).toHaveText('Enamel camp mug added to your cart (1 in cart).')
})
