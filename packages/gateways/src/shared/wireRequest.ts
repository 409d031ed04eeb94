/**
 * A signed request, ready to send: `fetch(baseUrl + request.path, { method: request.method,
 * headers: { 'content-type': request.contentType }, body: request.body })`.
 * `message` is the same request as structured data, for logging (after redaction) and tests.
 */
export interface WireRequest<Message> {
  method: 'POST'
  /** Path below the gateway's base URL, e.g. `/v4/payment/prePay`. */
  path: string
  contentType: 'application/json' | 'application/x-www-form-urlencoded'
  body: string
  message: Message
}
