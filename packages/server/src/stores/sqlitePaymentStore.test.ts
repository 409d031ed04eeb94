import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createClient } from '@libsql/client'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../paymentRecord.ts'
import { DuplicatePaymentError, type PaymentStore } from './paymentStore.ts'
import { describePaymentStoreContract, makePaymentRecord } from './paymentStoreContract.ts'
import { createSqlitePaymentStore } from './sqlitePaymentStore.ts'

const root = mkdtempSync(join(tmpdir(), 'checkout-kit-sqlite-store-'))
let files = 0
const newFile = () => join(root, `payments-${++files}.db`)

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describePaymentStoreContract('sqlite payment store, file', () =>
  createSqlitePaymentStore({ path: newFile() }),
)
describePaymentStoreContract('sqlite payment store, :memory:', () =>
  createSqlitePaymentStore({ url: ':memory:' }),
)

const appendEntry = (summary: string) => (current: PaymentRecord) => ({
  ...current,
  timeline: [
    ...current.timeline,
    {
      seq: current.timeline.length + 1,
      at: current.createdAt,
      kind: 'notification' as const,
      summary,
    },
  ],
})

describe('sqlite payment store on a file', () => {
  const opened: PaymentStore[] = []
  const open = async (path: string) => {
    const store = await createSqlitePaymentStore({ path })
    opened.push(store)
    return store
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close?.()))
  })

  it('keeps payments, their timeline and refunds after closing and reopening the file', async () => {
    const path = newFile()
    const first = await open(path)
    const record = makePaymentRecord()
    await first.create(record)
    const updated = await first.update(record.id, (current) => ({
      ...current,
      status: 'succeeded',
      updatedAt: '2030-03-01T00:00:00.000Z',
      gatewayTransactionId: 'txn_7',
      refunds: [
        {
          reference: 'refund_1',
          amount: { value: '5.00', currency: 'USD' },
          status: 'succeeded',
          gatewayRefundId: 'gw_refund_1',
          createdAt: '2030-03-02T00:00:00.000Z',
          updatedAt: '2030-03-02T00:01:00.000Z',
        },
      ],
      timeline: [
        ...current.timeline,
        { seq: 2, at: '2030-03-01T00:00:00.000Z', kind: 'notification', summary: 'paid' },
        { seq: 3, at: '2030-03-02T00:00:00.000Z', kind: 'refund', summary: 'refunded 5.00 USD' },
      ],
    }))
    const open2 = makePaymentRecord()
    await first.create(open2)
    await first.close?.()

    const reopened = await open(path)
    expect(await reopened.get(record.id)).toEqual(updated)
    expect(await reopened.findByIdempotencyKey(record.idempotencyKey)).toEqual(updated)
    expect(await reopened.list()).toEqual([open2, updated])
    // The constraints came back with the file, not only the rows.
    const error = await reopened
      .create(makePaymentRecord({ orderId: open2.orderId }))
      .catch((e) => e)
    expect(error).toBeInstanceOf(DuplicatePaymentError)
    expect(error).toMatchObject({ field: 'openOrder' })
  })

  it('reads a file written before timeline entries were numbered, and numbers it on the next write', async () => {
    const path = newFile()
    const record = makePaymentRecord()
    const first = await open(path)
    await first.create(record)
    await first.close?.()
    // The record as a store wrote it before entries were numbered.
    const legacy = { ...record, timeline: record.timeline.map(({ seq: _, ...entry }) => entry) }
    legacy.timeline.push({ at: record.createdAt, kind: 'status', summary: 'older entry' })
    const client = createClient({ url: pathToFileURL(path).href })
    await client.execute({
      sql: 'UPDATE payments SET record = ? WHERE id = ?',
      args: [JSON.stringify(legacy), record.id],
    })
    client.close()

    const store = await open(path)
    expect((await store.get(record.id))?.timeline.map((entry) => entry.seq)).toEqual([1, 2])
    await store.update(record.id, appendEntry('new entry'))
    const raw = createClient({ url: pathToFileURL(path).href })
    const { rows } = await raw.execute({
      sql: 'SELECT record FROM payments WHERE id = ?',
      args: [record.id],
    })
    raw.close()
    const stored = JSON.parse(String(rows[0]?.record)) as PaymentRecord
    expect(stored.timeline.map(({ seq, summary }) => [seq, summary])).toEqual([
      [1, 'hosted-redirect payment created'],
      [2, 'older entry'],
      [3, 'new entry'],
    ])
  })

  it("lets two stores on one file see each other's writes and share its constraints", async () => {
    const path = newFile()
    const a = await open(path)
    const b = await open(path)
    const record = makePaymentRecord()
    await a.create(record)
    expect(await b.get(record.id)).toEqual(record)
    expect(await b.findOpenByOrder(record.orderId)).toEqual(record)

    await b.update(record.id, (current) => ({ ...current, status: 'processing' }))
    expect((await a.get(record.id))?.status).toBe('processing')

    const again = makePaymentRecord({ orderId: record.orderId })
    await expect(b.create(again)).rejects.toMatchObject({ field: 'openOrder' })
    await expect(b.create({ ...again, id: record.id, status: 'failed' })).rejects.toMatchObject({
      field: 'id',
    })
    await expect(
      a.create({ ...again, idempotencyKey: record.idempotencyKey, status: 'failed' }),
    ).rejects.toMatchObject({ field: 'idempotencyKey' })
  })

  it('loses no update when two stores on one file update one payment together', async () => {
    const path = newFile()
    const a = await open(path)
    const b = await open(path)
    const record = makePaymentRecord()
    await a.create(record)
    const summaries = Array.from({ length: 50 }, (_, i) => `notification ${i}`)
    const started = Date.now()
    await Promise.all(
      summaries.map((summary, i) => (i % 2 ? a : b).update(record.id, appendEntry(summary))),
    )
    // Waiting on each other through SQLite's busy timeout (5 s) would mean they deadlocked.
    expect(Date.now() - started).toBeLessThan(4000)
    const landed = (await b.get(record.id))?.timeline.slice(1).map((entry) => entry.summary)
    expect(landed?.sort()).toEqual([...summaries].sort())
  })

  it('creates and updates on two stores of one file at once without failing', async () => {
    const path = newFile()
    const a = await open(path)
    const b = await open(path)
    const record = makePaymentRecord()
    await a.create(record)
    const others = Array.from({ length: 20 }, () => makePaymentRecord())
    await Promise.all([
      ...others.map((other, i) => (i % 2 ? a : b).create(other)),
      ...others.map((_, i) => (i % 2 ? b : a).update(record.id, appendEntry(`entry ${i}`))),
    ])
    expect(await a.list({ limit: 1000 })).toHaveLength(21)
    expect((await b.get(record.id))?.timeline).toHaveLength(21)
  })

  it('loses no update when another process writes the same payment', async () => {
    const path = newFile()
    const store = await open(path)
    const record = makePaymentRecord()
    await store.create(record)

    const other = runOtherProcess(path, record.id, 40)
    await other.ready
    const mine = Array.from({ length: 40 }, (_, i) => `this process ${i}`)
    await Promise.all(mine.map((summary) => store.update(record.id, appendEntry(summary))))
    await other.done

    const landed = (await store.get(record.id))?.timeline.slice(1).map((entry) => entry.summary)
    const theirs = Array.from({ length: 40 }, (_, i) => `other process ${i}`)
    expect(landed?.sort()).toEqual([...mine, ...theirs].sort())
  })

  it('waits for another process holding the write lock instead of failing the write', async () => {
    const path = newFile()
    const store = await open(path)
    const record = makePaymentRecord()
    await store.create(record)

    const other = holdWriteLockElsewhere(path, 300)
    await other.ready
    const updated = await store.update(record.id, appendEntry('after the other process'))
    await other.done
    expect(updated?.timeline.at(-1)?.summary).toBe('after the other process')
  })

  it('commits nothing for an update that leaves the record as it is', async () => {
    const path = newFile()
    const store = await open(path)
    const record = makePaymentRecord()
    await store.create(record)
    // SQLite's data_version, read on another connection, moves with every commit of the file.
    const watcher = createClient({ url: pathToFileURL(path).href })
    const commits = async () =>
      Number((await watcher.execute('PRAGMA data_version')).rows[0]?.data_version)
    try {
      const before = await commits()
      const unchanged = await store.update(record.id, (current) => ({ ...current }))
      expect(unchanged).toEqual(record)
      expect(await commits()).toBe(before)

      await store.update(record.id, appendEntry('a real change'))
      expect(await commits()).not.toBe(before)
    } finally {
      watcher.close()
    }
  })

  it('keeps the status column in step with the record', async () => {
    const path = newFile()
    const store = await open(path)
    const record = makePaymentRecord()
    await store.create(record)
    await store.update(record.id, (current) => ({ ...current, status: 'expired' }))
    // The open-order index reads the column: a stale one would refuse this attempt.
    const next = makePaymentRecord({ orderId: record.orderId })
    await store.create(next)
    expect(await store.findOpenByOrder(record.orderId)).toEqual(next)
  })

  it('lets writes started before close finish', async () => {
    const path = newFile()
    const store = await createSqlitePaymentStore({ path })
    const record = makePaymentRecord()
    const created = store.create(record)
    const updated = store.update(record.id, appendEntry('last words'))
    await store.close?.()
    await created
    expect((await updated)?.timeline).toHaveLength(2)

    const reopened = await open(path)
    expect((await reopened.get(record.id))?.timeline).toHaveLength(2)
  })

  it('opens a file: URL and asks for a path or a url', async () => {
    const path = newFile()
    const byUrl = await createSqlitePaymentStore({ url: pathToFileURL(path).href })
    opened.push(byUrl)
    const record = makePaymentRecord()
    await byUrl.create(record)
    expect(await (await open(path)).get(record.id)).toEqual(record)

    await expect(createSqlitePaymentStore({})).rejects.toThrow('needs `path`')
    await expect(createSqlitePaymentStore({ path, url: ':memory:' })).rejects.toThrow('not both')
  })
})

