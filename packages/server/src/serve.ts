import type { AddressInfo } from 'node:net'
import { serve as serveWithNode } from '@hono/node-server'

export interface ServeOptions {
  port?: number
  /** Loopback by default; `0.0.0.0` only behind something that terminates TLS. */
  hostname?: string
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787` */
  url: string
  close(): Promise<void>
}

/** Serves any `(Request) => Promise<Response>` handler on plain Node, through @hono/node-server. */
export async function serve(
  handler: (request: Request) => Promise<Response> | Response,
  options: ServeOptions = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serveWithNode>>((resolve, reject) => {
    const started = serveWithNode({ fetch: handler, port: options.port ?? 0, hostname }, () =>
      resolve(started),
    )
    started.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
