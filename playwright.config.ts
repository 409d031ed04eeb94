import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig, devices } from '@playwright/test'

// Debian's Chromium when the machine has it (Playwright cannot download its own browser on every
// machine); Playwright's own Chromium everywhere else.
const systemChromium = '/usr/bin/chromium'
const runningAsRoot = process.getuid?.() === 0

const chromiumArgs = [
  // Chromium refuses to start as root inside its sandbox.
  ...(runningAsRoot ? ['--no-sandbox'] : []),
  // Keep the browser off the network except for the pages under test.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// Ports can be moved (E2E_EMULATOR_PORT, E2E_STOREFRONT_PORT) to run two suites side by side.
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 4010)
const storefrontPort = Number(process.env.E2E_STOREFRONT_PORT ?? 5173)

/** The gateway emulator the specs pay against, on its own origin as in production. */
export const emulatorUrl = `http://127.0.0.1:${emulatorPort}`

/** The demo storefront: its SPA and merchant API share this origin. */
export const storefrontUrl = `http://127.0.0.1:${storefrontPort}`

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: chromiumArgs,
  },
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  webServer: [
    {
      command: `node packages/mock-gateway/bin/checkout-kit-mock-gateway.mjs --port ${emulatorPort} --time-scale 0.01`,
      url: `${emulatorUrl}/`,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    },
    {
      // The demo storefront as it would ship: the SPA built by Vite, served with the merchant API by
      // one Node server on one origin, paying through the emulator above instead of starting its own.
      command:
        'node node_modules/vite/bin/vite.js build --logLevel warn && node --conditions=@checkout-kit/source --import tsx/esm server/start.ts --production',
      cwd: 'apps/storefront',
      env: {
        CHECKOUT_KIT_EMULATOR_URL: emulatorUrl,
        PORT: String(storefrontPort),
        // Empty stores for each run, away from the developer's apps/storefront/.data. Only the
        // runner's value is used (it starts the server); workers evaluate this line to no effect.
        STOREFRONT_DATA_DIR: join(
          tmpdir(),
          `checkout-kit-e2e-storefront-${storefrontPort}-${Date.now()}`,
        ),
      },
      url: `${storefrontUrl}/`,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    },
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // One project: specs that bend the emulator scope it to their own payment (its notification mode
  // takes an order reference), so every spec can run in parallel with the others.
  projects: [
    {
      name: 'chromium',
      use: chromium,
    },
  ],
})
