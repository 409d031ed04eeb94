import { keepPreviousData, QueryClient } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { CheckoutProvider } from './CheckoutProvider.tsx'
import { queryKeys } from './queryKeys.ts'
import {
  api,
  heldAnswer,
  redirectSession,
  renderCheckout,
  requests,
  server,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'
import { usePaymentStatus } from './usePaymentStatus.ts'

setupCheckoutTestBed()

/** A merchant's own status line over the hook. */
function OwnStatus({
  paymentId,
  options,
}: {
  paymentId: string
  options?: Parameters<typeof usePaymentStatus>[1]
}) {
  const { data, error } = usePaymentStatus(paymentId, options)
  return <output>{error ? `error ${error.code}` : (data?.status ?? 'loading')}</output>
}

/** A server-push stream that never sends anything, counting how many were opened and closed. */
function silentStreams() {
  const opened: EventSource[] = []
  const create = vi.fn(() => {
    const stream = Object.assign(new EventTarget(), { close: vi.fn() }) as unknown as EventSource
    opened.push(stream)
    return stream
  })
  return { create, opened }
}

describe('usePaymentStatus()', () => {
  it("keeps the payment in the merchant's QueryClient, under queryKeys.payment(id), and follows it to success", async () => {
    const payment = session({ status: 'processing' })
    let polls = 0
    server.use(
      http.get(`${api}/payments/${payment.id}`, () => {
        polls++
        return HttpResponse.json(polls < 3 ? payment : { ...payment, status: 'succeeded' })
      }),
    )
    const queryClient = new QueryClient()
    renderCheckout(<OwnStatus paymentId={payment.id} />, {
      queryClient,
      environment: testEnvironment({ fastMs: 30 }),
    })

    await screen.findByText('processing')
    await screen.findByText('succeeded')
    expect(queryClient.getQueryData(queryKeys.payment(payment.id))).toMatchObject({
      status: 'succeeded',
    })
    // Watching stops at the final status.
    const settled = polls
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(polls).toBe(settled)
  })

  it("never shows another payment's session while the next one loads, whatever the merchant's QueryClient keeps", async () => {
    const paid = session({ status: 'succeeded' })
    const next = session({ status: 'processing' })
    const nextRead = heldAnswer()
    server.use(
      http.get(`${api}/payments/${paid.id}`, () => HttpResponse.json(paid)),
      http.get(`${api}/payments/${next.id}`, async () => {
        await nextRead.hold()
        return HttpResponse.json(next)
      }),
    )
    // A shop whose lists keep their previous page while the next one loads.
    const queryClient = new QueryClient({
      defaultOptions: { queries: { placeholderData: keepPreviousData } },
    })
    const { rerender } = render(
      <StrictMode>
        <CheckoutProvider baseUrl={api} allowedOrigins={[]} queryClient={queryClient}>
          <OwnStatus paymentId={paid.id} />
        </CheckoutProvider>
      </StrictMode>,
    )
    await screen.findByText('succeeded')

    rerender(
      <StrictMode>
        <CheckoutProvider baseUrl={api} allowedOrigins={[]} queryClient={queryClient}>
          <OwnStatus paymentId={next.id} />
        </CheckoutProvider>
      </StrictMode>,
    )
    expect(screen.getByRole('status').textContent).toBe('loading')
    nextRead.release()
    await screen.findByText('processing')
  })

  it('opens one server-push stream under StrictMode, even for a payment already in the cache', async () => {
    const payment = session({ status: 'processing' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const queryClient = new QueryClient()
    queryClient.setQueryData(queryKeys.payment(payment.id), payment)
    const streams = silentStreams()
    const { unmount } = renderCheckout(<OwnStatus paymentId={payment.id} />, {
      queryClient,
      environment: { ...testEnvironment(), createEventSource: streams.create },
    })

    await waitFor(() => expect(streams.create).toHaveBeenCalled())
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(streams.create).toHaveBeenCalledTimes(1)
    unmount()
    expect(streams.opened[0]?.close).toHaveBeenCalled()
  })

  it.each([
    ['an empty payment id', { paymentId: '' }],
    ['enabled: false', { paymentId: 'pay_later', options: { enabled: false } }],
  ])('asks nothing with %s', async (_, props) => {
    renderCheckout(<OwnStatus {...props} />)

    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(screen.getByRole('status').textContent).toBe('loading')
    expect(requests).toEqual([])
  })

  it('opens no server-push stream for a payment already settled', async () => {
    const payment = session({ status: 'succeeded' })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const streams = silentStreams()
    renderCheckout(<OwnStatus paymentId={payment.id} />, {
      environment: { ...testEnvironment(), createEventSource: streams.create },
    })

    await screen.findByText('succeeded')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(streams.create).not.toHaveBeenCalled()
  })

  it("stops watching at the caller's expiresAt, before the payment's own", async () => {
    const payment = session({
      status: 'processing',
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    })
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const streams = silentStreams()
    renderCheckout(
      <OwnStatus
        paymentId={payment.id}
        options={{ expiresAt: new Date(Date.now() + 200).toISOString() }}
      />,
      { environment: { ...testEnvironment(), createEventSource: streams.create } },
    )

    await waitFor(() => expect(streams.create).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(streams.opened[0]?.close).toHaveBeenCalled(), { timeout: 1000 })
  })

  it('follows a payment being confirmed past its own expiry until it is settled', async () => {
    const payment = session({
      status: 'processing',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    })
    let answer = payment
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(answer)))
    renderCheckout(<OwnStatus paymentId={payment.id} />, {
      environment: testEnvironment({ fastMs: 30 }),
    })

    await screen.findByText('processing')
    await new Promise((resolve) => setTimeout(resolve, 150))
    answer = { ...payment, status: 'succeeded', updatedAt: new Date().toISOString() }
    await screen.findByText('succeeded')
  })

  it("stops watching at the payment's own expiry while it waits for the shopper", async () => {
    const expiresAt = new Date(Date.now() + 200).toISOString()
    const payment = { ...redirectSession(), expiresAt }
    server.use(http.get(`${api}/payments/${payment.id}`, () => HttpResponse.json(payment)))
    const streams = silentStreams()
    renderCheckout(<OwnStatus paymentId={payment.id} />, {
      environment: { ...testEnvironment(), createEventSource: streams.create },
    })

    await waitFor(() => expect(streams.create).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(streams.opened[0]?.close).toHaveBeenCalled(), { timeout: 1000 })
  })
})
