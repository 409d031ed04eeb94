import type { oceanpayment, pingpong, pockyt } from '@checkout-kit/gateways'
import { closestName } from './closestName.ts'
import {
  type EmulatorCredentials,
  type EmulatorOptions,
  longestTimerMs,
} from './emulatorContext.ts'
import { isHttpUrl } from './isHttpUrl.ts'
import type { PingPongEmulationOptions } from './pingpong/pingpongEmulation.ts'
import type { PockytEmulationOptions } from './pockyt/pockytEmulation.ts'
import type { StartEmulatorOptions } from './startEmulator.ts'

// The options of the package's public factories (createEmulator, startEmulator and the gateways'
// create…Emulation) and the command line's flags, checked before anything starts. Unchecked, a
// misspelt `timescale` left the emulator at full speed and the tests slow without a word, and
// `credentials: { pingpong: {…} }` failed as "is not iterable" from inside the emulator.

/** Adds to `problems` what is wrong with `value`, the option at `where` (e.g. `pockyt.notifyClosed`). */
type Rule = (value: unknown, where: string, problems: string[]) => void

/** A rule for every option of `Options`: one added to the type and not here fails the typecheck. */
type Rules<Options> = { [Name in keyof Required<Options>]: Rule }

/** What kind of value was given, for a message: never a credential's text or digits. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null || typeof value === 'boolean') return String(value)
  if (value === '') return 'an empty string'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** A number (a wait, a size, a port) or a choice as given: none is a secret. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value)
  return typeof value === 'string' ? JSON.stringify(value) : kindOf(value)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const rule =
  (passes: (value: unknown) => boolean, expected: string, show = kindOf): Rule =>
  (value, where, problems) => {
    if (!passes(value)) problems.push(`${where} must be ${expected} (got ${show(value)}).`)
  }

const optional =
  (check: Rule): Rule =>
  (value, where, problems) => {
    if (value !== undefined) check(value, where, problems)
  }

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

const wholeNumber = (least: number, most: number, expected: string) =>
  rule(
    (value) => isNumber(value) && Number.isInteger(value) && value >= least && value <= most,
    expected,
    shown,
  )

const milliseconds = rule(
  (value) => isNumber(value) && value >= 0 && value <= longestTimerMs,
  `a number of milliseconds from 0 to ${longestTimerMs} (about 24.8 days, the longest timer Node keeps)`,
  shown,
)

const oneOf = (...allowed: readonly string[]) =>
  rule(
    (value) => typeof value === 'string' && allowed.includes(value),
    `one of ${allowed.map((word) => `'${word}'`).join(', ')}`,
    shown,
  )

const credential = rule(
  (value) => typeof value === 'string' && value.trim() !== '',
  'a non-empty string',
)

function unknownName(prefix: string, name: string, known: readonly string[]): string {
  const meant = closestName(name, known)
  return meant
    ? `${prefix}${name} is not an option; did you mean ${prefix}${meant}?`
    : `${prefix}${name} is not an option; the options are ${known.join(', ')}.`
}

/** Checks each option of `given` by its rule; names without one are refused, `hints` saying why. */
function checkFields(
  given: Record<string, unknown>,
  prefix: string,
  rules: Record<string, Rule>,
  problems: string[],
  hints: Record<string, string> = {},
): void {
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(rules, name)) continue
    problems.push(
      Object.hasOwn(hints, name)
        ? `${name} ${hints[name]}`
        : unknownName(prefix, name, Object.keys(rules)),
    )
  }
  for (const [name, check] of Object.entries(rules))
    check(given[name], `${prefix}${name}`, problems)
}

const objectOf =
  (rules: Record<string, Rule>, expected: string): Rule =>
  (value, where, problems) => {
    if (isRecord(value)) checkFields(value, `${where}.`, rules, problems)
    else problems.push(`${where} must be ${expected} (got ${kindOf(value)}).`)
  }

const listOf =
  (entry: Rule, expected: string): Rule =>
  (value, where, problems) => {
    if (!Array.isArray(value)) {
      problems.push(`${where} must be ${expected} (got ${kindOf(value)}).`)
      return
    }
    for (const [index, item] of value.entries()) entry(item, `${where}[${index}]`, problems)
  }

/** A gateway's accounts: a list of credentials, every field a non-empty string. */
function accounts<Credentials>(rules: Rules<Credentials>, example: string): Rule {
  return optional(
    listOf(
      objectOf(rules, `an account such as ${example}`),
      `a list of accounts such as [${example}]`,
    ),
  )
}

const credentialRules: Rules<EmulatorCredentials> = {
  pingpong: accounts<pingpong.PingPongCredentials>(
    {
      accId: credential,
      clientId: credential,
      salt: credential,
      signType: optional(oneOf('SHA256', 'MD5')),
    },
    '{ accId, clientId, salt }',
  ),
  pockyt: accounts<pockyt.PockytCredentials>(
    { merchantNo: credential, storeNo: credential, token: credential },
    '{ merchantNo, storeNo, token }',
  ),
  oceanpayment: accounts<oceanpayment.OceanpaymentCredentials>(
    { account: credential, terminal: credential, secureCode: credential },
    '{ account, terminal, secureCode }',
  ),
}

const pockytRules: Rules<PockytEmulationOptions> = {
  retryDelaysMs: optional(listOf(milliseconds, 'a list of waits in milliseconds')),
  cancelledReturnStatus: optional(oneOf('closed', 'init')),
  emptyValues: optional(oneOf('include', 'skip')),
  notifyClosed: optional(rule((value) => typeof value === 'boolean', 'true or false')),
  creditTypes: optional(listOf(credential, "a list of creditType values such as ['normal']")),
  ipnUrlRequired: optional(rule((value) => typeof value === 'boolean', 'true or false')),
}

