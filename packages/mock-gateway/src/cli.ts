import { parseArgs } from 'node:util'
import { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { startEmulator } from './startEmulator.ts'

const usage = `Usage: checkout-kit-mock-gateway [--port 4010] [--host 127.0.0.1] [--time-scale 1]
                                  [--max-body-bytes 1048576]

Runs the Checkout Kit gateway emulator (PingPongCheckout, Pockyt, Oceanpayment) over HTTP.

  --port            port to listen on (default 4010; 0 picks a free one)
  --host            address to bind (default 127.0.0.1: loopback only)
  --time-scale      multiplies notification retry waits and processing delays (e.g. 0.01)
  --max-body-bytes  the largest request body read (default 1048576, 1 MiB); a larger one gets 413
  --help            show this text`

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`)
  process.exit(2)
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        'time-scale': { type: 'string', default: '1' },
        'max-body-bytes': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    })
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
})()

if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be 0–65535, got ${values.port}`)
const timeScale = Number(values['time-scale'])
if (!Number.isFinite(timeScale) || timeScale < 0) fail(`--time-scale must be a number ≥ 0`)
const maxBodyBytes =
  values['max-body-bytes'] === undefined ? undefined : Number(values['max-body-bytes'])
if (maxBodyBytes !== undefined && (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0))
  fail(
    `--max-body-bytes must be a whole number of bytes, 1 or more, got ${values['max-body-bytes']}`,
  )

const emulator = await startEmulator({ port, host: values.host, timeScale, maxBodyBytes }).catch(
  (error: unknown) =>
    fail(
      // A TypeError is the options' check (an empty --host), not the network.
      error instanceof TypeError
        ? error.message
        : `Could not listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
    ),
)

process.stdout.write(
  [
    `Checkout Kit gateway emulator listening on ${emulator.url}`,
    // Each stands in for the gateway's sandbox, whose base URL the gateways package holds.
    `  PingPongCheckout  ${emulator.url}/pingpong      (instead of ${pingpong.baseUrls.sandbox})`,
    `  Pockyt            ${emulator.url}/pockyt        (instead of ${pockyt.baseUrls.sandbox})`,
    `  Oceanpayment      ${emulator.url}/oceanpayment  (instead of ${oceanpayment.baseUrls.test})`,
    `  Payments and notifications: ${emulator.url}/   Control API: ${emulator.url}/__emulator/`,
    '',
  ].join('\n'),
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0))
  })
}
