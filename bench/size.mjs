#!/usr/bin/env node
// Size budget of @checkout-kit/react, measured as a merchant pays for it: a minified production
// page per entry point, gzipped, minus the same page without the kit. React and ReactDOM count as
// the page's own (every React shop already ships them).
//
//   node bench/size.mjs          prints the table
//   node bench/size.mjs --check  also exits 1 when a page is over its budget
import { gzipSync } from 'node:zlib'
import { build, defaultClientConditions } from 'vite'

const baselineSource = `
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
createRoot(document.getElementById('root')).render(createElement('main', null, 'A shop'))
`

/** Each page renders what a merchant of that kind renders. */
const pages = [
  {
    name: 'redirect only',
    budgetKb: 3,
    source: `
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { CheckoutProvider, HostedRedirect } from '@checkout-kit/react/redirect'
createRoot(document.getElementById('root')).render(
  h(CheckoutProvider, { baseUrl: '/api/checkout', allowedOrigins: ['https://pay.example'] },
    h(HostedRedirect, { gateway: 'pockyt', orderId: 'o', returnUrl: '/r' })))
`,
  },
  {
    name: 'card payment',
    budgetKb: 10,
    source: `
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { CheckoutProvider, CardPayment } from '@checkout-kit/react/card'
createRoot(document.getElementById('root')).render(
  h(CheckoutProvider, { baseUrl: '/api/checkout', allowedOrigins: ['https://pay.example'] },
    h(CardPayment, { orderId: 'o', returnUrl: '/r' })))
`,
  },
  {
    name: 'local payment with QR',
    budgetKb: 9,
    source: `
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { CheckoutProvider, LocalPayment } from '@checkout-kit/react/local'
createRoot(document.getElementById('root')).render(
  h(CheckoutProvider, { baseUrl: '/api/checkout', allowedOrigins: ['https://pay.example'] },
    h(LocalPayment, { method: 'AlipayCN', orderId: 'o', returnUrl: '/r' })))
`,
  },
  {
    name: 'everything',
    budgetKb: 20,
    source: `
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { CardPayment, CheckoutProvider, HostedCheckout, LocalPayment, PaymentResult } from '@checkout-kit/react'
createRoot(document.getElementById('root')).render(
  h(CheckoutProvider, { baseUrl: '/api/checkout', allowedOrigins: ['https://pay.example'] },
    h(HostedCheckout, { gateway: 'pingpong', flow: 'hosted-sdk', orderId: 'o', returnUrl: '/r' }),
    h(CardPayment, { orderId: 'o', returnUrl: '/r' }),
    h(LocalPayment, { method: 'AlipayCN', orderId: 'o', returnUrl: '/r' }),
    h(PaymentResult, {})))
`,
  },
]

/** For scale: what Adyen Web adds to the same page (its own published figures, gzip). */
const adyen = { card: 96, redirectQr3ds: 56 }

async function gzippedBytes(source) {
  const entry = '\0bench-entry.js'
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: process.cwd(),
    mode: 'production',
    resolve: { conditions: ['@checkout-kit/source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'bench-entry',
        resolveId: (id) => (id === 'bench-entry' ? entry : undefined),
        load: (id) => (id === entry ? source : undefined),
      },
    ],
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      rollupOptions: { input: 'bench-entry' },
    },
  })
  const results = Array.isArray(output) ? output : [output]
  let bytes = 0
  for (const result of results) {
    for (const file of result.output) {
      if (file.type === 'chunk') bytes += gzipSync(file.code, { level: 9 }).length
    }
  }
  return bytes
}

const kb = (bytes) => bytes / 1024
const baseline = await gzippedBytes(baselineSource)
console.log(`Baseline page (React + ReactDOM, no kit): ${kb(baseline).toFixed(1)} kB gzip\n`)
console.log('| page | added by the kit (gzip) | budget | share of budget |')
console.log('|---|---|---|---|')
let over = false
for (const page of pages) {
  const added = (await gzippedBytes(page.source)) - baseline
  const share = kb(added) / page.budgetKb
  if (share > 1) over = true
  console.log(
    `| ${page.name} | ${kb(added).toFixed(2)} kB | ${page.budgetKb} kB | ${(share * 100).toFixed(0)} % |`,
  )
  page.addedKb = kb(added)
}
const card = pages.find((page) => page.name === 'card payment')
const local = pages.find((page) => page.name === 'local payment with QR')
console.log(
  `\nAgainst Adyen Web on the same page: card ${(card.addedKb / adyen.card).toFixed(2)}× its ${adyen.card} kB;` +
    ` local payment + QR ${(local.addedKb / adyen.redirectQr3ds).toFixed(2)}× its redirect + QR + 3DS ${adyen.redirectQr3ds} kB.`,
)
if (over && process.argv.includes('--check')) {
  console.error('\nOver budget.')
  process.exit(1)
}