const pingpongRules: Rules<PingPongEmulationOptions> = {
  notificationEnvelope: optional(oneOf('request', 'response')),
}

/** The options both take: what the emulator does, not where it is. */
const sharedRules: Rules<Omit<EmulatorOptions, 'baseUrl'>> = {
  credentials: optional(
    objectOf(
      credentialRules,
      'more accounts by gateway, e.g. { pingpong: [{ accId, clientId, salt }] }',
    ),
  ),
  timeScale: optional(
    rule(
      (value) => isNumber(value) && value >= 0,
      'a number, 0 or more (0.001 runs every wait a thousand times faster)',
      shown,
    ),
  ),
  processingDelayMs: optional(milliseconds),
  paymentLifetimeMs: optional(milliseconds),
  fetch: optional(rule((value) => typeof value === 'function', 'a function such as fetch')),
  pockyt: optional(
    objectOf(
      pockytRules,
      "Pockyt's [U] choices: { retryDelaysMs, cancelledReturnStatus, emptyValues, notifyClosed, creditTypes, ipnUrlRequired }",
    ),
  ),
  pingpong: optional(objectOf(pingpongRules, "PingPong's [U] choices: { notificationEnvelope }")),
}

const emulatorRules: Rules<EmulatorOptions> = {
  baseUrl: (value, where, problems) => {
    const example = "such as 'https://emulator.test' or 'http://127.0.0.1:4010'"
    if (value === undefined) {
      problems.push(`${where} is required: the emulator's origin, ${example}.`)
    } else if (typeof value !== 'string' || !isHttpUrl(value)) {
      const got = typeof value === 'string' ? 'a string that is not one' : kindOf(value)
      problems.push(`${where} must be an absolute http(s) URL ${example} (got ${got}).`)
    }
  },
  ...sharedRules,
}

const startEmulatorRules: Rules<StartEmulatorOptions> = {
  ...sharedRules,
  port: optional(wholeNumber(0, 65535, 'a whole number from 0 to 65535, 0 for any free port')),
  host: optional(
    rule(
      (value) => typeof value === 'string' && value.trim() !== '',
      "an address to listen on, such as '127.0.0.1'",
    ),
  ),
  // NaN would turn the limit off without a word.
  maxBodyBytes: optional(
    wholeNumber(1, Number.POSITIVE_INFINITY, 'a whole number of bytes, 1 or more'),
  ),
}

/**
 * A command-line flag: its text read as the number it spells, then judged by the option's own
 * rule, so the command line takes what startEmulator takes. Text that spells no number (`many`,
 * an empty one) reaches the rule as typed, for the message to show.
 */
const spelled =
  (check: Rule): Rule =>
  (value, where, problems) => {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
    check(Number.isNaN(number) ? value : number, where, problems)
  }

/** The command line's flags, each by the rule of the startEmulator option it sets. */
const commandLineRules = {
  '--port': spelled(startEmulatorRules.port),
  '--host': startEmulatorRules.host,
  '--time-scale': spelled(startEmulatorRules.timeScale),
  '--max-body-bytes': spelled(startEmulatorRules.maxBodyBytes),
  // Known, for a misspelt `--hlep` to be told `--help`; the command line handles it before checking.
  '--help': optional(rule((value) => typeof value === 'boolean', 'given without a value')),
}

const serverOnly =
  "is startEmulator's option: createEmulator starts no server, its handlers run in your own."

const callers = {
  createEmulator: {
    rules: emulatorRules,
    example: "{ baseUrl: 'https://emulator.test' }",
    // What the other function takes, which a caller may carry over.
    hints: {
      port: serverOnly,
      host: serverOnly,
      maxBodyBytes: serverOnly,
    } satisfies Record<Exclude<keyof StartEmulatorOptions, keyof EmulatorOptions>, string>,
  },
  startEmulator: {
    rules: startEmulatorRules,
    example: '{ port: 0, timeScale: 0.001 }',
    hints: {
      baseUrl:
        "is createEmulator's option: startEmulator's emulator is at the url it returns, chosen by port and host.",
    } satisfies Record<Exclude<keyof EmulatorOptions, keyof StartEmulatorOptions>, string>,
  },
  // Named as typed: a command-line user knows the flags, not startEmulator's options.
  'checkout-kit-mock-gateway': {
    rules: commandLineRules,
    example: "{ '--port': '4010' }",
    hints: {},
  },
  // The same rules as createEmulator's `pockyt` and `pingpong`, named without the prefix.
  createPockytEmulation: {
    rules: pockytRules,
    example: "{ cancelledReturnStatus: 'init' }",
    hints: {},
  },
  createPingPongEmulation: {
    rules: pingpongRules,
    example: "{ notificationEnvelope: 'response' }",
    hints: {},
  },
}

/**
 * Throws one TypeError listing every problem in the options given to `caller`: unknown or
 * misspelt names (with the one probably meant), values of the wrong type, waits that are negative
 * or not numbers, a baseUrl that is not http(s), a port outside 0–65535. Messages name the option
 * and never quote a credential.
 */
export function checkEmulatorOptions(input: unknown, caller: keyof typeof callers): void {
  const { rules, example, hints } = callers[caller]
  if (!isRecord(input)) {
    throw new TypeError(
      `${caller} takes an object of options such as ${example} (got ${kindOf(input)}).`,
    )
  }
  const problems: string[] = []
  checkFields(input, '', rules, problems, hints)
  if (problems.length === 0) return
  const list =
    problems.length === 1
      ? problems[0]
      : `${problems.length} problems with its options:\n- ${problems.join('\n- ')}`
  throw new TypeError(`${caller}: ${list}`)
}
