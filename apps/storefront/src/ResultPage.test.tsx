import { screen, waitFor, within } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  fillCart,
  orderView,
  paymentView,
  renderShop,
  requestsTo,
  send,
  serveOrder,
  server,
  setupShopTestBed,
  stream,
} from './testing/shopTestBed.tsx'

setupShopTestBed()

/** The cart of a mug and a notebook, placed as `orderId`. */
function cartPlacedAs(orderId: string) {
  fillCart({ mug: 1, notebook: 1 })
  window.sessionStorage.setItem('storefront-cart-order', orderId)
}

/** `GET /api/checkout/payments/{id}`: a payment of `orderId` that succeeded. */
function succeededPayment(paymentId: string, orderId: string) {
  server.use(
    http.get(`/api/checkout/payments/${paymentId}`, () =>
      HttpResponse.json({
        id: paymentId,
        orderId,
        gateway: 'pingpong',
        flow: 'card',
        amount: { value: '21.50', currency: 'USD' },
        status: 'succeeded',
        updatedAt: '2026-01-05T10:00:00.000Z',
      }),
    ),
  )
}

describe('a successful result', () => {
  it("empties the cart when it paid the cart's order", async () => {
    cartPlacedAs('ord_1')
    succeededPayment('pay_1', 'ord_1')
    renderShop('/result?paymentId=pay_1')

    await screen.findByRole('link', { name: 'Cart (0 items)' })
    expect(JSON.parse(window.sessionStorage.getItem('storefront-cart') ?? '')).toEqual({})
  })

  it('leaves the cart alone when it paid an older order (Back to an old success page)', async () => {
    cartPlacedAs('ord_2')
    succeededPayment('pay_old', 'ord_1')
    renderShop('/result?paymentId=pay_old')

    await screen.findByRole('heading', { name: 'Payment result' })
    await waitFor(() => expect(document.body.textContent).toContain('Payment successful'))
    expect(screen.getByRole('link', { name: /^Cart/ }).textContent).toBe('Cart (2 items)')
    expect(JSON.parse(window.sessionStorage.getItem('storefront-cart') ?? '')).toEqual({
      mug: 1,
      notebook: 1,
    })
  })
})

it('the checkout empties the cart whose order was paid elsewhere (a phone scanned its code)', async () => {
  cartPlacedAs('ord_1')
  server.use(
    http.get('/api/shop/orders/ord_1', () =>
      HttpResponse.json(orderView('ord_1', [paymentView({ id: 'pay_1', status: 'succeeded' })])),
    ),
  )
  renderShop('/checkout')

  await waitFor(() => expect(document.body.textContent).toContain('Order ord_1 is already paid.'))
  await screen.findByRole('link', { name: 'Cart (0 items)' })
})

describe('a payment that ended unpaid', () => {
  /** pay_1 of the cart's order ord_1 failed; the order's other payments are `others`. */
  function failedPayment(others: ReturnType<typeof paymentView>[] = []) {
    cartPlacedAs('ord_1')
    const failed = paymentView({
      id: 'pay_1',
      flow: 'card',
      status: 'failed',
      failure: { code: 'card_declined', message: 'Your card was declined.' },
      timeline: [
        { seq: 1, at: '2026-01-05T10:00:00.005Z', kind: 'request', summary: 'POST /v4/payment' },
        { seq: 2, at: '2026-01-05T10:00:00.250Z', kind: 'status', summary: 'failed' },
      ],
    })
    server.use(
      http.get('/api/checkout/payments/pay_1', () =>
        HttpResponse.json({
          id: 'pay_1',
          orderId: 'ord_1',
          gateway: 'pingpong',
          flow: 'card',
          amount: { value: '21.50', currency: 'USD' },
          status: 'failed',
          updatedAt: '2026-01-05T10:00:00.000Z',
        }),
      ),
    )
    stream('/api/shop/payments/pay_1/events', 'payment', failed)
    serveOrder(() => orderView('ord_1', [failed, ...others]))
  }

  it('keeps the cart, and offers to pay the order again', async () => {
    failedPayment()
    renderShop('/result?paymentId=pay_1')

    const payAgain = await screen.findByRole('link', { name: 'Pay for this order again' })
    expect(payAgain.getAttribute('href')).toBe('/checkout?order=ord_1')
    expect(document.title).toBe('Payment failed — Checkout Kit demo shop')
    // Its flow, to the millisecond: steps are often that close together.
    const steps = within(screen.getByRole('region', { name: 'Flow timeline' })).getAllByRole(
      'listitem',
    )
    expect(steps.map((step) => step.textContent)).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.005 request POST \/v4\/payment$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d\.250 status failed$/),
    ])
    expect(screen.getByRole('link', { name: /^Cart/ }).textContent).toBe('Cart (2 items)')
    expect(JSON.parse(window.sessionStorage.getItem('storefront-cart') ?? '')).toEqual({
      mug: 1,
      notebook: 1,
    })
  })

  it('offers nothing to pay when another attempt of the order is still open', async () => {
    failedPayment([paymentView({ id: 'pay_2', status: 'requires_action' })])
    renderShop('/result?paymentId=pay_1')

    await waitFor(() => expect(requestsTo('GET', '/api/shop/orders/ord_1')).toHaveLength(1))
    await screen.findByRole('link', { name: 'See your orders' })
    // The order's answer has had time to arrive: still no offer.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.queryAllByRole('link', { name: 'Pay for this order again' })).toHaveLength(0)
  })
})

it('opens no event stream when the address names no payment', async () => {
  renderShop('/result')

  // The kit's result says there is nothing to show; the page asks the shop API for nothing.
  await screen.findByRole('heading', { name: 'Payment result' })
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(() => send('/api/shop/payments//events', 'payment', paymentView({ id: 'pay_1' }))).toThrow(
    'No page has /api/shop/payments//events open.',
  )
  expect(requestsTo('GET', '/api/shop/payments/')).toHaveLength(0)
})
