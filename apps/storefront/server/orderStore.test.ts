import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createOrderStore } from './orderStore.ts'
import { priceOrder } from './shop.ts'

it('keeps an order, its lines and its total after the store is closed and opened again', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'storefront-orders-')), 'orders.db')
  const order = priceOrder({
    items: [
      { productId: 'mug', quantity: 2 },
      { productId: 'notebook', quantity: 1 },
    ],
  })
  if (typeof order === 'string') throw new Error(order)

  const first = await createOrderStore({ path })
  await first.create(order)
  await first.close()

  const reopened = await createOrderStore({ path })
  try {
    expect(await reopened.get(order.id)).toEqual(order)
    expect(order.totalCents).toBe(3350)
    expect(order.lines).toEqual([
      { productId: 'mug', name: 'Enamel camp mug', unitPrice: '12.00', quantity: 2 },
      { productId: 'notebook', name: 'Dot-grid notebook', unitPrice: '9.50', quantity: 1 },
    ])
    expect((await reopened.list()).map((listed) => listed.id)).toEqual([order.id])
    expect(await reopened.get('ord-unknown')).toBeUndefined()
  } finally {
    await reopened.close()
  }
})
