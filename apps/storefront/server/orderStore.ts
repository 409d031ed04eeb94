import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createClient } from '@libsql/client'

export interface OrderLine {
  productId: string
  name: string
  /** The unit price when the order was placed: later catalogue changes do not reprice it. */
  unitPrice: string
  quantity: number
}

export interface Order {
  id: string
  createdAt: string
  lines: OrderLine[]
  /** In cents, to add without rounding errors. */
  totalCents: number
  currency: string
}

export interface OrderStore {
  create(order: Order): Promise<void>
  get(id: string): Promise<Order | undefined>
  /** The newest orders first. */
  list(options?: { limit?: number }): Promise<Order[]>
  close(): Promise<void>
}

const schema = [
  `CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    lines TEXT NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS orders_created_at ON orders(created_at)',
]

/**
 * The shop's orders in a SQLite file of their own. Not in the payments file: the kit's payment
 * store serialises every write of this process to its file through a lock of its own, and a
 * second client writing to that file outside the lock could wait on it and time out.
 * Each statement here is a single write, so no lock of ours is needed.
 */
export async function createOrderStore(options: { path: string } | { url: string }) {
  const url = 'path' in options ? pathToFileURL(resolve(options.path)).href : options.url
  const client = createClient({ url, timeout: 5000 })
  await client.batch(schema, 'write')

  const toOrder = (row: Record<string, unknown>): Order => ({
    id: String(row.id),
    createdAt: String(row.created_at),
    totalCents: Number(row.total_cents),
    currency: String(row.currency),
    lines: JSON.parse(String(row.lines)) as OrderLine[],
  })

  const store: OrderStore = {
    async create(order) {
      await client.execute({
        sql: 'INSERT INTO orders (id, created_at, total_cents, currency, lines) VALUES (?, ?, ?, ?, ?)',
        args: [
          order.id,
          order.createdAt,
          order.totalCents,
          order.currency,
          JSON.stringify(order.lines),
        ],
      })
    },
    async get(id) {
      const { rows } = await client.execute({
        sql: 'SELECT * FROM orders WHERE id = ?',
        args: [id],
      })
      return rows[0] && toOrder(rows[0])
    },
    async list({ limit = 50 } = {}) {
      const { rows } = await client.execute({
        sql: 'SELECT * FROM orders ORDER BY created_at DESC, rowid DESC LIMIT ?',
        args: [limit],
      })
      return rows.map(toOrder)
    },
    async close() {
      client.close()
    },
  }
  return store
}
