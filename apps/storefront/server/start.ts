// The demo storefront: the gateway emulator, the merchant server (`@checkout-kit/server` fronted by
// a small shop API) and the SPA, all on loopback. The SPA and the API share one origin
// (http://127.0.0.1:5173); the emulator keeps its own (http://127.0.0.1:4010), as a real gateway
// would.
//
//   server/start.ts               the Vite dev server serves the SPA from src/ (npm start)
//   server/start.ts --production  one Node server serves the built SPA from dist/ and the API
import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pingpong } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import { createCheckoutHandler, createSqlitePaymentStore, serve } from '@checkout-kit/server'
import { getRequestListener } from '@hono/node-server'
import { contentSecurityPolicy } from './contentSecurityPolicy.ts'
import { createOrderStore } from './orderStore.ts'
import { serveBuiltSpa } from './serveBuiltSpa.ts'
import { serveDevPages } from './serveDevPages.ts'
import { createShop, orderResolver } from './shop.ts'

const host = '127.0.0.1'
/** `PORT=3000 npm start` moves the storefront; the emulator's port is its own variable. */
const port = Number(process.env.PORT ?? 5173)
const emulatorPort = Number(process.env.CHECKOUT_KIT_EMULATOR_PORT ?? 4010)
const production = process.argv.includes('--production')
const origin = `http://${host}:${port}`
const root = fileURLToPath(new URL('..', import.meta.url))
const distDir = fileURLToPath(new URL('../dist/', import.meta.url))
/** Orders and payments; delete the folder to start afresh. */
const dataDir =
  process.env.STOREFRONT_DATA_DIR ?? fileURLToPath(new URL('../.data/', import.meta.url))

if (production && !existsSync(`${distDir}index.html`)) {
  process.stderr.write(
    'The production SPA is not built: run `pnpm --filter @checkout-kit/storefront build` first.\n',
  )
  process.exit(1)
}

/** Reuses an emulator that is already running (the end-to-end suite starts one), else starts one. */
let emulator: RunningEmulator | undefined
let emulatorUrl = process.env.CHECKOUT_KIT_EMULATOR_URL?.replace(/\/$/, '')
if (!emulatorUrl) {
  emulator = await startEmulator({ port: emulatorPort, host })
  emulatorUrl = emulator.url
}
const gatewayOrigin = new URL(emulatorUrl).origin
// It goes into the page and into the CSP header: a plain scheme, host and port, nothing else.
if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(gatewayOrigin)) {
  process.stderr.write(`CHECKOUT_KIT_EMULATOR_URL is not a plain http(s) origin: ${emulatorUrl}\n`)
  process.exit(1)
}
const renderIndex = (html: string) =>
  html.replace('__CHECKOUT_KIT_GATEWAY_ORIGIN__', () => gatewayOrigin)

mkdirSync(dataDir, { recursive: true })
const orders = await createOrderStore({ path: join(dataDir, 'orders.db') })
const checkout = createCheckoutHandler({
  publicUrl: `${origin}/api/checkout`,
  // The shop answers on localhost too (it resolves to this address), and a developer may type it.
  allowedReturnOrigins: [origin, `http://localhost:${port}`],
  store: await createSqlitePaymentStore({ path: join(dataDir, 'payments.db') }),
  resolveOrder: orderResolver(orders),
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
const shop = createShop({ orders, checkout })

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/')

let closeSpa: () => Promise<void>
if (production) {
  const spa = await serveBuiltSpa(distDir, {
    renderIndex,
    contentSecurityPolicy: (nonce) => contentSecurityPolicy({ nonce, gatewayOrigin }),
  })
  const server = await serve(
    (request) => (isApi(new URL(request.url).pathname) ? shop.handle(request) : spa(request)),
    { port, hostname: host },
  )
  closeSpa = server.close
} else {
  closeSpa = await startDevServer()
}

/**
 * The Vite dev server with the shop's API mounted before Vite's own middlewares, and the pages
 * served as in production: `index.html` for every page path, with a fresh nonce and the same
 * Content-Security-Policy (appType 'custom' leaves the HTML to us, so the nonce can be written
 * after Vite has put its placeholder on the tags it adds).
 */
async function startDevServer(): Promise<() => Promise<void>> {
  const { createServer } = await import('vite')
  const api = getRequestListener(shop.handle)
  const vite = await createServer({
    configFile: `${root}vite.config.ts`,
    appType: 'custom',
    plugins: [
      {
        name: 'checkout-kit-storefront',
        configureServer(server) {
          server.middlewares.use(
            (
              request: IncomingMessage,
              response: ServerResponse,
              next: (error?: unknown) => void,
            ) => {
              if (isApi(new URL(request.url ?? '/', origin).pathname)) {
                api(request, response).catch(next)
                return
              }
              next()
            },
          )
          // After Vite's own middlewares: whatever they did not serve (a module, a file) is a page.
          const pages = getRequestListener(
            serveDevPages({
              renderIndex: async (url) =>
                server.transformIndexHtml(url, await readFile(`${root}index.html`, 'utf8')),
              contentSecurityPolicy: (nonce) => contentSecurityPolicy({ nonce, gatewayOrigin }),
            }),
          )
          return () => {
            server.middlewares.use(
              (
                request: IncomingMessage,
                response: ServerResponse,
                next: (error?: unknown) => void,
              ) => {
                pages(request, response).catch(next)
              },
            )
          }
        },
        transformIndexHtml: renderIndex,
      },
    ],
    server: { host, port, strictPort: true },
    logLevel: 'warn',
  })
  await vite.listen()
  return () => vite.close()
}

process.stdout.write(
  `\nCheckout Kit demo storefront${production ? ' (production build)' : ''}: open ${origin}/\n` +
    `Gateway emulator (payments, notifications, test cards): ${emulatorUrl}/\n` +
    'Test card: 4111 1111 1111 1111, any future expiry, any security code. Ctrl+C stops.\n\n',
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await closeSpa()
  await checkout.close()
  await orders.close()
  await emulator?.close()
  process.exit(0)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop())