/**
 * Another process appending to a payment's timeline in write transactions of its own, the way a
 * second server on the same file would. Plain JavaScript, so it runs without the TypeScript loader.
 */
function runOtherProcess(path: string, id: string, count: number) {
  const script = `
    import { createClient } from '@libsql/client'
    const [url, id, count] = process.argv.slice(-3)
    const client = createClient({ url, timeout: 5000 })
    console.log('ready')
    for (let i = 0; i < Number(count); i++) {
      const tx = await client.transaction('write')
      try {
        const { rows } = await tx.execute({ sql: 'SELECT record FROM payments WHERE id = ?', args: [id] })
        const record = JSON.parse(rows[0].record)
        record.timeline.push({ at: record.createdAt, kind: 'notification', summary: 'other process ' + i })
        await tx.execute({ sql: 'UPDATE payments SET record = ? WHERE id = ?', args: [JSON.stringify(record), id] })
        await tx.commit()
      } finally {
        tx.close()
      }
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    client.close()
  `
  return runScript(script, [pathToFileURL(path).href, id, String(count)])
}

/** Another process taking the file's write lock and holding it for `ms` before it commits. */
function holdWriteLockElsewhere(path: string, ms: number) {
  const script = `
    import { createClient } from '@libsql/client'
    const [url, ms] = process.argv.slice(-2)
    const client = createClient({ url })
    const tx = await client.transaction('write')
    console.log('ready')
    await new Promise((resolve) => setTimeout(resolve, Number(ms)))
    await tx.commit()
    tx.close()
    client.close()
  `
  return runScript(script, [pathToFileURL(path).href, String(ms)])
}

/** Runs `script` in a process of its own; `ready` once it prints, `done` once it exits. */
function runScript(script: string, args: string[]) {
  // Run from this package so the child resolves @libsql/client the way the store does.
  const cwd = fileURLToPath(new URL('../..', import.meta.url))
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const ready = new Promise<void>((resolve) => {
    child.stdout.once('data', () => resolve())
  })
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`The other process exited with ${code}: ${stderr}`))
    })
  })
  return { ready: Promise.race([ready, done]), done }
}
