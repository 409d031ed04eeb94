import { CheckoutError } from './checkoutError.ts'

/**
 * The request's body as text, refused past `limitBytes` before it is all read: the routes that
 * read bodies take requests from anyone (shoppers, gateways, whoever posts to them), and a body
 * read whole first would let a few large requests exhaust the server's memory.
 */
export async function readBodyText(http: Request, limitBytes: number): Promise<string> {
  if (Number(http.headers.get('content-length')) > limitBytes) throw tooLarge(limitBytes)
  if (!http.body) return ''
  const reader = http.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > limitBytes) {
      await reader.cancel()
      throw tooLarge(limitBytes)
    }
    text += decoder.decode(value, { stream: true })
  }
}

function tooLarge(limitBytes: number): CheckoutError {
  return new CheckoutError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than this server accepts (${limitBytes} bytes).`,
  )
}
