import { parseArgs } from 'node:util'
import { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { checkEmulatorOptions } from './checkEmulatorOptions.ts'
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

const failWith = (error: unknown): never =>
  fail(error instanceof Error ? error.message : String(error))

const options = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  'time-scale': { type: 'string', default: '1' },
  'max-body-bytes': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const

/**
 * Refuses the flags not in `options` by the options' check, which names the one probably meant:
 * parseArgs says only "Unknown option '--timescale'", not that `--time-scale` was meant.
 */
function failOnUnknownFlags(): void {
  const { tokens } = parseArgs({ options, strict: false, tokens: true })
  const unknown = tokens.flatMap((token) =>
    token.kind === 'option' && !Object.hasOwn(options, token.name) ? [[token.rawName, true]] : [],
  )
  try {
    checkEmulatorOptions(Object.fromEntries(unknown), 'checkout-kit-mock-gateway')
  } catch (error) {
    failWith(error)
  }
}

const { values } = (() => {
  try {
    return parseArgs({ options, strict: true })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') failOnUnknownFlags()
    return failWith(error)
  }
})()

if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

// startEmulator's rules decide, named by flag: `--port many` is refused as --port, not as port.
try {
  checkEmulatorOptions(
    {
      '--port': values.port,
      '--host': values.host,
      '--time-scale': values['time-scale'],
      '--max-body-bytes': values['max-body-bytes'],
    },
    'checkout-kit-mock-gateway',
  )
} catch (error) {
  failWith(error)
}

const port = Number(values.port)
const emulator = await startEmulator({
  port,
  host: values.host,
  timeScale: Number(values['time-scale']),
  maxBodyBytes:
    values['max-body-bytes'] === undefined ? undefined : Number(values['max-body-bytes']),
}).catch((error: unknown) =>
  fail(
    `Could not listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
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
