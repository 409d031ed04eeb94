import { CheckoutError, readContractAnswer } from '@checkout-kit/core'

// Core's contract client does much more than a redirect needs: every call, status watching's
// clock, caller signals, card data kept out of errors. The redirect sends one POST without card
// data, so it sends it here, and core's `readContractAnswer` reads the answer exactly as the
// client does. When the provider has a `client`, the component uses that instead.

const timeoutMs = 15_000

/**
 * Sends `method` (a POST of `body`, or nothing, by default) to the merchant API and returns its
 * answer as `parse` reads it.
 * Errors are the contract client's: `timeout` and `network_error` when the outcome is unknown,
 * whatever `readContractAnswer` makes of the answer, and `parse`'s errors with the HTTP status
 * (a 2xx answer that is not the contract is an unknown outcome too: the server took the request).
 */
export async function sendRedirectRequest<T>(
  baseUrl: string,
  path: string,
  parse: (json: unknown) => T,
  {
    method = 'POST',
    body,
    idempotencyKey,
  }: { method?: 'GET' | 'POST'; body?: object; idempotencyKey?: string } = {},
): Promise<T> {
  const url = `${baseUrl.trim().replace(/\/+$/, '')}${path}`
  const label = `${method} ${url}`
  const timeout = AbortSignal.timeout(timeoutMs)
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method,
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
  return readContractAnswer({
    label,
    status: response.status,
    text,
    changesState: method === 'POST',
    parse,
  })
}
