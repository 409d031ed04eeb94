import type { PaymentSession } from '@checkout-kit/core'
import { type PaymentRecord, toSession } from './paymentRecord.ts'
import { sameJson } from './stores/reportingChanges.ts'

type Listener<T> = (value: T) => void

/**
 * Payment changes within this process: every record change for `subscribeRecords`, and each
 * payment's session, when it changes, for `subscribe` and the `/events` streams. Another process
 * sharing the store does not publish here; clients fall back to polling, and streams also re-check
 * late payments with the gateway, so nothing is missed.
 */
export class PaymentEvents {
  private readonly sessionListeners = new Map<string, Set<Listener<PaymentSession>>>()
  private readonly recordListeners = new Set<Listener<PaymentRecord>>()

  /** `failed` hears of a listener that threw: one listener's fault must not stop a payment's flow. */
  constructor(private readonly failed: (error: unknown) => void) {}

  subscribe(id: string, listener: Listener<PaymentSession>): () => void {
    const set = this.sessionListeners.get(id) ?? new Set()
    set.add(listener)
    this.sessionListeners.set(id, set)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.sessionListeners.delete(id)
    }
  }

  subscribeRecords(listener: Listener<PaymentRecord>): () => void {
    this.recordListeners.add(listener)
    return () => {
      this.recordListeners.delete(listener)
    }
  }

  /** A record was created (no `before`) or changed. */
  publish(record: PaymentRecord, before?: PaymentRecord): void {
    // Each listener gets its own copy: what one does with it cannot reach another or the handler.
    for (const listener of [...this.recordListeners]) this.call(listener, structuredClone(record))
    const session = toSession(record)
    if (before && sameJson(toSession(before), session)) return
    for (const listener of [...(this.sessionListeners.get(record.id) ?? [])]) {
      this.call(listener, session)
    }
  }

  clear(): void {
    this.sessionListeners.clear()
    this.recordListeners.clear()
  }

  private call<T>(listener: Listener<T>, value: T): void {
    try {
      listener(value)
    } catch (error) {
      this.failed(error)
    }
  }
}
