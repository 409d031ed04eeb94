import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { eventStream } from './eventStream.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A stream over a counter: `changed()` tells it of a change, `recheck` is recorded. */
function counterStream() {
  let value = 0
  let changed = () => {}
  const rechecked: number[] = []
  const abort = new AbortController()
  const response = eventStream(new Request('http://shop.test/events', { signal: abort.signal }), {
    event: 'count',
    read: async () => ({ value }),
    listen: (listener) => {
      changed = listener
      return () => {}
    },
    recheck: async (last) => {
      rechecked.push(last.value)
    },
  })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  const pump = (async () => {
    for (;;) {
      const { value: chunk, done } = await reader.read()
      if (done) return
      text += decoder.decode(chunk)
    }
  })()
  return {
    set: (next: number) => {
      value = next
      changed()
    },
    sent: () => [...text.matchAll(/data: (.*)\n/g)].map((match) => JSON.parse(match[1] ?? '')),
    rechecked,
    close: async () => {
      abort.abort()
      await pump
    },
  }
}

it('sends at once and after each change, never the same answer twice', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.set(1)
  await vi.advanceTimersByTimeAsync(0)
  stream.set(1)
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.sent()).toEqual([{ value: 0 }, { value: 1 }])
  await stream.close()
})

it('rechecks what it last sent every few seconds, without reading again by itself', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.rechecked).toEqual([])
  await vi.advanceTimersByTimeAsync(5000)
  expect(stream.rechecked).toEqual([0])
  stream.set(2)
  await vi.advanceTimersByTimeAsync(5000)
  expect(stream.rechecked).toEqual([0, 2])
  expect(stream.sent()).toEqual([{ value: 0 }, { value: 2 }])
  await stream.close()
  await vi.advanceTimersByTimeAsync(10_000)
  expect(stream.rechecked).toEqual([0, 2])
})
