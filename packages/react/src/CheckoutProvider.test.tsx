import { createCheckoutClient } from '@checkout-kit/core'
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { CardPayment } from './CardPayment.tsx'
import { CheckoutProvider } from './CheckoutProvider.tsx'
import { HostedCheckout } from './HostedCheckout.tsx'
import { en, type Messages, zhCN } from './messages.ts'
import { PaymentResult } from './PaymentResult.tsx'
import { renderCheckout, setupCheckoutTestBed } from './testing/checkoutTestBed.tsx'
import { useCheckout } from './useCheckout.ts'

setupCheckoutTestBed()

/** A redirect checkout: the smallest component that shows the provider's texts and language. */
const pockytCheckout = (
  <HostedCheckout
    gateway="pockyt"
    flow="hosted-redirect"
    orderId="o"
    returnUrl="https://shop.example/r"
  />
)

function UsesCheckout() {
  useCheckout()
  return null
}

let seenQueryClient: QueryClient | undefined
function MerchantWidget() {
  seenQueryClient = useQueryClient()
  return null
}

describe('<CheckoutProvider>', () => {
  it('names the hook and the fix when a hook is used outside it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() =>
      render(
        <StrictMode>
          <UsesCheckout />
        </StrictMode>,
      ),
    ).toThrow(
      /^useCheckout\(\) must be used inside <CheckoutProvider>: wrap the part of your app that pays in <CheckoutProvider baseUrl="\/api\/checkout" allowedOrigins=/,
    )
  })

  it('names the component when a component is used outside it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() =>
      render(
        <StrictMode>
          <CardPayment orderId="o" returnUrl="https://shop.example/r" />
        </StrictMode>,
      ),
    ).toThrow(/^<CardPayment> must be used inside <CheckoutProvider>/)
  })

  it.each(['', '  ', '/api/checkout?shop=1', '/api/checkout#pay'])(
    'refuses the baseUrl %j at once, though it creates the client later',
    (baseUrl) => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      expect(() =>
        render(
          <StrictMode>
            <CheckoutProvider baseUrl={baseUrl} allowedOrigins={[]} />
          </StrictMode>,
        ),
      ).toThrow(/^<CheckoutProvider> needs baseUrl, where the merchant API is mounted/)
    },
  )

  it.each([[undefined], ['https://pay.example'], [[42]]])(
    'refuses allowedOrigins %j at once, saying what it needs (plain JavaScript)',
    (allowedOrigins) => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      const props = { allowedOrigins } as unknown as { allowedOrigins: string[] }
      expect(() =>
        render(
          <StrictMode>
            <CheckoutProvider {...props} />
          </StrictMode>,
        ),
      ).toThrow(
        /^<CheckoutProvider> needs allowedOrigins, the exact origins of the gateways' pages and scripts .* \[\] allows none\.$/,
      )
    },
  )

  it('reads no baseUrl when given a contract client of its own, which is all it talks to', () => {
    const client = createCheckoutClient({ baseUrl: 'https://shop.example/api/checkout' })
    render(
      <StrictMode>
        <CheckoutProvider client={client} baseUrl="" allowedOrigins={[]} injectStyles={false}>
          <PaymentResult />
        </CheckoutProvider>
      </StrictMode>,
    )
    // The page is there: without a payment id, it says it has none to show.
    expect(screen.getByRole('status').textContent).toMatch(/^We could not find a payment to show/)
  })

  it('lets any message be overridden', () => {
    renderCheckout(pockytCheckout, { messages: { pay: 'Place order' } })
    expect(screen.getByRole('button', { name: 'Place order' })).toBeTruthy()
  })

  it('follows texts and a language that change after the first render (a shop loading its translations)', () => {
    const { rerenderProvider, container } = renderCheckout(pockytCheckout)
    rerenderProvider({ messages: { pay: 'Place order' } })
    expect(screen.getByRole('button', { name: 'Place order' })).toBeTruthy()

    rerenderProvider({ locale: 'zh-CN', messages: { pay: 'Place order' } })
    expect(container.querySelector('[data-ck="hosted-checkout"]')?.getAttribute('lang')).toBe(
      'zh-CN',
    )
  })

  it('keeps the English text for a message given as undefined (a label the merchant has not set)', () => {
    const labelFromTheShop: string | undefined = undefined
    renderCheckout(pockytCheckout, { messages: { pay: labelFromTheShop } as Partial<Messages> })
    expect(screen.getByRole('button', { name: 'Pay' })).toBeTruthy()
  })

  it('adds each style sheet once, with the CSP nonce, and not at all when told not to', () => {
    for (const element of document.querySelectorAll('style[data-checkout-kit-styles]')) {
      element.remove()
    }
    renderCheckout(
      <>
        {pockytCheckout}
        <PaymentResult />
      </>,
      { nonce: 'n0nce', injectStyles: true },
    )
    const styles = [
      ...document.querySelectorAll<HTMLStyleElement>('style[data-checkout-kit-styles]'),
    ]
    // StrictMode mounted both components twice: still one base sheet and one for the result.
    expect(styles.map((style) => style.getAttribute('data-checkout-kit-styles'))).toEqual([
      'base',
      'result',
    ])
    expect(styles.map((style) => style.nonce)).toEqual(['n0nce', 'n0nce'])
    expect(styles[0]?.textContent).toContain('--ck-color-accent')
    expect(styles[1]?.textContent).toContain('.ck-result-title')
    for (const style of styles) style.remove()
  })

  it('puts its style sheets before the merchant’s own, which win ties, and none with injectStyles={false}', () => {
    for (const element of document.querySelectorAll('style[data-checkout-kit-styles]')) {
      element.remove()
    }
    const merchantSheet = document.head.appendChild(document.createElement('style'))
    merchantSheet.textContent = '.ck-button { border-radius: 0 }'
    try {
      const withoutStyles = renderCheckout(<PaymentResult />, { injectStyles: false })
      expect(document.querySelectorAll('style[data-checkout-kit-styles]')).toHaveLength(0)
      withoutStyles.unmount()

      renderCheckout(<PaymentResult />)
      const sheets = [...document.head.querySelectorAll('style')]
      expect(
        sheets.map((style) =>
          style === merchantSheet ? 'merchant' : style.getAttribute('data-checkout-kit-styles'),
        ),
      ).toEqual(['base', 'result', 'merchant'])
    } finally {
      merchantSheet.remove()
      for (const element of document.querySelectorAll('style[data-checkout-kit-styles]')) {
        element.remove()
      }
    }
  })

  it('does not shadow the merchant’s own QueryClientProvider', () => {
    const merchantClient = new QueryClient()
    seenQueryClient = undefined
    render(
      <StrictMode>
        <QueryClientProvider client={merchantClient}>
          <CheckoutProvider baseUrl="/api/checkout" allowedOrigins={[]} injectStyles={false}>
            <MerchantWidget />
          </CheckoutProvider>
        </QueryClientProvider>
      </StrictMode>,
    )
    expect(seenQueryClient).toBe(merchantClient)
  })
})

describe('messages', () => {
  it('has the same keys, all filled, in English and Simplified Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) {
      if (key !== 'statusIdle') expect(text, key).not.toBe('')
    }
  })
})
