import { numberTimeline, type PaymentRecord } from '../paymentRecord.ts'
import { isOpen } from '../statusRules.ts'
import { DuplicatePaymentError, type PaymentStore, refuseIdChange } from './paymentStore.ts'

/** Keeps payments in memory: for tests and demos. Records are copied in and out. */
export function createMemoryPaymentStore(): PaymentStore {
  const records = new Map<string, PaymentRecord>()
  const copy = (record: PaymentRecord): PaymentRecord => structuredClone(record)
  // What goes in is numbered, so every copy that comes out is.
  const keep = (record: PaymentRecord): PaymentRecord => numberTimeline(copy(record))

  /**
   * What SQLite's unique constraints refuse, in a create and in an update alike, so that a faulty
   * `change` fails the same way in tests as in production: another record (any but `id`) with the
   * same idempotency key, or open for the same order while `record` is open.
   */
  function refuseUniqueConflicts(record: PaymentRecord, id?: string) {
    for (const other of records.values()) {
      if (other.id === id) continue
      if (other.idempotencyKey === record.idempotencyKey) {
        throw new DuplicatePaymentError('idempotencyKey')
      }
      if (other.orderId === record.orderId && isOpen(other.status) && isOpen(record.status)) {
        throw new DuplicatePaymentError('openOrder')
      }
    }
  }

  return {
    async get(id) {
      const record = records.get(id)
      return record && copy(record)
    },
    async findByIdempotencyKey(key) {
      for (const record of records.values()) {
        if (record.idempotencyKey === key) return copy(record)
      }
      return undefined
    },
    async findOpenByOrder(orderId) {
      const open = [...records.values()]
        .filter((record) => record.orderId === orderId && isOpen(record.status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      return open[0] && copy(open[0])
    },
    async create(record) {
      if (records.has(record.id)) throw new DuplicatePaymentError('id')
      refuseUniqueConflicts(record)
      for (const existing of records.values()) {
        if (existing.orderId === record.orderId && existing.status === 'succeeded') {
          throw new DuplicatePaymentError('paidOrder')
        }
      }
      records.set(record.id, keep(record))
    },
    // JavaScript runs `change` without yielding, so read-change-write is atomic here.
    async update(id, change) {
      const current = records.get(id)
      if (!current) return undefined
      const next = change(copy(current))
      if (next) {
        // The handler never reopens a closed attempt: these guard against a faulty `change`.
        refuseIdChange(id, next)
        refuseUniqueConflicts(next, id)
        records.set(id, keep(next))
      }
      return copy(records.get(id) as PaymentRecord)
    },
    async list({ limit = 100, orderId, orderIds } = {}) {
      const orders = orderIds && new Set(orderIds)
      return [...records.values()]
        .filter((record) => orderId === undefined || record.orderId === orderId)
        .filter((record) => orders === undefined || orders.has(record.orderId))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, limit)
        .map(copy)
    },
  }
}
