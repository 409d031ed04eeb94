import { expect, test } from '@playwright/test'
import { decodeQrCode } from './decodeQrCode.ts'

// The QR specs read codes from pixels; a blank or broken image must fail loudly, never decode to ''.

test('decoding a QR code fails clearly when the image holds none', async ({ page }) => {
  await page.setContent(
    '<!doctype html><title>No QR code</title><main><svg role="img" aria-label="Payment QR code" width="192" height="192"><rect width="192" height="192" fill="#fff"/><rect x="40" y="40" width="112" height="112" fill="#000"/></svg></main>',
  )
  await expect(decodeQrCode(page.getByRole('img', { name: 'Payment QR code' }))).rejects.toThrow(
    /^No QR code found in the \d+×\d+ screenshot$/,
  )
})
