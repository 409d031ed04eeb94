import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { eventStream } from './eventStream.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/**
 * A stream over a counter: `changed()` tells it of a change, `recheck` and reads are recorded,
 * `failing` makes reads throw, `listening` says whether the stream still listens for changes.
 */
function counterStream() {
  let value = 0
  let changed = () => {}
  let listening = false
  const rechecked: number[] = []
  const control = {
    failing: false,
    reads: 0,
    /** Runs while a read is under way, after it took its value. */
    duringRead: () => {},
    /** A recheck that never ends, as one waiting on a gateway that does not answer. */
    recheckHangs: false,
  }
  const abort = new AbortController()
  const response = eventStream(new Request('http://shop.test/events', { signal: abort.signal }), {
    event: 'count',
    read: async () => {
      control.reads++
      if (control.failing) throw new Error('the database is away')
      const read = { value }
      control.duringRead()
      return read
    },
    listen: (listener) => {
      changed = listener
      listening = true
      return () => {
        listening = false
      }
    },
    recheck: async (last) => {
      rechecked.push(last.value)
      if (control.recheckHangs) await new Promise(() => {})
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
    headers: response.headers,
    set: (next: number) => {
      value = next
      changed()
    },
    sent: () =>
      [...text.matchAll(/event: count\ndata: (.*)\n/g)].map((match) => JSON.parse(match[1] ?? '')),
    errors: () => [...text.matchAll(/event: shop-error\n/g)].length,
    control,
    listening: () => listening,
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
  expect(stream.listening()).toBe(false)
  await vi.advanceTimersByTimeAsync(10_000)
  expect(stream.rechecked).toEqual([0, 2])
})

it('reads again after a failed read, backing off, until a read succeeds', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.control.failing = true
  stream.set(1)
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.errors()).toBe(1)
  expect(stream.control.reads).toBe(2)
  await vi.advanceTimersByTimeAsync(1000)
  expect(stream.control.reads).toBe(3)
  await vi.advanceTimersByTimeAsync(1999)
  expect(stream.control.reads).toBe(3)
  await vi.advanceTimersByTimeAsync(1)
  expect(stream.control.reads).toBe(4)

  stream.control.failing = false
  await vi.advanceTimersByTimeAsync(5000)
  expect(stream.control.reads).toBe(5)
  expect(stream.sent()).toEqual([{ value: 0 }, { value: 1 }])
  // Once a read succeeds, no more reads unless something changes.
  await vi.advanceTimersByTimeAsync(20_000)
  expect(stream.control.reads).toBe(5)
  await stream.close()
})

it('sends the state again after an error even when it did not change, to clear the error', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.control.failing = true
  stream.set(0)
  await vi.advanceTimersByTimeAsync(0)
  stream.control.failing = false
  await vi.advanceTimersByTimeAsync(1000)
  expect(stream.sent()).toEqual([{ value: 0 }, { value: 0 }])
  await stream.close()
})

it('stops retrying and listening when the client goes away', async () => {
  const stream = counterStream()
  stream.control.failing = true
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.control.reads).toBe(1)
  await stream.close()
  expect(stream.listening()).toBe(false)
  await vi.advanceTimersByTimeAsync(60_000)
  expect(stream.control.reads).toBe(1)
})

it('reads again when a change comes while it reads, so the change is not lost', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.control.duringRead = () => {
    stream.control.duringRead = () => {}
    stream.set(2)
  }
  stream.set(1)
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.sent()).toEqual([{ value: 0 }, { value: 1 }, { value: 2 }])
  expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  // A proxy must not keep a copy of the stream.
  expect(stream.headers.get('cache-control')).toBe('no-store')
  await stream.close()
})

it('backs off from 1 s again after a read succeeded', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.control.failing = true
  stream.set(1)
  await vi.advanceTimersByTimeAsync(1000 + 2000)
  expect(stream.control.reads).toBe(4)
  stream.control.failing = false
  await vi.advanceTimersByTimeAsync(5000)
  expect(stream.control.reads).toBe(5)

  stream.control.failing = true
  stream.set(2)
  await vi.advanceTimersByTimeAsync(0)
  expect(stream.control.reads).toBe(6)
  await vi.advanceTimersByTimeAsync(1000)
  expect(stream.control.reads).toBe(7)
  await stream.close()
})

it('starts no recheck while the last one is still under way', async () => {
  const stream = counterStream()
  await vi.advanceTimersByTimeAsync(0)
  stream.control.recheckHangs = true
  await vi.advanceTimersByTimeAsync(5000 * 3)
  expect(stream.rechecked).toEqual([0])
  await stream.close()
})
