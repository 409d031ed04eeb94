import AxeBuilder from '@axe-core/playwright'
import { expect, paymentModeLabels, test } from './fixtures.ts'

// The checkout page with each payment mode selected: no serious or critical axe violation.

for (const mode of paymentModeLabels) {
  test(`checkout with "${mode}" selected has no serious accessibility violation`, async ({
    storefront,
    page,
  }) => {
    await storefront.placeOrder()
    await storefront.choose(mode)
    await expect(page.getByRole('radio', { name: mode })).toBeChecked()
    await expect(storefront.payButton()).toBeVisible()

    const { violations } = await new AxeBuilder({ page }).analyze()
    const serious = violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    )
    expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([])
  })
}
