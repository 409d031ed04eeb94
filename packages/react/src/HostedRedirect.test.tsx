import { CheckoutError, createCheckoutClient, type PaymentSession } from '@checkout-kit/core'
import { QueryClient } from '@tanstack/react-query'
import { act, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { CheckoutProvider } from './CheckoutProvider.tsx'
import { HostedCheckout } from './HostedCheckout.tsx'
import { HostedRedirect, type HostedRedirectProps } from './HostedRedirect.tsx'
import { zhCN } from './messages.ts'
import { queryKeys } from './queryKeys.ts'
import {
  allowedOrigins,
  api,
  gatewayOrigin,
  heldAnswer,
  postsTo,
  redirectSession,
  renderCheckout,
  requests,
  requestTimeouts,
  serveOrderHeldBy,
  server,
  session,
  setupCheckoutTestBed,
  shopOrigin,
  type TestEnvironment,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

setupCheckoutTestBed()

const returnUrl = 'http://localhost:3000/result'

// One flow, two implementations: the lean component, and the attempt store that the hosted SDK's
// page ships anyway. The same behaviour is asked of both.
const implementations = [
  ['<HostedRedirect>', HostedRedirect],
  [
    '<HostedCheckout flow="hosted-redirect">',
    (props: HostedRedirectProps) => <HostedCheckout flow="hosted-redirect" {...props} />,
  ],
] as const

/** The Idempotency-Key of each create request sent, in order. */
function idempotencyKeysSent() {
  return postsTo('/payments').map((post) => post.headers.get('idempotency-key'))
}

/** The server giving a payment up: each cancel answered with the payment cancelled. */
function cancelAnswered() {
  return http.post(`${api}/payments/:id/cancel`, ({ params }) =>
    HttpResponse.json(session({ id: String(params.id), status: 'cancelled' })),
  )
}

/** The cancel requests the component sent. */
function cancelsSent() {
  return requests.filter((request) => request.url.endsWith('/cancel'))
}

/**
 * "Try again" leads to the payment page, sending the first request again: its key and its body.
 */
async function tryAgainLeavesWithTheSameKey(environment: TestEnvironment) {
  await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
  await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
  const keys = idempotencyKeysSent()
  expect(keys).toHaveLength(2)
  expect(keys[1]).toBe(keys[0])
  const [first, second] = postsTo('/payments')
  expect(second?.body).toEqual(first?.body)
}

/** The first create request never gets an answer; the next one leads to the payment page. */
function firstCreateNeverAnswers() {
  let calls = 0
  server.use(
    http.post(`${api}/payments`, async () => {
      calls++
      if (calls === 1) await delay('infinite')
      return HttpResponse.json(redirectSession(), { status: 201 })
    }),
  )
}

/** The shopper is told the request timed out, stays here, and "Try again" sends it once more. */
async function showsTimedOutThenRetries(
  onError: ReturnType<typeof vi.fn>,
  environment: TestEnvironment,
) {
  expect((await screen.findByRole('alert')).textContent).toBe(
    'The payment service did not answer in time. Try again: you will not be charged twice.',
  )
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'timeout' }))
  expect(environment.navigate).not.toHaveBeenCalled()
  await tryAgainLeavesWithTheSameKey(environment)
}

