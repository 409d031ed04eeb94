import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { setLanguage } from './language.ts'
import {
  allByRole,
  apiError,
  byRole,
  fillCart,
  findByRole,
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
    renderShop('/checkout?order=ord_1')

    const alert = await findByRole('alert', /\(PingPong hosted \(redirect\)\)/)
    expect(alert.textContent).toContain(
      'This order has a payment attempt still open (PingPong hosted (redirect)), started earlier or in another tab.',
    )
    byRole('button', 'Cancel it and pay with PingPong hosted (embedded SDK)')
    expect(allByRole('button', 'Pay')).toHaveLength(0)

    // Another method chosen: the offer names it.
    byRole('radio', 'PingPong card').click()
    await findByRole('button', 'Cancel it and pay with PingPong card')

    byRole('button', 'Cancel it and pay with PingPong card').click()
    await vi.waitFor(() =>
      expect(byRole('status', /was cancelled/).textContent).toBe(
        'The PingPong hosted (redirect) payment was cancelled. Pay with PingPong card below.',
      ),
    )
    expect(requestsTo('POST', '/api/checkout/payments/pay_1/cancel')).toHaveLength(1)
    await findByRole('button', /^Pay/)
    expect(allByRole('alert')).toHaveLength(0)
  })

  it('says so in Chinese too', async () => {
    setLanguage('zh-CN')
    orderWithOpenRedirect()
    renderShop('/checkout?order=ord_1')

    const alert = await findByRole('alert', /仍未完成/)
    expect(alert.textContent).toContain(
      '此订单之前（或在其他标签页中）发起的「PingPong 托管收银台（跳转）」付款仍未完成。',
    )
    byRole('button', '取消它并改用「PingPong 托管收银台（嵌入式 SDK）」支付')
    expect(allByRole('button', '支付')).toHaveLength(0)
  })

  it('waits for an attempt being processed, without a form', async () => {
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', status: 'processing' })]))
    renderShop('/checkout?order=ord_1')

    await findByRole('alert', /still being processed/)
    byRole('button', 'Check again')
    expect(allByRole('button', /^Pay|^Cancel it/)).toHaveLength(0)
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
    renderShop('/checkout?order=ord_1')

    const pay = await findByRole('button', 'Pay')
    pay.focus()
    pay.click()

    const alert = await findByRole('alert', /\(Pockyt hosted \(redirect\)\)/)
    expect(alert.textContent).toContain(
      'This order has a payment attempt still open (Pockyt hosted (redirect)), started earlier or in another tab.',
    )
    // "Try again" would only be refused again: it is gone with the form.
    expect(allByRole('button', 'Try again')).toHaveLength(0)
    expect(allByRole('button', 'Pay')).toHaveLength(0)
    const cancel = byRole('button', 'Cancel it and pay with PingPong hosted (embedded SDK)')
    await vi.waitFor(() => expect(document.activeElement).toBe(cancel))
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
    renderShop('/checkout?order=ord_1')

    ;(await findByRole('button', '支付')).click()

    await findByRole('alert', /「PingPong 本地支付」付款仍未完成/)
    byRole('button', '取消它并改用「PingPong 托管收银台（嵌入式 SDK）」支付')
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

  async function placeOrder() {
    ;(await findByRole('button', 'Place order')).click()
    await findByRole('heading', 'Payment')
  }

  it('is what a reload, Back to the checkout or its link come back to, with its open attempt', async () => {
    let payments: ReturnType<typeof paymentView>[] = []
    placeableCart(() => payments)
    const first = renderShop('/checkout')
    await placeOrder()
    expect(window.location.pathname + window.location.search).toBe('/checkout?order=ord_1')
    // The checkout that placed the order stays: its form is not read again from the server.
    byRole('button', 'Pay')
    expect(requestsTo('GET', '/api/shop/orders/ord_1')).toHaveLength(0)

    // The shopper goes to the gateway's page and comes back (Back, or a reload).
    payments = [paymentView({ id: 'pay_1', status: 'requires_action' })]
    first.unmount()
    renderShop('/checkout?order=ord_1')
    await findByRole('alert', /\(PingPong hosted \(redirect\)\)/)
    expect(byRole('heading', 'Your order').textContent).toBe('Your order')
    expect(allByRole('button', 'Place order')).toHaveLength(0)

    // The header's cart link, without the order in the address, finds it through the cart.
    byRole('link', /^Cart/).click()
    await vi.waitFor(() =>
      expect(window.location.pathname + window.location.search).toBe('/checkout?order=ord_1'),
    )
    await findByRole('alert', /\(PingPong hosted \(redirect\)\)/)
    expect(allByRole('button', 'Place order')).toHaveLength(0)
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
    renderShop('/checkout')

    const button = await findByRole('button', 'Place order')
    button.focus()
    button.click()
    await vi.waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'))
    expect(document.activeElement).toBe(button)
    // A second press while it is placed places nothing more.
    button.click()

    placing.release()
    const heading = await findByRole('heading', 'Payment')
    await vi.waitFor(() => expect(document.activeElement).toBe(heading))
    expect(requestsTo('POST', '/api/shop/orders')).toHaveLength(1)
  })

  it('is forgotten when the cart changes: the changed cart is placed as a new order', async () => {
    placeableCart()
    renderShop('/checkout')
    await placeOrder()

    byRole('link', 'Catalogue').click()
    ;(await findByRole('button', 'Add to cart (Enamel camp mug)')).click()
    ;(await findByRole('link', 'Go to checkout')).click()
    await findByRole('button', 'Place order')
    expect(window.location.search).toBe('')
    expect(byRole('heading', 'Your cart').textContent).toBe('Your cart')
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

    await findByRole('button', 'Place order')
    expect(window.location.search).toBe('')
    expect(window.sessionStorage.getItem('storefront-cart-order')).toBeNull()
  })
})
