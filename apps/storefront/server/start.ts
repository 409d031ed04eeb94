// The demo storefront: the gateway emulator, the merchant server (`@checkout-kit/server` plus a
// tiny shop API) and the Vite dev server for the SPA, all on loopback. The SPA and the API share
// one origin (http://127.0.0.1:5173); the emulator keeps its own (http://127.0.0.1:4010), as a
// real gateway would.
import { mkdirSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { pingpong } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import { createCheckoutHandler, createSqlitePaymentStore } from '@checkout-kit/server'
import { getRequestListener } from '@hono/node-server'
import { createServer, defaultClientConditions, type Plugin } from 'vite'
import { createShop } from './shop.ts'

const host = '127.0.0.1'
/** `PORT=3000 npm start` moves the storefront; the emulator's port is its own variable. */
const port = Number(process.env.PORT ?? 5173)
const emulatorPort = Number(process.env.CHECKOUT_KIT_EMULATOR_PORT ?? 4010)
const origin = `http://${host}:${port}`
const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = fileURLToPath(new URL('../.data/', import.meta.url))

/** Reuses an emulator that is already running (the end-to-end suite starts one), else starts one. */
let emulator: RunningEmulator | undefined
let emulatorUrl = process.env.CHECKOUT_KIT_EMULATOR_URL?.replace(/\/$/, '')
if (!emulatorUrl) {
  emulator = await startEmulator({ port: emulatorPort, host })
  emulatorUrl = emulator.url
}

mkdirSync(dataDir, { recursive: true })
const shop = createShop('/api/shop')
const checkout = createCheckoutHandler({
  publicUrl: `${origin}/api/checkout`,
  allowedReturnOrigins: [origin],
  store: await createSqlitePaymentStore({ path: `${dataDir}payments.db` }),
  resolveOrder: (orderId) => shop.resolveOrder(orderId),
  gateways: {
    pingpong: {
      ...pingpong.sandboxCredentials,
      baseUrl: `${emulatorUrl}/pingpong`,
      riskPluginUrl: `${emulatorUrl}/pingpong/risk/acquirerRiskControl.min.js`,
      apmMethods: [
        { method: 'AlipayCN', presentation: 'qr-code' },
        { method: 'GCash', presentation: 'redirect' },
      ],
    },
    pockyt: {
      merchantNo: '200043',
      storeNo: '300014',
      token: '5cbfb079f15b150122261c8537086d77a',
      baseUrl: `${emulatorUrl}/pockyt`,
    },
    oceanpayment: {
      account: '995149',
      terminal: '99514901',
      secureCode: '12345678',
      baseUrl: `${emulatorUrl}/oceanpayment`,
    },
  },
})

const api = getRequestListener((request) => {
  const { pathname } = new URL(request.url)
  if (pathname === '/api/checkout' || pathname.startsWith('/api/checkout/')) {
    return checkout(request)
  }
  return shop.handle(request)
})

/** Mounts the merchant API on the Vite dev server, before Vite's own middlewares. */
const merchantApi: Plugin = {
  name: 'checkout-kit-merchant-api',
  configureServer(server) {
    server.middlewares.use(
      (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
        const url = request.url ?? '/'
        if (url === '/api' || url.startsWith('/api/')) {
          api(request, response).catch(next)
          return
        }
        next()
      },
    )
  },
}

const vite = await createServer({
  root,
  configFile: false,
  appType: 'spa',
  plugins: [merchantApi],
  resolve: { conditions: ['@checkout-kit/source', ...defaultClientConditions] },
  // The SPA allows redirects and scripts from the emulator's origin, wherever it runs.
  define: {
    'import.meta.env.CHECKOUT_KIT_GATEWAY_ORIGIN': JSON.stringify(new URL(emulatorUrl).origin),
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { host, port, strictPort: true },
  clearScreen: false,
  logLevel: 'warn',
})
await vite.listen()

process.stdout.write(
  `\nCheckout Kit demo storefront: open ${origin}/\n` +
    `Gateway emulator (payments, notifications, test cards): ${emulatorUrl}/\n` +
    'Test card: 4111 1111 1111 1111, any future expiry, any security code. Ctrl+C stops.\n\n',
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await vite.close()
  await checkout.close()
  await emulator?.close()
  process.exit(0)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop())
