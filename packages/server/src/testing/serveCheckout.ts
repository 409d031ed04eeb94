import type { CheckoutHandler } from '../createCheckoutHandler.ts'
import { type RunningServer, serve } from '../serve.ts'

/**
 * A loopback server for a checkout handler that does not exist yet: the handler's `publicUrl`
 * is only known once the server listens. Mount the handler with `mount()`; until then (and
 * between a `mount(undefined)` and the next one, as a restart test does) it answers 503.
 */
export async function serveCheckout(): Promise<{
  server: RunningServer
  /** The handler's `publicUrl`: `${server.url}/api/checkout`. */
  api: string
  mount(handler: CheckoutHandler | undefined): void
}> {
  let mounted: CheckoutHandler | undefined
  const server = await serve((request) =>
    mounted ? mounted(request) : new Response('starting', { status: 503 }),
  )
  return {
    server,
    api: `${server.url}/api/checkout`,
    mount(handler) {
      mounted = handler
    },
  }
}
