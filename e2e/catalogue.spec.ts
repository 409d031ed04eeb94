import { storefrontUrl } from '../playwright.config.ts'
import { expect, expectNoSeriousViolations, test } from './fixtures.ts'

// The catalogue: each "Add to cart" is named by the words on it, and each addition is said.

test('"Add to cart" is named by its visible words and the product, and each addition is announced', async ({
  storefront,
  page,
}) => {
  await page.goto(`${storefrontUrl}/`)
  const mug = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Enamel camp mug' }) })
  const addMug = mug.getByRole('button')
  await expect(addMug).toHaveAccessibleName('Add to cart (Enamel camp mug)')
  const cartNotice = page.getByRole('status').filter({ hasText: /added to your cart/ })

  await storefront.addToCart('Enamel camp mug')
  await expect(cartNotice).toHaveText('Enamel camp mug added to your cart (1 in cart).')
  await storefront.addToCart('Enamel camp mug')
  await expect(cartNotice).toHaveText('Enamel camp mug added to your cart (2 in cart).')
  await storefront.addToCart('Dot-grid notebook')
  await expect(cartNotice).toHaveText('Dot-grid notebook added to your cart (1 in cart).')
  await expect(mug.getByText('2 in cart')).toBeVisible()
  await expectNoSeriousViolations(page, 'the catalogue with a filled cart')
})
