import type { CheckoutFlow, GatewayName, PaymentSession } from '@checkout-kit/core'
import { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOrder, startTestbed, type Testbed } from './testing/checkoutTestbed.ts'

// Every gateway and flow the kit offers, from creation to `succeeded`, seen both through
// GET /payments/{id} and the server-sent events stream. The emulator's control API completes the
// payment as its hosted page or wallet would.

let bed: Testbed
beforeAll(async () => {
  bed = await startTestbed({
    gateways: (emulatorUrl) => ({
      pingpong: { ...pingpong.sandboxCredentials, baseUrl: `${emulatorUrl}/pingpong` },
      pockyt: {
        ...pockyt.sandboxCredentials,
        baseUrl: `${emulatorUrl}/pockyt`,
      },
      oceanpayment: {
        ...oceanpayment.testCredentials,
        baseUrl: `${emulatorUrl}/oceanpayment`,
      },
    }),
  })
})
afterAll(() => bed?.close())

const combinations: [GatewayName, CheckoutFlow, Record<string, unknown>][] = [
  ['pingpong', 'hosted-sdk', {}],
  ['pingpong', 'hosted-redirect', {}],
  [
    'pingpong',
    'card',
    {
      card: {
        number: '4000000000000259',
        expiryMonth: '12',
        expiryYear: '2030',
        cvc: '123',
        holderName: 'Ada Lovelace',
      },
    },
  ],
  ['pingpong', 'apm', { method: 'AlipayCN' }],
  ['pockyt', 'hosted-redirect', {}],
  ['oceanpayment', 'hosted-redirect', {}],
]

async function readEvents(response: Response): Promise<PaymentSession[]> {
  const text = await response.text() // the stream ends at a final status
  return [...text.matchAll(/^data: (.*)$/gm)].map(
    (match) => JSON.parse(match[1] ?? '{}') as PaymentSession,
  )
}

it.each(combinations)(
  '%s %s ends succeeded, by GET and by events',
  async (gateway, flow, extra) => {
    const orderId = addOrder(`EVERY-${gateway}-${flow}`)
    const created = await bed.create({ gateway, flow, orderId, ...extra })
    expect(created.status).toBe(201)
    const session = (await created.json()) as PaymentSession
    expect(['requires_action', 'processing']).toContain(session.status)

    const events = readEvents(await bed.call(`/payments/${session.id}/events`))
    const emulated = [...bed.emulator.state.payments.values()].find(
      (payment) => payment.orderReference === session.id,
    )
    if (!emulated) throw new Error('the emulator has no such payment')
    if (emulated.state !== 'succeeded') {
      const completed = await fetch(
        `${bed.emulator.url}/__emulator/payments/${emulated.id}/complete`,
        { method: 'POST', body: '{"outcome":"succeeded"}' },
      )
      expect(completed.status).toBe(200)
    }
    const statuses = (await events).map((event) => event.status)
    expect(statuses.at(-1)).toBe('succeeded')
    expect((await bed.session(session.id)).status).toBe('succeeded')
  },
)
