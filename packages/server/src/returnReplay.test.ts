import type { PaymentSession } from '@checkout-kit/core'
import { oceanpayment } from '@checkout-kit/gateways'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrder, startTestbed, type Testbed } from './testing/checkoutTestbed.ts'

// The shopper's browser carries Oceanpayment's signed returns and may post them again, in any
// order: a result, and the 20061 answer to the same form resubmitted. Posted in turn, they must
// not grow the payment's timeline (stored, and read again by live pages) without bound.

let bed: Testbed
beforeAll(async () => {
  bed = await startTestbed({
    gateways: (emulatorUrl) => ({
      oceanpayment: { ...oceanpayment.testCredentials, baseUrl: `${emulatorUrl}/oceanpayment` },
    }),
  })
})
afterAll(() => bed.close())

describe('replayed Oceanpayment returns', () => {
  it('do not grow the timeline without bound when two genuine ones alternate', async () => {
    const session = (await (
      await bed.create({
        gateway: 'oceanpayment',
        flow: 'hosted-redirect',
        orderId: addOrder(`REVIEW-REPLAY-${Date.now()}`),
      })
    ).json()) as PaymentSession
    const signed = (payment_status: string, payment_details: string) =>
      oceanpayment.buildReturnFields(
        {
          account: oceanpayment.testCredentials.account,
          terminal: oceanpayment.testCredentials.terminal,
          order_number: session.id,
          order_currency: 'USD',
          order_amount: '25.00',
          payment_id: '230322000000000001',
          payment_authType: '0',
          payment_status,
          payment_details,
        },
        oceanpayment.testCredentials.secureCode,
      )
    // The payment's result, and the gateway's answer to the same form sent again.
    const forms = [signed('1', '80000:Transaction Approved'), signed('0', '20061:Duplicate order')]
    const post = async (fields: Record<string, string>) => {
      const back = await bed.call(`/return/oceanpayment?paymentId=${session.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      })
      expect(back.status).toBe(303)
      return (await bed.handler.getPayment(session.id))?.timeline.length ?? 0
    }
    for (const form of forms) await post(form)
    const settled = await post(forms[0] as Record<string, string>)
    expect((await bed.session(session.id)).status).toBe('succeeded')
    for (let round = 0; round < 50; round++) {
      for (const form of forms) await post(form)
    }
    const after = (await bed.handler.getPayment(session.id))?.timeline.length ?? 0
    expect(after - settled).toBeLessThanOrEqual(2)
  })
})
