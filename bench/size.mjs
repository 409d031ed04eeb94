#!/usr/bin/env node
// Size budget of @checkout-kit/react, measured as a merchant pays for it: a minified production
// page per entry point, gzipped, minus the same page without the kit. React and ReactDOM count as
// the page's own (every React shop already ships them).
//
//   node bench/size.mjs              prints the table
//   node bench/size.mjs --check      also exits 1 when a page is over its budget
//   node bench/size.mjs --breakdown  also lists, per page, which source files the added bytes
//                                    come from (minified), to show where a cut would pay
import { gzipSync } from 'node:zlib'
import { SourceMapConsumer } from 'source-map-js'
import { build, defaultClientConditions } from 'vite'

// A shop written in JSX, as React shops are: react/jsx-runtime, which the kit's components use
// too, is React's own code and the page's, not something the kit adds.
const baselineSource = `
import { jsx } from 'react/jsx-runtime'
import { createRoot } from 'react-dom/client'
createRoot(document.getElementById('root')).render(jsx('main', { children: 'A shop' }))
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

/** The page's one chunk, minified as a merchant's production build makes it. */
async function buildPage(source, { sourcemap = false } = {}) {
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
      sourcemap,
      modulePreload: false,
      rollupOptions: { input: 'bench-entry' },
    },
  })
  const results = Array.isArray(output) ? output : [output]
  return results.flatMap((result) => result.output.filter((file) => file.type === 'chunk'))
}

async function gzippedBytes(source) {
  let bytes = 0
  for (const chunk of await buildPage(source)) bytes += gzipSync(chunk.code, { level: 9 }).length
  return bytes
}

/** A source file's name for the breakdown: its package and path, or the npm package it is in. */
function sourceLabel(source) {
  const ours = /packages\/([^/]+)\/(.+)$/.exec(source)
  if (ours && !source.includes('node_modules')) return `${ours[1]}/${ours[2]}`
  const dependency = /node_modules\/(?!\.pnpm\/)((?:@[^/]+\/)?[^/]+)/.exec(source)
  return dependency ? dependency[1] : '(bundler runtime)'
}

const pageOwnCode = new Set(['react', 'react-dom', 'scheduler', '(bundler runtime)'])

/**
 * Minified bytes per source file, read from the chunk's source map: each mapped span of the
 * output belongs to the file its mapping names. Gzip does not split that way, so the table
 * gives minified bytes and each file's share of the kit's.
 */
async function minifiedBytesBySource(source) {
  const bytes = new Map()
  for (const chunk of await buildPage(source, { sourcemap: true })) {
    // Offsets of line starts, so a mapping's span can run across lines (a multi-line template
    // string, such as a style sheet, belongs to the file whose mapping it starts after).
    const lineStarts = [0]
    for (let index = 0; index < chunk.code.length; index++) {
      if (chunk.code[index] === '\n') lineStarts.push(index + 1)
    }
    const spans = []
    new SourceMapConsumer(chunk.map).eachMapping((mapping) => {
      const offset = lineStarts[mapping.generatedLine - 1] + mapping.generatedColumn
      spans.push({
        offset,
        label: mapping.source ? sourceLabel(mapping.source) : '(bundler runtime)',
      })
    })
    spans.sort((a, b) => a.offset - b.offset)
    spans.forEach((span, index) => {
      const end = spans[index + 1]?.offset ?? chunk.code.length
      bytes.set(span.label, (bytes.get(span.label) ?? 0) + end - span.offset)
    })
  }
  return bytes
}

async function printBreakdown(page) {
  const rows = [...(await minifiedBytesBySource(page.source))].filter(
    ([label]) => !pageOwnCode.has(label),
  )
  rows.sort((a, b) => b[1] - a[1])
  const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0)
  console.log(
    `\n${page.name}: ${(total / 1024).toFixed(1)} kB minified from the kit and its dependencies`,
  )
  for (const [label, bytes] of rows.slice(0, 15)) {
    console.log(
      `  ${String(bytes).padStart(6)} B  ${((bytes / total) * 100).toFixed(0).padStart(3)} %  ${label}`,
    )
  }
  if (rows.length > 15) console.log(`  … ${rows.length - 15} more files`)
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
if (process.argv.includes('--breakdown')) {
  for (const page of pages) await printBreakdown(page)
}
if (over && process.argv.includes('--check')) {
  console.error('\nOver budget.')
  process.exit(1)
}
