import { request as httpRequest } from 'node:http'
import { pockyt } from '@checkout-kit/gateways'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningEmulator, startEmulator } from './startEmulator.ts'

// Over real HTTP: the body limit guards the server, in front of every handler.

const securePay = '/pockyt/online/v3/secure-pay'

/** A form of exactly `size` bytes that Pockyt's secure-pay reads (and refuses as unsigned). */
function formOf(size: number): string {
  const start = `merchantNo=${pockyt.sandboxCredentials.merchantNo}&note=`
  return start + 'x'.repeat(size - start.length)
}

describe('request bodies', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ maxBodyBytes: 1024 })
  })
  afterAll(() => emulator.close())

  const post = (body: BodyInit, init: RequestInit = {}) =>
    fetch(`${emulator.url}${securePay}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      ...init,
    })

  it('reads a body of exactly maxBodyBytes and answers 413 to one byte more, declared or not', async () => {
    const within = await post(formOf(1024))
    expect(within.status).toBe(200)
    expect(await within.json()).toMatchObject({ ret_code: '000020' })

    const declared = await post(formOf(1025))
    expect(declared.status).toBe(413)
    // JSON like the emulator's other errors (its 404, its control API), not a gateway's answer.
    expect(declared.headers.get('content-type')).toBe('application/json')
    expect(await declared.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message:
          "The request body is larger than the emulator accepts (1024 bytes). Raise the limit with startEmulator's maxBodyBytes or the command line's --max-body-bytes.",
      },
    })

    const chunks = [formOf(1000), 'x'.repeat(25)].map((text) => new TextEncoder().encode(text))
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift()
        if (chunk) controller.enqueue(chunk)
        else controller.close()
      },
    })
    // `duplex` is required with a streamed body (sent chunked, no length declared).
    const undeclared = await post(streamed, { duplex: 'half' } as RequestInit)
    expect(undeclared.status).toBe(413)
  })

  it('answers a body that goes on past the limit without waiting for its end, and closes the connection', async () => {
    const { port } = new URL(emulator.url)
    const answer = await new Promise<{ status?: number; connection?: string; text: string }>(
      (resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: securePay })
        request.on('response', (response) => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            text += chunk
          })
          response.on('end', () => {
            request.destroy()
            resolve({ status: response.statusCode, connection: response.headers.connection, text })
          })
        })
        request.on('error', reject)
        // Twice the limit, then the request stays open: the rest of the body never comes.
        request.write('x'.repeat(2048))
      },
    )
    expect(answer).toMatchObject({ status: 413, connection: 'close' })
    expect(JSON.parse(answer.text)).toMatchObject({
      error: {
        code: 'payload_too_large',
        message: expect.stringContaining('larger than the emulator accepts (1024 bytes)'),
      },
    })
  })

  it('limits bodies to 1 MiB by default', async () => {
    const byDefault = await startEmulator()
    try {
      const post = (body: string) => fetch(`${byDefault.url}${securePay}`, { method: 'POST', body })
      expect((await post(formOf(1024 * 1024))).status).toBe(200)
      expect((await post(formOf(1024 * 1024 + 1))).status).toBe(413)
    } finally {
      await byDefault.close()
    }
  })

  it.each([Number.NaN, 0, -1, 1.5])(
    'refuses maxBodyBytes %s, which would not limit bodies',
    async (maxBodyBytes) => {
      await expect(startEmulator({ maxBodyBytes })).rejects.toThrow(
        `startEmulator: maxBodyBytes must be a whole number of bytes, 1 or more (got ${maxBodyBytes}).`,
      )
    },
  )
})
