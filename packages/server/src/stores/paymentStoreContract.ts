import type { PaymentStatus } from '@checkout-kit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../paymentRecord.ts'
import { DuplicatePaymentError, type PaymentStore } from './paymentStore.ts'

let made = 0

/**
 * A complete, valid payment record. Each call gets its own id, idempotency key, order and a
 * `createdAt` one minute later than the previous call's, so creation order is list order.
 */
export function makePaymentRecord(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  made++
  const createdAt = new Date(Date.UTC(2030, 0, 1) + made * 60_000).toISOString()
  return {
    id: `pay_${made}`,
    orderId: `order_${made}`,
    gateway: 'pingpong',
    flow: 'hosted-redirect',
    amount: { value: '25.00', currency: 'USD' },
    status: 'requires_action',
    action: { type: 'redirect', url: `https://gateway.test/pay/${made}`, method: 'GET' },
    expiresAt: new Date(Date.parse(createdAt) + 15 * 60_000).toISOString(),
    createdAt,
    updatedAt: createdAt,
    returnUrl: 'http://shop.test/return',
    idempotencyKey: `key_${made}`,
    requestFingerprint: `fingerprint_${made}`,
    gatewayReference: `pay_${made}`,
    gatewayData: { token: `token_${made}` },
    refunds: [],
    timeline: [
      { seq: 1, at: createdAt, kind: 'request', summary: 'hosted-redirect payment created' },
    ],
    ...overrides,
  }
}

const openStatuses: PaymentStatus[] = ['requires_action', 'processing']
const terminalStatuses: PaymentStatus[] = ['succeeded', 'failed', 'cancelled', 'expired']

async function createError(store: PaymentStore, record: PaymentRecord): Promise<unknown> {
  return store.create(record).then(
    () => undefined,
    (error: unknown) => error,
  )
}

/**
 * The behaviour every `PaymentStore` must have. `open` answers a new, empty store for each test;
 * the suite closes it afterwards.
 */
