import type { EmulatedPayment, GatewayName, NotificationDelivery } from './model.ts'

/**
 * How the next notifications are delivered; set through the control API, for the whole emulator or
 * for one order reference.
 */
export type NotificationMode =
  | { mode: 'deliver' }
  /** Hold each notification back this long before its first attempt. */
  | { mode: 'delay'; delayMs: number; remaining: number }
  /** Send nothing (the merchant must query). */
  | { mode: 'drop'; remaining: number }
  /** Send each notification twice. */
  | { mode: 'duplicate'; remaining: number }
  /** Send the failure notification after the success, as a late duplicate would arrive. */
  | { mode: 'out_of_order'; remaining: number }

/**
 * Everything the emulator remembers. One object, reset as a whole, so a test that calls
 * `/__emulator/reset` (or `emulator.reset()`) starts from a clean gateway.
 */
export class EmulatorState {
  readonly payments = new Map<string, EmulatedPayment>()
  readonly deliveries: NotificationDelivery[] = []
  /** Pockyt customers registered with /v1/customers/create, by customerNo. */
  readonly customers = new Map<string, Record<string, string>>()
  /** jsGeneratedData sessions issued by the mock risk plugins (PingPong), by threeDInitTransId. */
  readonly riskSessions = new Set<string>()
  latencyMs = 0
  failNext: { remaining: number; status: number } | undefined
  notificationMode: NotificationMode = { mode: 'deliver' }
  /**
   * Modes set for one order reference (the merchant's, known before the gateway has the payment).
   * One wins over `notificationMode` for notifications about its order, so tests that bend their
   * own payment's notifications can run side by side.
   */
  readonly scopedNotificationModes = new Map<string, NotificationMode>()
  private sequence = 0

  reset(): void {
    this.payments.clear()
    this.deliveries.length = 0
    this.customers.clear()
    this.riskSessions.clear()
    this.latencyMs = 0
    this.failNext = undefined
    this.notificationMode = { mode: 'deliver' }
    this.scopedNotificationModes.clear()
  }

  /** The mode the next notification about this order reference is sent in. */
  notificationModeFor(orderReference: string): NotificationMode {
    return this.scopedNotificationModes.get(orderReference) ?? this.notificationMode
  }

  /**
   * Takes the mode for one notification about this order reference, counting it against the
   * mode's `remaining`: a spent mode gives way to plain delivery (a spent scoped mode, to the
   * global one).
   */
  takeNotificationMode(orderReference: string): NotificationMode {
    const scoped = this.scopedNotificationModes.get(orderReference)
    const mode = scoped ?? this.notificationMode
    if (mode.mode === 'deliver') return mode
    mode.remaining -= 1
    if (mode.remaining <= 0) {
      if (scoped) this.scopedNotificationModes.delete(orderReference)
      else this.notificationMode = { mode: 'deliver' }
    }
    return mode
  }

  /**
   * A new id: a numeric string like the gateways' own transaction ids, unique in this emulator
   * (time-based, so ids differ across restarts too).
   */
  nextId(): string {
    this.sequence += 1
    return `${Date.now()}${String(this.sequence).padStart(4, '0')}`
  }

  /** The payment a merchant created with this order reference, on this gateway and account. */
  findByReference(
    gateway: GatewayName,
    account: string,
    orderReference: string,
  ): EmulatedPayment | undefined {
    for (const payment of this.payments.values()) {
      if (
        payment.gateway === gateway &&
        payment.account === account &&
        payment.orderReference === orderReference
      ) {
        return payment
      }
    }
    return undefined
  }

  find(gateway: GatewayName, predicate: (payment: EmulatedPayment) => boolean) {
    for (const payment of this.payments.values()) {
      if (payment.gateway === gateway && predicate(payment)) return payment
    }
    return undefined
  }
}
