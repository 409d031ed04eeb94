#!/usr/bin/env node
// How soon a shopper's page learns that their payment succeeded, measured in Chromium on the demo
// storefront as it ships (the SPA built by Vite, its merchant server, the emulator on loopback). A
// QR local payment is confirmed in the wallet on a second page, as a phone would; the time runs
// from the wallet's "Confirm payment" to "Payment successful" on the checkout's own page. The kit
// hears it from the server's event stream; the baseline is the same page with that stream refused
// (as a proxy that buffers responses would), where the kit falls back to polling the payment
// (first check within 2 s, slower after a minute).
//
//   node bench/statusLatency.mjs              prints the table
//   node bench/statusLatency.mjs --samples 4  payments per variant (default 10)
//
// Run it after `npm test` (which installs the workspace and finds a Chromium). The wallet is
// confirmed at a different moment after the code appears in each sample (0 to 4 s, the same
// moments for both variants), since a poll's wait depends on where in its interval the payment
// lands.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { median, readSamples } from './samples.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

const samples = readSamples(10, 1)

/** A port nothing listens on now, on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

const started = []
/** Starts a process of the demo and waits until `url` answers. */
async function startProcess(name, command, args, { cwd = root, env = {}, url }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  started.push(child)
  let errors = ''
  child.stderr.on('data', (chunk) => {
    errors += chunk
  })
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${errors}`)
    if (waited > 120_000) throw new Error(`${name} did not answer at ${url} within 2 minutes`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const systemChromium = '/usr/bin/chromium'
const dataDir = mkdtempSync(join(tmpdir(), 'checkout-kit-status-latency-'))
let browser
try {
  const emulatorPort = await freePort()
  const storefrontPort = await freePort()
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`
  const storefrontUrl = `http://127.0.0.1:${storefrontPort}`
  // The same two processes the end-to-end suite starts (playwright.config.ts).
  await startProcess(
    'the emulator',
    process.execPath,
    [
      'packages/mock-gateway/bin/checkout-kit-mock-gateway.mjs',
      '--port',
      String(emulatorPort),
      '--time-scale',
      '0.01',
    ],
    { url: `${emulatorUrl}/` },
  )
  const storefrontDir = join(root, 'apps', 'storefront')
  const built = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
    cwd: storefrontDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const buildExit = await new Promise((resolve) => built.once('exit', resolve))
  if (buildExit !== 0) throw new Error('The storefront did not build (vite build)')
  await startProcess(
    'the storefront',
    process.execPath,
    ['--conditions=@checkout-kit/source', '--import', 'tsx/esm', 'server/start.ts', '--production'],
    {
      cwd: storefrontDir,
      env: {
        CHECKOUT_KIT_EMULATOR_URL: emulatorUrl,
        PORT: String(storefrontPort),
        STOREFRONT_DATA_DIR: dataDir,
      },
      url: `${storefrontUrl}/`,
    },
  )

  browser = await chromium.launch({
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })

  /** One QR payment: the milliseconds from the wallet's confirmation to the checkout's success. */
  async function payByQrCode({ streamed, confirmAfterMs }) {
    const context = await browser.newContext()
    try {
      if (!streamed) {
        // The payment's event stream refused, as a proxy that buffers responses would: the kit
        // falls back to polling. (The shop's own live pages use another stream, left alone.)
        await context.route(/\/api\/checkout\/payments\/[^/]+\/events$/, (route) => route.abort())
      }
      const page = await context.newPage()
      await page.goto(`${storefrontUrl}/`)
      await page.getByRole('button', { name: 'Add to cart (Enamel camp mug)', exact: true }).click()
      await page.getByRole('link', { name: 'Go to checkout' }).click()
      await page.getByRole('button', { name: 'Place order' }).click()
      await page.getByRole('radio', { name: 'PingPong local payment (QR)' }).check()
      await page.getByRole('button', { name: /^Pay/ }).click()
      const walletUrl = await page
        .getByRole('link', { name: 'Open the payment page' })
        .getAttribute('href')
      if (!walletUrl) throw new Error('The checkout shows no link to the wallet page')
      const codeShown = performance.now()

      const phone = await context.newPage()
      await phone.goto(walletUrl)
      const confirmAt = codeShown + confirmAfterMs
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, confirmAt - performance.now())),
      )
      const confirmed = performance.now()
      await phone.getByRole('button', { name: 'Confirm payment' }).click()
      await page
        .getByText('Payment successful', { exact: true })
        .waitFor({ state: 'visible', timeout: 30_000 })
      return performance.now() - confirmed
    } finally {
      await context.close()
    }
  }

  // One of each first, unmeasured: the first page load of a browser pays for warming up.
  await payByQrCode({ streamed: true, confirmAfterMs: 0 })
  await payByQrCode({ streamed: false, confirmAfterMs: 0 })
  const pushedMs = []
  const polledMs = []
  for (let index = 0; index < samples; index++) {
    // Spread evenly over 0-4 s, the first poll's interval and then some.
    const confirmAfterMs = Math.round(((index + 0.5) / samples) * 4000)
    pushedMs.push(await payByQrCode({ streamed: true, confirmAfterMs }))
    polledMs.push(await payByQrCode({ streamed: false, confirmAfterMs }))
  }

  const pushed = median(pushedMs)
  const polled = median(polledMs)
  const worst = (values) => Math.max(...values)
  console.log(
    `Chromium ${browser.version()}, Node ${process.version}; median of ${samples} QR payments each.\n`,
  )
  console.log('| the checkout learns of the payment | median | slowest | ÷ baseline |')
  console.log('|---|---|---|---|')
  console.log(
    `| from the server's event stream (the kit) | ${pushed.toFixed(0)} ms | ${worst(pushedMs).toFixed(0)} ms | ${(pushed / polled).toFixed(2)}× |`,
  )
  console.log(
    `| by polling, the event stream refused (baseline) | ${polled.toFixed(0)} ms | ${worst(polledMs).toFixed(0)} ms | 1× |`,
  )
} finally {
  await browser?.close()
  for (const child of started) child.kill()
  rmSync(dataDir, { recursive: true, force: true })
}
