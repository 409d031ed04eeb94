import { describe, expect, it } from 'vitest'
import { bufferBody } from './bufferBody.ts'

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
    request: new Request('http://emulator.test/pockyt/online/v3/secure-pay', init),
    pulled: () => pulled,
    /** Whether the reader told the body's source it wants no more (a socket would stop). */
    cancelled: () => cancelled,
  }
}

const kilobytes = (count: number) => Array.from({ length: count }, () => new Uint8Array(1024))

describe('bufferBody', () => {
  it('hands the handlers the same request, its body read, within the limit', async () => {
    const bytes = new TextEncoder().encode('amount=1.00&note=支付')
    const { request } = post([bytes.slice(0, 20), bytes.slice(20)], {
      'content-type': 'application/x-www-form-urlencoded',
    })
    const buffered = await bufferBody(request, 64)
    expect(buffered?.method).toBe('POST')
    expect(buffered?.url).toBe('http://emulator.test/pockyt/online/v3/secure-pay')
    expect(buffered?.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(await buffered?.text()).toBe('amount=1.00&note=支付')
    const get = new Request('http://emulator.test/')
    expect(await bufferBody(get, 64)).toBe(get)
  })

  it('refuses a body whose declared length is over the limit without reading it', async () => {
    const { request, pulled } = post(kilobytes(4), { 'content-length': '4096' })
    expect(await bufferBody(request, 1024)).toBeUndefined()
    expect(pulled()).toBeLessThanOrEqual(1)
  })

  it('takes a body of exactly the limit, declared or not, and refuses one byte more', async () => {
    const limit = new Uint8Array(1024).fill(0x61)
    const oneMore = new Uint8Array([0x61])
    const declared = { 'content-length': '1024' }
    expect(await (await bufferBody(post([limit], declared).request, 1024))?.text()).toBe(
      'a'.repeat(1024),
    )
    const split = post([limit.slice(0, 1000), limit.slice(1000)]).request
    expect(await (await bufferBody(split, 1024))?.text()).toBe('a'.repeat(1024))
    for (const headers of [{}, { 'content-length': '1025' }] as Record<string, string>[]) {
      expect(await bufferBody(post([limit, oneMore], headers).request, 1024)).toBeUndefined()
    }
  })

  it('stops reading a body that grows past the limit without declaring its length', async () => {
    const { request, pulled, cancelled } = post(kilobytes(1000))
    expect(await bufferBody(request, 4096)).toBeUndefined()
    expect(pulled()).toBeLessThan(10)
    expect(cancelled()).toBe(true)
  })
})
