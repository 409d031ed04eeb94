import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { getResponse } from 'msw'
import { bufferBody } from './bufferBody.ts'
import { checkEmulatorOptions } from './checkEmulatorOptions.ts'
import { problem } from './controlApi.ts'
import { createEmulator, type Emulator } from './createEmulator.ts'
import type { EmulatorOptions } from './emulatorContext.ts'

export interface StartEmulatorOptions extends Omit<EmulatorOptions, 'baseUrl'> {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Loopback by default: the emulator is a test tool, never a public server. */
  host?: string
  /**
   * The largest request body read, in bytes; a larger one is answered `413` before it is read
   * whole. 1 MiB by default: the largest message a merchant sends a gateway is a few kilobytes.
   */
  maxBodyBytes?: number
}

export interface RunningEmulator extends Emulator {
  /** Where it listens, e.g. `http://127.0.0.1:4010`. */
  url: string
  close(): Promise<void>
}

function notFound(request: Request): Response {
  return problem(
    404,
    'not_found',
    `The emulator has no ${request.method} ${new URL(request.url).pathname}. Gateways live under /pingpong, /pockyt and /oceanpayment; see / for what it has.`,
  )
}

function tooLarge(limitBytes: number): Response {
  return problem(
    413,
    'payload_too_large',
    `The request body is larger than the emulator accepts (${limitBytes} bytes). Raise the limit with startEmulator's maxBodyBytes or the command line's --max-body-bytes.`,
    // The rest of the body is left unread: the connection cannot carry another request.
    { connection: 'close' },
  )
}

/**
 * The emulator as a real HTTP server, for browsers (hosted pages are navigations) and other
 * processes. Throws a TypeError naming every problem in `options` before it listens.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  checkEmulatorOptions(options, 'startEmulator')
  const { port = 0, host = '127.0.0.1', maxBodyBytes = 1024 * 1024, ...emulatorOptions } = options
  let emulator: Emulator | undefined
  const server: Server = createServer(
    getRequestListener(async (request) => {
      if (!emulator) return new Response('Starting', { status: 503 })
      const buffered = await bufferBody(request, maxBodyBytes)
      if (!buffered) return tooLarge(maxBodyBytes)
      return (await getResponse(emulator.handlers, buffered)) ?? notFound(buffered)
    }),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  const started = createEmulator({ ...emulatorOptions, baseUrl: url })
  emulator = started
  return {
    ...started,
    url,
    async close() {
      started.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
