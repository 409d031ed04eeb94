import { screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { HostedCheckout } from './HostedCheckout.tsx'
import { zhCN } from './messages.ts'
import {
  api,
  gatewayOrigin,
  postsTo,
  renderCheckout,
  servePpPay,
  server,
  serveScripts,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

const returnUrl = 'http://localhost:3000/result'

// The redirect flow is tested with <HostedRedirect>, in HostedRedirect.test.tsx.

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
    const { mounts, stop } = servePpPay(scriptUrl)
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
    // Remembered while the SDK might have taken the shopper away; settled here, so forgotten: a
    // later visit to the return page does not show this payment again.
    expect(window.sessionStorage.getItem('checkout-kit:payment')).toBeNull()
    stop()
  })

  it("mounts ppPay in the provider's language", async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/ppPay-zh.min.js`
    const created = sdkSession(scriptUrl)
    const { mounts, stop } = servePpPay(scriptUrl)
    const languages = () => mounts.map((mount) => mount.options.lang)
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
    )
    renderCheckout(
      <HostedCheckout
        gateway="pingpong"
        flow="hosted-sdk"
        orderId="order-1"
        returnUrl={returnUrl}
      />,
      { locale: 'zh-CN', messages: zhCN },
    )

    await userEvent.click(screen.getByRole('button', { name: '支付' }))

    await waitFor(() => expect(languages()).toEqual(['zh']))
    // The gateway's checkout has its own button: "Pay" gives way to it.
    expect(screen.queryByRole('button', { name: '支付' })).toBeNull()
    stop()
  })

  it('mounts ppPay in the language it is given, over the provider’s', async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/ppPay-ja.min.js`
    const created = sdkSession(scriptUrl)
    const { mounts, stop } = servePpPay(scriptUrl)
    const languages = () => mounts.map((mount) => mount.options.lang)
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
    )
    renderCheckout(
      <HostedCheckout
        gateway="pingpong"
        flow="hosted-sdk"
        orderId="order-1"
        returnUrl={returnUrl}
        language="ja"
      />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(languages()).toEqual(['ja']))
    stop()
  })

  it.each([
    ['', 0],
    [", on the server's clock when the device's runs 20 minutes slow", 20 * 60_000],
  ])(
    "asks the server once more a moment past the payment's expiry%s, and shows what it says",
    async (_, offsetMs) => {
      const serverNow = () => Date.now() + offsetMs
      // A script of its own per case: a loaded one is not loaded again, and its ppPay is gone.
      const scriptUrl = `${gatewayOrigin}/sdk/ppPay-expiring-${offsetMs}.min.js`
      const expiresAt = new Date(serverNow() + 500).toISOString()
      const created = { ...sdkSession(scriptUrl), expiresAt }
      const { stop } = servePpPay(scriptUrl)
      const date = () => ({ date: new Date(serverNow()).toUTCString() })
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(created, { status: 201, headers: date() }),
        ),
        // Open until its expiry, then closed by the server.
        http.get(`${api}/payments/${created.id}`, () =>
          HttpResponse.json(
            serverNow() < Date.parse(expiresAt)
              ? created
              : {
                  ...created,
                  action: undefined,
                  status: 'expired',
                  updatedAt: new Date(serverNow()).toISOString(),
                },
            { headers: date() },
          ),
        ),
      )
      const onComplete = vi.fn()
      // Real timers: the 2 s polling interval and the expiry as they are.
      renderCheckout(
        <HostedCheckout
          gateway="pingpong"
          flow="hosted-sdk"
          orderId="order-1"
          returnUrl={returnUrl}
          onComplete={onComplete}
        />,
      )

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      // Watching stopped at the expiry; the read after it tells the shopper, not the stale form.
      await waitFor(
        () => expect(screen.getByRole('status').textContent).toBe('The payment session expired.'),
        { timeout: 3000 },
      )
      expect(onComplete).toHaveBeenCalledWith(expect.objectContaining({ status: 'expired' }))
      stop()
    },
  )

  it('shows an error when the SDK script fails to load, and offers to try again', async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/broken.js`
    const stop = serveScripts({ [scriptUrl]: { fail: true } })
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(sdkSession(scriptUrl), { status: 201 })),
    )
    const onError = vi.fn()
    const { container } = renderCheckout(
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
    expect(container.querySelector('[data-ck="hosted-checkout"]')?.getAttribute('data-state')).toBe(
      'error',
    )
    expect(postsTo('/payments')).toHaveLength(1)
    stop()
  })
})
