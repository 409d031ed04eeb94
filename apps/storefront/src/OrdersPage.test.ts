// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import type { PaymentView } from '../server/paymentView.ts'
import { setLanguage } from './language.ts'
import {
  orderView,
  paymentView,
  renderShop,
  setupShopTestBed,
  stream,
} from './testing/shopTestBed.tsx'

setupShopTestBed()

/** The orders page, its stream sending one order with `payments`. */
async function ordersPageWith(payments: PaymentView[]) {
  stream('/api/shop/orders/events', 'orders', {
    orders: [orderView('ord_1', payments)],
    more: false,
  })
  renderShop('/orders')
  await vi.waitFor(() => expect(document.body.textContent).toMatch(/(Order|订单) ord_1/))
}

const declined = paymentView({
  id: 'pay_1',
  flow: 'apm',
  status: 'failed',
  failure: {
    code: 'payment_declined',
    message: 'Your payment was declined. Try another payment method.',
  },
})

describe("a failed payment's reason", () => {
  it('is the server’s message in English', async () => {
    await ordersPageWith([declined])
    expect(document.body.textContent).toContain(
      'Your payment was declined. Try another payment method.',
    )
  })

  it('is said in Chinese by its code, as the result page says it', async () => {
    setLanguage('zh-CN')
    await ordersPageWith([declined])
    expect(document.body.textContent).toContain('支付被拒绝。请换一种支付方式。')
    expect(document.body.textContent).not.toContain('Your payment was declined')
  })

  it('keeps the server’s message in Chinese when the code is not one the kit knows', async () => {
    setLanguage('zh-CN')
    const odd = { code: 'gateway_said_no', message: 'The gateway refused: reason 17.' }
    await ordersPageWith([paymentView({ id: 'pay_2', status: 'failed', failure: odd })])
    expect(document.body.textContent).toContain('The gateway refused: reason 17.')
  })
})
