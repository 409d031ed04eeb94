import { expect, type Page, test } from '@playwright/test'
import { emulatorUrl, storefrontUrl } from '../playwright.config.ts'

// The demo storefront driven like a shopper: roles and labels only. The storefront (SPA and
// merchant API on one origin) pays through the gateway emulator on its own origin.

async function placeOrder(page: Page) {
  await page.goto(`${storefrontUrl}/`)
  await expect(
    page.getByRole('heading', { level: 1, name: 'Checkout Kit demo shop' }),
  ).toBeVisible()
  await page.getByRole('button', { name: 'Add Enamel camp mug to cart' }).click()
  await page.getByRole('button', { name: 'Add Dot-grid notebook to cart' }).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible()
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByText('total 21.50 USD')).toBeVisible()
}

test('PingPong hosted (redirect): pay on the gateway page, back to a successful result', async ({
  page,
}) => {
  await placeOrder(page)
  await page.getByRole('radio', { name: 'PingPong hosted (redirect)' }).check()
  await page.getByRole('button', { name: /^Pay/ }).click()

  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`))
  await page.getByLabel('Card number').fill('4111 1111 1111 1111')
  await page.getByLabel('Expiry date').fill('12/30')
  await page.getByLabel('Security code').fill('123')
  await page.getByLabel('Name on card').fill('Ada Lovelace')
  await page.getByRole('button', { name: 'Pay' }).click()

  await expect(page).toHaveURL(new RegExp(`^${storefrontUrl}/result\\?paymentId=`))
  await expect(page.getByRole('heading', { level: 1, name: 'Payment result' })).toBeVisible()
  await expect(page.getByText('Payment successful', { exact: true })).toBeVisible()
})

test('PingPong card: pay on the storefront, then see a successful result', async ({ page }) => {
  await placeOrder(page)
  await page.getByRole('radio', { name: 'PingPong card' }).check()
  await page.getByLabel('Card number').fill('4111 1111 1111 1111')
  await page.getByLabel('Expiry date').fill('12/30')
  await page.getByLabel('Security code').fill('123')
  await page.getByLabel('Name on card').fill('Ada Lovelace')
  await page.getByRole('button', { name: /^Pay/ }).click()

  await expect(page).toHaveURL(new RegExp(`^${storefrontUrl}/result\\?paymentId=`))
  await expect(page.getByText('Payment successful', { exact: true })).toBeVisible()
})
