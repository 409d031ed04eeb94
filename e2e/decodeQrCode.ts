import type { Locator } from '@playwright/test'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'

// jsqr is CommonJS: its function is both `module.exports` and `module.exports.default`, and only
// the second is typed for an ESM default import.
const jsQR = jsQRModule.default

/** Reads the text a QR code in a PNG image encodes; throws when the image holds no QR code. */
export function decodeQrPng(png: Buffer): string {
  const { data, width, height } = PNG.sync.read(png)
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height)
  if (!code || code.data === '') {
    throw new Error(`No QR code found in the ${width}×${height} screenshot`)
  }
  return code.data
}

/**
 * What a phone camera reads from a QR code on the page: a screenshot of the element, decoded from
 * its pixels — never its markup or its link. A quiet zone is added around the shot, as a camera
 * frames one, because the kit may draw the code without a margin.
 */
export async function decodeQrCode(qrCode: Locator): Promise<string> {
  await qrCode.scrollIntoViewIfNeeded()
  const box = await qrCode.boundingBox()
  if (!box) throw new Error('The QR code is not on screen')
  const margin = 16
  const png = await qrCode.page().screenshot({
    clip: {
      x: Math.max(0, box.x - margin),
      y: Math.max(0, box.y - margin),
      width: box.width + 2 * margin,
      height: box.height + 2 * margin,
    },
  })
  return decodeQrPng(png)
}
