import { CheckoutError } from './checkoutError.ts'

/**
 * The request's body as text, refused past `limitBytes` before it is all read: the routes that
 * read bodies take requests from anyone (shoppers, gateways, whoever posts to them), and a body
 * read whole first would let a few large requests exhaust the server's memory.
 */
export async function readBodyText(http: Request, limitBytes: number): Promise<string> {
  const declared = Number(http.headers.get('content-length'))
  if (declared > limitBytes) throw tooLarge(limitBytes)
  if (http.bodyUsed) throw readBefore()
  if (!http.body) return ''
  const reader = http.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    // A declared body that arrives empty was taken by a body parser in front of the handler
    // (express.json() before the mount): read as empty, a payment would be "not JSON" and a
    // notification "not genuine", and the merchant would look at the shopper or the gateway.
    if (done && size === 0 && declared > 0) throw readBefore()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > limitBytes) {
      await reader.cancel()
      throw tooLarge(limitBytes)
    }
    text += decoder.decode(value, { stream: true })
  }
}

/** Not a `CheckoutError`: the mount is the merchant's to fix, so it is logged, and answered 503. */
function readBefore(): Error {
  return new Error(
    'The request body was read before the checkout handler could read it: mount the handler before any body parser (such as express.json() or express.urlencoded()), as it reads raw bodies to verify signatures.',
  )
}

function tooLarge(limitBytes: number): CheckoutError {
  return new CheckoutError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than this server accepts (${limitBytes} bytes).`,
  )
}
