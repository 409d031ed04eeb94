import { CheckoutError, readContractAnswer } from '@checkout-kit/core'

// Core's contract client does much more than a redirect needs: every call, status watching's
// clock, caller signals, card data kept out of errors. The redirect sends one POST without card
// data, so it sends it here, and core's `readContractAnswer` reads the answer exactly as the
// client does. When the provider has a `client`, the component uses that instead.

const timeoutMs = 15_000

/**
 * POSTs `body` (or nothing) to the merchant API, or GETs `path` when `body` is `'GET'`, and
 * returns its answer as `parse` reads it.
 * Errors are the contract client's: `timeout` and `network_error` when the outcome is unknown,
 * whatever `readContractAnswer` makes of the answer, and `parse`'s errors with the HTTP status
 * (a 2xx answer that is not the contract is an unknown outcome too: the server took the request).
 */
export async function sendRedirectRequest<T>(
  baseUrl: string,
  path: string,
  parse: (json: unknown) => T,
  body?: object | 'GET',
  idempotencyKey?: string,
): Promise<T> {
  const url = `${baseUrl.trim().replace(/\/+$/, '')}${path}`
  const reads = body === 'GET'
  const label = `${reads ? 'GET' : 'POST'} ${url}`
  const timeout = AbortSignal.timeout(timeoutMs)
  let response: Response
  let text: string
  try {
    const sent = reads ? undefined : body
    response = await fetch(url, {
      method: reads ? 'GET' : 'POST',
      headers: {
        accept: 'application/json',
        // Only with a body: a bodiless POST (cancel) then needs no CORS preflight.
        ...(sent ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(sent ? { body: JSON.stringify(sent) } : {}),
      signal: timeout,
      cache: 'no-store',
    })
    text = await response.text()
  } catch (cause) {
    throw timeout.aborted
      ? new CheckoutError('timeout', `${label}: no answer within ${timeoutMs} ms`)
      : new CheckoutError('network_error', `${label} failed`, { cause })
  }
  return readContractAnswer({
    label,
    status: response.status,
    text,
    changesState: !reads,
    parse,
  })
}
