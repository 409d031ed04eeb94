import { render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CardPayment } from './CardPayment.tsx'
import { CheckoutProvider } from './CheckoutProvider.tsx'
import {
  api,
  gatewayOrigin,
  postsTo,
  server,
  serveScripts,
  session,
  setupCheckoutTestBed,
  testEnvironment,
} from './testing/checkoutTestBed.tsx'

// The risk plugin loads only from an origin in the provider's allowedOrigins. A merchant whose
// allowlist arrives after the first render (read from its own config) must get the plugin then:
// a refusal under the old allowlist is not kept.

setupCheckoutTestBed()

const riskScriptUrl = `${gatewayOrigin}/risk/review-acquirerRiskControl.min.js`
let created = 0
class FakeRiskControl {
  constructor() {
    created++
  }
  installLight_S2S() {}
  complexInit(_params: unknown, callback: (data: unknown) => void) {
    setTimeout(() => callback({ threeDInitTransId: 'init-1', version: '2.2.0' }), 0)
  }
  complexTrigger() {}
}

let stopScripts = () => {}
beforeAll(() => {
  stopScripts = serveScripts({
    [riskScriptUrl]: {
      onLoad() {
        ;(window as { PingPongRiskControl?: unknown }).PingPongRiskControl = FakeRiskControl
      },
    },
  })
})
afterAll(() => stopScripts())

describe('<CardPayment> and a changed allowlist', () => {
  it('loads the risk plugin once the provider allows its origin', async () => {
    server.use(
      http.get(`${api}/config`, () =>
        HttpResponse.json({
          gateways: {
            pingpong: {
              flows: ['card'],
              riskPlugin: {
                scriptUrl: riskScriptUrl,
                accId: 'acc-1',
                clientId: 'client-1',
                environment: 'SANDBOX',
              },
            },
          },
        }),
      ),
      http.post(`${api}/payments`, () =>
        HttpResponse.json(session({ flow: 'card', status: 'succeeded' }), { status: 201 }),
      ),
    )
    const environment = testEnvironment({ fastMs: 20 })
    const page = (allowedOrigins: string[]) => (
      <StrictMode>
        <CheckoutProvider baseUrl={api} allowedOrigins={allowedOrigins} environment={environment}>
          <CardPayment orderId="order-1" returnUrl="http://localhost:3000/result" />
        </CheckoutProvider>
      </StrictMode>
    )
    // The merchant's allowlist arrives after the first render (read from its own config).
    const { rerender } = render(page([]))
    await waitFor(() => expect(postsTo('/payments')).toHaveLength(0))
    await new Promise((resolve) => setTimeout(resolve, 100))
    rerender(page([gatewayOrigin]))

    await waitFor(() => expect(created).toBe(1), { timeout: 2000 })
  })
})
