/** How often an open stream asks about the open payments it last sent (see below). */
const RECHECK_MS = 5000

/** How long to wait before reading again after a failed read: 1 s, 2 s, then every 5 s. */
const RETRY_MS = [1000, 2000, 5000] as const

/**
 * A `text/event-stream` response that sends `event` with what `read()` answers: at once, and after
 * every change `listen` reports. Reads never overlap, and an answer equal to the last one sent is
 * not sent again. A failed read sends `shop-error` and is tried again, backing off, until one
 * succeeds, so a change that came meanwhile is not lost.
 *
 * Changes the server makes arrive through `listen`; what no one tells it of is a notification that
 * never comes. So every few seconds `recheck` is given the last answer sent: it reads the open
 * payments in it through `checkout.getPayment`, which asks the gateway once a notification is
 * overdue, and any change that brings arrives through `listen` like any other.
 */
export function eventStream<T>(
  request: Request,
  options: {
    event: string
    read(): Promise<T>
    listen(changed: () => void): () => void
    recheck(last: T): Promise<void>
  },
): Response {
  const encoder = new TextEncoder()
  let stop = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = ''
      let lastValue: T | undefined
      let reading = false
      let again = false
      let rechecking = false
      let closed = false
      let failures = 0
      let retry: ReturnType<typeof setTimeout> | undefined
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
            lastValue = await options.read()
            const data = JSON.stringify(lastValue)
            if (data !== last) write(`event: ${options.event}\ndata: ${data}\n\n`)
            last = data
          } while (again && !closed)
          failures = 0
          clearTimeout(retry)
        } catch (error) {
          console.error('[storefront] a live update could not be read', String(error))
          const message = 'The latest state could not be read; retrying…'
          write(`event: shop-error\ndata: ${JSON.stringify({ message })}\n\n`)
          // The page shows the error until the next answer: send that answer even if unchanged.
          last = ''
          if (!closed) {
            clearTimeout(retry)
            retry = setTimeout(() => void send(), RETRY_MS[Math.min(failures, RETRY_MS.length - 1)])
            failures++
          }
        } finally {
          reading = false
        }
      }
      const recheck = async () => {
        if (rechecking || lastValue === undefined) return
        rechecking = true
        try {
          await options.recheck(lastValue)
        } catch (error) {
          console.error('[storefront] open payments could not be checked', String(error))
        } finally {
          rechecking = false
        }
        // Also keeps the connection from looking idle to proxies.
        write(': checked\n\n')
      }
      const unlisten = options.listen(() => void send())
      const timer = setInterval(() => void recheck(), RECHECK_MS)
      stop = () => {
        if (closed) return
        closed = true
        unlisten()
        clearInterval(timer)
        clearTimeout(retry)
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
