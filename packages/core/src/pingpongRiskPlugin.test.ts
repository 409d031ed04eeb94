import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import { loadScript } from './loadScript.ts'
import { createPingPongRiskPlugin } from './pingpongRiskPlugin.ts'

vi.mock('./loadScript.ts', () => ({ loadScript: vi.fn() }))

const loadScriptMock = vi.mocked(loadScript)
const cardNumber = '4000 0000 0000 1091'
const cardDigits = '4000000000001091'

type InitCallback = (data: unknown) => void

// Plays PingPong's RiskJS plugin: records what the kit calls, and lets each test decide when
// (and whether) complexInit calls back.
class FakeRiskControl {
  static instances: FakeRiskControl[] = []
  installed = false
  readonly inits: { params: Record<string, unknown>; callback: InitCallback }[] = []
  readonly triggers: unknown[] = []
  initBehaviour: (params: Record<string, unknown>, callback: InitCallback) => void = () => {}
  constructor(
    readonly options: Record<string, unknown>,
    readonly callback: unknown,
  ) {
    FakeRiskControl.instances.push(this)
  }
  installLight_S2S() {
    this.installed = true
  }
  complexInit(params: Record<string, unknown>, callback: InitCallback) {
    this.inits.push({ params, callback })
    this.initBehaviour(params, callback)
  }
  complexTrigger(params: unknown) {
    this.triggers.push(params)
  }
}

let view: { PingPongRiskControl?: unknown }
let environment: BrowserEnvironment

const config = {
  scriptUrl: 'https://pay-cdn.gateway.example/risk/acquirerRiskControl.min.js',
  accId: 'acc-1',
  clientId: 'client-1',
  environment: 'SANDBOX' as const,
  allowedOrigins: ['https://pay-cdn.gateway.example'],
}

function latest(): FakeRiskControl {
  const control = FakeRiskControl.instances.at(-1)
  if (!control) throw new Error('no PingPongRiskControl was created')
  return control
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeRiskControl.instances = []
  view = {}
  environment = {
    navigate: vi.fn(),
    submitForm: vi.fn(),
    document: () => ({ defaultView: view }) as unknown as Document,
    sessionStorage: () => undefined,
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    isHidden: () => false,
    onVisibilityChange: () => () => {},
  }
  loadScriptMock.mockReset()
  loadScriptMock.mockImplementation(async () => {
    view.PingPongRiskControl = FakeRiskControl
    return {} as HTMLScriptElement
  })
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

async function failure(promise: Promise<unknown>): Promise<CheckoutError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error,
  )
  if (!isCheckoutError(error)) throw error
  return error
}

describe('createPingPongRiskPlugin', () => {
  it('loads the script with the nonce, constructs the plugin and installs it', async () => {
    await createPingPongRiskPlugin({
      ...config,
      merchantUserId: 'shopper-7',
      requestId: 'req-1',
      nonce: 'n0nce',
      environmentModule: environment,
    })
    expect(loadScriptMock).toHaveBeenCalledExactlyOnceWith(
      config.scriptUrl,
      expect.objectContaining({ nonce: 'n0nce', environment }),
    )
    const control = latest()
    expect(control.options).toEqual({
      env: 'SANDBOX',
      accId: 'acc-1',
      clientId: 'client-1',
      merchantUserId: 'shopper-7',
      requestId: 'req-1',
    })
    expect(control.callback).toBeTypeOf('function')
    expect(control.installed).toBe(true)
  })

  it('leaves optional identifiers out when not given', async () => {
    await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    expect(latest().options).toEqual({ env: 'SANDBOX', accId: 'acc-1', clientId: 'client-1' })
  })

  // The plugin is handed the card number: its script must come from an origin the merchant trusts,
  // like the hosted SDK's.
  it.each([
    [
      'an origin outside allowedOrigins',
      'https://risk.elsewhere.example/acquirerRiskControl.min.js',
    ],
    ['plain http', 'http://pay-cdn.gateway.example/risk/acquirerRiskControl.min.js'],
  ])('refuses a script from %s without loading it', async (_case, scriptUrl) => {
    const error = await failure(
      createPingPongRiskPlugin({ ...config, scriptUrl, environmentModule: environment }),
    )
    expect(error.code).toBe('redirect_blocked')
    expect(loadScriptMock).not.toHaveBeenCalled()
    expect(FakeRiskControl.instances).toEqual([])
  })

  it('is unavailable when the script does not load', async () => {
    const cause = new CheckoutError('script_load_failed', 'The script did not load.')
    loadScriptMock.mockRejectedValue(cause)
    const error = await failure(
      createPingPongRiskPlugin({ ...config, environmentModule: environment }),
    )
    expect(error.code).toBe('risk_plugin_unavailable')
    expect(error.cause).toBe(cause)
  })

  it('is unavailable when the script defines no PingPongRiskControl', async () => {
    loadScriptMock.mockResolvedValue({} as HTMLScriptElement)
    const error = await failure(
      createPingPongRiskPlugin({ ...config, environmentModule: environment }),
    )
    expect(error.code).toBe('risk_plugin_unavailable')
    expect(error.message).toMatch(/PingPongRiskControl/)
  })

  it('is unavailable on the server', async () => {
    loadScriptMock.mockResolvedValue(null)
    const error = await failure(
      createPingPongRiskPlugin({
        ...config,
        environmentModule: { ...environment, document: () => undefined },
      }),
    )
    expect(error.code).toBe('risk_plugin_unavailable')
  })

  it('is unavailable when the plugin throws while initialising', async () => {
    loadScriptMock.mockImplementation(async () => {
      view.PingPongRiskControl = class {
        installLight_S2S() {
          throw new Error('bad accId')
        }
      }
      return {} as HTMLScriptElement
    })
    const error = await failure(
      createPingPongRiskPlugin({ ...config, environmentModule: environment }),
    )
    expect(error.code).toBe('risk_plugin_unavailable')
  })
})

