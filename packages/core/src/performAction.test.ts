import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserEnvironment } from './browserEnvironment.ts'
import { type CheckoutError, isCheckoutError } from './checkoutError.ts'
import type { NextAction } from './contract.ts'
import { loadScript } from './loadScript.ts'
import { performAction } from './performAction.ts'
import type { RiskPlugin } from './pingpongRiskPlugin.ts'

vi.mock('./loadScript.ts', () => ({ loadScript: vi.fn() }))

const allowedOrigins = ['https://shop.example', 'https://pay.gateway.example']
const loadScriptMock = vi.mocked(loadScript)

class FakePpPay {
  static instances: FakePpPay[] = []
  readonly tokens: string[] = []
  constructor(readonly options: unknown) {
    FakePpPay.instances.push(this)
  }
  createPayment(token: string) {
    this.tokens.push(token)
  }
}

interface FakeEnvironment extends BrowserEnvironment {
  navigate: ReturnType<typeof vi.fn<(url: string) => void>>
  submitForm: ReturnType<
    typeof vi.fn<(url: string, fields: Record<string, string>, nonce?: string) => void>
  >
  view: { ppPay?: unknown }
}

function fakeEnvironment(): FakeEnvironment {
  const view: { ppPay?: unknown } = {}
  return {
    view,
    navigate: vi.fn(),
    submitForm: vi.fn(),
    document: () => ({ defaultView: view }) as unknown as Document,
    sessionStorage: () => undefined,
    setTimeout: vi.fn(),
    clearTimeout: vi.fn(),
    isHidden: () => false,
    onVisibilityChange: () => () => {},
  }
}

function fakeRiskPlugin() {
  return {
    collect: vi.fn(async () => undefined),
    trigger: vi.fn<(params: unknown) => void>(),
  } satisfies RiskPlugin
}

async function failure(promise: Promise<unknown>): Promise<CheckoutError> {
  const error = await promise.then(
    () => {
      throw new Error('expected performAction to fail')
    },
    (error: unknown) => error,
  )
  if (!isCheckoutError(error)) throw error
  return error
}

function expectNoSideEffect(environment: FakeEnvironment) {
  expect(environment.navigate).not.toHaveBeenCalled()
  expect(environment.submitForm).not.toHaveBeenCalled()
  expect(loadScriptMock).not.toHaveBeenCalled()
  expect(FakePpPay.instances).toHaveLength(0)
}

const hostedSdk: NextAction = {
  type: 'hosted-sdk',
  gateway: 'pingpong',
  scriptUrl: 'https://pay.gateway.example/sdk/ppPay.min.js',
  token: 'EU:token-1',
  mode: 'sandbox',
}

let environment: FakeEnvironment

beforeEach(() => {
  environment = fakeEnvironment()
  FakePpPay.instances = []
  loadScriptMock.mockReset()
  loadScriptMock.mockImplementation(async () => {
    environment.view.ppPay = FakePpPay
    return {} as HTMLScriptElement
  })
})

