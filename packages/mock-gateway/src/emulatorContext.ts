import { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { EmulatorState } from './emulatorState.ts'
import type { GatewayEmulation, OutgoingNotification } from './gatewayEmulation.ts'
import type {
  DeclineReason,
  EmulatedPayment,
  EmulatedRefund,
  EmulatedState,
  GatewayName,
  NotificationDelivery,
} from './model.ts'
import type { PingPongEmulationOptions } from './pingpong/pingpongEmulation.ts'
import type { PockytEmulationOptions } from './pockyt/pockytEmulation.ts'

export interface EmulatorCredentials {
  pingpong: pingpong.PingPongCredentials[]
  pockyt: pockyt.PockytCredentials[]
  oceanpayment: oceanpayment.OceanpaymentCredentials[]
}

/** The documented test credentials, which the emulator accepts out of the box. */
export const documentedCredentials: EmulatorCredentials = {
  pingpong: [{ ...pingpong.sandboxCredentials }],
  pockyt: [{ ...pockyt.sandboxCredentials }],
  oceanpayment: [{ ...oceanpayment.testCredentials }],
}

export interface EmulatorOptions {
  /**
   * The emulator's own origin, e.g. `http://127.0.0.1:4010`. Each gateway lives under its prefix:
   * `${baseUrl}/pingpong`, `${baseUrl}/pockyt`, `${baseUrl}/oceanpayment`.
   */
  baseUrl: string
  /** More merchant accounts to accept, besides the documented test credentials. */
  credentials?: Partial<EmulatorCredentials>
  /**
   * Multiplies every wait: notification retries, "processing then notified", a refund settling;
   * not expiry, an absolute time the merchant is told. `0.001` turns PingPong's 5 s first retry
   * into 5 ms, so tests of the retry schedule run in seconds. Above 1 it slows them down, however
   * long that makes them.
   */
  timeScale?: number
  /** How long a "processing" card stays processing before it succeeds (before `timeScale`). */
  processingDelayMs?: number
  /** How long a created payment waits for the shopper before it expires (not scaled). */
  paymentLifetimeMs?: number
  /** The fetch used to deliver notifications (defaults to the global one). */
  fetch?: typeof fetch
  /**
   * Pockyt's unverified ([U]) behaviour: IPN retry waits, `{status}` after Cancel, whether empty
   * values are signed, whether closed payments are notified. See `PockytEmulationOptions`.
   */
  pockyt?: PockytEmulationOptions
  /** PingPong's unverified ([U]) behaviour: the notification envelope. See `PingPongEmulationOptions`. */
  pingpong?: PingPongEmulationOptions
}

/** What gateway modules and shared pages use: the state plus the emulator's actions. */
export interface EmulatorContext {
  readonly baseUrl: string
  readonly state: EmulatorState
  readonly credentials: EmulatorCredentials
  readonly options: Required<
    Pick<EmulatorOptions, 'timeScale' | 'processingDelayMs' | 'paymentLifetimeMs'>
  >
  /** The gateway's URL prefix, e.g. `http://127.0.0.1:4010/pingpong`. */
  gatewayUrl(gateway: GatewayName): string
  emulation(gateway: GatewayName): GatewayEmulation
  now(): Date
  /** Creates and stores a payment with the common bookkeeping filled in. */
  createPayment(
    fields: Omit<
      EmulatedPayment,
      'id' | 'state' | 'refunds' | 'history' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'extra'
    > & { extra?: Record<string, string> },
  ): EmulatedPayment
  /** Moves a payment to a new state, records it, and notifies the merchant when the gateway does. */
  settle(payment: EmulatedPayment, state: EmulatedState, reason?: DeclineReason): void
  /** Records what happened to a payment, for the index page. */
  record(payment: EmulatedPayment, event: string): void
  /** Sends the refund's notification, when the gateway sends one. */
  notifyRefund(payment: EmulatedPayment, refund: EmulatedRefund): void
  /**
   * Runs `action` after `ms`, scaled by `timeScale` unless `scaled` is false (an absolute deadline
   * such as an expiry time). Cancelled by `close()` and `reset()`; never keeps the process alive
   * by itself.
   */
  later(ms: number, action: () => void, options?: { scaled?: boolean }): void
  /** Expires the payment at its `expiresAt` if the shopper has not paid by then. */
  expireWhenDue(payment: EmulatedPayment): void
  /**
   * Forgets every payment, delivery and control setting, and cancels what was scheduled for them
   * (settling, expiring, refunding, notifying), so nothing about a forgotten payment happens later.
   */
  reset(): void
}

export interface EmulatorRuntime {
  context: EmulatorContext
  /** Stops pending notifications and timers. */
  close(): void
}

/**
 * The longest wait one Node timer keeps, about 24.8 days: Node fires a longer one at once
 * (TimeoutOverflowWarning).
 */
export const longestTimerMs = 2 ** 31 - 1

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export function createEmulatorContext(
  options: EmulatorOptions,
  emulations: readonly GatewayEmulation[],
): EmulatorRuntime {
  const baseUrl = withoutTrailingSlash(options.baseUrl)
  const state = new EmulatorState()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  const credentials: EmulatorCredentials = {
    pingpong: [...documentedCredentials.pingpong, ...(options.credentials?.pingpong ?? [])],
    pockyt: [...documentedCredentials.pockyt, ...(options.credentials?.pockyt ?? [])],
    oceanpayment: [
      ...documentedCredentials.oceanpayment,
      ...(options.credentials?.oceanpayment ?? []),
    ],
  }
  const settings = {
    timeScale: options.timeScale ?? 1,
    processingDelayMs: options.processingDelayMs ?? 3000,
    paymentLifetimeMs: options.paymentLifetimeMs ?? 48 * 60 * 60 * 1000,
  }

  function later(ms: number, action: () => void, { scaled = true } = {}): void {
    wait(Math.max(0, scaled ? ms * settings.timeScale : ms), action)
  }

  /**
   * Runs `action` after `ms`, in timers of at most 2^31 - 1 ms: Node fires a longer one at once
   * (TimeoutOverflowWarning), so a timeScale above 1 or a far expiry time settled, expired or
   * notified right away what should have waited days.
   */
  function wait(ms: number, action: () => void): void {
    const step = Math.min(ms, longestTimerMs)
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (ms > step) wait(ms - step, action)
      else action()
    }, step)
    timer.unref?.()
    timers.add(timer)
  }

  function emulation(gateway: GatewayName): GatewayEmulation {
    const found = emulations.find((candidate) => candidate.gateway === gateway)
    if (!found) throw new Error(`No emulation for gateway ${gateway}`)
    return found
  }

  function now(): Date {
    return new Date()
  }

  function record(payment: EmulatedPayment, event: string): void {
    const at = now().toISOString()
    payment.history.push({ at, event })
    payment.updatedAt = at
  }

  async function attempt(
    delivery: NotificationDelivery,
    gateway: GatewayEmulation,
    message: OutgoingNotification,
    attemptIndex: number,
  ): Promise<void> {
    if (!state.deliveries.includes(delivery)) return // reset since
    const at = now().toISOString()
    let acknowledged = false
    try {
      const response = await send(message.url, {
        method: 'POST',
        headers: { 'content-type': message.contentType },
        body: message.body,
        // The gateways read the notification route's own answer: a redirect (to a login page, to
        // https) is an answer that is not 2xx, not an address to POST the notification again to.
        redirect: 'manual',
      })
      const body = (await response.text()).slice(0, 200)
      acknowledged = gateway.acknowledges({ status: response.status, body })
      delivery.attempts.push({ at, status: response.status, body, acknowledged })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      delivery.attempts.push({ at, error: reason, acknowledged })
    }
    if (acknowledged) {
      delivery.state = 'delivered'
      return
    }
    const wait = gateway.retryDelaysMs[attemptIndex]
    if (wait === undefined) {
      delivery.state = 'gave_up'
      return
    }
    delivery.state = 'retrying'
    later(wait, () => void attempt(delivery, gateway, message, attemptIndex + 1))
  }

  /** Applies the notification mode set through the control API, then schedules the attempts. */
  function deliver(payment: EmulatedPayment, message: OutgoingNotification): void {
    const gateway = emulation(payment.gateway)
    const mode = state.takeNotificationMode(payment.orderReference)
    const newDelivery = (): NotificationDelivery => {
      const delivery: NotificationDelivery = {
        id: state.nextId(),
        gateway: payment.gateway,
        paymentId: payment.id,
        url: message.url,
        subject: message.subject,
        attempts: [],
        state: 'scheduled',
      }
      state.deliveries.push(delivery)
      return delivery
    }
    if (mode.mode === 'drop') {
      newDelivery().state = 'dropped'
      return
    }
    const firstDelay = mode.mode === 'delay' ? mode.delayMs : 0
    const copies = mode.mode === 'duplicate' ? 2 : 1
    for (let copy = 0; copy < copies; copy++) {
      const delivery = newDelivery()
      later(firstDelay, () => void attempt(delivery, gateway, message, 0))
    }
  }

  const context: EmulatorContext = {
    baseUrl,
    state,
    credentials,
    options: settings,
    gatewayUrl: (gateway) => `${baseUrl}/${gateway}`,
    emulation,
    now,
    record,
    later,

    expireWhenDue(payment) {
      const wait = Date.parse(payment.expiresAt) - now().getTime()
      later(
        wait,
        () => {
          if (payment.state === 'pending') context.settle(payment, 'expired')
        },
        { scaled: false },
      )
    },

    createPayment(fields) {
      const createdAt = now()
      const payment: EmulatedPayment = {
        ...fields,
        id: state.nextId(),
        state: 'pending',
        extra: fields.extra ?? {},
        refunds: [],
        history: [],
        createdAt: createdAt.toISOString(),
        updatedAt: createdAt.toISOString(),
        expiresAt: new Date(createdAt.getTime() + settings.paymentLifetimeMs).toISOString(),
      }
      state.payments.set(payment.id, payment)
      record(
        payment,
        `created (${fields.flow}) for ${fields.amount.value} ${fields.amount.currency}`,
      )
      return payment
    },

    settle(payment, next, reason) {
      if (payment.state === next) return
      payment.state = next
      if (reason) payment.declineReason = reason
      else delete payment.declineReason
      payment.awaitingChallenge = false
      record(payment, reason ? `${next} (${reason})` : next)
      const gateway = emulation(payment.gateway)
      const mode = state.notificationModeFor(payment.orderReference)
      const notification = gateway.paymentNotification(context, payment)
      if (!notification) return
      if (mode.mode === 'out_of_order' && next === 'succeeded') {
        // A late failure after the success: what a merchant must not let overwrite the success.
        const stale: EmulatedPayment = { ...payment, state: 'failed', declineReason: 'declined' }
        const staleNotification = gateway.paymentNotification(context, stale)
        deliver(payment, notification)
        if (staleNotification) {
          later(50, () =>
            deliver(payment, {
              ...staleNotification,
              subject: `${staleNotification.subject} (stale)`,
            }),
          )
        }
        return
      }
      deliver(payment, notification)
    },

    notifyRefund(payment, refund) {
      const notification = emulation(payment.gateway).refundNotification(context, payment, refund)
      if (notification) deliver(payment, notification)
    },

    reset() {
      cancelTimers()
      state.reset()
    },
  }

  function cancelTimers(): void {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
  }

  return { context, close: cancelTimers }
}
