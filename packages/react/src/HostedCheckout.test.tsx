import { createCheckoutClient } from '@checkout-kit/core'
import { screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { HostedCheckout, HostedRedirect } from './HostedCheckout.tsx'
import { zhCN } from './messages.ts'
import {
  api,
  gatewayOrigin,
  postsTo,
  renderCheckout,
  requests,
  server,
  serveScripts,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

const returnUrl = 'http://localhost:3000/result'

function redirectSession(url = `${gatewayOrigin}/checkout?token=abc`) {
  return session({
    status: 'requires_action',
    action: { type: 'redirect', method: 'GET', url },
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  })
}

function hostedRedirect(props: Partial<Parameters<typeof HostedCheckout>[0]> = {}) {
  return (
    <HostedCheckout
      gateway="pingpong"
      flow="hosted-redirect"
      orderId="order-1"
      returnUrl={returnUrl}
      {...props}
    />
  )
}

describe('<HostedCheckout flow="hosted-redirect">', () => {
  it('creates the payment, remembers it and navigates to the allowed payment page', async () => {
    const created = redirectSession()
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })))
    const onActionRequired = vi.fn()
    const { environment } = renderCheckout(hostedRedirect({ onActionRequired }))

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/checkout?token=abc`)
    expect(onActionRequired).toHaveBeenCalledWith(created.action)
    const [post] = postsTo('/payments')
    expect(post?.body).toEqual({
      gateway: 'pingpong',
      flow: 'hosted-redirect',
      orderId: 'order-1',
      returnUrl,
    })
    expect(post?.headers.get('idempotency-key')).toMatch(/\S{8,}/)
    expect(JSON.parse(window.sessionStorage.getItem('checkout-kit:payment') ?? '')).toEqual({
      paymentId: created.id,
      gateway: 'pingpong',
      expiresAt: created.expiresAt,
    })
    expect(screen.getByRole('status').textContent).toBe('Taking you to the payment page…')
  })

  it('sends exactly one request for a double click on "Pay"', async () => {
    server.use(
      http.post(`${api}/payments`, async () => {
        await delay(50)
        return HttpResponse.json(redirectSession(), { status: 201 })
      }),
    )
    const { environment } = renderCheckout(hostedRedirect())

    await userEvent.dblClick(screen.getByRole('button', { name: 'Pay' }))
    const button = screen.getByRole('button', { name: 'Pay' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(button.getAttribute('aria-busy')).toBe('true')

    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    expect(postsTo('/payments')).toHaveLength(1)
  })

  it('retries a timed-out request with the same Idempotency-Key after "Try again"', async () => {
    let calls = 0
    server.use(
      http.post(`${api}/payments`, async () => {
        calls++
        if (calls === 1) await delay('infinite')
        return HttpResponse.json(redirectSession(), { status: 201 })
      }),
    )
    const client = createCheckoutClient({ baseUrl: api, timeoutMs: 100 })
    const onError = vi.fn()
    const { environment } = renderCheckout(hostedRedirect({ onError }), { client })

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'The payment service did not answer in time. Try again: you will not be charged twice.',
    )
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'timeout' }))
    expect(environment.navigate).not.toHaveBeenCalled()

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    const keys = postsTo('/payments').map((post) => post.headers.get('idempotency-key'))
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })

  it('shows an error instead of crashing on a malformed answer', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json({ id: 42, status: 'paid-ish' }, { status: 201 }),
      ),
    )
    const onError = vi.fn()
    const { environment } = renderCheckout(hostedRedirect({ onError }))

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'The payment service sent an unexpected answer. Please try again later.',
    )
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_response' }))
    expect(environment.navigate).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })

  it("shows the server's error message", async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          { error: { code: 'ORDER_NOT_PAYABLE', message: 'This order cannot be paid any more.' } },
          { status: 422 },
        ),
      ),
    )
    renderCheckout(hostedRedirect())

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    expect((await screen.findByRole('alert')).textContent).toBe(
      'This order cannot be paid any more.',
    )
  })

  it('refuses a redirect to an origin outside allowedOrigins, without navigating', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(redirectSession('https://evil.example/steal'), { status: 201 }),
      ),
      http.post(`${api}/payments/:id/cancel`, ({ params }) =>
        HttpResponse.json(session({ id: String(params.id), status: 'cancelled' })),
      ),
    )
    const onError = vi.fn()
    const { environment } = renderCheckout(hostedRedirect({ onError }))

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'The payment page could not be opened safely. Please contact the shop or try another method.',
    )
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'redirect_blocked' }))
    expect(environment.navigate).not.toHaveBeenCalled()
    expect(environment.submitForm).not.toHaveBeenCalled()
    expect(window.sessionStorage.getItem('checkout-kit:payment')).toBeNull()

    // Starting again gives the open attempt up on the server first.
    await userEvent.click(screen.getByRole('button', { name: 'Start again' }))
    await screen.findByRole('button', { name: 'Pay' })
    expect(requests.some((request) => request.url.endsWith('/cancel'))).toBe(true)
  })

  it('shows its texts in Simplified Chinese', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          { error: { code: 'INVALID_REQUEST', message: 'returnUrl is required.' } },
          { status: 400 },
        ),
      ),
    )
    renderCheckout(hostedRedirect(), { locale: 'zh-CN', messages: zhCN })

    await userEvent.click(screen.getByRole('button', { name: '支付' }))

    expect((await screen.findByRole('alert')).textContent).toBe('无法发起支付，请重试。')
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy()
  })
})

describe('<HostedCheckout flow="hosted-sdk">', () => {
  function sdkSession(scriptUrl: string) {
    return session({
      flow: 'hosted-sdk',
      status: 'requires_action',
      action: {
        type: 'hosted-sdk',
        gateway: 'pingpong',
        scriptUrl,
        token: 'tok_1',
        mode: 'sandbox',
      },
    })
  }

  it("mounts ppPay into its container, then follows the server's status to success", async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/ppPay.min.js`
    const created = sdkSession(scriptUrl)
    const mounts: { options: unknown; token: string }[] = []
    const stop = serveScripts({
      [scriptUrl]: {
        onLoad() {
          ;(window as { ppPay?: unknown }).ppPay = class {
            constructor(readonly options: unknown) {}
            createPayment(token: string) {
              mounts.push({ options: this.options, token })
            }
          }
        },
      },
    })
    let polls = 0
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => {
        polls++
        return HttpResponse.json({ ...created, action: undefined, status: 'succeeded' })
      }),
    )
    const onReady = vi.fn()
    const onComplete = vi.fn()
    const { container } = renderCheckout(
      <HostedCheckout
        gateway="pingpong"
        flow="hosted-sdk"
        orderId="order-1"
        returnUrl={returnUrl}
        onReady={onReady}
        onComplete={onComplete}
      />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1))
    expect(mounts).toEqual([
      {
        options: {
          mode: 'sandbox',
          lang: 'en',
          root: container.querySelector('[data-ck-container]'),
        },
        token: 'tok_1',
      },
    ])
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1))
    expect(onComplete).toHaveBeenCalledWith(expect.objectContaining({ status: 'succeeded' }))
    expect(screen.getByRole('status').textContent).toBe('Payment successful.')
    expect(container.querySelector('[data-ck="hosted-checkout"]')?.getAttribute('data-state')).toBe(
      'succeeded',
    )
    expect(polls).toBeGreaterThanOrEqual(1)
    stop()
    delete (window as { ppPay?: unknown }).ppPay
  })

  it('shows an error when the SDK script fails to load, and offers to try again', async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/broken.js`
    const stop = serveScripts({ [scriptUrl]: { fail: true } })
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(sdkSession(scriptUrl), { status: 201 })),
    )
    const onError = vi.fn()
    renderCheckout(
      <HostedCheckout
        gateway="pingpong"
        flow="hosted-sdk"
        orderId="order-1"
        returnUrl={returnUrl}
        onError={onError}
      />,
      { environment: testEnvironment({ fastMs: 5 }) },
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'The payment form could not be loaded. Check your connection and try again.',
    )
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'script_load_failed' }))
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
    expect(postsTo('/payments')).toHaveLength(1)
    stop()
  })
})

describe('<HostedRedirect>', () => {
  const redirectOnly = <HostedRedirect gateway="pockyt" orderId="order-1" returnUrl={returnUrl} />

  it('pays as <HostedCheckout flow="hosted-redirect"> does', async () => {
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(redirectSession(), { status: 201 })),
    )
    const { environment } = renderCheckout(redirectOnly)

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/checkout?token=abc`)
    expect(postsTo('/payments')[0]?.body).toMatchObject({
      gateway: 'pockyt',
      flow: 'hosted-redirect',
    })
  })

  it('refuses any other next action instead of guessing, and says so', async () => {
    const onError = vi.fn()
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            status: 'requires_action',
            action: { type: 'qr-code', content: `${gatewayOrigin}/wallet/1` },
          }),
          { status: 201 },
        ),
      ),
    )
    const { environment } = renderCheckout(
      <HostedRedirect gateway="pockyt" orderId="order-1" returnUrl={returnUrl} onError={onError} />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    expect((await screen.findByRole('alert')).textContent).toBe(
      'This payment step is not supported. Please try another payment method.',
    )
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unknown_action' }))
    expect(environment.navigate).not.toHaveBeenCalled()
    expect(screen.queryByRole('img')).toBeNull()
  })
})
