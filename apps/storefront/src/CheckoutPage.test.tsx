import { act, screen, waitFor } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { setLanguage } from './language.ts'
import {
  apiError,
  fillCart,
  held,
  orderView,
  paymentView,
  renderShop,
  requestsTo,
  serveOrder,
  server,
  setupShopTestBed,
} from './testing/shopTestBed.tsx'

setupShopTestBed()

const attemptInProgress = () =>
  apiError(
    409,
    'ATTEMPT_IN_PROGRESS',
    'A payment for this order is already in progress. Finish or cancel it first.',
  )

/** Waits for the page's one alert to contain `text`. */
function alertSaying(text: string) {
  return waitFor(() => expect(screen.getByRole('alert').textContent).toContain(text))
}

describe('an order whose attempt is open elsewhere', () => {
  /** Order ord_1, its PingPong hosted redirect started earlier and still open; cancellable. */
  function orderWithOpenRedirect() {
    let payment = paymentView({ id: 'pay_1', status: 'requires_action' })
    serveOrder(() => orderView('ord_1', [payment]))
    server.use(
      http.post('/api/checkout/payments/pay_1/cancel', () => {
        payment = { ...payment, status: 'cancelled' }
        return HttpResponse.json({ ...payment, updatedAt: new Date().toISOString() })
      }),
    )
  }

  it('is read on arrival: the page offers to cancel that attempt instead of a form the server refuses', async () => {
    orderWithOpenRedirect()
    const { user } = renderShop('/checkout?order=ord_1')

    await alertSaying(
      'This order has a payment attempt still open (PingPong hosted (redirect)), started earlier or in another tab.',
    )
    screen.getByRole('button', { name: 'Cancel it and pay with PingPong hosted (embedded SDK)' })
    expect(screen.queryAllByRole('button', { name: 'Pay' })).toHaveLength(0)

    // Another method chosen: the offer names it.
    await user.click(screen.getByRole('radio', { name: 'PingPong card' }))
    const cancel = await screen.findByRole('button', {
      name: 'Cancel it and pay with PingPong card',
    })

    await user.click(cancel)
    await waitFor(() => {
      const notice = screen.getByText(/was cancelled/)
      expect(screen.getAllByRole('status')).toContain(notice)
      expect(notice.textContent).toBe(
        'The PingPong hosted (redirect) payment was cancelled. Pay with PingPong card below.',
      )
    })
    expect(requestsTo('POST', '/api/checkout/payments/pay_1/cancel')).toHaveLength(1)
    await screen.findByRole('button', { name: /^Pay/ })
    expect(screen.queryAllByRole('alert')).toHaveLength(0)
  })

  it('says so in Chinese too', async () => {
    setLanguage('zh-CN')
    orderWithOpenRedirect()
    renderShop('/checkout?order=ord_1')

    await alertSaying(
      '此订单之前（或在其他标签页中）发起的「PingPong 托管收银台（跳转）」付款仍未完成。',
    )
    screen.getByRole('button', { name: '取消它并改用「PingPong 托管收银台（嵌入式 SDK）」支付' })
    expect(screen.queryAllByRole('button', { name: '支付' })).toHaveLength(0)
  })

  it('waits for an attempt being processed, without a form', async () => {
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', status: 'processing' })]))
    renderShop('/checkout?order=ord_1')

    await alertSaying('still being processed')
    screen.getByRole('button', { name: 'Check again' })
    expect(screen.queryAllByRole('button', { name: /^Pay|^Cancel it/ })).toHaveLength(0)
  })
})

describe('a payment refused with 409 ATTEMPT_IN_PROGRESS', () => {
  it('gives way to the attempt that holds the order, with its cancel, in the focus the form had', async () => {
    // The order was ready when the page read it; another tab has started a Pockyt payment since.
    let payments = [] as ReturnType<typeof paymentView>[]
    serveOrder(() => orderView('ord_1', payments))
    server.use(
      http.post('/api/checkout/payments', () => {
        payments = [paymentView({ id: 'pay_9', gateway: 'pockyt' })]
        return attemptInProgress()
      }),
    )
    const { user } = renderShop('/checkout?order=ord_1')

    // Pressed from the keyboard, so the focus is on the form when it gives way.
    const pay = await screen.findByRole('button', { name: 'Pay' })
    act(() => pay.focus())
    await user.keyboard('{Enter}')

    await alertSaying(
      'This order has a payment attempt still open (Pockyt hosted (redirect)), started earlier or in another tab.',
    )
    // "Try again" would only be refused again: it is gone with the form.
    expect(screen.queryAllByRole('button', { name: 'Try again' })).toHaveLength(0)
    expect(screen.queryAllByRole('button', { name: 'Pay' })).toHaveLength(0)
    const cancel = screen.getByRole('button', {
      name: 'Cancel it and pay with PingPong hosted (embedded SDK)',
    })
    await waitFor(() => expect(document.activeElement).toBe(cancel))
  })

  it('in Chinese, says which attempt holds the order instead of the generic "could not start"', async () => {
    setLanguage('zh-CN')
    let payments = [] as ReturnType<typeof paymentView>[]
    serveOrder(() => orderView('ord_1', payments))
    server.use(
      http.post('/api/checkout/payments', () => {
        payments = [paymentView({ id: 'pay_9', flow: 'apm' })]
        return attemptInProgress()
      }),
    )
    const { user } = renderShop('/checkout?order=ord_1')

    await user.click(await screen.findByRole('button', { name: '支付' }))

    await alertSaying('「PingPong 本地支付」付款仍未完成')
    screen.getByRole('button', { name: '取消它并改用「PingPong 托管收银台（嵌入式 SDK）」支付' })
    expect(document.body.textContent).not.toContain('无法发起支付')
  })
})

