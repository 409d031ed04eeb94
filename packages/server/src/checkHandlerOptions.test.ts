import { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { describe, expect, it } from 'vitest'
import { checkHandlerOptions } from './checkHandlerOptions.ts'
import { type CheckoutHandlerOptions, createCheckoutHandler } from './createCheckoutHandler.ts'

/** The server README's configuration against the emulator, every gateway enabled. */
const emulatorOptions = {
  publicUrl: 'http://127.0.0.1:8787/api/checkout',
  allowedReturnOrigins: ['http://127.0.0.1:5173', 'https://shop.example'],
  resolveOrder: () => undefined,
  gateways: {
    pingpong: {
      ...pingpong.sandboxCredentials,
      baseUrl: 'http://127.0.0.1:4010/pingpong',
      riskPluginUrl: 'http://127.0.0.1:4010/pingpong/risk/acquirerRiskControl.min.js',
      apmMethods: [
        { method: 'AlipayCN', presentation: 'qr-code' },
        { method: 'GCash', presentation: 'redirect' },
      ],
    },
    pockyt: {
      merchantNo: '200043',
      storeNo: '300014',
      token: '5cbfb079f15b150122261c8537086d77a',
      baseUrl: 'http://127.0.0.1:4010/pockyt',
    },
    oceanpayment: {
      account: '995149',
      terminal: '99514901',
      secureCode: '12345678',
      baseUrl: 'http://127.0.0.1:4010/oceanpayment',
    },
  },
} satisfies CheckoutHandlerOptions

/** The message createCheckoutHandler's options get, or undefined when they pass. */
function problemWith(options: unknown): string | undefined {
  try {
    checkHandlerOptions(options)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
}

/** The emulator options with one gateway's options replaced. */
function withGateway(name: 'pingpong' | 'pockyt' | 'oceanpayment', options: unknown) {
  return { ...emulatorOptions, gateways: { ...emulatorOptions.gateways, [name]: options } }
}

describe('checkHandlerOptions', () => {
  it("passes the README's configurations, sandbox and live", () => {
    expect(problemWith(emulatorOptions)).toBeUndefined()
    const live = {
      publicUrl: 'https://shop.example/api/checkout',
      resolveOrder: async () => undefined,
      queryAfterMs: 0,
      gatewayTimeoutMs: 20_000,
      trustedProxies: 1,
      logger: console,
      fetch,
      gateways: {
        pingpong: {
          ...pingpong.sandboxCredentials,
          baseUrl: pingpong.baseUrls.production,
          mode: 'production',
          liveSdkMode: 'build',
          flows: ['hosted-sdk', 'card'],
          riskEnvironment: 'PRODUCTION',
          language: 'zh',
        },
        pockyt: {
          merchantNo: '1',
          storeNo: '2',
          token: 't',
          baseUrl: pockyt.baseUrls.production,
          vendor: 'alipay',
          terminal: 'ONLINE',
          registerCustomer: false,
          signEmptyValues: 'skip',
          securePayPath: '/online/v4/secure-pay',
        },
        oceanpayment: {
          account: 'a',
          terminal: 't',
          secureCode: 's',
          baseUrl: oceanpayment.baseUrls.production,
          variant: 'form-post',
          verifyTradeResponseSignature: false,
        },
        // A gateway switched off by leaving its options out, e.g. from an unset variable.
      },
    }
    expect(problemWith(live)).toBeUndefined()
    // A gateway switched off as `env.X && { … }` leaves it: undefined, null, false or ''.
    for (const off of [undefined, null, false, '']) {
      expect(problemWith(withGateway('pockyt', off)), String(off)).toBeUndefined()
    }
    // '' is Oceanpayment's "every method enabled on the account".
    const everyMethod = { ...emulatorOptions.gateways.oceanpayment, methods: '' }
    expect(problemWith(withGateway('oceanpayment', everyMethod))).toBeUndefined()
  })

  it('asks for publicUrl, resolveOrder and gateways, with what each is', () => {
    const message = problemWith({})
    expect(message).toContain(
      "publicUrl is required: where gateways reach this handler, base path included, e.g. 'https://shop.example/api/checkout'.",
    )
    expect(message).toContain(
      'resolveOrder is required: a function that prices an order id (got nothing).',
    )
    expect(message).toContain(
      'gateways is required: an object enabling one or more of pingpong, pockyt, oceanpayment (got nothing).',
    )
    expect(problemWith(undefined)).toBe(
      'createCheckoutHandler needs its options: { publicUrl, resolveOrder, gateways }.',
    )
  })

  it('refuses a publicUrl gateways could not reach: relative, or not http(s)', () => {
    for (const publicUrl of ['/api/checkout', 'shop.example/api', 'ftp://shop.example/api']) {
      expect(problemWith({ ...emulatorOptions, publicUrl }), publicUrl).toMatch(
        /^createCheckoutHandler: publicUrl must be an absolute http\(s\) URL/,
      )
    }
  })

  it('names a misspelt credential with the one meant, and the one missing', () => {
    const { token: _token, ...withoutToken } = emulatorOptions.gateways.pockyt
    const message = problemWith(withGateway('pockyt', { ...withoutToken, apiToken: 'x' }))
    expect(message).toBe(
      'createCheckoutHandler: 2 problems with its options:\n' +
        '- gateways.pockyt.apiToken is not an option; did you mean gateways.pockyt.token?\n' +
        '- gateways.pockyt.token is required: a non-empty string (got nothing).',
    )
    const { salt: _salt, ...withoutSalt } = emulatorOptions.gateways.pingpong
    expect(problemWith(withGateway('pingpong', { ...withoutSalt, Salt: 'x' }))).toContain(
      'gateways.pingpong.Salt is not an option; did you mean gateways.pingpong.salt?',
    )
    expect(
      problemWith(
        withGateway('oceanpayment', { ...emulatorOptions.gateways.oceanpayment, secretCode: 'x' }),
      ),
    ).toBe(
      'createCheckoutHandler: gateways.oceanpayment.secretCode is not an option; did you mean gateways.oceanpayment.secureCode?',
    )
  })

  it('lists the options when an unknown one is like none of them', () => {
    expect(
      problemWith(
        withGateway('oceanpayment', { ...emulatorOptions.gateways.oceanpayment, colour: 'blue' }),
      ),
    ).toBe(
      'createCheckoutHandler: gateways.oceanpayment.colour is not an option; the options are account, terminal, secureCode, baseUrl, variant, methods, verifyTradeResponseSignature.',
    )
  })

  it('never quotes a credential, whatever its type', () => {
    const secrets = { accId: 'acc-SECRET', clientId: 4242424242424242, salt: ['SALT-SECRET'] }
    const message = problemWith(withGateway('pingpong', secrets))
    expect(message).toContain(
      'gateways.pingpong.clientId is required: a non-empty string (got a number).',
    )
    expect(message).toContain(
      'gateways.pingpong.salt is required: a non-empty string (got a list).',
    )
    expect(message).not.toMatch(/SECRET|4242/)
    // A secret put in the wrong variable is not quoted either.
    const swapped = { ...emulatorOptions.gateways.pockyt, baseUrl: 'tok-SECRET' }
    const refused = problemWith(withGateway('pockyt', swapped))
    expect(refused).toContain('gateways.pockyt.baseUrl must be an absolute http(s) URL')
    expect(refused).not.toContain('SECRET')
    expect(
      problemWith(withGateway('pockyt', { ...emulatorOptions.gateways.pockyt, token: '  ' })),
    ).toBe(
      'createCheckoutHandler: gateways.pockyt.token is required: a non-empty string (got a string).',
    )
  })

  it('refuses unknown gateways, and none at all', () => {
    expect(problemWith({ ...emulatorOptions, gateways: { stripe: { key: 'x' } } })).toBe(
      'createCheckoutHandler: 2 problems with its options:\n' +
        '- gateways.stripe is not an option; the options are pingpong, pockyt, oceanpayment.\n' +
        '- gateways enables none of pingpong, pockyt, oceanpayment: the handler could take no payment.',
    )
    expect(
      problemWith({
        ...emulatorOptions,
        gateways: { PingPong: emulatorOptions.gateways.pingpong },
      }),
    ).toContain('gateways.PingPong is not an option; did you mean gateways.pingpong?')
    expect(problemWith({ ...emulatorOptions, gateways: { pockyt: undefined } })).toContain(
      'gateways enables none',
    )
    expect(problemWith(withGateway('pingpong', 'acc:client:salt'))).toBe(
      'createCheckoutHandler: gateways.pingpong must be an object of its credentials (got a string).',
    )
  })

  it('checks the words and lists a gateway takes', () => {
    const ping = emulatorOptions.gateways.pingpong
    expect(problemWith(withGateway('pingpong', { ...ping, mode: 'live' }))).toBe(
      `createCheckoutHandler: gateways.pingpong.mode must be one of 'sandbox', 'production' (got "live").`,
    )
    expect(problemWith(withGateway('pingpong', { ...ping, flows: ['card', 'qr'] }))).toBe(
      'createCheckoutHandler: gateways.pingpong.flows has "qr", which is not a flow: use hosted-sdk, hosted-redirect, card, apm.',
    )
    expect(problemWith(withGateway('pingpong', { ...ping, flows: [] }))).toContain(
      'gateways.pingpong.flows must list one or more of hosted-sdk, hosted-redirect, card, apm',
    )
    expect(
      problemWith(
        withGateway('pingpong', {
          ...ping,
          apmMethods: [{ method: 'AlipayCN', presentation: 'qr' }],
        }),
      ),
    ).toContain(
      "gateways.pingpong.apmMethods has an entry that is not { method, presentation: 'qr-code' | 'redirect' } (at index 0)",
    )
    expect(
      problemWith(withGateway('pingpong', { ...ping, riskPluginUrl: 'javascript:alert(1)' })),
    ).toContain('gateways.pingpong.riskPluginUrl must be an absolute http(s) URL')
    const pock = emulatorOptions.gateways.pockyt
    expect(problemWith(withGateway('pockyt', { ...pock, terminal: 'WAP' }))).toContain(
      `gateways.pockyt.terminal must be one of 'ONLINE', 'MWEB', 'YIP' (got "WAP")`,
    )
    expect(
      problemWith(withGateway('pockyt', { ...pock, securePayPath: 'online/v3/secure-pay' })),
    ).toContain("gateways.pockyt.securePayPath must be a path starting with '/'")
    expect(problemWith(withGateway('pockyt', { ...pock, baseUrl: 'mapi.yuansfer.com' }))).toContain(
      'gateways.pockyt.baseUrl must be an absolute http(s) URL',
    )
    const ocean = emulatorOptions.gateways.oceanpayment
    expect(problemWith(withGateway('oceanpayment', { ...ocean, variant: 'redirect' }))).toContain(
      `gateways.oceanpayment.variant must be one of 'sendTrade', 'form-post' (got "redirect")`,
    )
  })

  it('takes origins only as origins, suggesting the origin of a URL', () => {
    const message = problemWith({
      ...emulatorOptions,
      allowedReturnOrigins: [
        'https://shop.example/',
        'https://shop.example/checkout',
        'shop.example',
        7,
      ],
    })
    expect(message).toBe(
      'createCheckoutHandler: 4 problems with its options:\n' +
        `- allowedReturnOrigins has "https://shop.example/", which is not an origin (scheme, host and port, no path or trailing slash); use 'https://shop.example'.\n` +
        `- allowedReturnOrigins has "https://shop.example/checkout", which is not an origin (scheme, host and port, no path or trailing slash); use 'https://shop.example'.\n` +
        '- allowedReturnOrigins has "shop.example", which is not an origin (scheme, host and port, no path or trailing slash).\n' +
        '- allowedReturnOrigins has a number, which is not an origin (scheme, host and port, no path or trailing slash).',
    )
    expect(
      problemWith({ ...emulatorOptions, allowedReturnOrigins: 'https://shop.example' }),
    ).toContain(
      "allowedReturnOrigins must be a list of origins such as ['https://shop.example'] (got a string).",
    )
  })

  it("points a browser kit option to the server's", () => {
    const { publicUrl: _publicUrl, ...rest } = emulatorOptions
    const message = problemWith({
      ...rest,
      baseUrl: '/api/checkout',
      allowedOrigins: ['https://shop.example'],
    })
    expect(message).toContain(
      "baseUrl is the browser kit's option, not the server's; did you mean publicUrl?",
    )
    expect(message).toContain(
      "allowedOrigins is the browser kit's option, not the server's; did you mean allowedReturnOrigins?",
    )
    expect(problemWith({ ...emulatorOptions, queryAfter: 1000 })).toBe(
      'createCheckoutHandler: queryAfter is not an option; did you mean queryAfterMs?',
    )
  })

  it('refuses numbers that would turn a limit off, and functions that are not', () => {
    for (const [name, value, expected] of [
      ['maxBodyBytes', Number.NaN, 'maxBodyBytes is a number of bytes: 1 or more (got NaN).'],
      ['maxBodyBytes', 0, 'maxBodyBytes is a number of bytes: 1 or more (got 0).'],
      [
        'gatewayTimeoutMs',
        '15000',
        'gatewayTimeoutMs is a number of milliseconds: 1 or more (got a string).',
      ],
      ['queryAfterMs', -1, 'queryAfterMs is a number of milliseconds: 0 or more (got -1).'],
      [
        'trustedProxies',
        1.5,
        'trustedProxies is how many proxies of yours append to X-Forwarded-For: 0 or more (got 1.5).',
      ],
      ['clientIp', 'cf-connecting-ip', 'clientIp must be a function (got a string).'],
      ['fetch', {}, 'fetch must be a function (got an object).'],
      [
        'logger',
        { log: () => {} },
        'logger must have info, warn and error functions (console and pino both do).',
      ],
    ] as const) {
      expect(problemWith({ ...emulatorOptions, [name]: value }), name).toBe(
        `createCheckoutHandler: ${expected}`,
      )
    }
  })

  it('runs when createCheckoutHandler is called, before anything is set up', () => {
    expect(() =>
      createCheckoutHandler({ ...emulatorOptions, publicUrl: undefined as unknown as string }),
    ).toThrow(/^createCheckoutHandler: publicUrl is required/)
  })
})
