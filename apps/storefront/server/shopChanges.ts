import type { CheckoutHandler } from '@checkout-kit/server'

/** What changed: a payment (by id), or the list of orders itself (a new order). */
export type ShopChange = { paymentId: string } | { orderId: string }

/**
 * One feed of everything the shop's live pages show: new orders, new payments, and every change
 * the checkout handler publishes about a payment (notifications, queries, refunds). Payments are
 * watched through `checkout.subscribe` only while someone listens, so an idle shop holds no
 * subscriptions.
 */
export function createShopChanges(checkout: Pick<CheckoutHandler, 'subscribe'>) {
  const listeners = new Set<(change: ShopChange) => void>()
  const watched = new Map<string, () => void>()

  function emit(change: ShopChange) {
    for (const listener of [...listeners]) listener(change)
  }

  return {
    emit,
    /** Follows a payment's changes for as long as anyone listens. */
    watch(paymentId: string) {
      if (listeners.size === 0 || watched.has(paymentId)) return
      watched.set(
        paymentId,
        checkout.subscribe(paymentId, () => emit({ paymentId })),
      )
    },
    listen(listener: (change: ShopChange) => void): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0) return
        for (const unsubscribe of watched.values()) unsubscribe()
        watched.clear()
      }
    },
  }
}

export type ShopChanges = ReturnType<typeof createShopChanges>