describe.each(implementations)('%s', (_, Redirect) => {
  function hostedRedirect(props: Partial<HostedRedirectProps> = {}) {
    return <Redirect gateway="pingpong" orderId="order-1" returnUrl={returnUrl} {...props} />
  }

  describe('the flow', () => {
    it('creates the payment, remembers it and navigates to the allowed payment page', async () => {
      const created = redirectSession()
      server.use(http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })))
      const onActionRequired = vi.fn()
      const onReady = vi.fn()
      const { environment } = renderCheckout(hostedRedirect({ onActionRequired, onReady }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/checkout?token=abc`)
      expect(onActionRequired).toHaveBeenCalledWith(created.action)
      // Nothing of the payment is on this page: the gateway's page is.
      expect(onReady).not.toHaveBeenCalled()
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
        orderId: 'order-1',
        expiresAt: created.expiresAt,
      })
      expect(screen.getByRole('status').textContent).toBe('Taking you to the payment page…')
      // The page is going away: the status is the return page's to watch, not this one's.
      await delay(100)
      expect(requests.filter((request) => request.method === 'GET')).toEqual([])
    })

    it('back from the payment page, "Pay" leads to the page it left, not a second one', async () => {
      const left = redirectSession(`${gatewayOrigin}/checkout?token=left`)
      server.use(http.post(`${api}/payments`, () => HttpResponse.json(left, { status: 201 })))
      const firstVisit = renderCheckout(hostedRedirect())
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(firstVisit.environment.navigate).toHaveBeenCalledTimes(1))
      firstVisit.unmount()

      // Back (or a reload): a new page, and the server still holds the order for the attempt left.
      serveOrderHeldBy(left)
      server.use(cancelAnswered())
      const { environment } = renderCheckout(hostedRedirect())
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/checkout?token=left`)
      expect(postsTo('/payments')).toHaveLength(2)
      expect(cancelsSent()).toEqual([])
      expect(JSON.parse(window.sessionStorage.getItem('checkout-kit:payment') ?? '')).toMatchObject(
        {
          paymentId: left.id,
          orderId: 'order-1',
        },
      )
    })

    it('shown again from the back-forward cache, offers "Pay" again instead of a locked button', async () => {
      const left = redirectSession(`${gatewayOrigin}/checkout?token=left`)
      const answers = [
        HttpResponse.json(left, { status: 201 }),
        HttpResponse.json(
          { error: { code: 'ATTEMPT_IN_PROGRESS', message: 'Finish or cancel it first.' } },
          { status: 409 },
        ),
      ]
      server.use(
        http.post(`${api}/payments`, () => answers.shift()),
        http.get(`${api}/payments/:id`, () => HttpResponse.json(left)),
      )
      const { environment } = renderCheckout(hostedRedirect())
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      const button = screen.getByRole('button', { name: 'Pay' })
      expect(button.getAttribute('aria-busy')).toBe('true')

      // A page shown as it is loaded is not one brought back: nothing changes.
      act(() => {
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }))
      })
      expect(button.getAttribute('aria-busy')).toBe('true')
      act(() => {
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
      })
      expect(button.getAttribute('aria-busy')).toBeNull()
      expect(button.getAttribute('aria-disabled')).toBeNull()
      expect(screen.getByRole('status').textContent).toBe('')

      await userEvent.click(button)
      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(2))
      expect(environment.navigate).toHaveBeenLastCalledWith(`${gatewayOrigin}/checkout?token=left`)
    })

    it("leaves another order's attempt alone: the shopper is told the order is in progress", async () => {
      window.sessionStorage.setItem(
        'checkout-kit:payment',
        JSON.stringify({ paymentId: 'pay_other', gateway: 'pingpong', orderId: 'order-0' }),
      )
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            { error: { code: 'ATTEMPT_IN_PROGRESS', message: 'Finish or cancel it first.' } },
            { status: 409 },
          ),
        ),
        cancelAnswered(),
      )
      const { environment } = renderCheckout(hostedRedirect())
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe('Finish or cancel it first.')
      expect(requests.filter((request) => request.method === 'GET')).toEqual([])
      expect(cancelsSent()).toEqual([])
      expect(postsTo('/payments')).toHaveLength(1)
      expect(environment.navigate).not.toHaveBeenCalled()
    })

    it('says a refusal on the console when no onError is given, and only then', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            { error: { code: 'RETURN_URL_NOT_ALLOWED', message: 'returnUrl is not allowed.' } },
            { status: 400 },
          ),
        ),
      )
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
      const unhandled = renderCheckout(hostedRedirect())
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await screen.findByRole('alert')
      expect(consoleError).toHaveBeenCalledExactlyOnceWith(
        expect.stringMatching(
          /^\[checkout-kit\] <Hosted(Redirect|Checkout)>: server_error: returnUrl is not allowed\. \(pass onError /,
        ),
      )
      unhandled.unmount()

      consoleError.mockClear()
      const onError = vi.fn()
      renderCheckout(hostedRedirect({ onError }))
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(onError).toHaveBeenCalledTimes(1))
      expect(consoleError).not.toHaveBeenCalled()
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
      expect(button.getAttribute('aria-disabled')).toBe('true')
      expect(button.getAttribute('aria-busy')).toBe('true')
      // Locked, yet still clickable for the browser: a third click does nothing either.
      await userEvent.click(button)

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      expect(postsTo('/payments')).toHaveLength(1)
    })

    // jsdom keeps focus on a disabled button; Chromium does not (e2e/checkoutAccessibility.spec.ts
    // checks that there). Here: the button stays one element, so focus goes on to "Try again".
    it('keeps keyboard focus on its button while busy, and on "Try again" after a refusal', async () => {
      server.use(
        http.post(`${api}/payments`, async () => {
          await delay(50)
          return HttpResponse.json(
            { error: { code: 'GATEWAY_REJECTED', message: 'Not now.' } },
            { status: 422 },
          )
        }),
      )
      renderCheckout(hostedRedirect())
      const user = userEvent.setup()

      await user.tab()
      const button = screen.getByRole('button', { name: 'Pay' })
      expect(document.activeElement).toBe(button)
      await user.keyboard('{Enter}')
      expect(button.getAttribute('aria-busy')).toBe('true')
      expect(document.activeElement).toBe(button)

      await screen.findByRole('alert')
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Try again' }))
    })

    it('retries a timed-out request with the same Idempotency-Key after "Try again"', async () => {
      firstCreateNeverAnswers()
      const client = createCheckoutClient({ baseUrl: api, timeoutMs: 100 })
      const onError = vi.fn()
      const { environment } = renderCheckout(hostedRedirect({ onError }), { client })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await showsTimedOutThenRetries(onError, environment)
    })

    // Without a `client`, <HostedRedirect> sends its request itself (sendRedirectRequest.ts); the
    // provider's own client times out after the same 15 s.
    it('retries a request left unanswered for 15 s with the same key and body, without a client', async () => {
      const clock = requestTimeouts()
      firstCreateNeverAnswers()
      const onError = vi.fn()
      const { environment } = renderCheckout(hostedRedirect({ onError }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
      clock.elapse(14_999)
      await delay(20)
      expect(screen.getByRole('status').textContent).toBe('Starting your payment…')
      expect(screen.queryByRole('alert')).toBeNull()

      clock.elapse(1)
      await showsTimedOutThenRetries(onError, environment)
    })

    it("asks again with the same key after the server's 503: a new one would meet the attempt it kept open", async () => {
      let answered = 0
      server.use(
        http.post(`${api}/payments`, () =>
          answered++ === 0
            ? HttpResponse.json(
                {
                  error: {
                    code: 'GATEWAY_UNAVAILABLE',
                    message: 'The payment gateway did not answer. Please try again.',
                  },
                },
                { status: 503 },
              )
            : HttpResponse.json(redirectSession(), { status: 201 }),
        ),
      )
      const { environment } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      expect((await screen.findByRole('alert')).textContent).toBe(
        'The payment gateway did not answer. Please try again.',
      )
      await tryAgainLeavesWithTheSameKey(environment)
    })

    it.each([
      { id: 42, status: 'paid-ish' },
      // With a payment id, but no more the contract than the other: not a step it cannot take.
      { id: 'pay_1', status: 'paid-ish' },
    ])(
      'shows an error instead of crashing on a malformed answer (%j), and asks again with the same key',
      async (malformed) => {
        let answered = 0
        server.use(
          http.post(`${api}/payments`, () =>
            // The server took the request: its answer could not be read, so the retry must not
            // start a second payment.
            answered++ === 0
              ? HttpResponse.json(malformed, { status: 201 })
              : HttpResponse.json(redirectSession(), { status: 200 }),
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

        await tryAgainLeavesWithTheSameKey(environment)
      },
    )

    it("shows the server's error message", async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            {
              error: { code: 'ORDER_NOT_PAYABLE', message: 'This order cannot be paid any more.' },
            },
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

    it("shows the locale's text for a server error without words of its own", async () => {
      // A client of the merchant's own may refuse with an empty message.
      const client = createCheckoutClient({ baseUrl: api })
      client.createPayment = async () => {
        throw new CheckoutError('server_error', '  ', { serverCode: 'SHOP_CLOSED', status: 409 })
      }
      renderCheckout(hostedRedirect(), { client })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(
        'The payment could not be started. Please try again.',
      )
    })

    it('refuses a redirect to an origin outside allowedOrigins, without navigating', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(redirectSession('https://evil.example/steal'), { status: 201 }),
        ),
        cancelAnswered(),
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
      expect(cancelsSent().length > 0).toBe(true)

      // The server answered the first attempt: paying again is a new one, with a new key.
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(idempotencyKeysSent()).toHaveLength(2))
      const keys = idempotencyKeysSent()
      expect(keys[1]).not.toBe(keys[0])
    })

    it('gives up a blocked payment with a bodiless POST to its encoded path', async () => {
      const id = 'pay/1?x'
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            { ...redirectSession('https://evil.example/steal'), id },
            { status: 201 },
          ),
        ),
        cancelAnswered(),
      )
      renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await userEvent.click(await screen.findByRole('button', { name: 'Start again' }))
      await screen.findByRole('button', { name: 'Pay' })

      const cancels = cancelsSent()
      expect(cancels.map((request) => request.url)).toEqual([
        `${api}/payments/${encodeURIComponent(id)}/cancel`,
      ])
      // No body, so no content type: the request needs no CORS preflight.
      expect(cancels[0]?.headers.get('content-type')).toBeNull()
      expect(cancels[0]?.body).toBeUndefined()
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
      const { environment } = renderCheckout(hostedRedirect({ gateway: 'pockyt', onError }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(
        'This payment step is not supported. Please try another payment method.',
      )
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unknown_action' }))
      expect(environment.navigate).not.toHaveBeenCalled()
      expect(screen.queryByRole('img')).toBeNull()
    })
  })

  describe('requests and answers', () => {
    it('sends one JSON POST with an Idempotency-Key', async () => {
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(redirectSession(), { status: 201 })),
      )
      const { environment } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      const [post] = postsTo('/payments')
      expect(post?.headers.get('content-type')).toBe('application/json')
      expect(post?.headers.get('accept')).toBe('application/json')
      expect(post?.headers.get('idempotency-key')).toMatch(/\S{8,}/)
    })

    it('posts the form of a POST redirect, with the provider nonce', async () => {
      const fields = { account: '995149', signValue: 'ABC' }
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            session({
              gateway: 'oceanpayment',
              status: 'requires_action',
              action: { type: 'redirect', method: 'POST', url: `${gatewayOrigin}/pay`, fields },
            }),
            { status: 201 },
          ),
        ),
      )
      const { environment } = renderCheckout(hostedRedirect({ gateway: 'oceanpayment' }), {
        nonce: 'n0nce',
      })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(environment.submitForm).toHaveBeenCalledTimes(1))
      expect(environment.submitForm).toHaveBeenCalledWith(`${gatewayOrigin}/pay`, fields, 'n0nce')
      expect(environment.navigate).not.toHaveBeenCalled()
    })

    it.each<[string, number, string]>([
      [
        'a 502 from a proxy',
        502,
        'We could not reach the payment service. Check your connection and try again.',
      ],
      [
        'a 504 from a proxy',
        504,
        'The payment service did not answer in time. Try again: you will not be charged twice.',
      ],
    ])('reads %s as an unknown outcome and retries with the same key', async (_, status, text) => {
      let calls = 0
      server.use(
        http.post(`${api}/payments`, () => {
          calls++
          return calls === 1
            ? new HttpResponse('<h1>Bad gateway</h1>', { status })
            : HttpResponse.json(redirectSession(), { status: 201 })
        }),
      )
      const { environment } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      expect((await screen.findByRole('alert')).textContent).toBe(text)
      await tryAgainLeavesWithTheSameKey(environment)
    })

    it('starts a new attempt, with a new key, after a refusal', async () => {
      let calls = 0
      server.use(
        http.post(`${api}/payments`, () => {
          calls++
          return calls === 1
            ? HttpResponse.json(
                { error: { code: 'ORDER_NOT_PAYABLE', message: 'Not yet.' } },
                { status: 409 },
              )
            : HttpResponse.json(redirectSession(), { status: 201 })
        }),
      )
      const { environment } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      expect((await screen.findByRole('alert')).textContent).toBe('Not yet.')
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      const keys = idempotencyKeysSent()
      expect(keys[1]).not.toBe(keys[0])
    })

    it('refuses an answer that is not JSON', async () => {
      const onError = vi.fn()
      server.use(http.post(`${api}/payments`, () => new HttpResponse('<!doctype html>')))
      const { environment } = renderCheckout(hostedRedirect({ onError }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(
        'The payment service sent an unexpected answer. Please try again later.',
      )
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ code: 'invalid_response', status: 200 }),
      )
      expect(environment.navigate).not.toHaveBeenCalled()
    })

    it('still returns to "Pay" when giving up a blocked payment fails', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(redirectSession('https://evil.example/steal'), { status: 201 }),
        ),
        http.post(`${api}/payments/:id/cancel`, () => HttpResponse.error()),
      )
      renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await userEvent.click(await screen.findByRole('button', { name: 'Start again' }))

      await screen.findByRole('button', { name: 'Pay' })
      expect(screen.queryByRole('alert')).toBeNull()
    })
  })

  describe('answers that need no redirect', () => {
    it('reports success without a "Pay" button, from the server\'s status', async () => {
      const settled = session({ status: 'succeeded' })
      const onComplete = vi.fn()
      server.use(http.post(`${api}/payments`, () => HttpResponse.json(settled, { status: 201 })))
      // An earlier attempt remembered for the return page: settled here, it must not be shown.
      window.sessionStorage.setItem(
        'checkout-kit:payment',
        JSON.stringify({ paymentId: 'pay_earlier', gateway: 'pingpong' }),
      )
      const queryClient = new QueryClient()
      const { environment } = renderCheckout(hostedRedirect({ onComplete }), { queryClient })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() =>
        expect(screen.getByRole('status').textContent).toBe('Payment successful.'),
      )
      expect(onComplete).toHaveBeenCalledTimes(1)
      expect(onComplete).toHaveBeenCalledWith(settled)
      expect(screen.queryByRole('button')).toBeNull()
      expect(environment.navigate).not.toHaveBeenCalled()
      expect(window.sessionStorage.getItem('checkout-kit:payment')).toBeNull()
      // The merchant's own queries (usePaymentStatus) see the outcome without asking again.
      expect(queryClient.getQueryData(queryKeys.payment(settled.id))).toEqual(settled)
    })

    it.each<[string, Partial<PaymentSession>, string, string]>([
      [
        'a known failure',
        {
          status: 'failed',
          failure: {
            code: 'card_declined',
            message: 'Your card was declined. Try another card or contact your bank.',
          },
        },
        'The payment did not go through.',
        'Your card was declined. Try another card or contact your bank.',
      ],
      [
        "an unknown failure in the server's words",
        { status: 'failed', failure: { code: 'PP_9001', message: 'Declined by the issuer.' } },
        'The payment did not go through.',
        'Declined by the issuer.',
      ],
      [
        'an expiry without a failure',
        { status: 'expired' },
        'The payment session expired.',
        'The payment session expired. Start the payment again.',
      ],
    ])('explains %s', async (_, settled, status, alert) => {
      const onComplete = vi.fn()
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(session(settled), { status: 201 })),
      )
      renderCheckout(hostedRedirect({ onComplete }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(alert)
      expect(screen.getByRole('status').textContent).toBe(status)
      expect(onComplete).toHaveBeenCalledWith(expect.objectContaining(settled))
    })

    it('explains a failure in Simplified Chinese', async () => {
      const failure = { code: 'card_declined', message: 'DECLINED rc=05' }
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(session({ status: 'failed', failure }), { status: 201 }),
        ),
      )
      renderCheckout(hostedRedirect(), { locale: 'zh-CN', messages: zhCN })

      await userEvent.click(screen.getByRole('button', { name: '支付' }))

      expect((await screen.findByRole('alert')).textContent).toBe(zhCN['failure.card_declined'])
    })
  })

  describe('the unexpected', () => {
    it('gives up, with "Start again", a payment that asks for a step it cannot take', async () => {
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
        cancelAnswered(),
      )
      renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await userEvent.click(await screen.findByRole('button', { name: 'Start again' }))

      await screen.findByRole('button', { name: 'Pay' })
      expect(cancelsSent()).toHaveLength(1)

      // The server answered that attempt: paying again is a new one, with a new key.
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(idempotencyKeysSent()).toHaveLength(2))
      const keys = idempotencyKeysSent()
      expect(keys[1]).not.toBe(keys[0])
    })

    it('sends to the API at a baseUrl given with a trailing slash', async () => {
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(redirectSession(), { status: 201 })),
      )
      const { environment } = renderCheckout(hostedRedirect(), { baseUrl: `${api}/` })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      expect(postsTo('/payments').map((post) => post.url)).toEqual([`${api}/payments`])
    })

    it("retries with the same key after a merchant's own client failed in a way of its own", async () => {
      // Not a CheckoutError: whether the server acted is unknown, so the retry must not pay twice.
      const client = createCheckoutClient({ baseUrl: api })
      const keys: string[] = []
      client.createPayment = async (_request, { idempotencyKey }) => {
        keys.push(idempotencyKey)
        if (keys.length === 1) throw new TypeError('Load failed')
        return redirectSession()
      }
      const { environment } = renderCheckout(hostedRedirect(), { client })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await userEvent.click(await screen.findByRole('button', { name: 'Try again' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      expect(keys).toHaveLength(2)
      expect(keys[1]).toBe(keys[0])
    })

    it('sends the very same request again after an unknown outcome, whatever the props became', async () => {
      let calls = 0
      server.use(
        http.post(`${api}/payments`, () => {
          calls++
          return calls === 1
            ? new HttpResponse(null, { status: 504 })
            : HttpResponse.json(redirectSession(), { status: 201 })
        }),
      )
      const { rerender, environment } = renderCheckout(hostedRedirect({ gateway: 'pingpong' }))
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await screen.findByRole('button', { name: 'Try again' })

      rerender(
        <StrictMode>
          <CheckoutProvider baseUrl={api} allowedOrigins={allowedOrigins} environment={environment}>
            {hostedRedirect({ gateway: 'pockyt' })}
          </CheckoutProvider>
        </StrictMode>,
      )
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }))

      await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
      const [first, second] = postsTo('/payments')
      expect(second?.headers.get('idempotency-key')).toBe(first?.headers.get('idempotency-key'))
      expect(second?.body).toEqual(first?.body)
    })

    it('goes on when a callback throws: a paid order stays paid', async () => {
      // Reported to the page (window.reportError), as an uncaught error would be.
      const reported: unknown[] = []
      vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(session({ status: 'succeeded' }), { status: 201 }),
        ),
      )
      const onError = vi.fn()
      renderCheckout(
        hostedRedirect({
          onComplete: () => {
            throw new Error('analytics is down')
          },
          onError,
        }),
      )

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() =>
        expect(screen.getByRole('status').textContent).toBe('Payment successful.'),
      )
      vi.unstubAllGlobals()
      expect(reported).toEqual([new Error('analytics is down')])
      expect(screen.queryByRole('alert')).toBeNull()
      expect(onError).not.toHaveBeenCalled()
      expect(postsTo('/payments')).toHaveLength(1)
    })

    it('offers to try leaving again when the browser refused to navigate', async () => {
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(redirectSession(), { status: 201 })),
      )
      const environment = testEnvironment()
      environment.navigate.mockImplementationOnce(() => {
        throw new DOMException('Navigation blocked', 'SecurityError')
      })
      renderCheckout(hostedRedirect(), { environment })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(
        'The payment was interrupted. Please try again.',
      )
      expect(window.sessionStorage.getItem('checkout-kit:payment')).toBeNull()
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
      expect(environment.navigate).toHaveBeenCalledTimes(2)
      expect(postsTo('/payments')).toHaveLength(1)
      expect(window.sessionStorage.getItem('checkout-kit:payment')).not.toBeNull()
    })

    it("masks a card number in the server's message", async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            {
              error: { code: 'INVALID_REQUEST', message: 'Card 4242424242424242 is not allowed.' },
            },
            { status: 422 },
          ),
        ),
      )
      const onError = vi.fn()
      renderCheckout(hostedRedirect({ onError }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe('Card [redacted] is not allowed.')
      expect(onError.mock.calls[0]?.[0].message).not.toContain('4242')
    })

    it('waits, busy, while the server says processing', async () => {
      const processing = session({ status: 'processing' })
      server.use(
        http.post(`${api}/payments`, () => HttpResponse.json(processing, { status: 201 })),
        http.get(`${api}/payments/:id`, () => HttpResponse.json(processing)),
        http.get(`${api}/payments/:id/events`, () => new HttpResponse(null, { status: 404 })),
      )
      const { container } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      await waitFor(() =>
        expect(screen.getByRole('status').textContent).toBe(
          'Waiting for the payment to be confirmed…',
        ),
      )
      expect(container.querySelector('[data-ck]')?.getAttribute('data-state')).toBe('waiting')
      expect(screen.getByRole('button', { name: 'Pay' }).getAttribute('aria-busy')).toBe('true')
      // Busy means busy: a click meanwhile starts no second payment.
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await delay(20)
      expect(postsTo('/payments')).toHaveLength(1)
    })

    it('does not send a shopper who left the checkout to the gateway', async () => {
      const answer = heldAnswer()
      server.use(
        http.post(`${api}/payments`, async () => {
          await answer.hold()
          return HttpResponse.json(redirectSession(), { status: 201 })
        }),
      )
      const { environment, unmount } = renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
      unmount()
      answer.release()
      await answer.answered
      await delay(50)

      expect(postsTo('/payments')).toHaveLength(1)
      expect(environment.navigate).not.toHaveBeenCalled()
    })

    it('refuses a 2xx answer with a null body as an unexpected answer', async () => {
      server.use(http.post(`${api}/payments`, () => HttpResponse.json(null, { status: 201 })))
      const onError = vi.fn()
      renderCheckout(hostedRedirect({ onError }))

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(
        'The payment service sent an unexpected answer. Please try again later.',
      )
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_response' }))
    })

    it('sends the shopper once when "Try again" after a refused navigation is double-clicked', async () => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            session({
              gateway: 'oceanpayment',
              status: 'requires_action',
              action: {
                type: 'redirect',
                method: 'POST',
                url: `${gatewayOrigin}/pay`,
                fields: { account: '1' },
              },
            }),
            { status: 201 },
          ),
        ),
      )
      const environment = testEnvironment()
      environment.submitForm.mockImplementationOnce(() => {
        throw new DOMException('Navigation blocked', 'SecurityError')
      })
      renderCheckout(hostedRedirect({ gateway: 'oceanpayment' }), { environment })

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      const tryAgain = await screen.findByRole('button', { name: 'Try again' })
      tryAgain.click()
      tryAgain.click()

      await waitFor(() => expect(environment.submitForm).toHaveBeenCalledTimes(2))
      await delay(20)
      expect(environment.submitForm).toHaveBeenCalledTimes(2)
    })

    it.each<[string, string, string]>([
      ['a blank reason', ' ', 'The payment did not go through. Please try again.'],
      ['a card number in the reason', 'Declined 4111 1111 1111 1111.', 'Declined [redacted].'],
    ])('shows a failure with %s safely', async (_, message, alert) => {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(session({ status: 'failed', failure: { code: 'PP_9001', message } }), {
            status: 201,
          }),
        ),
      )
      renderCheckout(hostedRedirect())

      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

      expect((await screen.findByRole('alert')).textContent).toBe(alert)
    })
  })
})

