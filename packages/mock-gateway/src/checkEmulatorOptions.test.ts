import { describe, expect, it } from 'vitest'
import { checkEmulatorOptions } from './checkEmulatorOptions.ts'
import { createEmulator } from './createEmulator.ts'
import { documentedCredentials, type EmulatorOptions } from './emulatorContext.ts'
import {
  createPingPongEmulation,
  type PingPongEmulationOptions,
} from './pingpong/pingpongEmulation.ts'
import { createPockytEmulation, type PockytEmulationOptions } from './pockyt/pockytEmulation.ts'
import { type StartEmulatorOptions, startEmulator } from './startEmulator.ts'

/** The message `caller` gets for `options`, or undefined when they pass. */
function problemWith(
  options: unknown,
  caller: Parameters<typeof checkEmulatorOptions>[1] = 'startEmulator',
): string | undefined {
  try {
    checkEmulatorOptions(options, caller)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
}

/** Every option of both, set. */
const everything = {
  credentials: {
    pingpong: [{ accId: 'A1', clientId: 'C1', salt: 'S1', signType: 'MD5' }],
    pockyt: [{ merchantNo: 'M1', storeNo: 'S1', token: 'T1' }],
    oceanpayment: [{ account: 'A1', terminal: 'T1', secureCode: 'S1' }],
  },
  timeScale: 0,
  processingDelayMs: 0,
  paymentLifetimeMs: 2 ** 31 - 1,
  fetch: async () => new Response('OK'),
  pockyt: {
    retryDelaysMs: [],
    cancelledReturnStatus: 'init',
    emptyValues: 'skip',
    notifyClosed: false,
  },
} satisfies Omit<EmulatorOptions, 'baseUrl'>

describe('checkEmulatorOptions', () => {
  it("passes every option set right, and the README's and the repository's calls", () => {
    expect(
      problemWith({ ...everything, baseUrl: 'https://emulator.test' }, 'createEmulator'),
    ).toBeUndefined()
    const started = { ...everything, port: 65535, host: '::1', maxBodyBytes: 1 }
    expect(problemWith(started satisfies StartEmulatorOptions)).toBeUndefined()
    expect(problemWith({})).toBeUndefined()
    expect(problemWith({ port: 0, timeScale: 0.001 })).toBeUndefined()
    expect(problemWith({ timeScale: 0.001, processingDelayMs: 3_600_000 })).toBeUndefined()
    expect(problemWith({ credentials: documentedCredentials })).toBeUndefined()
    // The command line's, with no --max-body-bytes.
    expect(
      problemWith({ port: 4010, host: '127.0.0.1', timeScale: 1, maxBodyBytes: undefined }),
    ).toBeUndefined()
    expect(
      problemWith({ baseUrl: 'http://127.0.0.1:4010/', timeScale: 0.001 }, 'createEmulator'),
    ).toBeUndefined()
  })

  it('names the option a misspelt one probably meant, or lists them all', () => {
    expect(problemWith({ timescale: 0.001 })).toBe(
      'startEmulator: timescale is not an option; did you mean timeScale?',
    )
    expect(
      problemWith({
        processingDelay: 50,
        prot: 4410,
        credentials: { pingPong: [] },
        pockyt: { notifyClose: false },
        verbose: true,
      }),
    ).toBe(
      'startEmulator: 5 problems with its options:\n' +
        '- processingDelay is not an option; did you mean processingDelayMs?\n' +
        '- prot is not an option; did you mean port?\n' +
        '- verbose is not an option; the options are credentials, timeScale, processingDelayMs, paymentLifetimeMs, fetch, pockyt, pingpong, port, host, maxBodyBytes.\n' +
        '- credentials.pingPong is not an option; did you mean credentials.pingpong?\n' +
        '- pockyt.notifyClose is not an option; did you mean pockyt.notifyClosed?',
    )
  })

  it('says which options belong to the other function, instead of dropping them', () => {
    expect(problemWith({ baseUrl: 'http://127.0.0.1:4410' })).toBe(
      "startEmulator: baseUrl is createEmulator's option: startEmulator's emulator is at the url it returns, chosen by port and host.",
    )
    expect(
      problemWith(
        { baseUrl: 'https://emulator.test', port: 4410, maxBodyBytes: 1 },
        'createEmulator',
      ),
    ).toBe(
      'createEmulator: 2 problems with its options:\n' +
        "- port is startEmulator's option: createEmulator starts no server, its handlers run in your own.\n" +
        "- maxBodyBytes is startEmulator's option: createEmulator starts no server, its handlers run in your own.",
    )
  })

  it('wants waits that a timer keeps: numbers from 0 to 2^31 - 1 ms, and a timeScale of 0 or more', () => {
    expect(
      problemWith({
        timeScale: Number.NaN,
        processingDelayMs: -1,
        paymentLifetimeMs: 30 * 24 * 60 * 60 * 1000,
        pockyt: { retryDelaysMs: [1000, Number.POSITIVE_INFINITY] },
      }),
    ).toBe(
      'startEmulator: 4 problems with its options:\n' +
        '- timeScale must be a number, 0 or more (0.001 runs every wait a thousand times faster) (got NaN).\n' +
        '- processingDelayMs must be a number of milliseconds from 0 to 2147483647 (about 24.8 days, the longest timer Node keeps) (got -1).\n' +
        '- paymentLifetimeMs must be a number of milliseconds from 0 to 2147483647 (about 24.8 days, the longest timer Node keeps) (got 2592000000).\n' +
        '- pockyt.retryDelaysMs[1] must be a number of milliseconds from 0 to 2147483647 (about 24.8 days, the longest timer Node keeps) (got Infinity).',
    )
    expect(problemWith({ timeScale: '0.01' })).toContain('timeScale must be a number, 0 or more')
    expect(problemWith({ timeScale: -0.5 })).toContain('(got -0.5)')
    expect(problemWith({ processingDelayMs: Number.NaN })).toContain(
      'processingDelayMs must be a number of milliseconds',
    )
    expect(problemWith({ paymentLifetimeMs: null })).toContain('(got null)')
  })

  it('wants a port from 0 to 65535, a host, and a whole maxBodyBytes', () => {
    for (const port of [-1, 65536, 1.5, Number.NaN, '4410']) {
      expect(problemWith({ port }), String(port)).toMatch(
        /^startEmulator: port must be a whole number from 0 to 65535, 0 for any free port \(got .+\)\.$/,
      )
    }
    expect(problemWith({ port: 70000 })).toContain('(got 70000)')
    expect(problemWith({ port: '4410' })).toContain('(got "4410")')
    expect(problemWith({ host: '' })).toBe(
      "startEmulator: host must be an address to listen on, such as '127.0.0.1' (got an empty string).",
    )
    expect(problemWith({ maxBodyBytes: 0 })).toBe(
      'startEmulator: maxBodyBytes must be a whole number of bytes, 1 or more (got 0).',
    )
  })

  it("reads the command line's flags as numbers for startEmulator's rules, and names the flag", () => {
    const commandLine = 'checkout-kit-mock-gateway'
    expect(
      problemWith(
        { '--port': '4010', '--host': '::1', '--time-scale': '0.01', '--max-body-bytes': '16' },
        commandLine,
      ),
    ).toBeUndefined()
    expect(
      problemWith({ '--port': ' 0 ', '--host': '127.0.0.1', '--time-scale': '1e3' }, commandLine),
    ).toBeUndefined()
    expect(problemWith({ '--port': '70000' }, commandLine)).toBe(
      'checkout-kit-mock-gateway: --port must be a whole number from 0 to 65535, 0 for any free port (got 70000).',
    )
    // Text that spells no number is shown as typed, not as NaN.
    expect(problemWith({ '--port': 'many', '--time-scale': 'fast' }, commandLine)).toBe(
      'checkout-kit-mock-gateway: 2 problems with its options:\n' +
        '- --port must be a whole number from 0 to 65535, 0 for any free port (got "many").\n' +
        '- --time-scale must be a number, 0 or more (0.001 runs every wait a thousand times faster) (got "fast").',
    )
    expect(problemWith({ '--port': ' ', '--max-body-bytes': '1.5' }, commandLine)).toBe(
      'checkout-kit-mock-gateway: 2 problems with its options:\n' +
        '- --port must be a whole number from 0 to 65535, 0 for any free port (got " ").\n' +
        '- --max-body-bytes must be a whole number of bytes, 1 or more (got 1.5).',
    )
    expect(problemWith({ '--host': '' }, commandLine)).toBe(
      "checkout-kit-mock-gateway: --host must be an address to listen on, such as '127.0.0.1' (got an empty string).",
    )
  })

  it('wants an http(s) baseUrl for createEmulator', () => {
    const expected =
      "an absolute http(s) URL such as 'https://emulator.test' or 'http://127.0.0.1:4010'"
    expect(problemWith({}, 'createEmulator')).toBe(
      "createEmulator: baseUrl is required: the emulator's origin, such as 'https://emulator.test' or 'http://127.0.0.1:4010'.",
    )
    for (const baseUrl of ['127.0.0.1:4010', 'ftp://emulator.test', 'javascript:alert(1)']) {
      expect(problemWith({ baseUrl }, 'createEmulator'), baseUrl).toBe(
        `createEmulator: baseUrl must be ${expected} (got a string that is not one).`,
      )
    }
    expect(problemWith({ baseUrl: new URL('https://emulator.test') }, 'createEmulator')).toBe(
      `createEmulator: baseUrl must be ${expected} (got an object).`,
    )
  })

  it('wants credentials as lists of accounts of strings, and never shows their values', () => {
    const message = problemWith({
      credentials: {
        pingpong: { accId: 'ACC-SECRET', clientId: 'CLIENT-SECRET', salt: 'SALT-SECRET' },
        pockyt: [{ merchantNo: 'MERCHANT-SECRET', storeNo: 300014, tokn: 'TOKEN-SECRET' }],
        oceanpayment: ['995149/99514901/SECURE-SECRET', { account: '', terminal: ' ' }],
      },
    })
    expect(message).toBe(
      'startEmulator: 8 problems with its options:\n' +
        '- credentials.pingpong must be a list of accounts such as [{ accId, clientId, salt }] (got an object).\n' +
        '- credentials.pockyt[0].tokn is not an option; did you mean credentials.pockyt[0].token?\n' +
        '- credentials.pockyt[0].storeNo must be a non-empty string (got a number).\n' +
        '- credentials.pockyt[0].token must be a non-empty string (got nothing).\n' +
        '- credentials.oceanpayment[0] must be an account such as { account, terminal, secureCode } (got a string).\n' +
        '- credentials.oceanpayment[1].account must be a non-empty string (got an empty string).\n' +
        '- credentials.oceanpayment[1].terminal must be a non-empty string (got a string).\n' +
        '- credentials.oceanpayment[1].secureCode must be a non-empty string (got nothing).',
    )
    expect(message).not.toMatch(/SECRET|300014/)
    expect(problemWith({ credentials: [documentedCredentials.pockyt[0]] })).toBe(
      'startEmulator: credentials must be more accounts by gateway, e.g. { pingpong: [{ accId, clientId, salt }] } (got a list).',
    )
    expect(
      problemWith({
        credentials: { pingpong: [{ ...documentedCredentials.pingpong[0], signType: 'sha256' }] },
      }),
    ).toBe(
      "startEmulator: credentials.pingpong[0].signType must be one of 'SHA256', 'MD5' (got \"sha256\").",
    )
  })

  it("checks Pockyt's [U] choices", () => {
    expect(
      problemWith({
        pockyt: {
          retryDelaysMs: 60_000,
          cancelledReturnStatus: 'cancelled',
          emptyValues: 'omit',
          notifyClosed: 'no',
        },
      }),
    ).toBe(
      'startEmulator: 4 problems with its options:\n' +
        '- pockyt.retryDelaysMs must be a list of waits in milliseconds (got a number).\n' +
        "- pockyt.cancelledReturnStatus must be one of 'closed', 'init' (got \"cancelled\").\n" +
        "- pockyt.emptyValues must be one of 'include', 'skip' (got \"omit\").\n" +
        '- pockyt.notifyClosed must be true or false (got a string).',
    )
    expect(problemWith({ pockyt: true })).toBe(
      "startEmulator: pockyt must be Pockyt's [U] choices: { retryDelaysMs, cancelledReturnStatus, emptyValues, notifyClosed, creditTypes, ipnUrlRequired } (got true).",
    )
    expect(problemWith({ fetch: 'https://proxy.test' })).toBe(
      'startEmulator: fetch must be a function such as fetch (got a string).',
    )
  })

  it('wants an object of options', () => {
    expect(problemWith(null)).toBe(
      'startEmulator takes an object of options such as { port: 0, timeScale: 0.001 } (got null).',
    )
    expect(problemWith('https://emulator.test', 'createEmulator')).toBe(
      "createEmulator takes an object of options such as { baseUrl: 'https://emulator.test' } (got a string).",
    )
  })
})

describe('the public factories', () => {
  it('check their options before anything starts', async () => {
    // Before the check, an object for a list failed inside the emulator: "is not iterable".
    const credentials = { pingpong: { ...documentedCredentials.pingpong[0] } }
    expect(() =>
      createEmulator({
        baseUrl: 'https://emulator.test',
        credentials,
      } as unknown as EmulatorOptions),
    ).toThrow(
      new TypeError(
        'createEmulator: credentials.pingpong must be a list of accounts such as [{ accId, clientId, salt }] (got an object).',
      ),
    )
    // Before the check, the emulator ran at full speed.
    await expect(startEmulator({ timescale: 0.001 } as StartEmulatorOptions)).rejects.toThrow(
      new TypeError('startEmulator: timescale is not an option; did you mean timeScale?'),
    )
    await expect(startEmulator({ port: 65536 })).rejects.toThrow(
      'startEmulator: port must be a whole number from 0 to 65535, 0 for any free port (got 65536).',
    )
  })

  it("check the gateways' [U] choices as createEmulator does, named without its prefix", () => {
    expect(createPockytEmulation().gateway).toBe('pockyt')
    expect(createPingPongEmulation().gateway).toBe('pingpong')
    expect(
      createPockytEmulation({ cancelledReturnStatus: 'init', notifyClosed: false }).brand,
    ).toBe('Pockyt')
    // Before the check, a misspelt choice was dropped and a number for the retry list gave up
    // after the first attempt: retryDelaysMs[0] of a number is undefined.
    expect(() =>
      createPockytEmulation({
        notifyClose: false,
        retryDelaysMs: 60_000,
      } as unknown as PockytEmulationOptions),
    ).toThrow(
      new TypeError(
        'createPockytEmulation: 2 problems with its options:\n' +
          '- notifyClose is not an option; did you mean notifyClosed?\n' +
          '- retryDelaysMs must be a list of waits in milliseconds (got a number).',
      ),
    )
    expect(() =>
      createPingPongEmulation({
        notificationEnvelope: 'Response',
      } as unknown as PingPongEmulationOptions),
    ).toThrow(
      new TypeError(
        "createPingPongEmulation: notificationEnvelope must be one of 'request', 'response' (got \"Response\").",
      ),
    )
    expect(() => createPockytEmulation(null as unknown as PockytEmulationOptions)).toThrow(
      new TypeError(
        "createPockytEmulation takes an object of options such as { cancelledReturnStatus: 'init' } (got null).",
      ),
    )
  })
})
