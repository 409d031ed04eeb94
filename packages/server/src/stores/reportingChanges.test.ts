import { describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../paymentRecord.ts'
import { createMemoryPaymentStore } from './memoryPaymentStore.ts'
import { makePaymentRecord } from './paymentStoreContract.ts'
import { reportingChanges, sameJson } from './reportingChanges.ts'

function reportedStore() {
  const reports: { record: PaymentRecord; before?: PaymentRecord }[] = []
  const store = reportingChanges(createMemoryPaymentStore(), (record, before) =>
    reports.push({ record, before }),
  )
  return { store, reports }
}

describe('reportingChanges', () => {
  it('reports a created record once, with nothing before it', async () => {
    const { store, reports } = reportedStore()
    const record = makePaymentRecord()
    await store.create(record)
    expect(reports).toEqual([{ record, before: undefined }])
  })

  it('reports an update that changes the record once, as stored and as it was', async () => {
    const { store, reports } = reportedStore()
    const record = makePaymentRecord()
    await store.create(record)
    reports.length = 0
    const updated = await store.update(record.id, (current) => {
      current.status = 'processing' // edited in place, as the handler does
      return current
    })
    expect(reports).toEqual([{ record: updated, before: record }])
  })

  it('reports nothing for an update that changes nothing, fails or finds no record', async () => {
    const { store, reports } = reportedStore()
    const record = makePaymentRecord()
    await store.create(record)
    reports.length = 0
    await store.update(record.id, () => undefined)
    await store.update(record.id, (current) => current)
    await store.update(record.id, (current) => ({ ...current, failure: undefined }))
    await expect(
      store.update(record.id, () => {
        throw new Error('no')
      }),
    ).rejects.toThrow('no')
    await store.update('pay_unknown', (current) => ({ ...current, status: 'failed' }))
    expect(reports).toEqual([])
  })

  it('does not report a create the store refused', async () => {
    const { store, reports } = reportedStore()
    const record = makePaymentRecord()
    await store.create(record)
    await expect(store.create(record)).rejects.toThrow()
    expect(reports).toHaveLength(1)
  })
})

describe('sameJson', () => {
  it('compares JSON values deeply, whatever the key order, undefined counting as absent', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true)
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false)
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
    expect(sameJson([], {})).toBe(false)
    expect(sameJson(null, {})).toBe(false)
  })
})