describe('performAction: redirect', () => {
  it('navigates to a GET redirect', async () => {
    const outcome = await performAction(
      { type: 'redirect', method: 'GET', url: 'https://pay.gateway.example/v3/checkout?token=t' },
      { allowedOrigins, environment },
    )
    expect(outcome).toEqual({ kind: 'navigated' })
    expect(environment.navigate).toHaveBeenCalledExactlyOnceWith(
      'https://pay.gateway.example/v3/checkout?token=t',
    )
    expect(environment.submitForm).not.toHaveBeenCalled()
  })

  it('navigates to the normalised URL that was checked', async () => {
    await performAction(
      { type: 'redirect', method: 'GET', url: 'HTTPS://PAY.GATEWAY.EXAMPLE:443/x' },
      { allowedOrigins, environment },
    )
    expect(environment.navigate).toHaveBeenCalledWith('https://pay.gateway.example/x')
  })

  it('posts a POST redirect as a form, with the fields and the nonce', async () => {
    const fields = { account: '995149', signValue: 'ABC' }
    const outcome = await performAction(
      { type: 'redirect', method: 'POST', url: 'https://pay.gateway.example/pay', fields },
      { allowedOrigins, environment, nonce: 'n0nce' },
    )
    expect(outcome).toEqual({ kind: 'navigated' })
    expect(environment.submitForm).toHaveBeenCalledExactlyOnceWith(
      'https://pay.gateway.example/pay',
      fields,
      'n0nce',
    )
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it.each([
    { type: 'redirect', method: 'GET', url: 'https://evil.example/phish' },
    { type: 'redirect', method: 'GET', url: 'javascript:alert(1)' },
    { type: 'redirect', method: 'GET', url: 'http://pay.gateway.example/' },
    { type: 'redirect', method: 'POST', url: 'https://evil.example/', fields: { a: 'b' } },
    { type: 'redirect', method: 'POST', url: 'https://shop.example@evil.example/', fields: {} },
  ] as NextAction[])('refuses an off-allowlist redirect: %j', async (action) => {
    const error = await failure(performAction(action, { allowedOrigins, environment }))
    expect(error.code).toBe('redirect_blocked')
    expectNoSideEffect(environment)
  })

  it('refuses an unknown redirect method rather than guessing', async () => {
    const action = { type: 'redirect', method: 'PUT', url: 'https://shop.example/' }
    const error = await failure(
      performAction(action as unknown as NextAction, { allowedOrigins, environment }),
    )
    expect(error.code).toBe('unknown_action')
    expectNoSideEffect(environment)
  })

  it('refuses POST fields that are not text', async () => {
    const action = {
      type: 'redirect',
      method: 'POST',
      url: 'https://shop.example/',
      fields: { amount: 10 },
    }
    const error = await failure(
      performAction(action as unknown as NextAction, { allowedOrigins, environment }),
    )
    expect(error.code).toBe('invalid_response')
    expectNoSideEffect(environment)
  })
})

describe('performAction: hosted-sdk', () => {
  it('loads the SDK with the nonce, then mounts ppPay into the container', async () => {
    const outcome = await performAction(hostedSdk, {
      allowedOrigins,
      environment,
      nonce: 'n0nce',
      container: '#payment-wrap',
      language: 'zh-CN',
    })
    expect(outcome).toEqual({ kind: 'mounted' })
    expect(loadScriptMock).toHaveBeenCalledExactlyOnceWith(
      'https://pay.gateway.example/sdk/ppPay.min.js',
      expect.objectContaining({ nonce: 'n0nce', environment }),
    )
    expect(FakePpPay.instances).toHaveLength(1)
    const sdk = FakePpPay.instances[0] as FakePpPay
    expect(sdk.options).toEqual({ mode: 'sandbox', lang: 'zh-CN', root: '#payment-wrap' })
    expect(sdk.tokens).toEqual(['EU:token-1'])
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it('passes an element container as is and leaves lang out when no language is given', async () => {
    const container = { id: 'element' } as unknown as HTMLElement
    await performAction(
      { ...hostedSdk, mode: 'production' },
      { allowedOrigins, environment, container },
    )
    expect((FakePpPay.instances[0] as FakePpPay).options).toEqual({
      mode: 'production',
      root: container,
    })
  })

  it('hands ppPay the token exactly as the server sent it', async () => {
    await performAction(
      { ...hostedSdk, token: ' EU:token 2 ' },
      { allowedOrigins, environment, container: '#payment-wrap' },
    )
    expect((FakePpPay.instances[0] as FakePpPay).tokens).toEqual([' EU:token 2 '])
  })

  it('refuses an SDK from an origin not on the allowlist, loading nothing', async () => {
    const error = await failure(
      performAction(
        { ...hostedSdk, scriptUrl: 'https://cdn.evil.example/ppPay.min.js' },
        { allowedOrigins, environment, container: '#payment-wrap' },
      ),
    )
    expect(error.code).toBe('redirect_blocked')
    expectNoSideEffect(environment)
  })

  it.each([undefined, ''])('needs a container (%j)', async (container) => {
    const error = await failure(
      performAction(hostedSdk, {
        allowedOrigins,
        environment,
        ...(container === undefined ? {} : { container }),
      }),
    )
    expect(error.code).toBe('unknown_action')
    expect(error.message).toMatch(/container/)
    expectNoSideEffect(environment)
  })

  it('fails clearly when the script does not define ppPay', async () => {
    loadScriptMock.mockImplementation(async () => ({}) as HTMLScriptElement)
    const error = await failure(
      performAction(hostedSdk, { allowedOrigins, environment, container: '#payment-wrap' }),
    )
    expect(error.code).toBe('script_load_failed')
    expect(error.message).toMatch(/window\.ppPay/)
  })

  it('passes on a script that failed to load', async () => {
    const { CheckoutError } = await import('./checkoutError.ts')
    loadScriptMock.mockRejectedValue(new CheckoutError('script_load_failed', 'did not load'))
    const error = await failure(
      performAction(hostedSdk, { allowedOrigins, environment, container: '#payment-wrap' }),
    )
    expect(error.code).toBe('script_load_failed')
  })

  it('reports an SDK that cannot mount', async () => {
    loadScriptMock.mockImplementation(async () => {
      environment.view.ppPay = class {
        createPayment() {
          throw new Error('ppPay: no element matches root #missing')
        }
      }
      return {} as HTMLScriptElement
    })
    const error = await failure(
      performAction(hostedSdk, { allowedOrigins, environment, container: '#missing' }),
    )
    expect(error.code).toBe('script_load_failed')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('cannot mount on the server', async () => {
    loadScriptMock.mockResolvedValue(null)
    const error = await failure(
      performAction(hostedSdk, {
        allowedOrigins,
        environment: { ...environment, document: () => undefined },
        container: '#payment-wrap',
      }),
    )
    expect(error.code).toBe('script_load_failed')
    expect(error.message).toMatch(/browser/)
  })

  it('refuses a hosted SDK for another gateway', async () => {
    const action = { ...hostedSdk, gateway: 'pockyt' } as unknown as NextAction
    const error = await failure(
      performAction(action, { allowedOrigins, environment, container: '#payment-wrap' }),
    )
    expect(error.code).toBe('unknown_action')
    expectNoSideEffect(environment)
  })
})

describe('performAction: three-ds', () => {
  const params = {
    threeDContinue: 'true',
    threeDRedirectUrl: 'https://pay.gateway.example/payment/threeDs.html?code=abc',
  }

  it("starts the challenge with the risk plugin's trigger", async () => {
    const riskPlugin = fakeRiskPlugin()
    const outcome = await performAction(
      { type: 'three-ds', gateway: 'pingpong', params, redirectUrl: params.threeDRedirectUrl },
      { allowedOrigins, environment, riskPlugin },
    )
    expect(outcome).toEqual({ kind: 'navigated' })
    expect(riskPlugin.trigger).toHaveBeenCalledExactlyOnceWith(params, undefined)
    expect(environment.navigate).not.toHaveBeenCalled()
  })

  it('navigates to redirectUrl without a risk plugin', async () => {
    const outcome = await performAction(
      { type: 'three-ds', gateway: 'pingpong', params, redirectUrl: params.threeDRedirectUrl },
      { allowedOrigins, environment },
    )
    expect(outcome).toEqual({ kind: 'navigated' })
    expect(environment.navigate).toHaveBeenCalledExactlyOnceWith(params.threeDRedirectUrl)
  })

  it('falls back to redirectUrl when the plugin throws, and fails clearly without one', async () => {
    const riskPlugin = fakeRiskPlugin()
    riskPlugin.trigger.mockImplementation(() => {
      throw new Error('plugin broke')
    })
    await performAction(
      { type: 'three-ds', gateway: 'pingpong', params, redirectUrl: params.threeDRedirectUrl },
      { allowedOrigins, environment, riskPlugin },
    )
    expect(environment.navigate).toHaveBeenCalledExactlyOnceWith(params.threeDRedirectUrl)

    const error = await failure(
      performAction(
        { type: 'three-ds', gateway: 'pingpong', params },
        { allowedOrigins, environment, riskPlugin },
      ),
    )
    expect(error.code).toBe('risk_plugin_unavailable')
  })

  it('without a plugin or a redirectUrl, says what is missing', async () => {
    const error = await failure(
      performAction(
        { type: 'three-ds', gateway: 'pingpong', params },
        { allowedOrigins, environment },
      ),
    )
    expect(error.code).toBe('unknown_action')
    expect(error.message).toMatch(/riskPlugin/)
    expectNoSideEffect(environment)
  })

  it('refuses an off-allowlist redirectUrl, even when the plugin would be used', async () => {
    const riskPlugin = fakeRiskPlugin()
    for (const options of [{}, { riskPlugin }]) {
      const error = await failure(
        performAction(
          {
            type: 'three-ds',
            gateway: 'pingpong',
            params,
            redirectUrl: 'https://evil.example/3ds',
          },
          { allowedOrigins, environment, ...options },
        ),
      )
      expect(error.code).toBe('redirect_blocked')
    }
    expect(riskPlugin.trigger).not.toHaveBeenCalled()
    expectNoSideEffect(environment)
  })

  it.each([
    { threeDRedirectUrl: 'https://evil.example/3ds' },
    JSON.stringify({ threeDRedirectUrl: 'javascript:alert(1)' }),
  ])('refuses parameters that would send the plugin off the allowlist: %j', async (evil) => {
    const riskPlugin = fakeRiskPlugin()
    const error = await failure(
      performAction(
        { type: 'three-ds', gateway: 'pingpong', params: evil },
        { allowedOrigins, environment, riskPlugin },
      ),
    )
    expect(error.code).toBe('redirect_blocked')
    expect(riskPlugin.trigger).not.toHaveBeenCalled()
  })

  it('hands string parameters to the plugin unchanged', async () => {
    const riskPlugin = fakeRiskPlugin()
    const text = JSON.stringify(params)
    await performAction(
      { type: 'three-ds', gateway: 'pingpong', params: text },
      { allowedOrigins, environment, riskPlugin },
    )
    expect(riskPlugin.trigger).toHaveBeenCalledWith(text, undefined)
  })
})

describe('performAction: qr-code', () => {
  it('hands the QR content to the UI', async () => {
    const outcome = await performAction(
      {
        type: 'qr-code',
        content: 'https://qr.alipay.example/abc',
        expiresAt: '2030-01-01T00:00:00Z',
      },
      { allowedOrigins, environment },
    )
    expect(outcome).toEqual({
      kind: 'show-qr',
      content: 'https://qr.alipay.example/abc',
      expiresAt: '2030-01-01T00:00:00Z',
    })
    expectNoSideEffect(environment)
  })

  it('hands a checked image URL to the UI', async () => {
    const outcome = await performAction(
      { type: 'qr-code', imageUrl: 'https://pay.gateway.example/qr/abc.png' },
      { allowedOrigins, environment },
    )
    expect(outcome).toEqual({ kind: 'show-qr', imageUrl: 'https://pay.gateway.example/qr/abc.png' })
  })

  it.each([
    'https://evil.example/qr.png',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'javascript:alert(1)',
  ])('refuses the image URL %s', async (imageUrl) => {
    const error = await failure(
      performAction({ type: 'qr-code', imageUrl }, { allowedOrigins, environment }),
    )
    expect(error.code).toBe('redirect_blocked')
  })

  it.each([{}, { content: '' }])('refuses a QR code with nothing to show (%j)', async (qr) => {
    const error = await failure(
      performAction({ type: 'qr-code', ...qr }, { allowedOrigins, environment }),
    )
    expect(error.code).toBe('invalid_response')
  })
})

describe('performAction: unknown actions', () => {
  it.each([
    { type: 'voucher', url: 'https://shop.example/' },
    { type: 'REDIRECT', url: 'https://shop.example/', method: 'GET' },
    { url: 'https://shop.example/', method: 'GET' },
    null,
    'redirect',
    // Names an object has from its prototype are no performers either.
    { type: 'toString' },
    { type: 'constructor' },
  ])('refuses %j without redirecting anywhere', async (action) => {
    const error = await failure(
      performAction(action as unknown as NextAction, { allowedOrigins, environment }),
    )
    expect(error.code).toBe('unknown_action')
    expectNoSideEffect(environment)
  })
})
