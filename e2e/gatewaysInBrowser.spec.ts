import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { build } from 'vite'

// @checkout-kit/gateways promises to run in browsers as well as in Node and edge runtimes (the
// emulator's browser side signs with it). Bundle it for the browser and check signatures in Chromium.

const entry = fileURLToPath(new URL('../packages/gateways/src/index.ts', import.meta.url))

async function bundleGatewaysForBrowser(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['iife'], name: 'CheckoutKitGateways' },
    },
  })
  const results = Array.isArray(output) ? output : [output]
  for (const result of results) {
    if ('output' in result) {
      const chunk = result.output.find((file) => file.type === 'chunk')
      if (chunk && chunk.type === 'chunk') return chunk.code
    }
  }
  throw new Error('Vite produced no JavaScript chunk for @checkout-kit/gateways')
}

test('the gateways package signs and verifies in Chromium as it does in Node', async ({ page }) => {
  const bundle = await bundleGatewaysForBrowser()
  await page.setContent('<!doctype html><title>gateways</title>')
  await page.addScriptTag({ content: bundle })

  const results = await page.evaluate(() => {
    type Gateways = typeof import('../packages/gateways/src/index.ts')
    const { pingpong, pockyt, oceanpayment } = (
      window as unknown as { CheckoutKitGateways: Gateways }
    ).CheckoutKitGateways
    const pingpongSign = pingpong.signEnvelope(
      {
        accId: '2018092714313010016291',
        clientId: '2018092714313010016',
        signType: 'SHA256',
        version: '1.0',
        bizContent:
          '{"captureDelayHours":"0","amount":"1000","currency":"USD","merchantTransactionId":"PMT-PR5GFUNZQP1695182276082","payResultUrl":"https://test-acquirerpay.pingpongx.com/qa/result.html","payCancelUrl":"https://test-acquirerpay.pingpongx.com/qa/result.html","shopperIP":"222.126.52.23","customer":{"identificationId":"211","lastName":"LeBronbb","email":"test@pingpongx.com","phone":"9157030054"}}',
      },
      'F78BC96A55548B2319EE68E0',
    )
    const pockytSign = pockyt.sign(
      {
        amount: '1.00',
        callbackUrl: 'https://wx.yuansfer.yunkeguan.com/wx',
        currency: 'USD',
        goodsInfo: '[{"goods_name":"Yuansfer","quantity":"1"}]',
        ipnUrl: 'https://wx.yuansfer.yunkeguan.com/wx',
        merchantNo: '200043',
        reference: 'seq_1525922323',
        storeNo: '300014',
        terminal: 'ONLINE',
        timeout: '120',
        vendor: 'alipay',
      },
      '5cbfb079f15b150122261c8537086d77a',
    )
    const oceanpaymentSign = oceanpayment.signRequest(
      {
        account: '995149',
        terminal: '99514901',
        backUrl: 'https://www.abc.com/back.php',
        order_number: 'NO12345678',
        order_currency: 'USD',
        order_amount: '0.01',
        billing_firstName: 'test',
        billing_lastName: 'test',
        billing_email: 'test@gmail.com',
      },
      '12345678',
    )
    return { pingpongSign, pockytSign, oceanpaymentSign }
  })

  expect(results).toEqual({
    pingpongSign: '28178F3C0B0AF10343F715211B9C7791AB4CF091EB4580505E053318E8F37B85',
    pockytSign: 'b6bfd66531ae7c9499115c7480a2c8aa',
    oceanpaymentSign: '55712991297d346095bc09c3f5d63888c063ea86a4f401af735bfcd4f3f7e561',
  })
})
