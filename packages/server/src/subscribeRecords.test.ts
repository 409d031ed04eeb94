import type { PaymentSession } from '@checkout-kit/core'
import { pingpong } from '@checkout-kit/gateways'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import type { PaymentRecord } from './paymentRecord.ts'
import { addOrder, startTestbed, type Testbed } from './testing/checkoutTestbed.ts'

// `subscribeRecords`: every change to any payment, new ones included, reaches the listener once.

let bed: Testbed
const logged = vi.fn()
beforeAll(async () => {
  bed = await startTestbed({ logger: { info: () => {}, warn: () => {}, error: logged } })
})
afterAll(() => bed.close())

let orders = 0
const newOrder = () => addOrder(`order_records_${++orders}`, '25.00')

/** Listens from now on; `of(id)` is what was heard of one payment, in order. */
function listen() {
  const heard: PaymentRecord[] = []
  const stop = bed.handler.subscribeRecords((record) => heard.push(record))
  return { heard, stop, of: (id: string) => heard.filter((record) => record.id === id) }
}

async function start(body: Record<string, unknown>): Promise<PaymentSession> {
  const response = await bed.create({ gateway: 'pingpong', orderId: newOrder(), ...body })
  expect(response.status).toBe(201)
  return (await response.json()) as PaymentSession
}

/** The record as stored, read without asking the gateway. */
async function stored(id: string): Promise<PaymentRecord | undefined> {
  return (await bed.handler.listPayments({ limit: 1000 })).find((record) => record.id === id)
}

/** Each change heard once: no record heard twice in a row, and the last one is what is stored. */
async function expectEachChangeOnce(heard: PaymentRecord[], id: string) {
  for (let i = 1; i < heard.length; i++) expect(heard[i]).not.toEqual(heard[i - 1])
  expect(heard.at(-1)).toEqual(await stored(id))
}

function notification(paymentId: string, status: 'SUCCESS' | 'FAILED') {
  const body = pingpong.buildNotification(
    {
      notifyType: 'RECHARGE',
      status,
      merchantTransactionId: paymentId,
      amount: '25.00',
      currency: 'USD',
    },
    pingpong.sandboxCredentials,
  )
  return bed.call('/notify/pingpong', { method: 'POST', body: JSON.stringify(body) })
}

const card = {
  number: '4111111111111111',
  expiryMonth: '12',
  expiryYear: '2030',
  cvc: '123',
  holderName: 'Ada Lovelace',
}

it('hears of a new payment as it is created, then as it is started', async () => {
  const { of, stop } = listen()
  const session = await start({ flow: 'hosted-redirect' })
  stop()
  const heard = of(session.id)
  expect(heard[0]).toMatchObject({
    status: 'requires_action',
    timeline: [{ seq: 1, kind: 'request' }],
  })
  expect(heard[0]?.action).toBeUndefined()
  expect(heard.at(-1)).toMatchObject({ status: 'requires_action', action: { type: 'redirect' } })
  await expectEachChangeOnce(heard, session.id)
})

it('hears of a status change from a notification, and of a notification that changes only the timeline', async () => {
  const session = await start({ flow: 'hosted-redirect' })
  const { of, stop } = listen()
  const sessions: PaymentSession[] = []
  const stopSessions = bed.handler.subscribe(session.id, (next) => sessions.push(next))

  expect(await (await notification(session.id, 'SUCCESS')).text()).toBe('OK')
  expect(of(session.id)).toHaveLength(1)
  expect(of(session.id)[0]).toMatchObject({ status: 'succeeded' })
  expect(of(session.id)[0]?.timeline.at(-2)).toMatchObject({ kind: 'notification' })

  // A late failure changes nothing but the timeline: records hear of it, sessions do not.
  expect(await (await notification(session.id, 'FAILED')).text()).toBe('OK')
  expect(of(session.id)).toHaveLength(2)
  expect(of(session.id)[1]?.timeline.at(-1)?.summary).toMatch(/no change from succeeded/)
  expect(sessions.map((next) => next.status)).toEqual(['succeeded'])
  stop()
  stopSessions()
  await expectEachChangeOnce(of(session.id), session.id)
})

it('hears of a refund as it is requested and as it is settled', async () => {
  const session = await start({ flow: 'card', card })
  expect(session.status).toBe('succeeded')
  const { of, stop } = listen()
  await bed.handler.refund({ paymentId: session.id, amount: { value: '5.00', currency: 'USD' } })
  expect(of(session.id)[0]).toMatchObject({
    refunds: [{ status: 'processing', amount: { value: '5.00', currency: 'USD' } }],
  })
  expect(of(session.id)[0]?.timeline.at(-1)?.summary).toMatch(/requested$/)
  await vi.waitFor(() =>
    expect(of(session.id).at(-1)).toMatchObject({ refunds: [{ status: 'succeeded' }] }),
  )
  stop()
  await expectEachChangeOnce(of(session.id), session.id)
})

it('stops hearing once unsubscribed', async () => {
  const { heard, stop } = listen()
  const other = listen()
  stop()
  const session = await start({ flow: 'hosted-redirect' })
  await notification(session.id, 'SUCCESS')
  other.stop()
  expect(heard).toEqual([])
  expect(other.of(session.id).length).toBeGreaterThan(1)
})

it('gives each listener its own copy, and a listener that throws stops nothing', async () => {
  const stopFaulty = bed.handler.subscribeRecords((record) => {
    record.status = 'failed'
    throw new Error('listener bug')
  })
  const { of, stop } = listen()
  const session = await start({ flow: 'hosted-redirect' })
  expect(await (await notification(session.id, 'SUCCESS')).text()).toBe('OK')
  stopFaulty()
  stop()
  expect(of(session.id).at(-1)?.status).toBe('succeeded')
  expect((await stored(session.id))?.status).toBe('succeeded')
  expect(logged).toHaveBeenCalledWith('A payment listener failed', { error: 'Error: listener bug' })
})
