import type { PaymentRecord } from '@checkout-kit/server'
import { expect, it } from 'vitest'
import { toPaymentView } from './paymentView.ts'

const usd = (value: string) => ({ value, currency: 'USD' })

it('masks a card number in a summary stored before the server masked them, and shows nothing secret', () => {
  const record = {
    id: 'pay_1',
    orderId: 'ord_1',
    gateway: 'pingpong',
    flow: 'card',
    status: 'succeeded',
    amount: usd('24.00'),
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:01.000Z',
    returnUrl: 'http://shop.test/result',
    idempotencyKey: 'key-secret',
    requestFingerprint: 'fingerprint',
    gatewayReference: 'pay_1',
    gatewayData: { token: 'token-secret' },
    refunds: [],
    timeline: [
      {
        seq: 1,
        at: '2026-01-05T10:00:00.000Z',
        kind: 'request',
        summary: 'POST /v4/payment/prePay card 4111111111111111',
      },
    ],
  } as unknown as PaymentRecord

  const view = toPaymentView(record)
  expect(view.timeline[0]?.summary).toBe('POST /v4/payment/prePay card [card number]')
  expect(view.refundable).toEqual(usd('24.00'))
  const shown = JSON.stringify(view)
  for (const secret of ['4111111111111111', 'key-secret', 'token-secret', 'fingerprint']) {
    expect(shown).not.toContain(secret)
  }
})
