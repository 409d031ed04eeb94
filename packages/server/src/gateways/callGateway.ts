import type { WireRequest } from '@checkout-kit/gateways'
import { CheckoutError } from '../checkoutError.ts'

export interface GatewayTransport {
  baseUrl: string
  fetch: typeof fetch
  timeoutMs: number
}

/**
 * Sends a signed request and answers the response text. A network failure, a timeout or a 5xx is
 * `GATEWAY_UNAVAILABLE`: the outcome is unknown, which callers treat as unknown, never as failed.
 */
export async function callGateway(
  transport: GatewayTransport,
  request: WireRequest<unknown>,
  gatewayName: string,
): Promise<string> {
  let response: Response
  let text: string
  try {
    response = await transport.fetch(transport.baseUrl.replace(/\/+$/, '') + request.path, {
      method: request.method,
      headers: {
        'content-type': request.contentType,
        accept: 'application/json, application/xml, text/xml',
      },
      body: request.body,
      signal: AbortSignal.timeout(transport.timeoutMs),
    })
    // Inside the try: a body cut off or stalled past the timeout is no answer either. The request
    // may have been acted on, so it must not pass for a refusal.
    text = await response.text()
  } catch (error) {
    throw new CheckoutError(
      'GATEWAY_UNAVAILABLE',
      'The payment service did not answer. Please try again in a moment.',
      { cause: new Error(`${gatewayName} ${request.path} failed`, { cause: error }) },
    )
  }
  if (response.status >= 500) {
    throw new CheckoutError(
      'GATEWAY_UNAVAILABLE',
      'The payment service is having trouble. Please try again in a moment.',
      { cause: new Error(`${gatewayName} ${request.path} answered HTTP ${response.status}`) },
    )
  }
  return text
}
