/** How often an open stream reads again without being told of a change (see below). */
const RECHECK_MS = 5000

/**
 * A `text/event-stream` response that sends `event` with what `read()` answers: at once, after
 * every change `listen` reports, and every few seconds. The periodic read is what catches up on a
 * late notification: reading an open payment through `checkout.getPayment` asks the gateway when
 * its notification is overdue. Reads never overlap, and an answer equal to the last one sent is
 * not sent again.
 */
export function eventStream(
  request: Request,
  options: {
    event: string
    read(): Promise<unknown>
    listen(changed: () => void): () => void
  },
): Response {
  const encoder = new TextEncoder()
  let stop = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = ''
      let reading = false
      let again = false
      let closed = false
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text))
      }
      const send = async () => {
        if (reading) {
          again = true
          return
        }
        reading = true
        try {
          do {
            again = false
            const data = JSON.stringify(await options.read())
            if (data !== last) write(`event: ${options.event}\ndata: ${data}\n\n`)
            else write(': unchanged\n\n')
            last = data
          } while (again && !closed)
        } catch (error) {
          console.error('[storefront] a live update could not be read', String(error))
          const message = 'The latest state could not be read; the page retries by itself.'
          write(`event: shop-error\ndata: ${JSON.stringify({ message })}\n\n`)
        } finally {
          reading = false
        }
      }
      const unlisten = options.listen(() => void send())
      const timer = setInterval(() => void send(), RECHECK_MS)
      stop = () => {
        if (closed) return
        closed = true
        unlisten()
        clearInterval(timer)
        try {
          controller.close()
        } catch {}
      }
      request.signal.addEventListener('abort', stop)
      void send()
    },
    cancel: () => stop(),
  })
  // HTTP/1.1 keeps the connection open by itself; no-store keeps proxies from buffering a copy.
  const headers = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
  }
  return new Response(stream, { headers })
}