describe('<HostedRedirect> alone', () => {
  it('refuses a javascript: returnUrl on a page whose own origin is opaque too', async () => {
    // A sandboxed frame's origin is "null", as a javascript: or data: URL's is: the same origin.
    const processing = session({ status: 'processing' })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(processing, { status: 201 })))
    const { environment } = renderCheckout(
      <HostedRedirect gateway="pockyt" orderId="order-1" returnUrl="javascript:alert(1)//" />,
    )
    vi.stubGlobal('location', { href: `${shopOrigin}/checkout`, origin: 'null' })
    try {
      await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
      await waitFor(() =>
        expect(screen.getByRole('status').textContent).toBe(
          'Waiting for the payment to be confirmed…',
        ),
      )
    } finally {
      vi.unstubAllGlobals()
    }
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it('does not send a shopper who left the checkout to the return page', async () => {
    const answer = heldAnswer()
    server.use(
      http.post(`${api}/payments`, async () => {
        await answer.hold()
        return HttpResponse.json(session({ status: 'processing' }), { status: 201 })
      }),
    )
    const { environment, unmount } = renderCheckout(
      <HostedRedirect gateway="pockyt" orderId="order-1" returnUrl={returnUrl} />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))
    await waitFor(() => expect(postsTo('/payments')).toHaveLength(1))
    unmount()
    answer.release()
    await answer.answered
    await delay(50)

    expect(postsTo('/payments')).toHaveLength(1)
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it('takes the shopper to the return page, which follows a payment still processing', async () => {
    const processing = session({ status: 'processing' })
    const onComplete = vi.fn()
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(processing, { status: 201 })))
    const { environment } = renderCheckout(
      <HostedRedirect
        gateway="pockyt"
        orderId="order-1"
        returnUrl={`${returnUrl}?from=checkout`}
        onComplete={onComplete}
      />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() => expect(environment.navigate).toHaveBeenCalledTimes(1))
    expect(environment.navigate).toHaveBeenCalledWith(
      `${returnUrl}?from=checkout&paymentId=${processing.id}`,
    )
    expect(JSON.parse(window.sessionStorage.getItem('checkout-kit:payment') ?? '')).toEqual({
      paymentId: processing.id,
      gateway: processing.gateway,
      orderId: processing.orderId,
    })
    expect(onComplete).not.toHaveBeenCalled()
    // Only the create request: the return page watches, not this component.
    expect(requests).toHaveLength(1)
  })

  it.each<[string, string, string | undefined]>([
    ['a path of the shop', '/result', `${shopOrigin}/result`],
    // A paymentId already in it is replaced: the return page reads the first one.
    ['a page with a stale paymentId', '/result?paymentId=pay_old', `${shopOrigin}/result`],
    ['a return page of an allowed origin', `${gatewayOrigin}/result`, `${gatewayOrigin}/result`],
    ['a javascript: URL', 'javascript:alert(document.domain)//', undefined],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>', undefined],
    ['another origin', 'https://elsewhere.example/result', undefined],
  ])('goes to %s only if it is the shop or allowed', async (_, given, goesTo) => {
    const processing = session({ status: 'processing' })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(processing, { status: 201 })))
    const { environment } = renderCheckout(
      <HostedRedirect gateway="pockyt" orderId="order-1" returnUrl={given} />,
    )

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Waiting for the payment to be confirmed…',
      ),
    )
    expect(environment.navigate.mock.calls).toEqual(
      goesTo ? [[`${goesTo}?paymentId=${processing.id}`]] : [],
    )
  })
})
