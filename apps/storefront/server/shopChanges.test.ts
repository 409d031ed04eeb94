import type { PaymentRecord } from '@checkout-kit/server'
import { expect, it } from 'vitest'
import { createShopChanges, type ShopChange } from './shopChanges.ts'

/** A checkout handler's record feed: `record(id)` tells every subscriber of a change. */
function recordFeed() {
  const subscribers = new Set<(record: PaymentRecord) => void>()
  return {
    subscribeRecords(listener: (record: PaymentRecord) => void) {
      subscribers.add(listener)
      return () => {
        subscribers.delete(listener)
      }
    },
    record: (id: string) => {
      for (const subscriber of subscribers) subscriber({ id } as PaymentRecord)
    },
    subscribers: () => subscribers.size,
  }
}

it('tells every live page of each change once, for as long as any page listens', () => {
  const feed = recordFeed()
  const changes = createShopChanges(feed)
  expect(feed.subscribers()).toBe(0)

  const first: ShopChange[] = []
  const second: ShopChange[] = []
  const stopFirst = changes.listen((change) => first.push(change))
  const stopSecond = changes.listen((change) => second.push(change))
  expect(feed.subscribers()).toBe(1)
  feed.record('pay_1')
  changes.emit({ orderId: 'ord_1' })
  expect(first).toEqual([{ paymentId: 'pay_1' }, { orderId: 'ord_1' }])
  expect(second).toEqual(first)

  // One page closes: the other still hears of payments.
  stopFirst()
  feed.record('pay_2')
  expect(second).toEqual([{ paymentId: 'pay_1' }, { orderId: 'ord_1' }, { paymentId: 'pay_2' }])
  expect(first).toHaveLength(2)

  stopSecond()
  expect(feed.subscribers()).toBe(0)
})
