import { expect, type Page, test } from '@playwright/test'
import { pingpong } from '../packages/gateways/src/index.ts'
import { emulatorUrl } from '../playwright.config.ts'
import { expectNoSeriousViolations } from './fixtures.ts'

// The emulator's hosted pages are what a shopper sees on the gateway's side. They must work with a
// keyboard alone, carry the labels the kit's docs and specs rely on, and pass an accessibility scan.

const credentials = pingpong.sandboxCredentials
const resultUrl = `${emulatorUrl}/` // the emulator's index page stands in for a merchant's result page

async function signed<T>(
  request: { path: string; body: string },
  parse: (raw: string) => T,
): Promise<T> {
  const response = await fetch(`${emulatorUrl}/pingpong${request.path}`, {
    method: 'POST',
    body: request.body,
  })
  return parse(await response.text())
}

function order() {
  const reference = `E2E-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  return {
    merchantTransactionId: reference,
    amount: { value: '42.00', currency: 'USD' },
    shopperIP: '127.0.0.1',
    payResultUrl: resultUrl,
    payCancelUrl: resultUrl,
  }
}

async function openCashier(page: Page) {
  const input = order()
  const prePay = await signed(pingpong.buildPrePayRequest(input, credentials), (raw) =>
    pingpong.parsePrePayResponse(raw, credentials.salt),
  )
  if (!prePay.ok) throw new Error(prePay.error.message)
  await page.goto(prePay.value.paymentUrl)
  return input
}

test('the hosted cashier takes a test card with the keyboard alone', async ({ page }) => {
  const input = await openCashier(page)
  await expect(page.getByRole('heading', { name: 'Pay 42.00 USD' })).toBeVisible()
  await expectNoSeriousViolations(page)

  await page.getByLabel('Card number').focus()
  await page.keyboard.type('4111 1111 1111 1111')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Expiry date')).toBeFocused()
  await page.keyboard.type('12/30')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Security code')).toBeFocused()
  await page.keyboard.type('123')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Name on card')).toBeFocused()
  await page.keyboard.type('Ada Lovelace')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Pay' })).toBeFocused()
  await page.keyboard.press('Enter')

  await expect(page).toHaveURL(resultUrl)
  const row = page.getByRole('row').filter({ hasText: input.merchantTransactionId })
  await expect(row).toContainText('succeeded')
})

test('the hosted cashier fits a phone: every field is in view without scrolling sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 640 })
  await openCashier(page)
  for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card']) {
    const box = await page.getByLabel(label).boundingBox()
    expect(box, label).not.toBeNull()
    expect((box?.x ?? 0) + (box?.width ?? 0), label).toBeLessThanOrEqual(320)
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
})

test('an invalid card number is announced and the shopper can correct it', async ({ page }) => {
  await openCashier(page)
  await page.getByLabel('Card number').fill('4111 1111 1111 1112')
  await page.getByLabel('Expiry date').fill('12/30')
  await page.getByLabel('Security code').fill('123')
  await page.getByLabel('Name on card').fill('Ada Lovelace')
  await page.getByLabel('Name on card').press('Enter')
  await expect(page.getByRole('alert')).toHaveText('Enter a valid card number.')
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true')
})

test('the 3DS challenge page takes the code with the keyboard', async ({ page }) => {
  const input = await openCashier(page)
  await page.getByLabel('Card number').fill('5200 0000 0000 1096')
  await page.getByLabel('Expiry date').fill('12/30')
  await page.getByLabel('Security code').fill('123')
  await page.getByLabel('Name on card').fill('Ada Lovelace')
  await page.getByRole('button', { name: 'Pay' }).click()

  await expect(page.getByRole('heading', { name: 'Verify this payment' })).toBeVisible()
  await expectNoSeriousViolations(page)
  await page.getByLabel('Verification code').focus()
  await page.keyboard.type('1234')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(resultUrl)
  await expect(
    page.getByRole('row').filter({ hasText: input.merchantTransactionId }),
  ).toContainText('succeeded')
})

test('the wallet page behind a local-payment QR code confirms with the keyboard', async ({
  page,
}) => {
  const input = { ...order(), requestId: `REQ-${Date.now()}`, paymentMethod: { type: 'AlipayCN' } }
  const result = await signed(pingpong.buildUnifiedPayRequest(input, credentials), (raw) =>
    pingpong.parseUnifiedPayResponse(raw, credentials.salt),
  )
  if (!result.ok || result.value.nextAction?.type !== 'qr-code')
    throw new Error('expected a QR code')
  await page.goto(result.value.nextAction.content)
  await expectNoSeriousViolations(page)
  await page.getByRole('button', { name: 'Confirm payment' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Payment confirmed' })).toBeVisible()
  await expect(page.getByRole('status')).toHaveText(
    'Payment confirmed. You can return to the shop.',
  )
})

test('Cancel on the cashier returns to the merchant', async ({ page }) => {
  const input = await openCashier(page)
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page).toHaveURL(resultUrl)
  await expect(
    page.getByRole('row').filter({ hasText: input.merchantTransactionId }),
  ).toContainText('cancelled')
})
