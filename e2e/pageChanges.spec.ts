import { storefrontUrl } from '../playwright.config.ts'
import { expect, test, testCards } from './fixtures.ts'

// The storefront changes pages without loading a document: each new page says so, by its title
// and by focus on its heading, as a loaded document would.

test('each page change moves focus to the new heading and names the page in the title', async ({
  storefront,
  page,
}) => {
  await page.goto(`${storefrontUrl}/`)
  await expect(page).toHaveTitle('Checkout Kit demo shop')
  // A loaded document is announced by the browser: its heading is left alone.
  await expect(page.getByRole('heading', { level: 1 })).not.toBeFocused()

  await storefront.addToCart('Enamel camp mug')
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeFocused()
  await expect(page).toHaveTitle('Checkout — Checkout Kit demo shop')

  // The payment ends on the result page: its title says how.
  await page.getByRole('button', { name: 'Place order' }).click()
  await storefront.payByCard(testCards.decline)
  await storefront.expectNotSucceeded('Payment failed')
  await expect(page.getByRole('heading', { level: 1, name: 'Payment result' })).toBeFocused()
  await expect(page).toHaveTitle('Payment failed — Checkout Kit demo shop')

  await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Orders' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeFocused()
  await expect(page).toHaveTitle('Orders — Checkout Kit demo shop')

  // Back is a page change too.
  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Payment result' })).toBeFocused()
  await expect(page).toHaveTitle('Payment failed — Checkout Kit demo shop')
})
