// @vitest-environment node
import { type ReactNode, StrictMode, version } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { CardPayment } from './CardPayment.tsx'
import { CheckoutProvider } from './CheckoutProvider.tsx'
import { HostedCheckout } from './HostedCheckout.tsx'
import { HostedRedirect } from './HostedRedirect.tsx'
import { LocalPayment } from './LocalPayment.tsx'
import { PaymentResult } from './PaymentResult.tsx'

/** Each component as a page would render it, and something its server HTML must contain. */
const components: Record<string, { ui: ReactNode; shows: string }> = {
  '<HostedCheckout flow="hosted-sdk">': {
    ui: <HostedCheckout gateway="pingpong" flow="hosted-sdk" orderId="o" returnUrl="/r" />,
    shows: 'Pay',
  },
  '<HostedCheckout flow="hosted-redirect">': {
    ui: <HostedCheckout gateway="pockyt" flow="hosted-redirect" orderId="o" returnUrl="/r" />,
    shows: 'Pay',
  },
  '<HostedRedirect>': {
    ui: <HostedRedirect gateway="pockyt" orderId="o" returnUrl="/r" />,
    shows: 'Pay',
  },
  '<CardPayment>': { ui: <CardPayment orderId="o" returnUrl="/r" />, shows: 'Card number' },
  '<LocalPayment>': {
    ui: <LocalPayment method="AlipayCN" orderId="o" returnUrl="/r" />,
    shows: 'Pay',
  },
  '<PaymentResult>': { ui: <PaymentResult paymentId="pay_1" />, shows: 'data-ck="payment-result"' },
  // The id comes from the URL or storage, read after hydration: until then it is loading, not
  // "missing", on the server and in the browser's first render alike.
  '<PaymentResult> without a paymentId': { ui: <PaymentResult />, shows: 'data-state="loading"' },
}

// Server rendering, on React 19 (`dom`) and React 18 (`dom-react18`): the node environment has no
// DOM, so a component that touched one during render would throw here.
describe('server rendering', () => {
  it('runs on the React this project is for, and imports every entry point without a DOM', async () => {
    expect(version.split('.')[0]).toBe(process.env.EXPECTED_REACT_MAJOR ?? '19')
    expect(typeof document).toBe('undefined')
    const entries = await Promise.all([
      import('./index.ts'),
      import('./hosted.ts'),
      import('./redirect.ts'),
      import('./card.ts'),
      import('./local.ts'),
      import('./result.ts'),
    ])
    for (const entry of entries) expect(entry).toHaveProperty('CheckoutProvider')
  })

  it.each(Object.entries(components))(
    'renders %s in StrictMode without a word on the console',
    (_name, { ui, shows }) => {
      const said = (['error', 'warn', 'log'] as const).map((method) =>
        vi.spyOn(console, method).mockImplementation(() => {}),
      )
      try {
        const html = renderToString(
          <StrictMode>
            <CheckoutProvider baseUrl="/api/checkout" allowedOrigins={['https://pay.example']}>
              {ui}
            </CheckoutProvider>
          </StrictMode>,
        )
        expect(html).toContain(shows)
        expect(said.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])))).toEqual([])
      } finally {
        for (const spy of said) spy.mockRestore()
      }
    },
  )
})
