import type { PaymentSession } from '@checkout-kit/core'

/**
 * Payment changes within this process, for the `/events` streams. Another process sharing the
 * store does not publish here; clients fall back to polling, and streams also re-check late
 * payments with the gateway, so nothing is missed.
 */
export class PaymentEvents {
  private readonly listeners = new Map<string, Set<(session: PaymentSession) => void>>()

  subscribe(id: string, listener: (session: PaymentSession) => void): () => void {
    const set = this.listeners.get(id) ?? new Set()
    set.add(listener)
    this.listeners.set(id, set)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(id)
    }
  }

  publish(id: string, session: PaymentSession): void {
    for (const listener of [...(this.listeners.get(id) ?? [])]) listener(session)
  }

  clear(): void {
    this.listeners.clear()
  }
}
