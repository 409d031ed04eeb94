import { screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  fillCart,
  orderView,
  paymentView,
  renderShop,
  server,
  setupShopTestBed,
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
