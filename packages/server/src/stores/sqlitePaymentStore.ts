import { realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Client, createClient, type InArgs, LibsqlError } from '@libsql/client'
import { numberTimeline, type PaymentRecord } from '../paymentRecord.ts'
import { DuplicatePaymentError, type PaymentStore, refuseIdChange } from './paymentStore.ts'

export interface SqlitePaymentStoreOptions {
  /** A libSQL URL, passed through as is: `file:/var/lib/shop/payments.db`, `:memory:`. */
  url?: string
  /** A file path; the file is created when missing. Give `path` or `url`, not both. */
  path?: string
}

/**
 * How long a write waits for another process to release the database before failing with
 * `SQLITE_BUSY`. Writers hold the lock for one read-change-write, so a few seconds is generous.
 */
const BUSY_TIMEOUT_MS = 5000

// The open statuses are spelled out in SQL: the partial index is what makes "one open attempt per
// order" atomic across processes. Keep them in step with `isOpen` in statusRules.ts.
const OPEN_STATUSES = `('requires_action', 'processing')`

const schema = [
  `CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    record TEXT NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS payments_order_id ON payments(order_id, created_at)',
  `CREATE UNIQUE INDEX IF NOT EXISTS payments_one_open_per_order ON payments(order_id)
    WHERE status IN ${OPEN_STATUSES}`,
  'CREATE INDEX IF NOT EXISTS payments_created_at ON payments(created_at)',
]

/**
 * Keeps payments in a SQLite file that survives restarts and can be shared by several processes
 * on one machine. Each record is stored as JSON, with the columns the store queries and the
 * constraints it enforces (id, idempotency key, one open attempt per order) beside it; that a
 * paid order takes no new attempt is checked by the insert itself.
 */
export async function createSqlitePaymentStore(
  options: SqlitePaymentStoreOptions,
): Promise<PaymentStore> {
  const url = databaseUrl(options)
  // `timeout` is SQLite's busy timeout, set on every connection of the client's pool; a
  // `PRAGMA busy_timeout` would reach only the one connection that happened to run it.
  const client = createClient({ url, timeout: BUSY_TIMEOUT_MS })
  let writeLock: WriteLock | undefined
  let file: string | undefined
  try {
    file = await databaseFile(client)
    writeLock = file === undefined ? { run: queue(), release: () => undefined } : fileLock(file)
    await writeLock.run(async () => {
      // WAL lets readers go on while one process writes; the mode is stored in the file.
      await client.execute('PRAGMA journal_mode = WAL')
      await client.batch(schema, 'write')
    })
  } catch (error) {
    writeLock?.release()
    client.close()
    throw error
  }
  const lock = writeLock

  // This store's writes, so `close` can let them finish instead of cutting them off.
  let pending: Promise<unknown> = Promise.resolve()
  let closing: Promise<void> | undefined
  const write = <T>(task: () => Promise<T>): Promise<T> => {
    const result = lock.run(task)
    pending = result.catch(() => undefined)
    return result
  }

  // A file database gives each read its own pooled connection, and WAL lets it read beside a
  // writer. An in-memory database has one connection, which an open transaction holds, so there
  // reads take their turn with the writes.
  const read = file === undefined ? lock.run : <T>(task: () => Promise<T>) => task()

  const select = (sql: string, args: InArgs): Promise<PaymentRecord[]> =>
    read(async () => {
      const { rows } = await client.execute({ sql, args })
      return rows.map((row) => parseRecord(String(row.record)))
    })
  const selectOne = async (sql: string, args: InArgs): Promise<PaymentRecord | undefined> =>
    (await select(sql, args))[0]

  return {
    get(id) {
      return selectOne('SELECT record FROM payments WHERE id = ?', [id])
    },
    findByIdempotencyKey(key) {
      return selectOne('SELECT record FROM payments WHERE idempotency_key = ?', [key])
    },
    findOpenByOrder(orderId) {
      return selectOne(
        `SELECT record FROM payments WHERE order_id = ? AND status IN ${OPEN_STATUSES}
          ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        [orderId],
      )
    },
    create(record) {
      const json = JSON.stringify(numberTimeline(record))
      return write(async () => {
        // One statement, so "the order is not paid" still holds when the row goes in, whichever
        // process marks a payment of the order succeeded meanwhile.
        let inserted: number
        try {
          const result = await client.execute({
            sql: `INSERT INTO payments
              (id, order_id, idempotency_key, status, created_at, updated_at, record)
              SELECT ?, ?, ?, ?, ?, ?, ?
              WHERE NOT EXISTS
                (SELECT 1 FROM payments WHERE order_id = ? AND status = 'succeeded')`,
            args: [
              record.id,
              record.orderId,
              record.idempotencyKey,
              record.status,
              record.createdAt,
              record.updatedAt,
              json,
              record.orderId,
            ],
          })
          inserted = result.rowsAffected
        } catch (error) {
          throw asDuplicateError(error) ?? error
        }
        if (inserted === 0) throw new DuplicatePaymentError('paidOrder')
      })
    },
    update(id, change) {
      return write(async () => {
        const tx = await client.transaction('write')
        try {
          const { rows } = await tx.execute({
            sql: 'SELECT record FROM payments WHERE id = ?',
            args: [id],
          })
          const stored = rows[0]?.record
          if (typeof stored !== 'string') return undefined
          const next = change(parseRecord(stored))
          if (!next) return parseRecord(stored)
          refuseIdChange(id, next)
          const json = JSON.stringify(numberTimeline(next))
          // A message that changes nothing (a notification delivered again, a late query's same
          // answer) commits nothing: a commit waits for the disk, and gateways repeat themselves.
          if (json === stored) return parseRecord(stored)
          // If `next` is open while another attempt of its order is open, the partial unique
          // index refuses the write and this answers DuplicatePaymentError('openOrder'). The
          // handler never reopens a closed attempt (statuses only move forward), so this is a
          // guard against a faulty `change`, not a case callers need to handle.
          await tx.execute({
            sql: `UPDATE payments SET order_id = ?, idempotency_key = ?, status = ?,
              created_at = ?, updated_at = ?, record = ? WHERE id = ?`,
            args: [
              next.orderId,
              next.idempotencyKey,
              next.status,
              next.createdAt,
              next.updatedAt,
              json,
              id,
            ],
          })
          await tx.commit()
          return parseRecord(json)
        } catch (error) {
          throw asDuplicateError(error) ?? error
        } finally {
          // Rolls back unless committed, and gives the connection back to the pool.
          tx.close()
        }
      })
    },
    list({ limit = 100, orderId, orderIds } = {}) {
      const conditions: string[] = []
      const args: InArgs = []
      if (orderId !== undefined) {
        conditions.push('order_id = ?')
        args.push(orderId)
      }
      if (orderIds !== undefined) {
        // One JSON array parameter, however many orders: no limit on bound variables to reach.
        conditions.push('order_id IN (SELECT value FROM json_each(?))')
        args.push(JSON.stringify(orderIds))
      }
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''
      return select(
        `SELECT record FROM payments ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
        [...args, limit],
      )
    },
    close() {
      closing ??= pending.then(() => {
        lock.release()
        client.close()
      })
      return closing
    },
  }
}

function databaseUrl({ url, path }: SqlitePaymentStoreOptions): string {
  if (url !== undefined && path !== undefined) {
    throw new TypeError('createSqlitePaymentStore takes `url` or `path`, not both.')
  }
  if (path !== undefined) return pathToFileURL(resolve(path)).href
  if (url !== undefined) return url
  throw new TypeError(
    'createSqlitePaymentStore needs `path` (a file such as ./payments.db) or `url`.',
  )
}

/** A stored record; one written before timeline entries were numbered is numbered as it is read. */
function parseRecord(json: string): PaymentRecord {
  return numberTimeline(JSON.parse(json) as PaymentRecord)
}

/** Which of the table's unique constraints a failed write broke, if that is why it failed. */
function asDuplicateError(error: unknown): DuplicatePaymentError | undefined {
  if (!(error instanceof LibsqlError) || error.code !== 'SQLITE_CONSTRAINT') return undefined
  // SQLite names the columns: "UNIQUE constraint failed: payments.idempotency_key".
  const columns = error.message.split('constraint failed: ')[1]?.split(', ') ?? []
  if (columns.includes('payments.id')) return new DuplicatePaymentError('id')
  if (columns.includes('payments.idempotency_key')) {
    return new DuplicatePaymentError('idempotencyKey')
  }
  if (columns.includes('payments.order_id')) return new DuplicatePaymentError('openOrder')
  return undefined
}

interface WriteLock {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Called by each store when it closes. */
  release(): void
}

// SQLite waits for a busy lock by blocking the thread. Within one process that is a deadlock: a
// write transaction that awaits between its statements cannot finish while another connection of
// the same process blocks the event loop waiting for it, so that connection fails with
// SQLITE_BUSY after the busy timeout. libSQL's connection pool gives concurrent transactions of
// one client separate connections, and two stores on one file have separate clients, so every
// write in this process takes its turn in one queue per database file, shared by every store open
// on that file. The busy timeout is left to waiting for other processes.
const fileLocks = new Map<string, { lock: WriteLock; stores: number }>()

function fileLock(file: string): WriteLock {
  const shared = fileLocks.get(file) ?? {
    lock: {
      run: queue(),
      release() {
        if (--shared.stores === 0) fileLocks.delete(file)
      },
    },
    stores: 0,
  }
  shared.stores++
  fileLocks.set(file, shared)
  return shared.lock
}

/** The real path of the database file, or undefined for an in-memory or remote database. */
async function databaseFile(client: Client): Promise<string | undefined> {
  try {
    const { rows } = await client.execute('PRAGMA database_list')
    const file = rows.find((row) => row.name === 'main')?.file
    return typeof file === 'string' && file !== '' ? realpathSync(file) : undefined
  } catch {
    return undefined
  }
}

/** Runs tasks one after the other, each starting when the previous one has settled. */
function queue(): WriteLock['run'] {
  let tail: Promise<unknown> = Promise.resolve()
  return (task) => {
    const result = tail.then(task)
    tail = result.catch(() => undefined)
    return result
  }
}
