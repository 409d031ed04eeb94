import { describe, expect, it } from 'vitest'
import { readBodyText } from './readBodyText.ts'

/** A POST whose body arrives as `chunks`, counting how many the reader pulled. */
function post(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  let pulled = 0
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled]
      if (!chunk) return controller.close()
      pulled++
      controller.enqueue(chunk)
    },
    cancel() {
      cancelled = true
    },
  })
  // `duplex` is required with a streamed body, and not in every RequestInit type yet.
  const init = { method: 'POST', body, headers, duplex: 'half' } as RequestInit
  return {
    request: new Request('http://merchant.test/api/notify/pingpong', init),
    pulled: () => pulled,
    /** Whether the reader told the body's source it wants no more (a socket would stop). */
    cancelled: () => cancelled,
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

  it('says a body parser took the body when a declared body arrives empty or was already read', async () => {
    const parsedFirst = post([], { 'content-length': '42' }).request
    await expect(readBodyText(parsedFirst, 1024)).rejects.toThrow(/before any body parser/)
    const readFirst = post([new TextEncoder().encode('{}')]).request
    await readFirst.text()
    await expect(readBodyText(readFirst, 1024)).rejects.toThrow(/before any body parser/)
    expect(await readBodyText(post([], { 'content-length': '0' }).request, 1024)).toBe('')
  })

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const { request, pulled } = post(kilobytes(4), { 'content-length': '4096' })
    await expect(readBodyText(request, 1024)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    })
    expect(pulled()).toBeLessThanOrEqual(1)
  })

  it('takes a body of exactly the limit, declared or not, and refuses one byte more', async () => {
    const limit = new Uint8Array(1024).fill(0x61)
    const oneMore = new Uint8Array([0x61])
    const declared = { 'content-length': '1024' }
    expect(await readBodyText(post([limit], declared).request, 1024)).toBe('a'.repeat(1024))
    expect(await readBodyText(post([limit.slice(0, 1000), limit.slice(1000)]).request, 1024)).toBe(
      'a'.repeat(1024),
    )
    for (const headers of [{}, { 'content-length': '1025' }] as Record<string, string>[]) {
      await expect(
        readBodyText(post([limit, oneMore], headers).request, 1024),
      ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    }
  })

  it('stops reading a body that grows past the limit without declaring its length', async () => {
    const { request, pulled, cancelled } = post(kilobytes(1000))
    await expect(readBodyText(request, 4096)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(pulled()).toBeLessThan(10)
    expect(cancelled()).toBe(true)
  })
})
