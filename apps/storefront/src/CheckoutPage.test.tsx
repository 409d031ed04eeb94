import { rememberPayment } from '@checkout-kit/core'
import { act, screen, waitFor } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import type { PaymentView } from '../server/paymentView.ts'
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
    screen.getByText('Order ord_1: total 21.50 USD')

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

describe('an open attempt this tab left (Back from the gateway, a reload)', () => {
  it("shows that attempt's form: its Pay goes back to the page left, nothing to cancel first", async () => {
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', gateway: 'pockyt' })]))
    rememberPayment({ paymentId: 'pay_1', gateway: 'pockyt', orderId: 'ord_1' })
    renderShop('/checkout?order=ord_1')

    await screen.findByRole('button', { name: 'Pay' })
    expect(screen.getByRole('radio', { name: 'Pockyt hosted' })).toHaveProperty('checked', true)
    expect(screen.getByText(/^You left/).textContent).toBe(
      'You left your Pockyt hosted payment without finishing it. Pay goes back to it, or choose another method.',
    )
    expect(screen.queryAllByRole('alert')).toHaveLength(0)
  })

  it('shows the local method whose QR code was on screen, in Chinese too', async () => {
    setLanguage('zh-CN')
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', flow: 'apm' })]))
    rememberPayment({
      paymentId: 'pay_1',
      gateway: 'pingpong',
      orderId: 'ord_1',
      method: 'AlipayCN',
    })
    renderShop('/checkout?order=ord_1')

    await screen.findByRole('button', { name: '支付' })
    expect(screen.getByRole('radio', { name: 'PingPong 本地支付（二维码）' })).toHaveProperty(
      'checked',
      true,
    )
    screen.getByText(
      '您离开了尚未完成的「PingPong 本地支付（二维码）」付款。点击「支付」返回继续，或选择其他支付方式。',
    )
  })

  it("shows the card form for a card payment left at the bank's verification: Pay starts again", async () => {
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', flow: 'card' })]))
    rememberPayment({ paymentId: 'pay_1', gateway: 'pingpong', orderId: 'ord_1' })
    renderShop('/checkout?order=ord_1')

    await screen.findByRole('button', { name: 'Pay' })
    expect(screen.getByRole('radio', { name: 'PingPong card' })).toHaveProperty('checked', true)
    screen.getByLabelText('Card number')
    expect(screen.getByText(/^You left/).textContent).toBe(
      "You left your card payment at your bank's verification. Pay starts it again with the card you enter, or choose another method.",
    )
    expect(screen.queryAllByRole('alert')).toHaveLength(0)
  })

  it('holds the order as before for an attempt this tab does not remember', async () => {
    serveOrder(() => orderView('ord_1', [paymentView({ id: 'pay_1', flow: 'card' })]))
    rememberPayment({ paymentId: 'pay_2', gateway: 'pingpong', orderId: 'ord_1' })
    renderShop('/checkout?order=ord_1')
    await alertSaying('This order has a payment attempt still open')
    expect(screen.queryAllByRole('button', { name: 'Pay' })).toHaveLength(0)
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

describe('an open attempt the shopper cancels', () => {
  /** ord_1 holds pay_1, a PingPong hosted redirect; cancelling it is answered `cancelled`. */
  function orderWithOpenAttempt(cancelled: () => Response, others: PaymentView[] = []) {
    let payment = paymentView({ id: 'pay_1', status: 'requires_action' })
    serveOrder(() => orderView('ord_1', [...others, payment]))
    server.use(
      http.post('/api/checkout/payments/pay_1/cancel', () => {
        const answer = cancelled()
        payment = { ...payment, status: answer.ok ? 'cancelled' : payment.status }
        return answer
      }),
    )
    return {
      settle: (status: PaymentView['status']) => {
        payment = { ...payment, status }
      },
    }
  }

  it('gives its focus to the first field of the form that replaces it', async () => {
    orderWithOpenAttempt(() =>
      HttpResponse.json({ ...paymentView({ id: 'pay_1', status: 'cancelled' }) }),
    )
    const { user } = renderShop('/checkout?order=ord_1')
    await user.click(await screen.findByRole('radio', { name: 'PingPong card' }))
    await user.click(
      await screen.findByRole('button', { name: 'Cancel it and pay with PingPong card' }),
    )
    const cardNumber = await screen.findByRole('textbox', { name: /^Card number/ })
    await waitFor(() => expect(document.activeElement).toBe(cardNumber))
  })

  it('that ended meanwhile is not cancelled, and its method is no longer held', async () => {
    const attempt = orderWithOpenAttempt(() => {
      attempt.settle('expired')
      return apiError(409, 'PAYMENT_NOT_OPEN', 'The payment is not open any more.')
    })
    const { user } = renderShop('/checkout?order=ord_1')
    await user.click(await screen.findByRole('radio', { name: 'PingPong card' }))
    await user.click(
      await screen.findByRole('button', { name: 'Cancel it and pay with PingPong card' }),
    )
    await screen.findByRole('textbox', { name: /^Card number/ })
    expect(screen.queryAllByRole('alert')).toHaveLength(0)
  })

  it('that was paid meanwhile (its QR code scanned) shows the payment result', async () => {
    const attempt = orderWithOpenAttempt(() => {
      attempt.settle('succeeded')
      return apiError(409, 'PAYMENT_NOT_OPEN', 'The payment is not open any more.')
    })
    server.use(
      http.get('/api/checkout/payments/pay_1', () =>
        HttpResponse.json({
          id: 'pay_1',
          orderId: 'ord_1',
          gateway: 'pingpong',
          flow: 'hosted-redirect',
          amount: { value: '21.50', currency: 'USD' },
          status: 'succeeded',
          updatedAt: '2026-01-05T10:00:00.000Z',
        }),
      ),
    )
    const { user } = renderShop('/checkout?order=ord_1')
    await user.click(
      await screen.findByRole('button', {
        name: 'Cancel it and pay with PingPong hosted (embedded SDK)',
      }),
    )
    await screen.findByRole('heading', { level: 1, name: 'Payment result' })
    expect(window.location.pathname + window.location.search).toBe('/result?paymentId=pay_1')
  })

  it('is the only attempt cancelled: one that already ended is left alone', async () => {
    orderWithOpenAttempt(
      () => HttpResponse.json({ ...paymentView({ id: 'pay_1', status: 'cancelled' }) }),
      [paymentView({ id: 'pay_0', status: 'failed' })],
    )
    const { user } = renderShop('/checkout?order=ord_1')
    await user.click(
      await screen.findByRole('button', {
        name: 'Cancel it and pay with PingPong hosted (embedded SDK)',
      }),
    )
    await waitFor(() => expect(screen.getAllByRole('status')[0]?.textContent).toMatch(/cancelled/))
    expect(requestsTo('POST', '/api/checkout/payments/pay_1/cancel')).toHaveLength(1)
    expect(requestsTo('POST', '/api/checkout/payments/pay_0/cancel')).toHaveLength(0)
  })
})

describe('an order the page cannot read', () => {
  it("keeps the cart's order when the shop fails to answer, rather than offering to place it again", async () => {
    fillCart({ mug: 1, notebook: 1 })
    window.sessionStorage.setItem('storefront-cart-order', 'ord_1')
    server.use(
      http.get('/api/shop/orders/ord_1', () =>
        apiError(500, 'SHOP_ERROR', 'Something went wrong in the shop. Please try again.'),
      ),
    )
    renderShop('/checkout')

    await alertSaying('Something went wrong in the shop. Please try again.')
    expect(screen.queryAllByRole('button', { name: 'Place order' })).toHaveLength(0)
    expect(window.sessionStorage.getItem('storefront-cart-order')).toBe('ord_1')
  })

  it('says an order in the address is unknown when it is not the cart’s', async () => {
    fillCart({ mug: 1 })
    server.use(
      http.get('/api/shop/orders/ord_other', () =>
        apiError(404, 'ORDER_NOT_FOUND', 'No order has this id.'),
      ),
    )
    renderShop('/checkout?order=ord_other')

    await alertSaying('No order has this id.')
    expect(window.location.search).toBe('?order=ord_other')
    expect(screen.queryAllByRole('button', { name: 'Place order' })).toHaveLength(0)
  })
})

it('lists and places only the products the cart holds some of', async () => {
  fillCart({ mug: 0, notebook: 2 })
  server.use(
    http.post('/api/shop/orders', () =>
      HttpResponse.json(
        { orderId: 'ord_1', amount: { value: '19.00', currency: 'USD' } },
        { status: 201 },
      ),
    ),
  )
  const { user } = renderShop('/checkout')
  await user.click(await screen.findByRole('button', { name: 'Place order' }))
  await screen.findByText('Order ord_1: total 19.00 USD')
  expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
    '2 × Dot-grid notebook — 9.50 USD each',
  ])
  expect(requestsTo('POST', '/api/shop/orders')[0]?.body).toEqual({
    items: [{ productId: 'notebook', quantity: 2 }],
  })
})

it('keeps an attempt started on the page when another method is chosen, and says how to switch', async () => {
  // The gateway did not answer, but the server had opened the attempt: it holds the order.
  let payments: PaymentView[] = []
  serveOrder(() => orderView('ord_1', payments))
  server.use(
    http.post('/api/checkout/payments', () => {
      payments = [paymentView({ id: 'pay_1', flow: 'hosted-sdk', status: 'requires_action' })]
      return apiError(502, 'GATEWAY_UNAVAILABLE', 'The payment provider did not answer.')
    }),
  )
  const { user } = renderShop('/checkout?order=ord_1')
  await user.click(await screen.findByRole('button', { name: 'Pay' }))
  const tryAgain = await screen.findByRole('button', { name: 'Try again' })

  // While the order is read, the form on the page takes no input: it may be the wrong one.
  const reading = held(() => HttpResponse.json(orderView('ord_1', payments)))
  server.use(http.get('/api/shop/orders/ord_1', reading.resolver))
  await user.click(screen.getByRole('radio', { name: 'PingPong card' }))
  await waitFor(() => expect(tryAgain.closest('[inert]')).not.toBeNull())
  reading.release()
  await waitFor(() =>
    expect(screen.getAllByRole('status').map((status) => status.textContent)).toContain(
      'Your PingPong hosted (embedded SDK) payment is still open below. To pay with PingPong card instead, cancel it first.',
    ),
  )
  screen.getByRole('button', { name: 'Cancel it and pay with PingPong card' })
  expect(screen.queryAllByRole('textbox', { name: /^Card number/ })).toHaveLength(0)
})

it('shows the form of the method chosen last, whatever order the checks are answered in', async () => {
  const order = () => HttpResponse.json(orderView('ord_1'))
  const firstCheck = held(order)
  let holdNext = false
  server.use(
    http.get('/api/shop/orders/ord_1', (info) => {
      if (!holdNext) return order()
      holdNext = false
      return firstCheck.resolver(info)
    }),
    http.post('/api/checkout/payments', () =>
      apiError(502, 'GATEWAY_UNAVAILABLE', 'The payment provider did not answer.'),
    ),
  )
  const { user } = renderShop('/checkout?order=ord_1')
  await user.click(await screen.findByRole('button', { name: 'Pay' }))
  await screen.findByRole('button', { name: 'Try again' })

  holdNext = true
  await user.click(screen.getByRole('radio', { name: 'PingPong card' }))
  await user.click(screen.getByRole('radio', { name: 'Pockyt hosted' }))
  await waitFor(() =>
    expect(screen.queryAllByRole('button', { name: 'Try again' })).toHaveLength(0),
  )
  firstCheck.release()
  // The first check's answer has had time to arrive: the chosen method's form stays.
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(screen.queryAllByRole('textbox', { name: /^Card number/ })).toHaveLength(0)
  expect((screen.getByRole('radio', { name: 'Pockyt hosted' }) as HTMLInputElement).checked).toBe(
    true,
  )
})
