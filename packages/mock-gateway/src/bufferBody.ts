/**
 * The request with its body read into memory, or `undefined` once the body is larger than
 * `limitBytes`, the rest left unread. The emulator's HTTP server takes requests from any process
 * or page that reaches it, and MSW's handlers read a body whole: without a limit, a few large
 * requests would hold as much memory as they cared to send.
 */
export async function bufferBody(
  request: Request,
  limitBytes: number,
): Promise<Request | undefined> {
  if (!request.body) return request
  if (Number(request.headers.get('content-length')) > limitBytes) return undefined
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limitBytes) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  })
}