export function describePaymentStoreContract(name: string, open: () => Promise<PaymentStore>) {
  describe(`${name} (PaymentStore contract)`, () => {
    let store: PaymentStore

    beforeEach(async () => {
      store = await open()
    })

    afterEach(async () => {
      await store.close?.()
    })

    describe('create and get', () => {
      it('gives back the record as it was created', async () => {
        const record = makePaymentRecord({
          failure: { code: 'DECLINED', message: 'The card was declined.' },
          gatewayTransactionId: 'txn_1',
          lastQueriedAt: '2030-01-01T00:10:00.000Z',
        })
        await store.create(record)
        expect(await store.get(record.id)).toEqual(record)
      })

      it('answers undefined for an unknown id', async () => {
        expect(await store.get('pay_unknown')).toBeUndefined()
      })

      it('keeps its own copy: changing what went in or came out changes nothing stored', async () => {
        const record = makePaymentRecord()
        const original = structuredClone(record)
        await store.create(record)
        record.status = 'failed'
        record.timeline.push({
          seq: 2,
          at: record.createdAt,
          kind: 'status',
          summary: 'mutated input',
        })

        const first = await store.get(record.id)
        expect(first).toEqual(original)
        if (!first) throw new Error('stored record missing')
        first.amount.value = '0.01'
        first.gatewayData.token = 'changed'

        const second = await store.get(record.id)
        expect(second).toEqual(original)
        expect(second).not.toBe(first)
      })
    })

    describe('create refuses duplicates', () => {
      it('refuses a second record with the same id', async () => {
        const first = makePaymentRecord({ status: 'failed' })
        await store.create(first)
        const error = await createError(store, makePaymentRecord({ id: first.id }))
        expect(error).toBeInstanceOf(DuplicatePaymentError)
        expect(error).toMatchObject({ field: 'id' })
        expect(await store.get(first.id)).toEqual(first)
      })

      it('refuses a second record with the same idempotency key', async () => {
        const first = makePaymentRecord({ status: 'failed' })
        await store.create(first)
        const second = makePaymentRecord({ idempotencyKey: first.idempotencyKey })
        const error = await createError(store, second)
        expect(error).toBeInstanceOf(DuplicatePaymentError)
        expect(error).toMatchObject({ field: 'idempotencyKey' })
        expect(await store.get(second.id)).toBeUndefined()
      })

      for (const existing of openStatuses) {
        for (const next of openStatuses) {
          it(`refuses a ${next} attempt while the order has a ${existing} one`, async () => {
            const first = makePaymentRecord({ status: existing })
            await store.create(first)
            const second = makePaymentRecord({ orderId: first.orderId, status: next })
            const error = await createError(store, second)
            expect(error).toBeInstanceOf(DuplicatePaymentError)
            expect(error).toMatchObject({ field: 'openOrder' })
            expect(await store.get(second.id)).toBeUndefined()
            expect(await store.findOpenByOrder(first.orderId)).toEqual(first)
          })
        }
      }

      it('decides between simultaneous open attempts of one order: exactly one wins', async () => {
        const attempts = Array.from({ length: 10 }, () =>
          makePaymentRecord({ orderId: 'order_race' }),
        )
        const results = await Promise.allSettled(attempts.map((record) => store.create(record)))
        const won = results.filter((result) => result.status === 'fulfilled')
        const lost = results.flatMap((result) => (result.status === 'rejected' ? [result] : []))
        expect(won).toHaveLength(1)
        for (const result of lost) {
          expect(result.reason).toBeInstanceOf(DuplicatePaymentError)
          expect(result.reason).toMatchObject({ field: 'openOrder' })
        }
        expect(await store.list({ orderId: 'order_race' })).toHaveLength(1)
      })
    })

    describe('no attempt for a paid order', () => {
      for (const next of [...openStatuses, ...terminalStatuses]) {
        it(`refuses a ${next} record for an order that has a succeeded payment`, async () => {
          const paid = makePaymentRecord({ status: 'succeeded' })
          await store.create(paid)
          const second = makePaymentRecord({ orderId: paid.orderId, status: next })
          const error = await createError(store, second)
          expect(error).toBeInstanceOf(DuplicatePaymentError)
          expect(error).toMatchObject({ field: 'paidOrder' })
          expect(await store.get(second.id)).toBeUndefined()
        })
      }

      it('refuses a new attempt once the open attempt is updated to succeeded', async () => {
        const first = makePaymentRecord()
        await store.create(first)
        await store.update(first.id, (current) => ({ ...current, status: 'succeeded' }))
        const error = await createError(store, makePaymentRecord({ orderId: first.orderId }))
        expect(error).toMatchObject({ field: 'paidOrder' })
        expect(await store.list({ orderId: first.orderId })).toHaveLength(1)
      })
    })

    describe('one open attempt per order', () => {
      for (const status of terminalStatuses.filter((status) => status !== 'succeeded')) {
        it(`lets a new attempt start after a ${status} one`, async () => {
          const first = makePaymentRecord({ status })
          await store.create(first)
          const second = makePaymentRecord({ orderId: first.orderId })
          await store.create(second)
          expect(await store.findOpenByOrder(first.orderId)).toEqual(second)
        })
      }

      it('lets a terminal record in beside an open attempt', async () => {
        const open = makePaymentRecord()
        await store.create(open)
        const closed = makePaymentRecord({ orderId: open.orderId, status: 'expired' })
        await store.create(closed)
        expect(await store.get(closed.id)).toEqual(closed)
      })

      it('frees the order when the open attempt is updated to a terminal status', async () => {
        const first = makePaymentRecord()
        await store.create(first)
        await store.update(first.id, (current) => ({ ...current, status: 'cancelled' }))
        expect(await store.findOpenByOrder(first.orderId)).toBeUndefined()

        const second = makePaymentRecord({ orderId: first.orderId })
        await store.create(second)
        expect(await store.findOpenByOrder(first.orderId)).toEqual(second)
      })

      it('holds the order while the open attempt is updated to another open status', async () => {
        const first = makePaymentRecord()
        await store.create(first)
        await store.update(first.id, (current) => ({ ...current, status: 'processing' }))
        const error = await createError(store, makePaymentRecord({ orderId: first.orderId }))
        expect(error).toMatchObject({ field: 'openOrder' })
      })
    })

    describe('finding records', () => {
      it('finds a record by its idempotency key', async () => {
        const record = makePaymentRecord()
        await store.create(makePaymentRecord())
        await store.create(record)
        expect(await store.findByIdempotencyKey(record.idempotencyKey)).toEqual(record)
        expect(await store.findByIdempotencyKey('key_unknown')).toBeUndefined()
      })

      it("finds the order's open attempt among its terminal ones and other orders'", async () => {
        const orderId = 'order_find_open'
        await store.create(makePaymentRecord({ orderId, status: 'failed' }))
        const open = makePaymentRecord({ orderId, status: 'processing' })
        await store.create(open)
        await store.create(makePaymentRecord({ orderId, status: 'expired' }))
        await store.create(makePaymentRecord({ orderId: 'order_other' }))

        expect(await store.findOpenByOrder(orderId)).toEqual(open)
        expect(await store.findOpenByOrder('order_without_attempts')).toBeUndefined()
      })

      it('answers undefined for an order whose attempts are all terminal', async () => {
        const orderId = 'order_all_terminal'
        // The succeeded one last: a paid order takes no new record.
        for (const status of ['failed', 'cancelled', 'expired', 'succeeded'] as const) {
          await store.create(makePaymentRecord({ orderId, status }))
        }
        expect(await store.findOpenByOrder(orderId)).toBeUndefined()
      })
    })

    describe('list', () => {
      it('lists newest first, whatever order the records were created in', async () => {
        const oldest = makePaymentRecord()
        const middle = makePaymentRecord()
        const newest = makePaymentRecord()
        for (const record of [middle, newest, oldest]) await store.create(record)
        expect(await store.list()).toEqual([newest, middle, oldest])
      })

      it('answers the newest `limit` records', async () => {
        const records = Array.from({ length: 5 }, () => makePaymentRecord())
        for (const record of records) await store.create(record)
        const listed = await store.list({ limit: 2 })
        expect(listed.map((record) => record.id)).toEqual([records[4]?.id, records[3]?.id])
      })

      it('answers at most 100 records by default', async () => {
        for (let i = 0; i < 101; i++) await store.create(makePaymentRecord({ status: 'failed' }))
        expect(await store.list()).toHaveLength(100)
      })

      it("lists one order's attempts when given orderId", async () => {
        const orderId = 'order_listed'
        const first = makePaymentRecord({ orderId, status: 'failed' })
        const other = makePaymentRecord()
        const second = makePaymentRecord({ orderId })
        for (const record of [first, other, second]) await store.create(record)

        expect(await store.list({ orderId })).toEqual([second, first])
        expect(await store.list({ orderId, limit: 1 })).toEqual([second])
        expect(await store.list({ orderId: 'order_nothing' })).toEqual([])
      })

      it("lists several orders' attempts in one call when given orderIds", async () => {
        const first = makePaymentRecord({ orderId: 'order_many_a', status: 'failed' })
        const other = makePaymentRecord({ orderId: 'order_many_other' })
        const second = makePaymentRecord({ orderId: 'order_many_b' })
        const third = makePaymentRecord({ orderId: 'order_many_a' })
        for (const record of [first, other, second, third]) await store.create(record)

        const orderIds = ['order_many_a', 'order_many_b', 'order_many_none']
        expect(await store.list({ orderIds })).toEqual([third, second, first])
        expect(await store.list({ orderIds, limit: 2 })).toEqual([third, second])
        expect(await store.list({ orderIds: ['order_many_b'] })).toEqual([second])
        expect(await store.list({ orderIds: [] })).toEqual([])
        // Given together, both filters apply.
        expect(await store.list({ orderIds, orderId: 'order_many_b' })).toEqual([second])
        expect(await store.list({ orderIds, orderId: 'order_many_other' })).toEqual([])
      })

      it('lists by orderIds however many orders are asked about', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const orderIds = Array.from({ length: 40_000 }, (_, i) => `order_absent_${i}`)
        orderIds.push(record.orderId)
        expect(await store.list({ orderIds })).toEqual([record])
      })

      it('answers copies', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const [listed] = await store.list()
        if (!listed) throw new Error('nothing listed')
        listed.timeline.length = 0
        expect(await store.get(record.id)).toEqual(record)
      })
    })

    describe('timeline numbers', () => {
      /** Entries as a store wrote them before entries had a `seq`. */
      const unnumbered = (...summaries: string[]) =>
        summaries.map((summary) => ({
          at: '2030-01-01T00:00:00.000Z',
          kind: 'notification' as const,
          summary,
        })) as PaymentRecord['timeline']

      it('reads a record whose entries have no seq with 1, 2, 3… in order', async () => {
        const record = makePaymentRecord({ timeline: unnumbered('first', 'second', 'third') })
        await store.create(record)
        const read = await store.get(record.id)
        expect(read?.timeline.map(({ seq, summary }) => [seq, summary])).toEqual([
          [1, 'first'],
          [2, 'second'],
          [3, 'third'],
        ])
        expect((await store.list({ orderId: record.orderId }))[0]?.timeline).toEqual(read?.timeline)
      })

      it('numbers an entry added without a seq one past the entry before, and keeps it', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const updated = await store.update(record.id, (current) => ({
          ...current,
          timeline: [...current.timeline, ...unnumbered('added')],
        }))
        expect(updated?.timeline.map((entry) => entry.seq)).toEqual([1, 2])
        await store.update(record.id, (current) => ({
          ...current,
          timeline: [...current.timeline, ...unnumbered('added later')],
        }))
        const stored = await store.get(record.id)
        expect(stored?.timeline.map(({ seq, summary }) => [seq, summary])).toEqual([
          [1, 'hosted-redirect payment created'],
          [2, 'added'],
          [3, 'added later'],
        ])
      })

      it('keeps the numbers it was given', async () => {
        const record = makePaymentRecord({
          timeline: [
            { seq: 7, at: '2030-01-01T00:00:00.000Z', kind: 'request', summary: 'seven' },
            ...unnumbered('after seven'),
          ],
        })
        await store.create(record)
        expect((await store.get(record.id))?.timeline.map((entry) => entry.seq)).toEqual([7, 8])
      })
    })

    describe('update', () => {
      it('stores what `change` answers and answers the stored record', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const seen: PaymentRecord[] = []
        const updated = await store.update(record.id, (current) => {
          seen.push(structuredClone(current))
          return {
            ...current,
            status: 'succeeded',
            updatedAt: '2030-02-01T00:00:00.000Z',
            gatewayTransactionId: 'txn_42',
          }
        })

        expect(seen).toEqual([record])
        const expected = {
          ...record,
          status: 'succeeded',
          updatedAt: '2030-02-01T00:00:00.000Z',
          gatewayTransactionId: 'txn_42',
        }
        expect(updated).toEqual(expected)
        expect(await store.get(record.id)).toEqual(expected)
        expect(await store.list()).toEqual([expected])
      })

      it('leaves the record when `change` answers undefined, and answers it', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const answered = await store.update(record.id, (current) => {
          // A change that gives up must not leave half its work behind.
          current.status = 'failed'
          current.timeline.push({
            seq: 2,
            at: current.createdAt,
            kind: 'status',
            summary: 'abandoned',
          })
          return undefined
        })
        expect(answered).toEqual(record)
        expect(await store.get(record.id)).toEqual(record)
        expect(await store.findOpenByOrder(record.orderId)).toEqual(record)
      })

      it('answers undefined for an unknown id without calling `change`', async () => {
        let called = false
        const answered = await store.update('pay_unknown', (current) => {
          called = true
          return current
        })
        expect(answered).toBeUndefined()
        expect(called).toBe(false)
        expect(await store.get('pay_unknown')).toBeUndefined()
      })

      it('answers a copy: changing it changes nothing stored', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const updated = await store.update(record.id, (current) => ({ ...current, flow: 'card' }))
        if (!updated) throw new Error('update answered nothing')
        updated.refunds.push({
          reference: 'refund_1',
          amount: { value: '1.00', currency: 'USD' },
          status: 'processing',
          createdAt: record.createdAt,
          updatedAt: record.createdAt,
        })
        expect(await store.get(record.id)).toEqual({ ...record, flow: 'card' })
      })

      it('refuses an update that would give an order a second open attempt', async () => {
        const open = makePaymentRecord()
        const closed = makePaymentRecord({ orderId: open.orderId, status: 'failed' })
        await store.create(open)
        await store.create(closed)
        const error = await store
          .update(closed.id, (current) => ({ ...current, status: 'processing' }))
          .catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(DuplicatePaymentError)
        expect(error).toMatchObject({ field: 'openOrder' })
        expect(await store.get(closed.id)).toEqual(closed)
        expect(await store.findOpenByOrder(open.orderId)).toEqual(open)
      })

      it("refuses an update that takes another payment's idempotency key", async () => {
        const first = makePaymentRecord({ status: 'failed' })
        const second = makePaymentRecord()
        await store.create(first)
        await store.create(second)
        const error = await store
          .update(second.id, (current) => ({ ...current, idempotencyKey: first.idempotencyKey }))
          .catch((caught: unknown) => caught)
        expect(error).toMatchObject({ field: 'idempotencyKey' })
        expect(await store.get(second.id)).toEqual(second)
      })

      it("refuses an update that changes the payment's id", async () => {
        const record = makePaymentRecord()
        await store.create(record)
        await expect(
          store.update(record.id, (current) => ({ ...current, id: 'pay_other' })),
        ).rejects.toThrow("a payment's id never changes")
        expect(await store.get(record.id)).toEqual(record)
        expect(await store.get('pay_other')).toBeUndefined()
      })

      it('rejects when `change` throws, leaves the record, and keeps taking updates', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        await expect(
          store.update(record.id, () => {
            throw new Error('gateway answered nonsense')
          }),
        ).rejects.toThrow('gateway answered nonsense')
        expect(await store.get(record.id)).toEqual(record)

        const updated = await store.update(record.id, (current) => ({
          ...current,
          status: 'processing',
        }))
        expect(updated?.status).toBe('processing')
      })

      it('applies 50 concurrent updates one after the other: none is lost', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const summaries = Array.from({ length: 50 }, (_, i) => `notification ${i}`)
        await Promise.all(
          summaries.map((summary) =>
            store.update(record.id, (current) => ({
              ...current,
              timeline: [
                ...current.timeline,
                {
                  seq: current.timeline.length + 1,
                  at: current.createdAt,
                  kind: 'notification',
                  summary,
                },
              ],
            })),
          ),
        )
        const stored = await store.get(record.id)
        expect(stored?.timeline).toHaveLength(51)
        const landed = stored?.timeline.slice(1).map((entry) => entry.summary)
        expect(landed?.sort()).toEqual([...summaries].sort())
        expect(stored?.timeline.map((entry) => entry.seq)).toEqual(
          Array.from({ length: 51 }, (_, i) => i + 1),
        )
      })

      it('answers reads made while updates are under way', async () => {
        const record = makePaymentRecord()
        await store.create(record)
        const reads: Promise<unknown>[] = []
        const readAll = () => [
          store.get(record.id),
          store.list({ orderId: record.orderId }),
          store.findOpenByOrder(record.orderId),
          store.findByIdempotencyKey(record.idempotencyKey),
        ]
        const updates = Array.from({ length: 20 }, (_, i) => {
          reads.push(...readAll())
          return store.update(record.id, (current) => {
            // Reads issued while the update is being applied, not awaited by it.
            reads.push(...readAll())
            return { ...current, gatewayData: { n: String(i) } }
          })
        })
        await Promise.all(updates)
        const answers = await Promise.all(reads)
        expect(answers).toHaveLength(160)
        for (const answer of answers) {
          const [found] = Array.isArray(answer) ? answer : [answer]
          expect(found).toMatchObject({ id: record.id })
        }
        expect((await store.get(record.id))?.gatewayData).toEqual({ n: '19' })
      })
    })
  })
}
