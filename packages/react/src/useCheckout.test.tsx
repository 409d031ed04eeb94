import * as core from '@checkout-kit/core'
import { screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { delay, HttpResponse, http } from 'msw'
import { useEffect, useRef, useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import {
  api,
  gatewayOrigin,
  postsTo,
  renderCheckout,
  servePpPay,
  server,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'
import { useCheckout } from './useCheckout.ts'

vi.mock('@checkout-kit/core', async (importOriginal) => {
  const original = await importOriginal<typeof core>()
  return { ...original, watchPaymentStatus: vi.fn(original.watchPaymentStatus) }
})

setupCheckoutTestBed()

type Pay = ReturnType<typeof useCheckout>['pay']

/** The custom UIs' "Buy": pays order-1 through PingPong by `flow`. */
function BuyButton({
  pay,
  flow,
  busy,
}: {
  pay: Pay
  flow: Parameters<Pay>[0]['flow']
  busy?: boolean
}) {
  return (
    <button
      type="button"
      aria-busy={busy}
      onClick={() =>
        void pay({
          gateway: 'pingpong',
          flow,
          orderId: 'order-1',
          returnUrl: 'http://localhost:3000/result',
        })
      }
    >
      Buy
    </button>
  )
}

/** A custom UI: re-renders often, with new inline callbacks every time. */
function OwnButton({ onComplete }: { onComplete: (status: string) => void }) {
  const [renders, setRenders] = useState(0)
  const { state, pay } = useCheckout({
    onComplete: (finished) => onComplete(`${finished.status} after ${renders} renders`),
  })
  useEffect(() => {
    const timer = setInterval(() => setRenders((count) => count + 1), 5)
    return () => clearInterval(timer)
  }, [])
  return (
    <>
      <BuyButton pay={pay} flow="card" />
      <output>{state.status}</output>
    </>
  )
}

/** A custom UI that shows `busy` on its button and can give the payment up. */
function OwnControls({ onError }: { onError?: () => void }) {
  const { state, busy, error, pay, cancel } = useCheckout(onError ? { onError } : {})
  return (
    <>
      <BuyButton pay={pay} flow="hosted-redirect" busy={busy} />
      <button type="button" onClick={() => void cancel()}>
        Give up
      </button>
      <output>{`${state.status} ${error?.code ?? ''}`.trim()}</output>
    </>
  )
}

/** A custom UI that says how the server's next step went. */
function OwnAction() {
  const { action, pay } = useCheckout()
  return (
    <>
      <BuyButton pay={pay} flow="card" />
      <output>
        {action.status === 'done'
          ? `done ${action.outcome.kind}`
          : action.status === 'failed'
            ? `failed ${action.error.code}`
            : action.status}
      </output>
    </>
  )
}

/** A custom UI with a place of its own for the gateway's hosted SDK. */
function OwnSdkCheckout() {
  const container = useRef<HTMLDivElement>(null)
  const { action, pay } = useCheckout({ container })
  return (
    <>
      <BuyButton pay={pay} flow="hosted-sdk" />
      <output>{action.status === 'done' ? `done ${action.outcome.kind}` : action.status}</output>
      <div ref={container} data-testid="own-container" />
    </>
  )
}

describe('useCheckout()', () => {
  it('keeps one watch and reports once while inline callbacks change on every render', async () => {
    const created = session({ flow: 'card', status: 'processing' })
    let polls = 0
    server.use(
      http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })),
      http.get(`${api}/payments/${created.id}`, () => {
        polls++
        return HttpResponse.json(polls < 4 ? created : { ...created, status: 'succeeded' })
      }),
    )
    const onComplete = vi.fn()
    renderCheckout(<OwnButton onComplete={onComplete} />, {
      environment: testEnvironment({ fastMs: 40 }),
    })

    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('succeeded'))

    expect(postsTo('/payments')).toHaveLength(1)
    expect(vi.mocked(core.watchPaymentStatus)).toHaveBeenCalledTimes(1)
    expect(onComplete).toHaveBeenCalledTimes(1)
    // The latest callback ran, not the one from the render that started the attempt.
    expect(onComplete.mock.calls[0]?.[0]).not.toBe('succeeded after 0 renders')
  })

  it('is not busy once the next step failed, so a custom UI can offer retry() or startOver()', async () => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(
          session({
            status: 'requires_action',
            action: { type: 'redirect', method: 'GET', url: 'https://evil.example/pay' },
          }),
          { status: 201 },
        ),
      ),
    )
    renderCheckout(<OwnControls />)

    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('action redirect_blocked'),
    )
    expect(screen.getByRole('button', { name: 'Buy' }).getAttribute('aria-busy')).toBe('false')
  })

  it('cancel() gives up only an open payment: a settled one is left alone', async () => {
    const settled = session({ status: 'succeeded' })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(settled, { status: 201 })))
    const onError = vi.fn()
    renderCheckout(<OwnControls onError={onError} />)
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('succeeded'))

    await userEvent.click(screen.getByRole('button', { name: 'Give up' }))

    await delay(50)
    expect(postsTo(`/payments/${settled.id}/cancel`)).toEqual([])
    expect(screen.getByRole('status').textContent).toBe('succeeded')
    expect(onError).not.toHaveBeenCalled()
  })

  it('performs a POST redirect through the environment, never by building HTML', async () => {
    const created = session({
      status: 'requires_action',
      action: {
        type: 'redirect',
        method: 'POST',
        url: `${gatewayOrigin}/gateway/service/pay`,
        fields: { account: '995149', signValue: 'abc' },
      },
    })
    server.use(http.post(`${api}/payments`, () => HttpResponse.json(created, { status: 201 })))
    const { environment } = renderCheckout(<OwnButton onComplete={() => {}} />)

    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))

    await waitFor(() =>
      expect(environment.submitForm).toHaveBeenCalledWith(
        `${gatewayOrigin}/gateway/service/pay`,
        { account: '995149', signValue: 'abc' },
        undefined,
      ),
    )
  })

  it.each<[string, core.NextAction, string]>([
    [
      'shows a QR code',
      { type: 'qr-code', content: `${gatewayOrigin}/pay/qr`, expiresAt: '2099-01-01T00:00:00Z' },
      'done show-qr',
    ],
    [
      'opens the 3DS page of a challenge without a risk plugin',
      { type: 'three-ds', gateway: 'pingpong', params: {}, redirectUrl: `${gatewayOrigin}/3ds` },
      'done navigated',
    ],
  ])('runs every next step the server can ask for: %s', async (_, nextAction, said) => {
    server.use(
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ status: 'requires_action', action: nextAction }), {
          status: 201,
        }),
      ),
      http.get(`${api}/payments/:id`, ({ params }) =>
        HttpResponse.json(
          session({ id: String(params.id), status: 'requires_action', action: nextAction }),
        ),
      ),
    )
    const { environment } = renderCheckout(<OwnAction />, {
      environment: testEnvironment({ fastMs: 30 }),
    })
    await userEvent.click(screen.getByRole('button', { name: 'Buy' }))

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(said))
    if (nextAction.type === 'three-ds') {
      expect(environment.navigate).toHaveBeenCalledWith(`${gatewayOrigin}/3ds`)
    }
  })

  it("mounts the gateway's hosted SDK into the container it is given", async () => {
    const scriptUrl = `${gatewayOrigin}/sdk/ppPay-own-ui.min.js`
    const nextAction: core.NextAction = {
      type: 'hosted-sdk',
      gateway: 'pingpong',
      scriptUrl,
      token: 'tok_own',
      mode: 'sandbox',
    }
    const { mounts, stop } = servePpPay(scriptUrl)
    try {
      server.use(
        http.post(`${api}/payments`, () =>
          HttpResponse.json(
            session({ flow: 'hosted-sdk', status: 'requires_action', action: nextAction }),
            { status: 201 },
          ),
        ),
        http.get(`${api}/payments/:id`, ({ params }) =>
          HttpResponse.json(
            session({
              id: String(params.id),
              flow: 'hosted-sdk',
              status: 'requires_action',
              action: nextAction,
            }),
          ),
        ),
      )
      renderCheckout(<OwnSdkCheckout />, { environment: testEnvironment({ fastMs: 30 }) })
      await userEvent.click(screen.getByRole('button', { name: 'Buy' }))

      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('done mounted'))
      expect(mounts.map((mount) => mount.options.root)).toEqual([
        screen.getByTestId('own-container'),
      ])
    } finally {
      stop()
    }
  })
})
