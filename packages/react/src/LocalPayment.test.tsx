import { QueryClient } from '@tanstack/react-query'
import { act, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { LocalPayment } from './LocalPayment.tsx'
import { queryKeys } from './queryKeys.ts'
import {
  api,
  gatewayOrigin,
  heldAnswer,
  postsTo,
  renderCheckout,
  requests,
  serveOrderHeldBy,
  server,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

const returnUrl = 'http://localhost:3000/result'

function qrSession(content: string, expiresInMs: number) {
  const expiresAt = new Date(Date.now() + expiresInMs).toISOString()
  return session({
    flow: 'apm',
    status: 'requires_action',
    action: { type: 'qr-code', content, expiresAt },
    expiresAt,
  })
}

function renderLocal(props: Partial<Parameters<typeof LocalPayment>[0]> = {}) {
  return renderCheckout(
    <LocalPayment method="AlipayCN" orderId="order-1" returnUrl={returnUrl} {...props} />,
    // Polling every 2 s becomes every 30 ms; the countdown's one-second ticks stay real.
    { environment: testEnvironment({ fastMs: 30 }) },
  )
}

/** A QR code that runs out in 1.2 s, for an order the server keeps open long after it. */
function shortCodeOfLongPayment(content: string) {
  return session({
    flow: 'apm',
    status: 'requires_action',
    action: { type: 'qr-code', content, expiresAt: new Date(Date.now() + 1200).toISOString() },
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  })
}

/** Answers the create request with `created` after a moment, as a real server does. */
function serveAfterAMoment(created: ReturnType<typeof qrSession>) {
  server.use(
    http.post(`${api}/payments`, async () => {
      await delay(30)
      return HttpResponse.json(created, { status: 201 })
    }),
    http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
  )
}

/** Answers `POST /payments/{id}/cancel` with `template` cancelled. */
function cancelsAs(template: ReturnType<typeof qrSession>) {
  return http.post(`${api}/payments/:id/cancel`, ({ params }) =>
    HttpResponse.json({
      ...template,
      id: String(params.id),
      action: undefined,
      status: 'cancelled',
    }),
  )
}

/** The code is scanned at once; the bank confirms the payment at `confirmedAt`. */
function serveScannedAtOnce(created: ReturnType<typeof qrSession>, confirmedAt: number) {
  server.use(
    http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
    http.get(`${api}/payments/${created.id}`, () => {
      const confirmed = Date.now() >= confirmedAt
      return HttpResponse.json({
        ...created,
        action: undefined,
        status: confirmed ? 'succeeded' : 'processing',
        updatedAt: new Date(confirmed ? confirmedAt : Date.now()).toISOString(),
      })
    }),
  )
}

describe('<LocalPayment>', () => {
  it('shows the QR code with a countdown and a link, then updates to success', async () => {
    const created = qrSession('https://pay.gateway.example/pay/abc', 5 * 60_000)
    let polls = 0
    // Paid once the code has been checked below and watching has asked at least once: paying
    // after a set number of checks raced the assertions on a loaded machine.
    let paid = false
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => {
        polls++
        return HttpResponse.json(
          paid ? { ...created, action: undefined, status: 'succeeded' } : created,
        )
      }),
    )
    const onReady = vi.fn()
    const onComplete = vi.fn()
    const { container } = renderLocal({ onReady, onComplete })

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    const qr = await screen.findByRole('img', { name: 'Payment QR code' })
    expect(qr.tagName.toLowerCase()).toBe('svg')
    expect(qr.querySelector('title')?.textContent).toBe('Payment QR code')
    expect(screen.getByRole('timer').textContent).toMatch(/^Expires in [45]:\d\d$/)
    const link = screen.getByRole('link', { name: 'Open the payment page' })
    expect(link.getAttribute('href')).toBe('https://pay.gateway.example/pay/abc')
    expect(screen.getByRole('status').textContent).toBe('Scan the QR code with your payment app.')
    expect(onReady).toHaveBeenCalledTimes(1)
    expect(postsTo('/payments')[0]?.body).toMatchObject({ flow: 'apm', method: 'AlipayCN' })
    // Remembered for a reload, which would lose the code: ids and the method, nothing else.
    expect(JSON.parse(window.sessionStorage.getItem('checkout-kit:payment') ?? '')).toEqual({
      paymentId: created.id,
      gateway: 'pingpong',
      orderId: 'order-1',
      method: 'AlipayCN',
      expiresAt: created.expiresAt,
    })

    await waitFor(() => expect(polls).toBeGreaterThan(0))
    expect(onComplete).not.toHaveBeenCalled()
    paid = true
    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1))
    expect(screen.getByRole('status').textContent).toBe('Payment successful.')
    expect(screen.queryByRole('img', { name: 'Payment QR code' })).toBeNull()
    expect(container.querySelector('[data-ck="local-payment"]')?.getAttribute('data-state')).toBe(
      'succeeded',
    )
    // Watching stops at the final status.
    const settledPolls = polls
    await delay(150)
    expect(polls).toBe(settledPolls)
  })

  it('starts once on mount with autoStart, even in StrictMode', async () => {
    const created = qrSession('https://pay.gateway.example/pay/auto', 60_000)
    server.use(
      http.post(`${api}/payments`, async () => {
        await delay(20)
        return HttpResponse.json(created, { status: 201 })
      }),
      http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
    )
    renderLocal({ autoStart: true })

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(postsTo('/payments')).toHaveLength(1)
  })

  it('offers no link for QR content that is not a web address', async () => {
    const created = qrSession('wallet:payload:0002010102', 60_000)
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.queryByRole('link')).toBeNull()
  })

  it('keeps keyboard focus in the checkout when "Pay" gives way to the QR code', async () => {
    const created = qrSession('wallet:payload:0002010102', 60_000)
    serveAfterAMoment(created)
    const { container } = renderLocal()
    const user = userEvent.setup()
    await user.tab()
    await user.keyboard('{Enter}')

    await screen.findByRole('img', { name: 'Payment QR code' })
    // No control left to take it (no link for this code): the checkout itself holds focus.
    expect(document.activeElement).toBe(container.querySelector('[data-ck="local-payment"]'))
  })

  it('goes from "Starting…" straight to "Scan…" in its live region, with nothing in between', async () => {
    serveAfterAMoment(qrSession('wallet:payload:0002010102', 60_000))
    const { container } = renderLocal()
    const region = container.querySelector('[role="status"]') as HTMLElement
    const said: string[] = []
    const observer = new MutationObserver(() => {
      const text = region.textContent ?? ''
      if (said.at(-1) !== text) said.push(text)
    })
    observer.observe(region, { childList: true, characterData: true, subtree: true })
    try {
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await screen.findByRole('img', { name: 'Payment QR code' })
      await waitFor(() => expect(said.at(-1)).toMatch(/^Scan the QR code/))
    } finally {
      observer.disconnect()
    }
    expect(said).toEqual(['Starting your payment…', said.at(-1)])
  })

  it.each([
    ['https://evil.example/phish', /Refused to send the shopper to https:\/\/evil\.example: add/],
    ['https://@evil.example/phish', /user name or password/],
    ['https://pay.gateway.example:8443/pay', /https:\/\/pay\.gateway\.example:8443: add/],
    // A wallet's own scheme is drawn as a code only by design: nothing to explain.
    ['alipays://platformapi/startapp?saId=10000007', undefined],
  ])(
    'draws a QR code whose content %s is not on the allowlist, with no link to it, and says why in development',
    async (content, why) => {
      const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      serveAfterAMoment(qrSession(content, 60_000))
      renderLocal()

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await screen.findByRole('img', { name: 'Payment QR code' })
      expect(screen.queryByRole('link')).toBeNull()
      if (why) {
        expect(consoleWarn).toHaveBeenCalledExactlyOnceWith(
          expect.stringMatching(
            /^\[checkout-kit\] <LocalPayment>: the QR code's address is drawn without its link\. /,
          ),
        )
        expect(consoleWarn.mock.calls[0]?.[0]).toMatch(why)
      } else {
        expect(consoleWarn).not.toHaveBeenCalled()
      }
    },
  )

  it('says once why a QR code has no link, however often its countdown redraws it', async () => {
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    serveAfterAMoment(qrSession('http://127.0.0.1:4010/wallet/pay_1', 60_000))
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    const firstCount = screen.getByRole('timer').textContent

    // A tick of the countdown later, the code has been drawn again.
    await waitFor(() => expect(screen.getByRole('timer').textContent).not.toBe(firstCount), {
      timeout: 2000,
    })
    expect(consoleWarn).toHaveBeenCalledExactlyOnceWith(
      expect.stringContaining('insecure http URL to http://127.0.0.1:4010'),
    )
  })

  it('keeps keyboard focus on the link when "Pay" gives way to it, then on "Start again" when the code runs out', async () => {
    serveAfterAMoment(qrSession('https://pay.gateway.example/pay/focus', 1200))
    renderLocal()
    const user = userEvent.setup()
    await user.tab()
    await user.keyboard('{Enter}')

    const link = await screen.findByRole('link', { name: 'Open the payment page' })
    expect(document.activeElement).toBe(link)
    const startAgain = await screen.findByRole('button', { name: 'Start again' }, { timeout: 3000 })
    expect(document.activeElement).toBe(startAgain)
  })

  it.each([
    ['to nothing (a click on the page)', () => {}],
    ['to another control, then to nothing', (outside: HTMLElement) => outside.focus()],
  ])(
    'leaves focus where the shopper moved it while the payment started: %s',
    async (_, moveAway) => {
      serveAfterAMoment(qrSession('https://pay.gateway.example/pay/away', 60_000))
      renderLocal()
      const outside = document.body.appendChild(document.createElement('button'))
      try {
        const user = userEvent.setup()
        await user.tab()
        await user.keyboard('{Enter}')
        moveAway(outside)
        ;(document.activeElement as HTMLElement).blur()

        await screen.findByRole('img', { name: 'Payment QR code' })
        expect(document.activeElement).toBe(document.body)
      } finally {
        outside.remove()
      }
    },
  )

  it('leaves focus where the shopper moved it while the payment started', async () => {
    const created = qrSession('https://pay.gateway.example/pay/elsewhere', 60_000)
    serveAfterAMoment(created)
    renderLocal()
    const outside = document.body.appendChild(document.createElement('button'))
    try {
      const user = userEvent.setup()
      await user.tab()
      await user.keyboard('{Enter}')
      outside.focus()

      await screen.findByRole('img', { name: 'Payment QR code' })
      expect(document.activeElement).toBe(outside)
    } finally {
      outside.remove()
    }
  })

  it('says when the QR code expired and asks the server for the final status', async () => {
    const created = qrSession('https://pay.gateway.example/pay/late', 1200)
    const deadline = Date.parse(created.expiresAt ?? '')
    let checksAfterDeadline = 0
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => {
        const expired = Date.now() >= deadline
        if (expired) checksAfterDeadline++
        return HttpResponse.json(
          expired
            ? {
                ...created,
                action: undefined,
                status: 'expired',
                failure: { code: 'expired', message: 'The payment session expired.' },
              }
            : created,
        )
      }),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('timer').textContent).toMatch(/^Expires in 0:0[12]$/)

    await waitFor(
      () => expect(screen.getByRole('status').textContent).toBe('The payment session expired.'),
      { timeout: 3000 },
    )
    expect(screen.getByRole('alert').textContent).toBe(
      'The payment session expired. Start the payment again.',
    )
    expect(screen.queryByRole('img', { name: 'Payment QR code' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Pay' })).toBeTruthy()
    // Watching stopped at the deadline; the countdown's end asked once more.
    expect(checksAfterDeadline).toBe(1)
  })

  // Scanned at once; the bank confirms well after the code's deadline, and the payment's.
  it.each([
    ['the code ran out', () => shortCodeOfLongPayment('https://pay.gateway.example/pay/code')],
    ['the payment expired', () => qrSession('https://pay.gateway.example/pay/payment', 1000)],
  ])(
    'follows a code scanned just before %s until the server settles it',
    async (_, code) => {
      serveScannedAtOnce(code(), Date.now() + 2500)
      const onComplete = vi.fn()
      renderLocal({ onComplete })
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await screen.findByText('Waiting for the payment to be confirmed…')

      await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), { timeout: 4000 })
      expect(screen.getByRole('status').textContent).toBe('Payment successful.')
    },
    8000,
  )

  it('stops watching when the QR code runs out, even if the payment would stay open longer', async () => {
    const created = shortCodeOfLongPayment('https://pay.gateway.example/pay/short')
    let checks = 0
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => {
        checks++
        return HttpResponse.json(created)
      }),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })

    await screen.findByRole('button', { name: 'Start again' }, { timeout: 3000 })
    // Past the read at the deadline, nothing more: polling (every 30 ms here) has stopped.
    await delay(100)
    const checksAtExpiry = checks
    await delay(300)
    expect(checks).toBe(checksAtExpiry)
  })

  it("counts down to the payment's expiry when the QR code carries none of its own", async () => {
    const expiresAt = new Date(Date.now() + 5 * 60_000).toISOString()
    const created = session({
      flow: 'apm',
      status: 'requires_action',
      action: { type: 'qr-code', content: 'https://pay.gateway.example/pay/plain' },
      expiresAt,
    })
    serveAfterAMoment(created)
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('timer').textContent).toMatch(/^Expires in [45]:\d\d$/)
  })

  it('shows whole seconds left, rounded up: a fresh 5-minute code reads 5:00, never 0:00 while valid', async () => {
    server.use(
      // The code's five minutes start when the server answers.
      http.post(`${api}/payments`, () => {
        const created = qrSession('https://pay.gateway.example/pay/five', 5 * 60_000)
        server.use(http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)))
        return HttpResponse.json(created, { status: 201 })
      }),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('img', { name: 'Payment QR code' })
    // Once the countdown has read the clock (its first tick), well within the first second.
    await delay(50)
    expect(screen.getByRole('timer').textContent).toBe('Expires in 5:00')
  })

  it("keeps the merchant's QueryClient in step with the status it watches", async () => {
    const created = qrSession('https://pay.gateway.example/pay/scanned', 5 * 60_000)
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      // Scanned: the wallet is confirming.
      http.get(`${api}/payments/${created.id}`, () =>
        HttpResponse.json({ ...created, action: undefined, status: 'processing' }),
      ),
    )
    const queryClient = new QueryClient()
    renderCheckout(<LocalPayment method="AlipayCN" orderId="order-1" returnUrl={returnUrl} />, {
      queryClient,
      environment: testEnvironment({ fastMs: 30 }),
    })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Waiting for the payment to be confirmed…',
      ),
    )
    expect(queryClient.getQueryData(queryKeys.payment(created.id))).toMatchObject({
      status: 'processing',
    })
  })

  it('shows a QR code sent as an image from an allowed origin, and refuses one from elsewhere', async () => {
    const imageUrl = `${gatewayOrigin}/qr/abc.png`
    const created = session({
      flow: 'apm',
      status: 'requires_action',
      action: { type: 'qr-code', imageUrl, expiresAt: new Date(Date.now() + 60_000).toISOString() },
    })
    serveAfterAMoment(created)
    const { unmount } = renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    const image = await screen.findByRole('img', { name: 'Payment QR code' })
    expect(image.getAttribute('src')).toBe(imageUrl)
    unmount()

    serveAfterAMoment(
      session({
        flow: 'apm',
        status: 'requires_action',
        action: { type: 'qr-code', imageUrl: 'https://evil.example/qr/abc.png' },
      }),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('alert')
    expect(screen.queryByRole('img')).toBeNull()
  })

  it('says the QR code ran out at its deadline, not up to a second later', async () => {
    const created = qrSession('https://pay.gateway.example/pay/punctual', 1200)
    const deadline = Date.parse(created.expiresAt ?? '')
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
    )
    // Real timers throughout: the countdown's ticks as a browser runs them.
    renderCheckout(<LocalPayment method="AlipayCN" orderId="order-1" returnUrl={returnUrl} />)
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })

    await screen.findByText('This QR code has expired.', undefined, { interval: 10, timeout: 3000 })
    expect(Date.now() - deadline).toBeLessThan(400)
  })

  it('starts over with a new code when the old one ran out before the server closed it', async () => {
    const first = qrSession('https://pay.gateway.example/pay/first', 1200)
    const second = qrSession('https://pay.gateway.example/pay/second', 5 * 60_000)
    const answers = [first, second]
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(answers.shift(), { status: 201 })),
      // The gateway has not closed the first order yet: it is still open when the code runs out.
      http.get(`${api}/payments/:id`, ({ params }) =>
        HttpResponse.json(params.id === first.id ? first : second),
      ),
      cancelsAs(first),
    )
    const onComplete = vi.fn()
    renderLocal({ onComplete })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })

    const startAgain = await screen.findByRole('button', { name: 'Start again' }, { timeout: 3000 })
    // Announced as an alert; the status no longer asks to scan a code that is gone.
    expect(screen.getByRole('alert').textContent).toBe('This QR code has expired.')
    expect(screen.getByRole('status').textContent).toBe('')
    expect(screen.queryByRole('img', { name: 'Payment QR code' })).toBeNull()

    await userEvent.click(startAgain)

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('link', { name: 'Open the payment page' }).getAttribute('href')).toBe(
      'https://pay.gateway.example/pay/second',
    )
    expect(postsTo(`/payments/${first.id}/cancel`)).toHaveLength(1)
    expect(postsTo('/payments')).toHaveLength(2)
    // The first attempt was replaced, not finished: the merchant hears of no outcome.
    expect(onComplete).not.toHaveBeenCalled()
  })

  it('shows the new code after "Start again" even when the old code\'s last read answers late', async () => {
    const first = qrSession('https://pay.gateway.example/pay/first', 1200)
    const second = qrSession('https://pay.gateway.example/pay/second', 5 * 60_000)
    const deadline = Date.parse(first.expiresAt ?? '')
    // The read at the first code's deadline is slow: it answers while the new attempt is starting.
    const lateRead = heldAnswer()
    let creates = 0
    server.use(
      http.post(`${api}/payments`, async () => {
        creates++
        if (creates === 1) return HttpResponse.json(first, { status: 201 })
        lateRead.release()
        await lateRead.answered
        await delay(50)
        return HttpResponse.json(second, { status: 201 })
      }),
      http.get(`${api}/payments/:id`, async ({ params }) => {
        if (params.id !== first.id) return HttpResponse.json(second)
        if (Date.now() < deadline) return HttpResponse.json(first)
        await lateRead.hold()
        return HttpResponse.json({
          ...first,
          action: undefined,
          status: 'expired',
          updatedAt: new Date().toISOString(),
        })
      }),
      cancelsAs(first),
    )
    const onComplete = vi.fn()
    renderLocal({ onComplete })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    await userEvent.click(
      await screen.findByRole('button', { name: 'Start again' }, { timeout: 3000 }),
    )

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('link', { name: 'Open the payment page' }).getAttribute('href')).toBe(
      'https://pay.gateway.example/pay/second',
    )
    expect(screen.getByRole('status').textContent).toBe('Scan the QR code with your payment app.')
    // The old attempt's answer is not the new one's outcome.
    expect(onComplete).not.toHaveBeenCalled()
  })

  it('says "paid" when the code was paid just before "Start again", and starts no second payment', async () => {
    const first = qrSession('https://pay.gateway.example/pay/first', 1200)
    // The gateway has not told the server yet: reads still say the code waits for the shopper.
    let paid = false
    const onComplete = vi.fn()
    server.use(
      http.post(`${api}/payments`, () =>
        paid
          ? HttpResponse.json(
              {
                error: { code: 'ORDER_ALREADY_PAID', message: 'This order has already been paid.' },
              },
              { status: 409 },
            )
          : HttpResponse.json(first, { status: 201 }),
      ),
      http.get(`${api}/payments/:id`, () =>
        HttpResponse.json(
          paid
            ? {
                ...first,
                action: undefined,
                status: 'succeeded',
                updatedAt: new Date().toISOString(),
              }
            : first,
        ),
      ),
      // The cancel asks the gateway first, and finds the code paid.
      http.post(`${api}/payments/:id/cancel`, () => {
        paid = true
        return HttpResponse.json(
          { error: { code: 'PAYMENT_NOT_OPEN', message: 'This payment is already succeeded.' } },
          { status: 409 },
        )
      }),
    )
    renderLocal({ onComplete })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    await userEvent.click(
      await screen.findByRole('button', { name: 'Start again' }, { timeout: 3000 }),
    )

    await waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1))
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({ id: first.id, status: 'succeeded' })
    expect(screen.getByRole('status').textContent).toBe('Payment successful.')
    await delay(100)
    expect(postsTo('/payments')).toHaveLength(1)
  })

  it('counts from the moment the code is shown, not from when the form was put on the page', async () => {
    renderLocal()
    // Ten minutes pass before the shopper presses Pay; the code then lives five.
    const mountedAt = Date.now()
    const now = vi.spyOn(Date, 'now').mockImplementation(() => mountedAt + 10 * 60_000)
    try {
      const created = session({
        flow: 'apm',
        status: 'requires_action',
        action: {
          type: 'qr-code',
          content: 'https://pay.gateway.example/pay/late',
          expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
        },
      })
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
        http.get(`${api}/payments/${created.id}`, () => HttpResponse.json(created)),
      )
      const shown: string[] = []
      const observer = new MutationObserver(() => {
        const timer = document.querySelector('[role="timer"]')
        if (timer?.textContent) shown.push(timer.textContent)
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await screen.findByRole('img', { name: 'Payment QR code' })
      observer.disconnect()

      // Never "Expires in 15:00" (counted from the mount), not even for a frame.
      expect(shown.length).toBeGreaterThan(0)
      for (const text of shown) expect(text).toMatch(/^Expires in (5:00|4:5\d)$/)
    } finally {
      now.mockRestore()
    }
  })

  it('counts down on the server’s clock when the shopper’s device runs 20 minutes fast', async () => {
    // The server's "now" is 20 minutes behind the browser's: its 5-minute code must not look
    // expired here, nor stop being watched.
    const serverNow = Date.now() - 20 * 60_000
    const expiresAt = new Date(serverNow + 5 * 60_000).toISOString()
    const created = session({
      flow: 'apm',
      status: 'requires_action',
      action: { type: 'qr-code', content: 'https://pay.gateway.example/pay/skew', expiresAt },
      expiresAt,
    })
    const serverDate = { date: new Date(serverNow).toUTCString() }
    // Paid only once the countdown has been read: on a busy machine the watch can poll twice
    // before the test reads it.
    let paid = false
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(created, { status: 201, headers: serverDate }),
      ),
      http.get(`${api}/payments/${created.id}`, () =>
        HttpResponse.json(paid ? { ...created, action: undefined, status: 'succeeded' } : created, {
          headers: serverDate,
        }),
      ),
    )
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('timer').textContent).toMatch(/^Expires in (5:0[01]|4:5\d)$/)
    paid = true
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Payment successful.'))
  })

  it('sends the shopper to a wallet page on the allowlist', async () => {
    const created = session({
      flow: 'apm',
      status: 'requires_action',
      action: { type: 'redirect', method: 'GET', url: `${gatewayOrigin}/wallet/gcash?t=1` },
    })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })))
    const { environment } = renderLocal({ method: 'GCash' })

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() =>
      expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/wallet/gcash?t=1`),
    )
    expect(
      requests.filter((request) => request.method === 'GET' && request.url.includes(created.id)),
    ).toEqual([])
  })

  it('shown again from the back-forward cache after the wallet\'s page, "Pay" leads back to that page', async () => {
    const walletPage = session({
      flow: 'apm',
      status: 'requires_action',
      action: { type: 'redirect', method: 'GET', url: `${gatewayOrigin}/wallet/gcash?t=left` },
    })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(walletPage, { status: 201 })))
    const { environment } = renderLocal({ method: 'GCash' })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    expect(screen.getByRole('button', { name: 'Pay' }).getAttribute('aria-busy')).toBe('true')

    serveOrderHeldBy(walletPage)
    act(() => {
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
    })
    const pay = screen.getByRole('button', { name: 'Pay' })
    expect(pay.getAttribute('aria-busy')).toBeNull()
    // The same wallet: the page left still holds the order, and the shopper goes back to it.
    await userEvent.click(pay)
    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(2))
    expect(environment.navigate).toHaveBeenLastCalledWith(`${gatewayOrigin}/wallet/gcash?t=left`)
    expect(postsTo('/payments')).toHaveLength(2)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('reloaded while its QR code was shown, "Pay" shows that same code again', async () => {
    const shown = qrSession('https://pay.gateway.example/pay/left', 5 * 60_000)
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(shown, { status: 201 })))
    const firstLoad = renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    firstLoad.unmount()

    serveOrderHeldBy(shown)
    const onError = vi.fn()
    renderLocal({ onError })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('img', { name: 'Payment QR code' })
    expect(screen.getByRole('link', { name: 'Open the payment page' }).getAttribute('href')).toBe(
      'https://pay.gateway.example/pay/left',
    )
    expect(screen.getByRole('status').textContent).toBe('Scan the QR code with your payment app.')
    expect(onError).not.toHaveBeenCalled()
    expect(postsTo('/payments')).toHaveLength(2)
  })

  it("paying with another method than the one left, the server's refusal stands", async () => {
    const shown = qrSession('https://pay.gateway.example/pay/left', 5 * 60_000)
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(shown, { status: 201 })))
    const firstLoad = renderLocal({ method: 'AlipayCN' })
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await screen.findByRole('img', { name: 'Payment QR code' })
    firstLoad.unmount()

    serveOrderHeldBy(shown)
    renderLocal({ method: 'WechatPay', onError: () => {} })
    const readsBefore = requests.filter((request) => request.method === 'GET').length
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    // Another wallet is another payment: Alipay's code is not shown for WeChat Pay.
    expect((await screen.findByRole('alert')).textContent).toBe('Finish or cancel it first.')
    expect(screen.queryByRole('img', { name: 'Payment QR code' })).toBeNull()
    expect(requests.filter((request) => request.method === 'GET')).toHaveLength(readsBefore)
  })

  it('says a refusal on the console when no onError is given', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          { error: { code: 'INVALID_REQUEST', message: 'Choose one of the offered methods.' } },
          { status: 400 },
        ),
      ),
    )
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    renderLocal()
    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await screen.findByRole('alert')
    expect(consoleError).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(
        /^\[checkout-kit\] <LocalPayment>: server_error: Choose one of the offered methods\. \(pass onError /,
      ),
    )
  })
})
