import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  path: string
  contentType: string
  body: string
}

/**
 * A merchant's notification endpoint for tests: records what arrives and answers with the replies
 * queued by the test (then `defaultReply`), so retry schedules can be driven.
 */
/** A reply of the merchant's endpoint; `location` makes a redirect of it. */
export interface MerchantReply {
  status: number
  body: string
  location?: string
}

export async function startMerchantServer(defaultReply: MerchantReply) {
  const received: ReceivedRequest[] = []
  const replies: MerchantReply[] = []
  const waiters: (() => void)[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      received.push({
        path: request.url ?? '/',
        contentType: request.headers['content-type'] ?? '',
        body,
      })
      const reply = replies.shift() ?? defaultReply
      response
        .writeHead(reply.status, {
          'content-type': 'text/plain',
          ...(reply.location ? { location: reply.location } : {}),
        })
        .end(reply.body)
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    received,
    /** Answers the next requests with these replies, in order. */
    replyNext(...next: MerchantReply[]) {
      replies.push(...next)
    },
    /** Resolves once `count` requests have arrived (fails the test after `timeoutMs`). */
    async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedRequest[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} requests at the merchant, got ${received.length}`)
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return received.slice(0, count)
    },
    clear() {
      received.length = 0
      replies.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Submits a hosted page's form as a browser would, without following the redirect. */
export function submitForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}
