import { act, screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import type { PaymentView } from '../server/paymentView.ts'
import { setLanguage } from './language.ts'
import {
  apiError,
  fail,
  held,
  orderView,
  paymentView,
  renderShop,
  requestsTo,
  send,
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

describe('a refund', () => {
  const paid = paymentView({
    id: 'pay_1',
    flow: 'card',
    status: 'succeeded',
    refundable: { value: '21.50', currency: 'USD' },
  })
  const usd = (value: string) => ({ value, currency: 'USD' })
  const log = () => screen.getByRole('log', { name: 'Updates' })

  /** Answers every refund of pay_1 with 202 for the amount asked, or all that is left. */
  function acceptRefunds() {
    server.use(
      http.post('/api/shop/payments/pay_1/refunds', async ({ request }) => {
        const body = (await request.json()) as { amount?: { value: string } }
        return HttpResponse.json(
          {
            refund: { reference: 'ref_1', amount: body.amount ?? usd('21.50'), status: 'pending' },
          },
          { status: 202 },
        )
      }),
    )
  }

  it('of all that is left is asked for again with its amount, and announced once sent', async () => {
    acceptRefunds()
    const { user } = await ordersPageWith([paid])
    await user.click(screen.getByRole('button', { name: 'Refund' }))

    const confirm = await screen.findByRole('button', { name: 'Refund all 21.50 USD?' })
    await waitFor(() => expect(document.activeElement).toBe(confirm))
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')).toHaveLength(0)
    await user.click(confirm)

    await waitFor(() =>
      expect(log().textContent).toBe('Refund of 21.50 USD requested for payment pay_1.'),
    )
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')[0]?.body).toEqual({})
    expect(screen.queryAllByRole('button', { name: /^Refund all/ })).toHaveLength(0)
  })

  it('of an amount is sent once however often it is pressed, and the field is emptied', async () => {
    const answer = held(() =>
      HttpResponse.json(
        { refund: { reference: 'ref_1', amount: usd('5.00'), status: 'pending' } },
        { status: 202 },
      ),
    )
    server.use(http.post('/api/shop/payments/pay_1/refunds', answer.resolver))
    const { user } = await ordersPageWith([paid])
    const input = screen.getByRole('textbox', { name: 'Refund amount (USD)' })
    await user.type(input, '5')
    const refund = screen.getByRole('button', { name: 'Refund' })
    await user.click(refund)
    await waitFor(() => expect(refund.getAttribute('aria-disabled')).toBe('true'))
    await user.click(refund)
    answer.release()

    await waitFor(() =>
      expect(log().textContent).toBe('Refund of 5.00 USD requested for payment pay_1.'),
    )
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')).toHaveLength(1)
    expect((input as HTMLInputElement).value).toBe('')
  })

  it('typed with spaces around it is still an amount', async () => {
    acceptRefunds()
    const { user } = await ordersPageWith([paid])
    await user.type(screen.getByRole('textbox', { name: 'Refund amount (USD)' }), ' 5 ')
    await user.click(screen.getByRole('button', { name: 'Refund' }))
    await waitFor(() =>
      expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')[0]?.body).toEqual({
        amount: usd('5.00'),
      }),
    )
  })

  it('with more than two decimals is refused on the page', async () => {
    const { user } = await ordersPageWith([paid])
    const input = screen.getByRole('textbox', { name: 'Refund amount (USD)' })
    await user.type(input, '5.555')
    await user.click(screen.getByRole('button', { name: 'Refund' }))
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'))
    expect(requestsTo('POST', '/api/shop/payments/pay_1/refunds')).toHaveLength(0)
  })

  it('refused by the server is said in the live region too', async () => {
    server.use(
      http.post('/api/shop/payments/pay_1/refunds', () =>
        apiError(409, 'REFUND_NOT_ALLOWED', 'The refund is more than is left.'),
      ),
    )
    const { user } = await ordersPageWith([paid])
    await user.type(screen.getByRole('textbox', { name: 'Refund amount (USD)' }), '30')
    await user.click(screen.getByRole('button', { name: 'Refund' }))
    await waitFor(() =>
      expect(log().textContent).toBe('The refund was not made: The refund is more than is left.'),
    )
  })

  it('that leaves nothing to refund takes the form away, and its focus goes to the payment', async () => {
    acceptRefunds()
    const { user } = await ordersPageWith([paid])
    await user.click(screen.getByRole('button', { name: 'Refund' }))
    await user.click(await screen.findByRole('button', { name: 'Refund all 21.50 USD?' }))
    await waitFor(() => expect(log().textContent).toContain('requested'))
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refund' }))

    const refunded = { ...paid, refunded: usd('21.50'), refundable: usd('0.00') }
    act(() =>
      send('/api/shop/orders/events', 'orders', {
        orders: [orderView('ord_1', [refunded])],
        more: false,
      }),
    )
    await waitFor(() =>
      expect(screen.queryAllByRole('textbox', { name: /^Refund amount/ })).toHaveLength(0),
    )
    expect(document.activeElement).toBe(screen.getByRole('rowheader', { name: /pay_1/ }))
    // Said in the live region, and in the table.
    expect(log().textContent).toContain('Order ord_1, PingPong card: Refunded.')
    expect(screen.getByRole('cell', { name: 'Refunded' })).toBeTruthy()
  })
})