describe('the order placed from the cart', () => {
  /** Places ord_1 from a mug and a notebook; the order's payments are `payments()` when read. */
  function placeableCart(payments: () => ReturnType<typeof paymentView>[] = () => []) {
    fillCart({ mug: 1, notebook: 1 })
    serveOrder(() => orderView('ord_1', payments()))
    server.use(
      http.post('/api/shop/orders', () =>
        HttpResponse.json(
          { orderId: 'ord_1', amount: { value: '21.50', currency: 'USD' } },
          { status: 201 },
        ),
      ),
    )
  }

  async function placeOrder(user: UserEvent) {
    await user.click(await screen.findByRole('button', { name: 'Place order' }))
    await screen.findByRole('heading', { name: 'Payment' })
  }

  it('is what a reload, Back to the checkout or its link come back to, with its open attempt', async () => {
    let payments: ReturnType<typeof paymentView>[] = []
    placeableCart(() => payments)
    const first = renderShop('/checkout')
    await placeOrder(first.user)
    expect(window.location.pathname + window.location.search).toBe('/checkout?order=ord_1')
    // The checkout that placed the order stays: its form is not read again from the server.
    screen.getByRole('button', { name: 'Pay' })
    expect(requestsTo('GET', '/api/shop/orders/ord_1')).toHaveLength(0)

    // The shopper goes to the gateway's page and comes back (Back, or a reload).
    payments = [paymentView({ id: 'pay_1', status: 'requires_action' })]
    first.unmount()
    const { user } = renderShop('/checkout?order=ord_1')
    await alertSaying('(PingPong hosted (redirect))')
    expect(screen.getByRole('heading', { name: 'Your order' }).textContent).toBe('Your order')
    expect(screen.queryAllByRole('button', { name: 'Place order' })).toHaveLength(0)

    // The header's cart link, without the order in the address, finds it through the cart.
    await user.click(screen.getByRole('link', { name: /^Cart/ }))
    await waitFor(() =>
      expect(window.location.pathname + window.location.search).toBe('/checkout?order=ord_1'),
    )
    await alertSaying('(PingPong hosted (redirect))')
    expect(screen.queryAllByRole('button', { name: 'Place order' })).toHaveLength(0)
    expect(requestsTo('POST', '/api/shop/orders')).toHaveLength(1)
  })

  it('"Place order" keeps the focus while the order is placed, then hands it to the Payment heading', async () => {
    placeableCart()
    const placing = held(() =>
      HttpResponse.json(
        { orderId: 'ord_1', amount: { value: '21.50', currency: 'USD' } },
        { status: 201 },
      ),
    )
    server.use(http.post('/api/shop/orders', placing.resolver))
    const { user } = renderShop('/checkout')

    // A keyboard user: Enter on the focused button.
    const button = await screen.findByRole('button', { name: 'Place order' })
    act(() => button.focus())
    await user.keyboard('{Enter}')
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'))
    expect(document.activeElement).toBe(button)
    // A second press while it is placed places nothing more.
    await user.keyboard('{Enter}')

    placing.release()
    const heading = await screen.findByRole('heading', { name: 'Payment' })
    await waitFor(() => expect(document.activeElement).toBe(heading))
    expect(requestsTo('POST', '/api/shop/orders')).toHaveLength(1)
  })

  it('is forgotten when the cart changes: the changed cart is placed as a new order', async () => {
    placeableCart()
    const { user } = renderShop('/checkout')
    await placeOrder(user)

    await user.click(screen.getByRole('link', { name: 'Catalogue' }))
    await user.click(await screen.findByRole('button', { name: 'Add to cart (Enamel camp mug)' }))
    await user.click(await screen.findByRole('link', { name: 'Go to checkout' }))
    await screen.findByRole('button', { name: 'Place order' })
    expect(window.location.search).toBe('')
    expect(screen.getByRole('heading', { name: 'Your cart' }).textContent).toBe('Your cart')
    expect(document.body.textContent).toContain('2 × Enamel camp mug')
  })

  it('is forgotten when the shop no longer knows it, and the cart can be placed again', async () => {
    fillCart({ mug: 1, notebook: 1 })
    window.sessionStorage.setItem('storefront-cart-order', 'ord_gone')
    server.use(
      http.get('/api/shop/orders/ord_gone', () =>
        apiError(404, 'ORDER_NOT_FOUND', 'No order has this id.'),
      ),
    )
    renderShop('/checkout')

    await screen.findByRole('button', { name: 'Place order' })
    expect(window.location.search).toBe('')
    expect(window.sessionStorage.getItem('storefront-cart-order')).toBeNull()
  })
})
