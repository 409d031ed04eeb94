import { CheckoutError, maskCardNumbers } from '@checkout-kit/core'

// Core's contract client does much more than a redirect needs: every call, status watching's
// clock, masking card data the server might echo, long development messages. The redirect sends
// one POST without card data, so it gets this: the same rules for what an answer means, at a
// fifth of the size. When the provider has a `client`, the component uses that instead.

const timeoutMs = 15_000

/**
 * POSTs `body` (or nothing) to the merchant API and returns the JSON answer. Errors are the
 * contract client's: `timeout` and `network_error` when the outcome is unknown (a proxy's 504 and
 * 502/503 included), `server_error` with the server's code and message, `invalid_response` for
 * anything that is not JSON or not an error body.
 */
export async function sendRedirectRequest(
  baseUrl: string,
  path: string,
  body?: object,
  idempotencyKey?: string,
): Promise<unknown> {
  const url = `${baseUrl.trim().replace(/\/+$/, '')}${path}`
  const label = `POST ${url}`
  const timeout = AbortSignal.timeout(timeoutMs)
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        // Only with a body: a bodiless POST (cancel) then needs no CORS preflight.
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: timeout,
      cache: 'no-store',
    })
    text = await response.text()
  } catch (cause) {
    throw timeout.aborted
      ? new CheckoutError('timeout', `${label}: no answer within ${timeoutMs} ms`)
      : new CheckoutError('network_error', `${label} failed`, { cause })
  }
  const { status } = response
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // Not JSON: a web page, a proxy's error page. `json` stays undefined.
  }
  if (response.ok && json !== undefined) return json
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  if (!response.ok && typeof error?.code === 'string' && error.code !== '') {
    const message =
      typeof error.message === 'string' && error.message.trim() !== ''
        ? // Shown to the shopper: never a card number, whatever the server echoed.
          maskCardNumbers(error.message, '[redacted]')
        : `The checkout server refused the request (${error.code}).`
    throw new CheckoutError('server_error', message, { serverCode: error.code, status })
  }
  // A proxy in front of the server answered these itself: the server may have the request.
  const code =
    status === 504
      ? 'timeout'
      : status === 502 || status === 503
        ? 'network_error'
        : 'invalid_response'
  throw new CheckoutError(code, `${label}: HTTP ${status}`, { status })
}
