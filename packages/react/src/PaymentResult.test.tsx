import { screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { zhCN } from './messages.ts'
import { PaymentResult } from './PaymentResult.tsx'
import {
  api,
  gatewayOrigin,
  redirectSession,
  renderCheckout,
  requests,
  server,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

function renderResult(props: Parameters<typeof PaymentResult>[0] = {}, locale?: 'zh-CN') {
  return renderCheckout(<PaymentResult {...props} />, {
    ...(locale ? { locale, messages: zhCN } : {}),
    environment: testEnvironment({ fastMs: 30 }),
  })
}

function resultRegion(container: HTMLElement) {
  return container.querySelector('[data-ck="payment-result"]') as HTMLElement
}

/** A result page, then another one for the same payment after "Open again". */
function TwoResultPages({
  paymentId,
  onComplete,
}: {
  paymentId: string
  onComplete: readonly [() => void, () => void]
}) {
  const [page, setPage] = useState<0 | 1>(0)
  return (
    <>
      <PaymentResult key={page} paymentId={paymentId} onComplete={onComplete[page]} />
      <button type="button" onClick={() => setPage(1)}>
        Open again
      </button>
    </>
  )
}

describe('<PaymentResult>', () => {
  it("ignores a success hint in the URL and waits for the server's status", async () => {
    const payment = session({ status: 'processing' })
    let polls = 0
    const seen: string[] = []
    server.use(
      http.get(`${api}/payments/${payment.id}`, () => {
        polls++
        return HttpResponse.json(polls < 3 ? payment : { ...payment, status: 'succeeded' })
      }),
    )
    window.history.replaceState(null, '', `/result?paymentId=${payment.id}&status=success&paid=1`)
    const onComplete = vi.fn()
    const { container } = renderResult({ onComplete })
    const region = resultRegion(container)
    const live = screen.getByRole('status')
    const observer = new MutationObserver(() => seen.push(region.textContent ?? ''))
    observer.observe(region, { subtree: true, childList: true, characterData: true })

    expect(region.contains(live)).toBe(true)
    expect(live.getAttribute('aria-live')).toBe('polite')
    await screen.findByText('Your payment is being confirmed. This page updates by itself.')
    expect(region.getAttribute('data-state')).toBe('processing')

    await screen.findByText('Payment successful')
    observer.disconnect()
    expect(onComplete).toHaveBeenCalledTimes(1)
    expect(region.getAttribute('data-state')).toBe('succeeded')
    // Success showed up only after the server said so.
    const firstSuccess = seen.findIndex((text) => text.includes('Payment successful'))
    expect(seen.slice(0, firstSuccess).some((text) => text.includes('being confirmed'))).toBe(true)
    expect(polls).toBeGreaterThanOrEqual(3)
  })

  it("stops watching at the payment's expiry, asking the server once more then", async () => {
    const expiresAt = new Date(Date.now() + 300).toISOString()
    // Still waiting for the shopper (the hosted page left unpaid), and still so after its expiry.
    const payment = redirectSession()
    payment.expiresAt = expiresAt
    const askedAt: number[] = []
    server.use(
      http.get(`${api}/payments/${payment.id}`, () => {
        askedAt.push(Date.now())
        return HttpResponse.json(payment)
      }),
    )
    window.history.replaceState(null, '', `/result?paymentId=${payment.id}`)
    // Real time: the 2 s polling interval and the expiry as they are.
    renderCheckout(<PaymentResult />)

    await screen.findByText('Your payment is being confirmed. This page updates by itself.')
    const expiry = Date.parse(expiresAt)
    // The read a moment past the expiry.
    await waitFor(() => expect(askedAt.some((at) => at > expiry)).toBe(true), { timeout: 2500 })
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(askedAt.filter((at) => at > expiry)).toHaveLength(1)
  })

  it("asks once more a moment past the expiry on the server's clock, when the device's clock is 20 minutes slow", async () => {
    const offsetMs = 20 * 60_000
    const serverNow = () => Date.now() + offsetMs
    const serverExpiry = serverNow() + 300
    const payment = { ...redirectSession(), expiresAt: new Date(serverExpiry).toISOString() }
    const askedAt: number[] = []
    server.use(
      http.get(`${api}/payments/${payment.id}`, () => {
        askedAt.push(serverNow())
        return HttpResponse.json(payment, {
          headers: { date: new Date(serverNow()).toUTCString() },
        })
      }),
    )
    window.history.replaceState(null, '', `/result?paymentId=${payment.id}`)
    // Real time, as in the test above.
    renderCheckout(<PaymentResult />)

    await screen.findByText('Your payment is being confirmed. This page updates by itself.')
    // Not twenty minutes later: the page would say "being confirmed" all that time.
    await waitFor(() => expect(askedAt.some((at) => at > serverExpiry)).toBe(true), {
      timeout: 2500,
    })
  })

  it('follows a payment being confirmed past its expiry until the server settles it', async () => {
    // A QR code paid at the last second: the bank confirms after the shopper's deadline.
    const payment = session({
      status: 'processing',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    })
    let answer = payment
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(answer)))
    window.history.replaceState(null, '', `/result?paymentId=${payment.id}`)
    renderCheckout(<PaymentResult />, { environment: testEnvironment({ fastMs: 30 }) })

    await screen.findByText('Your payment is being confirmed. This page updates by itself.')
    await delay(150)
    answer = { ...payment, status: 'succeeded', updatedAt: new Date().toISOString() }
    await screen.findByText('Payment successful')
  })

  it('asks nothing more about a payment that is already settled, even when its expiry passes', async () => {
    const payment = session({
      status: 'succeeded',
      expiresAt: new Date(Date.now() + 100).toISOString(),
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    renderResult({ paymentId: payment.id })

    await screen.findByText('Payment successful')
    // Polling (every 30 ms here) and the read past the expiry (1.1 s) would both have asked.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(requests.filter((request) => request.url.includes(payment.id))).toHaveLength(1)
  })

  it('reports a settled payment once per page, even one already known when the page opens', async () => {
    const payment = session({ status: 'succeeded' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const onComplete = [vi.fn(), vi.fn()] as const
    // A second result page in the same provider: it starts from the session seen, and asks again.
    renderCheckout(<TwoResultPages paymentId={payment.id} onComplete={onComplete} />)
    await screen.findByText('Payment successful')
    expect(onComplete[0]).toHaveBeenCalledTimes(1)

    await userEvent.click(screen.getByRole('button', { name: 'Open again' }))
    await waitFor(() =>
      expect(requests.filter((request) => request.url.includes(payment.id))).toHaveLength(2),
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(onComplete[1]).toHaveBeenCalledTimes(1)
  })

  it('has called onComplete by the time the page shows the result', async () => {
    const payment = session({ status: 'succeeded' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const onComplete = vi.fn()
    const { container } = renderResult({ paymentId: payment.id, onComplete })
    const region = resultRegion(container)
    // Read as the DOM changes (a microtask after React's commit): what a merchant's code that
    // reacts to the page sees.
    const callsWhenShown: number[] = []
    const observer = new MutationObserver(() => {
      if (region.textContent?.includes('Payment successful'))
        callsWhenShown.push(onComplete.mock.calls.length)
    })
    observer.observe(region, { subtree: true, childList: true, characterData: true })

    await screen.findByText('Payment successful')
    observer.disconnect()
    expect(callsWhenShown[0]).toBe(1)
  })

  it('never shows success for a URL that claims it when the server says failed', async () => {
    const payment = session({
      status: 'failed',
      failure: { code: 'insufficient_funds', message: 'Insufficient funds.' },
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    window.history.replaceState(null, '', `/result?paymentId=${payment.id}&status=success`)
    const { container } = renderResult()

    await screen.findByText('Payment failed')
    expect(
      screen.getByText(
        'Your card has insufficient funds or has reached its limit. Try another card.',
      ),
    ).toBeTruthy()
    expect(container.textContent).not.toContain('successful')
  })

  it("shows the server's message for a failure code it does not know", async () => {
    const payment = session({
      status: 'failed',
      failure: { code: 'merchant_rule', message: 'Orders over 500 USD need a call with us.' },
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    renderResult({ paymentId: payment.id })

    expect(await screen.findByText('Orders over 500 USD need a call with us.')).toBeTruthy()
  })

  it('resumes the payment remembered before the redirect, and forgets it once settled', async () => {
    const payment = session({ status: 'cancelled' })
    window.sessionStorage.setItem(
      'checkout-kit:payment',
      JSON.stringify({ paymentId: payment.id, gateway: 'pingpong' }),
    )
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    renderResult()

    await screen.findByText('Payment cancelled')
    expect(screen.getByText('The payment was cancelled.')).toBeTruthy()
    await waitFor(() => expect(window.sessionStorage.getItem('checkout-kit:payment')).toBeNull())
  })

  it('shows the payment the return URL names, not an older one remembered in the tab', async () => {
    const older = session({ id: 'pay_older', status: 'succeeded' })
    const returned = session({
      id: 'pay_returned',
      status: 'failed',
      failure: { code: 'card_declined', message: 'Your card was declined.' },
    })
    window.sessionStorage.setItem(
      'checkout-kit:payment',
      JSON.stringify({ paymentId: older.id, gateway: 'pingpong' }),
    )
    server.use(
      http.get(`${api}/payments/${older.id}`, () => HttpResponse.json(older)),
      http.get(`${api}/payments/${returned.id}`, () => HttpResponse.json(returned)),
    )
    window.history.replaceState(null, '', `/result?paymentId=${returned.id}`)
    renderResult()

    await screen.findByText('Payment failed')
    expect(screen.queryByText('Payment successful')).toBeNull()
  })

  it('says there is nothing to show without a payment id, and asks nothing', async () => {
    const { container } = renderResult()

    await screen.findByText(/We could not find a payment to show/)
    expect(resultRegion(container).getAttribute('data-state')).toBe('missing')
    expect(requests).toEqual([])
  })

  it('treats an unknown payment id as missing', async () => {
    server.use(
      http.get(`${api}/payments/pay_gone`, () =>
        HttpResponse.json(
          { error: { code: 'PAYMENT_NOT_FOUND', message: 'No such payment.' } },
          { status: 404 },
        ),
      ),
    )
    window.history.replaceState(null, '', '/result?paymentId=pay_gone')
    renderResult()

    await screen.findByText(/We could not find a payment to show/)
  })

  it.each(['..%2F..%2Fadmin', 'p'.repeat(129)])(
    'ignores a payment id that could not be ours: %s',
    async (paymentId) => {
      window.history.replaceState(null, '', `/result?paymentId=${paymentId}`)
      renderResult()

      await screen.findByText(/We could not find a payment to show/)
      expect(requests).toEqual([])
    },
  )

  it('shows the payment given as a prop rather than the one in the URL', async () => {
    const payment = session({ status: 'succeeded' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    window.history.replaceState(null, '', '/result?paymentId=pay_from_the_url')
    renderResult({ paymentId: payment.id })

    await screen.findByText('Payment successful')
    expect(requests.map((request) => request.url)).toEqual([`${api}/payments/${payment.id}`])
  })

  it("tells a shopper back from the bank's page before the server heard that the payment is being confirmed", async () => {
    const payment = session({
      status: 'requires_action',
      action: { type: 'redirect', method: 'GET', url: `${gatewayOrigin}/3ds` },
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const { container } = renderResult({ paymentId: payment.id })

    await screen.findByText('Your payment is being confirmed. This page updates by itself.')
    expect(resultRegion(container).getAttribute('data-state')).toBe('requires_action')
  })

  it('offers to ask again when the server could not be read', async () => {
    const payment = session({ status: 'succeeded' })
    let calls = 0
    server.use(
      http.get(`${api}/payments/${payment.id}`, () => {
        calls++
        return calls === 1
          ? new HttpResponse('<html>Bad gateway</html>', { status: 500 })
          : HttpResponse.json(payment)
      }),
    )
    renderResult({ paymentId: payment.id })

    await screen.findByText(
      'We could not check your payment right now. Reload the page to try again.',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('Payment successful')).toBeTruthy()
  })

  it('says a payment expired, and what to do', async () => {
    const payment = session({ status: 'expired' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const { container } = renderResult({ paymentId: payment.id })

    await screen.findByText('Payment expired')
    expect(screen.getByText('The payment session expired. Start the payment again.')).toBeTruthy()
    expect(resultRegion(container).getAttribute('data-state')).toBe('expired')
  })

  it('speaks Simplified Chinese, with the failure text for its code', async () => {
    const payment = session({
      status: 'failed',
      failure: { code: 'card_declined', message: 'Your card was declined.' },
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const { container } = renderResult({ paymentId: payment.id }, 'zh-CN')

    expect(await screen.findByText('支付失败')).toBeTruthy()
    expect(container.querySelector('.ck-root')?.getAttribute('lang')).toBe('zh-CN')
    expect(screen.getByText('您的银行卡被拒绝。请换一张卡或联系发卡银行。')).toBeTruthy()
  })
})
