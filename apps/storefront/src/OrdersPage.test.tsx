import { screen, waitFor } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import type { PaymentView } from '../server/paymentView.ts'
import { setLanguage } from './language.ts'
import {
  apiError,
  orderView,
  paymentView,
  renderShop,
  requestsTo,
  server,
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
  const shop = renderShop('/orders')
  await waitFor(() => expect(document.body.textContent).toMatch(/(Order|订单) ord_1/))
  return shop
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

describe('a refund amount', () => {
  const paid = paymentView({
    id: 'pay_1',
    flow: 'card',
    status: 'succeeded',
    refundable: { value: '21.50', currency: 'USD' },
  })

  async function typeAndRefund(amount: string) {
    const { user } = await ordersPageWith([paid])
    const input = screen.getByRole('textbox', { name: /^(Refund amount|退款金额)/ })
    await user.type(input, amount)
    await user.click(screen.getByRole('button', { name: /^(Refund|退款)$/ }))
    return { input, user }
  }

  it('that is no amount is refused on the page, with a short message the field points to', async () => {
    const { input, user } = await typeAndRefund('abc')

    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'))
    const message = document.getElementById(input.getAttribute('aria-describedby') ?? '')
    expect(message?.textContent).toBe('Enter an amount above zero, such as 5 or 5.50.')
    expect(document.activeElement).toBe(input)
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')).toHaveLength(0)

    // Corrected, it is an amount again: '5' typed over 'abc'.
    await user.type(input, '5', { initialSelectionStart: 0, initialSelectionEnd: 'abc'.length })
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('false'))
  })

  it('that is zero is refused the same way, in Chinese too', async () => {
    setLanguage('zh-CN')
    const { input } = await typeAndRefund('0')

    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      '请输入大于零的金额，例如 5 或 5.50。',
    )
    expect(document.body.textContent).not.toContain('The refund amount must be')
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')).toHaveLength(0)
  })

  it('is sent with two decimals, and a refusal is the server’s own answer', async () => {
    server.use(
      http.post('/api/shop/payments/pay_1/refunds', () =>
        apiError(409, 'REFUND_NOT_ALLOWED', 'Refunds through this gateway are not supported.'),
      ),
    )
    const { input } = await typeAndRefund('5.5')

    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'The refund was not made: Refunds through this gateway are not supported.',
      ),
    )
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')[0]?.body).toEqual({
      amount: { value: '5.50', currency: 'USD' },
    })
    expect(input.getAttribute('aria-invalid')).toBe('false')
  })
})
