import { afterEach, describe, expect, it, vi } from 'vitest'

// Production builds drop the long integration guidance from error messages (devMode.ts). What
// remains must still say what failed: the code, the request, the refused origin.
async function loadCore() {
  vi.resetModules()
  return import('./index.ts')
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('error messages', () => {
  it('in development, say how to fix the integration', async () => {
    const { checkRedirectUrl } = await loadCore()
    expect(() => checkRedirectUrl('https://evil.example/pay', ['https://pay.example'])).toThrow(
      'Refused to send the shopper to https://evil.example: add this exact origin to allowedOrigins if you trust it.',
    )
  })

  it('in production builds, are short but still name what failed', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const { checkRedirectUrl, createCheckoutClient, parsePaymentSession } = await loadCore()

    expect(() => checkRedirectUrl('https://evil.example/pay', ['https://pay.example'])).toThrow(
      expect.objectContaining({
        code: 'redirect_blocked',
        message: 'Refused https://evil.example: not in allowedOrigins',
      }),
    )
    expect(() => parsePaymentSession({ id: 'pay_1' })).toThrow(
      expect.objectContaining({
        code: 'invalid_response',
        message: 'Invalid PaymentSession: status',
      }),
    )
    const client = createCheckoutClient({
      baseUrl: 'https://shop.example/api/checkout',
      fetch: async () => new Response('<html>', { status: 502 }),
    })
    await expect(client.getPayment('pay_1')).rejects.toMatchObject({
      code: 'network_error',
      message: 'GET https://shop.example/api/checkout/payments/pay_1: HTTP 502',
    })
  })
})
