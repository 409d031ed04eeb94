import type { CreatePaymentRequest, PaymentSession } from '@checkout-kit/core'
import { pingpong } from '@checkout-kit/gateways'
import { type RunningEmulator, startEmulator } from '@checkout-kit/mock-gateway'
import {
  type CheckoutHandler,
  type CheckoutHandlerOptions,
  createCheckoutHandler,
} from '../createCheckoutHandler.ts'
import type { ResolvedOrder } from '../gateways/gatewayAdapter.ts'
import type { RunningServer } from '../serve.ts'
import { serveCheckout } from './serveCheckout.ts'

export const shopOrigin = 'http://shop.test'

/** Orders the test shop sells: the only place amounts come from. */
export const orders: Record<string, ResolvedOrder> = {}

export function addOrder(orderId: string, value = '25.00', currency = 'USD'): string {
  orders[orderId] = {
    amount: { value, currency },
    description: `Order ${orderId}`,
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      address: { line1: '1 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
    },
    items: [{ name: 'Difference Engine', quantity: 1, unitPrice: value }],
  }
  return orderId
}

export interface Testbed {
  emulator: RunningEmulator
  server: RunningServer
  handler: CheckoutHandler
  api: string
  call(path: string, init?: RequestInit): Promise<Response>
  create(body: Partial<CreatePaymentRequest>, key?: string): Promise<Response>
  session(id: string): Promise<PaymentSession>
  close(): Promise<void>
}

/**
 * The emulator and a merchant server running the real handler over HTTP on loopback, configured
 * with the emulator's base URLs and the documented test credentials.
 */
export async function startTestbed(
  overrides: Partial<Omit<CheckoutHandlerOptions, 'gateways'>> & {
    /** The gateways to enable, given the emulator's URL. PingPong alone by default. */
    gateways?: (emulatorUrl: string) => CheckoutHandlerOptions['gateways']
  } = {},
): Promise<Testbed> {
  const emulator = await startEmulator({ timeScale: 0.001, processingDelayMs: 100 })
  const { server, api, mount } = await serveCheckout()
  const handler = createCheckoutHandler({
    publicUrl: api,
    resolveOrder: (orderId) => orders[orderId],
    allowedReturnOrigins: [shopOrigin],
    queryAfterMs: 200,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    ...overrides,
    gateways: overrides.gateways?.(emulator.url) ?? {
      pingpong: {
        ...pingpong.sandboxCredentials,
        baseUrl: `${emulator.url}/pingpong`,
        riskPluginUrl: `${emulator.url}/pingpong/risk/acquirerRiskControl.min.js`,
      },
    },
  })
  mount(handler)

  const call = (path: string, init?: RequestInit) => fetch(`${api}${path}`, init)
  return {
    emulator,
    server,
    handler,
    api,
    call,
    create: (body, key = crypto.randomUUID()) =>
      call('/payments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ returnUrl: `${shopOrigin}/result`, ...body }),
      }),
    session: async (id) => (await (await call(`/payments/${id}`)).json()) as PaymentSession,
    async close() {
      await handler.close()
      await server.close()
      await emulator.close()
    },
  }
}

/** Submits a hosted page's form as the shopper's browser would, without following redirects. */
export function submitForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** The emulator's shared card page, as a shopper fills it in. */
export function payWithCard(emulatorUrl: string, paymentId: string, cardNumber: string) {
  return submitForm(`${emulatorUrl}/pages/payments/${paymentId}/pay`, {
    cardNumber,
    expiry: '12/30',
    securityCode: '123',
    cardholderName: 'Ada Lovelace',
  })
}

/** The emulator's id of the attempt whose gateway reference is the kit's payment id. */
export function emulatorPaymentId(emulator: RunningEmulator, paymentId: string): string {
  const found = [...emulator.state.payments.values()].find(
    (payment) => payment.orderReference === paymentId,
  )
  if (!found) throw new Error(`The emulator has no payment for ${paymentId}`)
  return found.id
}