describe('RiskPlugin.collect', () => {
  it('runs complexInit with the card and resolves the data as JSON text', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    const control = latest()
    const data = { threeDInitTransId: 'EMU3DI-1', fingerPrint: 'fp' }
    control.initBehaviour = (_params, callback) => setTimeout(() => callback(data), 400)

    const collected = plugin.collect({
      number: cardNumber,
      expiryMonth: '12',
      expiryYear: '2030',
      brand: 'visa',
    })
    await vi.advanceTimersByTimeAsync(400)
    await expect(collected).resolves.toBe(JSON.stringify(data))
    expect(control.inits[0]?.params).toEqual({
      cardNumber: cardDigits,
      cardExpireMonth: '12',
      cardExpireYear: '2030',
      cardBrand: 'visa',
      accId: 'acc-1',
    })
  })

  it('passes data the plugin gives as text unchanged', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().initBehaviour = (_params, callback) => callback('{"fingerPrint":"fp"}')
    await expect(plugin.collect({ number: cardDigits })).resolves.toBe('{"fingerPrint":"fp"}')
    expect(latest().inits[0]?.params).toEqual({ cardNumber: cardDigits, accId: 'acc-1' })
  })

  it('resolves undefined after 3 s when the plugin never calls back', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    const settled = vi.fn()
    void plugin.collect({ number: cardNumber }).then(settled)
    await vi.advanceTimersByTimeAsync(2999)
    expect(settled).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(settled).toHaveBeenCalledExactlyOnceWith(undefined)
  })

  it('honours waitMs and ignores a callback that comes too late', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().initBehaviour = (_params, callback) => setTimeout(() => callback({ late: true }), 800)
    const collected = plugin.collect({ number: cardNumber }, { waitMs: 500 })
    await vi.advanceTimersByTimeAsync(500)
    await expect(collected).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(500)
    expect(vi.getTimerCount()).toBe(0)
  })

  it.each([undefined, null, ''])('resolves undefined for empty data (%j)', async (data) => {
    // The card payment then goes ahead without jsGeneratedData rather than with an empty one.
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().initBehaviour = (_params, callback) => callback(data)
    await expect(plugin.collect({ number: cardNumber })).resolves.toBeUndefined()
  })

  it('stops its wait once the plugin has answered', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().initBehaviour = (_params, callback) => callback({ fingerPrint: 'fp' })
    await plugin.collect({ number: cardNumber })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('never rejects, and never lets the card number out, when the plugin throws', async () => {
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    )
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().initBehaviour = (params) => {
      throw new Error(`invalid card ${String(params.cardNumber)}`)
    }
    await expect(plugin.collect({ number: cardNumber })).resolves.toBeUndefined()
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled()
    // Nothing the kit keeps mentions the number.
    expect(JSON.stringify(plugin)).not.toContain(cardDigits)
    expect(Object.values(plugin).map(String).join()).not.toContain(cardDigits)
  })
})

describe('RiskPlugin.trigger', () => {
  it('starts the challenge with complexTrigger', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    const params = { threeDContinue: 'true', threeDRedirectUrl: 'https://pay.example/3ds' }
    plugin.trigger(params)
    expect(latest().triggers).toEqual([params])
  })

  it('calls onStay when the plugin ends 3DS without leaving the page', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    let callback: ((result: unknown) => void) | undefined
    latest().complexTrigger = (_params: unknown, done?: (result: unknown) => void) => {
      callback = done
    }
    const onStay = vi.fn()
    plugin.trigger({ threeDContinue: 'true' }, onStay)
    expect(onStay).not.toHaveBeenCalled()
    callback?.(undefined)
    expect(onStay).toHaveBeenCalledTimes(1)
  })

  it('reports a plugin that cannot start it', async () => {
    const plugin = await createPingPongRiskPlugin({ ...config, environmentModule: environment })
    latest().complexTrigger = () => {
      throw new SyntaxError('Unexpected token')
    }
    let caught: unknown
    try {
      plugin.trigger('{broken')
    } catch (error) {
      caught = error
    }
    expect(isCheckoutError(caught) && caught.code).toBe('risk_plugin_unavailable')
  })
})