describe('the live orders', () => {
  it('announce a status change of a payment already shown, and nothing on arrival', async () => {
    const open = paymentView({ id: 'pay_1', status: 'requires_action' })
    await ordersPageWith([open, paymentView({ id: 'pay_2', status: 'failed' })])
    const log = screen.getByRole('log', { name: 'Updates' })
    expect(log.textContent).toBe('')

    act(() =>
      send('/api/shop/orders/events', 'orders', {
        orders: [
          orderView('ord_1', [
            { ...open, status: 'succeeded' },
            paymentView({ id: 'pay_2', status: 'failed' }),
          ]),
        ],
        more: false,
      }),
    )
    await waitFor(() =>
      expect(log.textContent).toBe('Order ord_1, PingPong hosted (redirect): Succeeded.'),
    )
  })

  it('keep the five latest updates in the live region', async () => {
    const ids = ['pay_1', 'pay_2', 'pay_3', 'pay_4', 'pay_5', 'pay_6']
    await ordersPageWith(ids.map((id) => paymentView({ id, status: 'requires_action' })))
    act(() =>
      send('/api/shop/orders/events', 'orders', {
        orders: [
          orderView(
            'ord_1',
            ids.map((id) => paymentView({ id, status: 'expired' })),
          ),
        ],
        more: false,
      }),
    )
    const log = screen.getByRole('log', { name: 'Updates' })
    await waitFor(() => expect(log.children).toHaveLength(5))
    expect([...log.children].every((update) => update.textContent?.endsWith('Expired.'))).toBe(true)
  })

  it('follow one order alone at /orders?order=, with a way back to all of them', async () => {
    stream('/api/shop/orders/events', 'orders', {
      orders: [orderView('ord_2'), orderView('ord_1')],
      more: false,
    })
    stream('/api/shop/orders/events?order=ord_1', 'orders', {
      orders: [orderView('ord_1')],
      more: false,
    })
    const { user } = renderShop('/orders')
    await screen.findByRole('heading', { name: 'Order ord_2' })
    const [, onlyFirst] = screen.getAllByRole('link', { name: 'Show only this order' })
    await user.click(onlyFirst as HTMLElement)

    await waitFor(() =>
      expect(screen.queryAllByRole('heading', { name: 'Order ord_2' })).toHaveLength(0),
    )
    await screen.findByRole('heading', { name: 'Order ord_1' })
    expect(window.location.search).toBe('?order=ord_1')
    expect(screen.queryAllByRole('link', { name: 'Show only this order' })).toHaveLength(0)
    await user.click(screen.getByRole('link', { name: 'Show all orders' }))
    await screen.findByRole('heading', { name: 'Order ord_2' })
  })

  it('say when they are not all the orders, and only then', async () => {
    stream('/api/shop/orders/events', 'orders', { orders: [orderView('ord_1')], more: true })
    renderShop('/orders')
    await screen.findByText('The 1 most recent orders.')
    expect(screen.getByText('No payment attempt yet.')).toBeTruthy()

    act(() =>
      send('/api/shop/orders/events', 'orders', { orders: [orderView('ord_1')], more: false }),
    )
    await waitFor(() => expect(screen.queryAllByText(/most recent orders/)).toHaveLength(0))
    expect(document.body.textContent).toContain('Order ord_1')
  })

  it('say the connection dropped while it reconnects, and clear it with the next update', async () => {
    await ordersPageWith([])
    const connection = screen.getByRole('status', { name: 'Connection' })
    act(() => fail('/api/shop/orders/events', 'reconnecting'))
    await waitFor(() =>
      expect(connection.textContent).toBe('The live connection to the shop dropped; reconnecting…'),
    )
    act(() =>
      send('/api/shop/orders/events', 'orders', { orders: [orderView('ord_2')], more: false }),
    )
    await waitFor(() => expect(connection.textContent).toBe(''))
    expect(document.body.textContent).toContain('Order ord_2')
  })

  it("show the server's error while it retries", async () => {
    await ordersPageWith([])
    act(() =>
      send('/api/shop/orders/events', 'shop-error', {
        message: 'The latest state could not be read; retrying…',
      }),
    )
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe(
        'The latest state could not be read; retrying…',
      ),
    )
  })

  it('read the orders once and say updates stopped when the stream ends for good', async () => {
    server.use(
      http.get('/api/shop/orders', () =>
        HttpResponse.json({ orders: [orderView('ord_3')], more: false }),
      ),
    )
    await ordersPageWith([])
    act(() => fail('/api/shop/orders/events', 'closed'))
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe(
        'Live updates stopped; reload the page to see later changes.',
      ),
    )
    expect(document.body.textContent).toContain('Order ord_3')
    expect(document.body.textContent).not.toContain('Order ord_1')
  })

  it('are not overwritten by the last read of a stream the page has left', async () => {
    stream('/api/shop/orders/events?order=ord_1', 'orders', {
      orders: [orderView('ord_1')],
      more: false,
    })
    const lastRead = held(() => HttpResponse.json({ orders: [orderView('ord_1')], more: false }))
    server.use(http.get('/api/shop/orders', lastRead.resolver))
    const { user } = renderShop('/orders?order=ord_1')
    await screen.findByRole('heading', { name: 'Order ord_1' })
    act(() => fail('/api/shop/orders/events?order=ord_1', 'closed'))
    await waitFor(() => expect(requestsTo('GET', '/api/shop/orders')).toHaveLength(1))

    stream('/api/shop/orders/events', 'orders', {
      orders: [orderView('ord_2'), orderView('ord_1')],
      more: false,
    })
    await user.click(screen.getByRole('link', { name: 'Show all orders' }))
    await screen.findByRole('heading', { name: 'Order ord_2' })
    lastRead.release()
    // The old stream's answer has had time to arrive: the page still shows all orders, live.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.getByRole('heading', { name: 'Order ord_2' })).toBeTruthy()
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('')
  })

  it('show no refund form for a payment with nothing left to refund', async () => {
    await ordersPageWith([
      paymentView({
        id: 'pay_1',
        status: 'succeeded',
        refunded: { value: '21.50', currency: 'USD' },
        refundable: { value: '0.00', currency: 'USD' },
      }),
    ])
    expect(screen.queryAllByRole('textbox', { name: /^Refund amount/ })).toHaveLength(0)
    expect(screen.getByRole('cell', { name: 'Refunded' })).toBeTruthy()
  })

  it('say so when an order was paid twice, until the extra payment is refunded', async () => {
    const paid = (id: string, refunded = '0.00') =>
      paymentView({ id, status: 'succeeded', refunded: { value: refunded, currency: 'USD' } })
    const paidTwice =
      'This order was paid more than once: a payment page given up was paid anyway. Refund the extra payment below.'
    const { unmount } = await ordersPageWith([paid('pay_1'), paid('pay_2')])
    expect(screen.getByText(/paid more than once/).textContent).toBe(paidTwice)
    unmount()

    await ordersPageWith([paid('pay_1'), paid('pay_2', '21.50')])
    expect(screen.queryAllByText(/paid more than once/)).toHaveLength(0)
  })
})
