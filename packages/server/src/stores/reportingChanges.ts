import type { PaymentRecord } from '../paymentRecord.ts'
import type { PaymentStore } from './paymentStore.ts'

/**
 * The store, with every write that creates or changes a record reported to `changed` once it is
 * done, with the record as stored (and, for an update, as it was). The handler writes only through
 * it, so no change goes unreported and none is reported twice: an update whose `change` answers
 * `undefined` or the record as it was, or that fails, reports nothing.
 */
export function reportingChanges(
  store: PaymentStore,
  changed: (record: PaymentRecord, before?: PaymentRecord) => void,
): PaymentStore {
  return {
    get: (id) => store.get(id),
    findByIdempotencyKey: (key) => store.findByIdempotencyKey(key),
    findOpenByOrder: (orderId) => store.findOpenByOrder(orderId),
    list: (options) => store.list(options),
    async create(record) {
      await store.create(record)
      changed(record)
    },
    async update(id, change) {
      let before: PaymentRecord | undefined
      const after = await store.update(id, (current) => {
        // `change` may edit `current` in place: keep the record as it was to compare with.
        before = structuredClone(current)
        return change(current)
      })
      if (after && before && !sameJson(before, after)) changed(after, before)
      return after
    },
    close: async () => store.close?.(),
  }
}

/** Whether two JSON-like values are equal, a property set to `undefined` counting as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const entries = (value: object) =>
    Object.entries(value).filter(([, item]) => item !== undefined) as [string, unknown][]
  const left = entries(a)
  const right = new Map(entries(b))
  return (
    left.length === right.size &&
    left.every(([key, item]) => right.has(key) && sameJson(item, right.get(key)))
  )
}
