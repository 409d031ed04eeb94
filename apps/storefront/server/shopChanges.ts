import type { CheckoutHandler } from '@checkout-kit/server'

/** What changed: a payment (by id), or the list of orders itself (a new order). */
export type ShopChange = { paymentId: string } | { orderId: string }

/**
 * One feed of everything the shop's live pages show: new orders, and every change the checkout
 * handler makes to any payment (a new attempt, notifications, queries, refunds, timeline entries),
 * heard through `checkout.subscribeRecords`. The handler is subscribed to only while someone
 * listens, so an idle shop holds no subscription.
 */
export function createShopChanges(checkout: Pick<CheckoutHandler, 'subscribeRecords'>) {
  const listeners = new Set<(change: ShopChange) => void>()
  let unsubscribe: (() => void) | undefined

  function emit(change: ShopChange) {
    for (const listener of [...listeners]) listener(change)
  }

  return {
    emit,
    listen(listener: (change: ShopChange) => void): () => void {
      listeners.add(listener)
      unsubscribe ??= checkout.subscribeRecords((record) => emit({ paymentId: record.id }))
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0) return
        unsubscribe?.()
        unsubscribe = undefined
      }
    },
  }
}

export type ShopChanges = ReturnType<typeof createShopChanges>
