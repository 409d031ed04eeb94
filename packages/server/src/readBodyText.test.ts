import { describe, expect, it } from 'vitest'
import { readBodyText } from './readBodyText.ts'

/** A POST whose body arrives as `chunks`, counting how many the reader pulled. */
function post(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled]
      if (!chunk) return controller.close()
      pulled++
      controller.enqueue(chunk)
    },
  })
  // `duplex` is required with a streamed body, and not in every RequestInit type yet.
  const init = { method: 'POST', body, headers, duplex: 'half' } as RequestInit
  return {
    request: new Request('http://merchant.test/api/notify/pingpong', init),
    pulled: () => pulled,
  }
}

const kilobytes = (count: number) => Array.from({ length: count }, () => new Uint8Array(1024))

describe('readBodyText', () => {
  it('reads a body within the limit, a character split across chunks included', async () => {
    const bytes = new TextEncoder().encode('支付 ok')
    const { request } = post([bytes.slice(0, 2), bytes.slice(2)])
    expect(await readBodyText(request, 64)).toBe('支付 ok')
    expect(await readBodyText(new Request('http://merchant.test/'), 64)).toBe('')
  })

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const { request, pulled } = post(kilobytes(4), { 'content-length': '4096' })
    await expect(readBodyText(request, 1024)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    })
    expect(pulled()).toBeLessThanOrEqual(1)
  })

  it('stops reading a body that grows past the limit without declaring its length', async () => {
    const { request, pulled } = post(kilobytes(1000))
    await expect(readBodyText(request, 4096)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(pulled()).toBeLessThan(10)
  })
})
