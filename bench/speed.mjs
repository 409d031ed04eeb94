#!/usr/bin/env node
// Speed of the merchant-server half, measured as a merchant runs it: the built packages (dist/),
// `createCheckoutHandler` with the SQLite store in a file, the gateways played by the emulator
// over loopback. Each row is set against a named baseline that does only the gateway protocol's
// part of the same job with @checkout-kit/gateways (or nothing at all, for a status read), so the
// ratio says what the merchant server adds: orders, idempotency, the store, sessions, events.
//
//   node bench/speed.mjs               builds the packages, then prints the table
//   node bench/speed.mjs --samples 50  samples per row (default 200); each is one request
//   node bench/speed.mjs --built       measures dist/ as it is, when the packages were just built
//
// Run it after `npm test` or `npx pnpm@12.21.0 install`. Figures are medians of single requests,
// the kit's and the baseline's taken in turn so that both see the same machine.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { median, readSamples } from './samples.mjs'

const root = new URL('..', import.meta.url)

const samples = readSamples(200, 5)

if (!process.argv.includes('--built')) {
  const built = spawnSync(process.execPath, ['scripts/checkout-kit.mjs', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (built.status !== 0) {
    console.error('Building the packages failed: `node scripts/checkout-kit.mjs build` shows why.')
    process.exit(1)
  }
}
const distOf = (name) => new URL(`packages/${name}/dist/index.js`, root)
const unbuilt = ['server', 'gateways', 'mock-gateway'].filter((name) => !existsSync(distOf(name)))
if (unbuilt.length > 0) {
  console.error(`No dist/ in packages/${unbuilt.join(', ')}: run without --built to build them.`)
  process.exit(1)
}
const { createCheckoutHandler, createSqlitePaymentStore, serve } = await import(
  distOf('server').href
)
const { oceanpayment, pingpong, pockyt } = await import(distOf('gateways').href)
const { startEmulator } = await import(distOf('mock-gateway').href)

const shopOrigin = 'https://shop.example'
const order = {
  amount: { value: '25.00', currency: 'USD' },
  description: 'Difference Engine',
  customer: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    address: { line1: '1 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
  },
  items: [{ name: 'Difference Engine', quantity: 1, unitPrice: '25.00' }],
}

/**
 * Per gateway: the body its notification is acknowledged with, and the baseline for a
 * notification: verifying and reading it with @checkout-kit/gateways alone.
 */
const gateways = {
  pingpong: {
    acknowledgement: pingpong.acknowledgement,
    parse: (body) => pingpong.parseNotification(JSON.parse(body), pingpong.sandboxCredentials.salt),
  },
  pockyt: {
    acknowledgement: pockyt.acknowledgement,
    parse: (body) => pockyt.parseIpn(body, pockyt.sandboxCredentials.token),
  },
  oceanpayment: {
    acknowledgement: oceanpayment.acknowledgement,
    parse: (body) => oceanpayment.parseNotice(body, oceanpayment.testCredentials.secureCode),
  },
}
const gatewayNames = Object.keys(gateways)

const emulator = await startEmulator({ timeScale: 0.001 })
const workDir = mkdtempSync(join(tmpdir(), 'checkout-kit-speed-'))
const store = await createSqlitePaymentStore({ path: join(workDir, 'payments.db') })

// Notifications are recorded on their way in, and acknowledged without reaching the handler: the
// bench hands each to the handler itself, in this process, where it can time it.
const notifications = Object.fromEntries(gatewayNames.map((name) => [name, []]))
let handler
const server = await serve(async (request) => {
  const notified = /\/notify\/(\w+)$/.exec(new URL(request.url).pathname)?.[1]
  if (notified && notifications[notified]) {
    notifications[notified].push({
      url: request.url,
      headers: [...request.headers],
      body: await request.text(),
    })
    return new Response(gateways[notified].acknowledgement)
  }
  return handler(request)
})
const api = `${server.url}/api/checkout`
handler = createCheckoutHandler({
  publicUrl: api,
  allowedReturnOrigins: [shopOrigin],
  store,
  resolveOrder: () => order,
  // A warning means the bench took a path a merchant's server should not (a refused message).
  logger: { info() {}, warn: (message) => fail(message), error: (message) => fail(message) },
  gateways: {
    pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${emulator.url}/pingpong` },
    pockyt: { ...pockyt.sandboxCredentials, baseUrl: `${emulator.url}/pockyt` },
    oceanpayment: { ...oceanpayment.testCredentials, baseUrl: `${emulator.url}/oceanpayment` },
  },
})

function fail(why) {
  throw new Error(`The bench measured something other than it means to: ${why}`)
}

/** One request through the handler, in this process: its time and what it answered. */
async function timedRequest(url, init) {
  const started = performance.now()
  const response = await handler(new Request(url, init))
  const body = await response.text()
  return { ms: performance.now() - started, status: response.status, body }
}

async function timed(work) {
  const started = performance.now()
  const result = await work()
  return { ms: performance.now() - started, result }
}

function createRequest(gateway, index) {
  return [
    `${api}/payments`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        gateway,
        flow: 'hosted-redirect',
        orderId: `BENCH-${gateway}-${index}`,
        returnUrl: `${shopOrigin}/result`,
      }),
    },
  ]
}

/** The baseline of a PingPong payment: its prePay built, sent and read with the gateways package. */
async function prePayAlone(index) {
  const request = pingpong.buildPrePayRequest(
    {
      merchantTransactionId: `BENCH-ALONE-${index}`,
      amount: order.amount,
      shopperIP: '127.0.0.1',
      payResultUrl: `${api}/return/pingpong`,
      payCancelUrl: `${api}/return/pingpong`,
      notificationUrl: `${api}/notify/pingpong`,
      remark: order.description,
    },
    pingpong.sandboxCredentials,
  )
  const response = await fetch(`${emulator.url}/pingpong${request.path}`, {
    method: request.method,
    headers: { 'content-type': request.contentType },
    body: request.body,
  })
  const parsed = pingpong.parsePrePayResponse(
    await response.json(),
    pingpong.sandboxCredentials.salt,
  )
  if (!parsed.ok) fail(`the emulator refused a prePay: ${parsed.error.message}`)
}

const rows = []
function addRow(what, kitMs, baseline, baselineMs) {
  rows.push({ what, kit: median(kitMs), baseline, base: median(baselineMs) })
}

async function measure() {
  // Payments: PingPong's timed against its prePay alone, in turn; the other gateways' only made, as
  // the notifications' subjects. A few first, unmeasured, so that neither side pays for warming up.
  for (let index = 0; index < 20; index++) {
    await timedRequest(...createRequest('pingpong', `warm-${index}`))
    await prePayAlone(`warm-${index}`)
  }
  const payments = Object.fromEntries(gatewayNames.map((name) => [name, []]))
  const createMs = []
  const prePayMs = []
  for (let index = 0; index < samples; index++) {
    for (const gateway of gatewayNames) {
      const created = await timedRequest(...createRequest(gateway, index))
      if (created.status !== 201) fail(`POST /payments answered ${created.status}: ${created.body}`)
      payments[gateway].push(JSON.parse(created.body).id)
      if (gateway === 'pingpong') createMs.push(created.ms)
    }
    prePayMs.push((await timed(() => prePayAlone(index))).ms)
  }
  addRow(
    'PingPong hosted-redirect payment started (`POST /payments`)',
    createMs,
    'its prePay built, sent and read with @checkout-kit/gateways',
    prePayMs,
  )

  // Every payment paid at the gateway, which then notifies.
  const emulated = new Map(
    [...emulator.state.payments.values()].map((payment) => [payment.orderReference, payment.id]),
  )
  for (const gateway of gatewayNames) {
    for (const paymentId of payments[gateway]) {
      const completed = await fetch(
        `${emulator.url}/__emulator/payments/${emulated.get(paymentId)}/complete`,
        { method: 'POST', body: '{"outcome":"succeeded"}' },
      )
      if (!completed.ok) fail(`the emulator could not complete ${paymentId}: ${completed.status}`)
    }
  }
  const allNotified = () => gatewayNames.every((name) => notifications[name].length >= samples)
  for (let waited = 0; !allNotified(); waited += 50) {
    if (waited > 60_000) fail('the emulator did not notify every payment within a minute')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  async function deliver(notification) {
    const { url, headers, body } = notification
    return timedRequest(url, { method: 'POST', headers, body })
  }

  // Each notification handed to the handler three times, as gateways repeat one whose
  // acknowledgement is late: the first delivery settles the payment, the second is recorded in its
  // timeline as changing nothing, the third leaves the record as it is. The gateways take turns.
  const deliveries = ['first delivery', 'delivered again', 'delivered a third time']
  for (const delivery of deliveries) {
    const kitMs = Object.fromEntries(gatewayNames.map((name) => [name, []]))
    const aloneMs = Object.fromEntries(gatewayNames.map((name) => [name, []]))
    for (let index = 0; index < samples; index++) {
      for (const gateway of gatewayNames) {
        const { acknowledgement, parse } = gateways[gateway]
        const notification = notifications[gateway][index]
        const answered = await deliver(notification)
        if (answered.status !== 200 || answered.body.trim() !== acknowledgement) {
          fail(`${gateway}'s notification was answered ${answered.status} ${answered.body}`)
        }
        kitMs[gateway].push(answered.ms)
        const alone = await timed(() => parse(notification.body))
        if (!alone.result.ok) fail(`${gateway}'s notification did not parse alone`)
        aloneMs[gateway].push(alone.ms)
      }
    }
    for (const gateway of gatewayNames) {
      addRow(
        `${gateway} notification, ${delivery} (\`POST /notify/${gateway}\`)`,
        kitMs[gateway],
        'verified and read with @checkout-kit/gateways',
        aloneMs[gateway],
      )
    }
  }

  // Status reads, what every shopper's page polls; the baseline answers the same session from
  // memory with nothing in between.
  const sessions = new Map()
  const bareHandler = async (request) =>
    Response.json(sessions.get(new URL(request.url).pathname.split('/').at(-1)))
  const readMs = []
  const bareMs = []
  // Every gateway's payments, which also shows that each notification settled its payment.
  for (const paymentId of gatewayNames.flatMap((gateway) => payments[gateway])) {
    const url = `${api}/payments/${paymentId}`
    const read = await timedRequest(url)
    const session = JSON.parse(read.body)
    if (session.status !== 'succeeded') fail(`${paymentId} reads ${session.status}, not succeeded`)
    readMs.push(read.ms)
    sessions.set(paymentId, session)
    const bare = await timed(async () => (await bareHandler(new Request(url))).text())
    bareMs.push(bare.ms)
  }
  addRow(
    'status read of a paid payment (`GET /payments/{id}`)',
    readMs,
    'a fetch handler answering the same session from memory',
    bareMs,
  )
}

try {
  await measure()
} finally {
  await handler.close()
  await server.close()
  await emulator.close()
  rmSync(workDir, { recursive: true, force: true })
}

const formatMs = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`)
console.log(
  `Node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs;` +
    ` each figure the median of ${samples} requests (${3 * samples} for the status read);` +
    ' SQLite store in a file; gateways: the emulator on loopback.\n',
)
console.log('| what | kit | baseline | baseline time | kit ÷ baseline |')
console.log('|---|---|---|---|---|')
for (const row of rows) {
  console.log(
    `| ${row.what} | ${formatMs(row.kit)} | ${row.baseline} | ${formatMs(row.base)} | ${(row.kit / row.base).toFixed(1)}× |`,
  )
}
