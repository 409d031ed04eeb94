import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, type Page, test } from '@playwright/test'
import { pingpong } from '../packages/gateways/src/index.ts'
import { emulatorUrl } from '../playwright.config.ts'

// The mock hosted JS SDK (`window.ppPay`), used the way PingPong's docs show: a merchant page loads
// the script, constructs `new ppPay({ root, … })` and calls `createPayment(token)`.

const credentials = pingpong.sandboxCredentials
const resultUrl = `${emulatorUrl}/`

async function prePayToken(): Promise<{ token: string; scriptUrl: string; reference: string }> {
  const reference = `SDK-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
  const request = pingpong.buildPrePayRequest(
    {
      merchantTransactionId: reference,
      amount: { value: '15.00', currency: 'USD' },
      shopperIP: '127.0.0.1',
      payResultUrl: resultUrl,
      payCancelUrl: resultUrl,
    },
    credentials,
  )
  const response = await fetch(`${emulatorUrl}/pingpong${request.path}`, {
    method: 'POST',
    body: request.body,
  })
  const prePay = pingpong.parsePrePayResponse(await response.text(), credentials.salt)
  if (!prePay.ok || !prePay.value.innerJsUrl) throw new Error('prePay failed')
  return { token: prePay.value.token, scriptUrl: prePay.value.innerJsUrl, reference }
}

/**
 * A merchant's checkout page with a mount point for the SDK, served over real HTTP on loopback:
 * another origin than the emulator's (localhost, not 127.0.0.1), and a real local address, which
 * Chromium requires before a page may load loopback scripts.
 */
async function merchantPage(page: Page, scriptUrl: string) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!doctype html><html lang="en"><title>Shop</title><main><h1>Checkout</h1>
      <div id="payment-wrap"></div><button id="pay-now">Place order</button></main>
      <script src="${scriptUrl}"></script></html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  merchantServers.push(server)
  const { port } = server.address() as AddressInfo
  await page.goto(`http://localhost:${port}/checkout`)
  await page.waitForFunction(() => 'ppPay' in window)
}

const merchantServers: Server[] = []
test.afterAll(async () => {
  await Promise.all(
    merchantServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

async function fillCard(page: Page) {
  const cashier = page.frameLocator('iframe[title="PingPong checkout"]')
  await cashier.getByLabel('Card number').fill('4111 1111 1111 1111')
  await cashier.getByLabel('Expiry date').fill('12/30')
  await cashier.getByLabel('Security code').fill('123')
  await cashier.getByLabel('Name on card').fill('Ada Lovelace')
  return cashier
}

test('ppPay mounts the cashier in root and ends on payResultUrl', async ({ page }) => {
  const { token, scriptUrl, reference } = await prePayToken()
  await merchantPage(page, scriptUrl)
  await page.evaluate((token) => {
    const PpPay = (
      window as unknown as {
        ppPay: new (options: object) => { createPayment(token: string): void }
      }
    ).ppPay
    new PpPay({
      mode: 'sandbox',
      lang: 'en',
      root: '#payment-wrap',
      base: { height: '560px' },
    }).createPayment(token)
  }, token)
  const cashier = await fillCard(page)
  await cashier.getByRole('button', { name: 'Pay' }).click()
  await expect(page).toHaveURL(resultUrl)
  await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('succeeded')
})

test('manual mode: the merchant’s own button pays through actionPayment', async ({ page }) => {
  const { token, scriptUrl, reference } = await prePayToken()
  await merchantPage(page, scriptUrl)
  await page.evaluate((token) => {
    type Client = {
      createPayment(token: string): void
      actionPayment(callback: (result: unknown) => void): void
    }
    const PpPay = (window as unknown as { ppPay: new (options: object) => Client }).ppPay
    const client = new PpPay({
      mode: 'sandbox',
      root: '#payment-wrap',
      manul: true,
      base: { height: '420px' },
    })
    client.createPayment(token)
    document
      .getElementById('pay-now')
      ?.addEventListener('click', () => client.actionPayment(() => {}))
  }, token)
  const cashier = await fillCard(page)
  await expect(cashier.getByRole('button', { name: 'Pay' })).toBeHidden()
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page).toHaveURL(resultUrl)
  await expect(page.getByRole('row').filter({ hasText: reference })).toContainText('succeeded')
})
