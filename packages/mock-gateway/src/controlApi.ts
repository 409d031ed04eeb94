import { type HttpHandler, HttpResponse, http } from 'msw'
import { type EmulatorContext, longestTimerMs } from './emulatorContext.ts'
import type { NotificationMode } from './emulatorState.ts'
import type { EmulatedPayment } from './model.ts'
import { isFinal } from './model.ts'

// The control API under `/__emulator/`: what a test does to the gateway that a shopper cannot —
// reset it, settle or expire a payment, slow it down, make it fail, and bend its notifications.
// Answers are JSON; errors are `{ error: { code, message } }` like the merchant contract's.

/** An error of the emulator's own, not a gateway's: also the HTTP server's 404 and 413. */
export function problem(status: number, code: string, message: string, headers?: HeadersInit) {
  return HttpResponse.json({ error: { code, message } }, { status, headers })
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (text.trim() === '') return {}
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

function nonNegativeInteger(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

/** A payment as the control API shows it: everything but card data (there is none to show). */
export function describePayment(payment: EmulatedPayment) {
  return {
    id: payment.id,
    gateway: payment.gateway,
    flow: payment.flow,
    account: payment.account,
    orderReference: payment.orderReference,
    amount: payment.amount,
    state: payment.state,
    declineReason: payment.declineReason,
    apmMethod: payment.apmMethod,
    maskedCard: payment.maskedCard,
    refunds: payment.refunds,
    history: payment.history,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
    expiresAt: payment.expiresAt,
  }
}

export function controlApiHandlers(context: EmulatorContext): HttpHandler[] {
  const base = `${context.baseUrl}/__emulator`
  const { state } = context

  const findPayment = (id: unknown) =>
    typeof id === 'string'
      ? (state.payments.get(id) ??
        [...state.payments.values()].find((payment) => payment.orderReference === id))
      : undefined

  return [
    http.post(`${base}/reset`, () => {
      context.reset()
      return HttpResponse.json({ reset: true })
    }),

    http.get(`${base}/payments`, () =>
      HttpResponse.json({ payments: [...state.payments.values()].map(describePayment) }),
    ),

    http.get(`${base}/payments/:id`, ({ params }) => {
      const payment = findPayment(params.id)
      return payment
        ? HttpResponse.json(describePayment(payment))
        : problem(
            404,
            'payment_not_found',
            `No payment has the id or order reference ${String(params.id)}`,
          )
    }),

    // Settles an open payment as if the shopper had finished: { "outcome": "succeeded" | "failed" }.
    http.post(`${base}/payments/:id/complete`, async ({ request, params }) => {
      const payment = findPayment(params.id)
      if (!payment) return problem(404, 'payment_not_found', `No payment ${String(params.id)}`)
      if (isFinal(payment.state)) {
        return problem(409, 'payment_final', `Payment ${payment.id} is already ${payment.state}`)
      }
      const { outcome = 'succeeded' } = await readJson(request)
      if (outcome !== 'succeeded' && outcome !== 'failed') {
        return problem(400, 'invalid_outcome', 'outcome is "succeeded" or "failed"')
      }
      context.settle(payment, outcome, outcome === 'failed' ? 'declined' : undefined)
      return HttpResponse.json(describePayment(payment))
    }),

    http.post(`${base}/payments/:id/expire`, ({ params }) => {
      const payment = findPayment(params.id)
      if (!payment) return problem(404, 'payment_not_found', `No payment ${String(params.id)}`)
      if (isFinal(payment.state)) {
        return problem(409, 'payment_final', `Payment ${payment.id} is already ${payment.state}`)
      }
      payment.expiresAt = context.now().toISOString()
      context.settle(payment, 'expired')
      return HttpResponse.json(describePayment(payment))
    }),

    // { "ms": 800 } — every gateway request waits this long before it is answered.
    http.post(`${base}/latency`, async ({ request }) => {
      const ms = nonNegativeInteger((await readJson(request)).ms, 0)
      // Past the longest timer Node keeps, the wait would end at once: no latency at all.
      if (ms === undefined || ms > longestTimerMs) {
        return problem(
          400,
          'invalid_latency',
          `ms is a whole number from 0 to ${longestTimerMs} (about 24.8 days)`,
        )
      }
      state.latencyMs = ms
      return HttpResponse.json({ latencyMs: ms })
    }),

    // { "count": 1, "status": 503 } — the next gateway requests fail with this HTTP status.
    http.post(`${base}/fail-next`, async ({ request }) => {
      const body = await readJson(request)
      const count = nonNegativeInteger(body.count, 1)
      const status = nonNegativeInteger(body.status, 503)
      if (count === undefined || status === undefined || status < 400 || status > 599) {
        return problem(400, 'invalid_failure', 'count is a whole number; status is 400–599')
      }
      state.failNext = count > 0 ? { remaining: count, status } : undefined
      return HttpResponse.json({ failNext: state.failNext ?? null })
    }),

    // { "mode": "deliver" | "delay" | "drop" | "duplicate" | "out_of_order", "count": 1, "delayMs": 5000,
    //   "orderReference": "…" } — without orderReference, for every notification; with it, only for
    // notifications about that order, ahead of the global mode ("deliver" clears it).
    http.post(`${base}/notifications`, async ({ request }) => {
      const body = await readJson(request)
      const remaining = nonNegativeInteger(body.count, 1)
      const delayMs = nonNegativeInteger(body.delayMs, 5000)
      if (remaining === undefined || delayMs === undefined) {
        return problem(400, 'invalid_notification_mode', 'count and delayMs are whole numbers ≥ 0')
      }
      const { orderReference } = body
      if (
        orderReference !== undefined &&
        (typeof orderReference !== 'string' || orderReference === '')
      ) {
        return problem(
          400,
          'invalid_notification_mode',
          'orderReference is the merchant’s order reference, a non-empty string',
        )
      }
      let mode: NotificationMode
      switch (body.mode) {
        case 'deliver':
          mode = { mode: 'deliver' }
          break
        case 'delay':
          mode = { mode: 'delay', delayMs, remaining }
          break
        case 'drop':
        case 'duplicate':
        case 'out_of_order':
          mode = { mode: body.mode, remaining }
          break
        default:
          return problem(
            400,
            'invalid_notification_mode',
            'mode is one of deliver, delay, drop, duplicate, out_of_order',
          )
      }
      if (orderReference === undefined) {
        state.notificationMode = mode
        return HttpResponse.json({ notificationMode: mode })
      }
      if (mode.mode === 'deliver') state.scopedNotificationModes.delete(orderReference)
      else state.scopedNotificationModes.set(orderReference, mode)
      return HttpResponse.json({ orderReference, notificationMode: mode })
    }),

    http.get(`${base}/notifications`, () => HttpResponse.json({ deliveries: state.deliveries })),
  ]
}

/**
 * Applies the latency and the "fail next" set through the control API to gateway requests. Answers
 * nothing itself otherwise, so MSW goes on to the gateway's own handler.
 */
export function faultInjectionHandler(context: EmulatorContext): HttpHandler {
  return http.all(`${context.baseUrl}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname
    if (path.startsWith('/__emulator/') || path === '/') return undefined
    const { state } = context
    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs))
    const failure = state.failNext
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1
      if (failure.remaining === 0) state.failNext = undefined
      return new HttpResponse('Service temporarily unavailable (emulated failure)', {
        status: failure.status,
        headers: { 'content-type': 'text/plain' },
      })
    }
    return undefined
  })
}
