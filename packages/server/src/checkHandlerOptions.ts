import type { CheckoutFlow, GatewayName } from '@checkout-kit/core'
import type { CheckoutHandlerOptions } from './createCheckoutHandler.ts'
import type { OceanpaymentOptions } from './gateways/oceanpaymentAdapter.ts'
import type { PingPongOptions } from './gateways/pingpongAdapter.ts'
import type { PockytOptions } from './gateways/pockytAdapter.ts'

// createCheckoutHandler's options, checked when the handler is made. Without this a misspelt
// credential or a missing publicUrl surfaced only at the first payment, as a 400 that blamed the
// order, or as "Cannot read properties of undefined". JavaScript callers have no compiler to
// catch them; TypeScript callers still meet values read from the environment.

/** What is wrong with an option's value, said after its name; undefined when nothing is. */
type Rule = (value: unknown) => string | undefined

const nonEmptyString: Rule = (value) =>
  typeof value === 'string' && value.trim() !== ''
    ? undefined
    : `is required: a non-empty string (got ${describe(value)})`

/** An absolute http(s) URL, or undefined. */
function parseHttpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value)
    return /^https?:$/.test(url.protocol) ? url : undefined
  } catch {
    return undefined
  }
}

const httpUrl: Rule = (value) => {
  if (typeof value !== 'string') return `must be an http(s) URL (got ${describe(value)})`
  return parseHttpUrl(value)
    ? undefined
    : // Not quoted: a secret put in the wrong variable would end up in the log.
      `must be an absolute http(s) URL such as 'https://…' (got a string that is not one)`
}

const oneOf =
  (...allowed: readonly string[]): Rule =>
  (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? undefined
      : `must be one of ${allowed.map((word) => `'${word}'`).join(', ')} (got ${shown(value)})`

const anyString: Rule = (value) =>
  typeof value === 'string' ? undefined : `must be a string (got ${describe(value)})`

const anyBoolean: Rule = (value) =>
  typeof value === 'boolean' ? undefined : `must be true or false (got ${describe(value)})`

const flowNames: readonly CheckoutFlow[] = ['hosted-sdk', 'hosted-redirect', 'card', 'apm']

const flowList: Rule = (value) => {
  if (!Array.isArray(value) || value.length === 0) {
    return `must list one or more of ${flowNames.join(', ')} (got ${describe(value)})`
  }
  const unknown = value.find((flow) => !(flowNames as readonly unknown[]).includes(flow))
  return unknown === undefined
    ? undefined
    : `has ${shown(unknown)}, which is not a flow: use ${flowNames.join(', ')}`
}

const apmMethodList: Rule = (value) => {
  const example = "[{ method: 'AlipayCN', presentation: 'qr-code' }]"
  if (!Array.isArray(value)) return `must be a list such as ${example} (got ${describe(value)})`
  const bad = value.findIndex(
    (entry) =>
      typeof entry !== 'object' ||
      entry === null ||
      nonEmptyString(entry.method) !== undefined ||
      (entry.presentation !== 'qr-code' && entry.presentation !== 'redirect'),
  )
  return bad === -1
    ? undefined
    : `has an entry that is not { method, presentation: 'qr-code' | 'redirect' } (at index ${bad}); e.g. ${example}`
}

/** Every option a gateway takes, with its rule; `required` ones must be there. */
type GatewayRules<Options> = {
  [Name in keyof Required<Options>]: { rule: Rule; required?: true }
}

const required = (rule: Rule) => ({ rule, required: true as const })
const optional = (rule: Rule) => ({ rule })

// Typed by each gateway's options, so an option added there and not here fails the typecheck
// rather than being refused as unknown at run time.
const pingpongRules: GatewayRules<PingPongOptions> = {
  accId: required(nonEmptyString),
  clientId: required(nonEmptyString),
  salt: required(nonEmptyString),
  signType: optional(oneOf('SHA256', 'MD5')),
  baseUrl: optional(httpUrl),
  mode: optional(oneOf('sandbox', 'production')),
  liveSdkMode: optional(oneOf('production', 'build')),
  flows: optional(flowList),
  apmMethods: optional(apmMethodList),
  sdkScriptUrl: optional(httpUrl),
  riskPluginUrl: optional(httpUrl),
  riskEnvironment: optional(oneOf('SANDBOX', 'PRODUCTION')),
  language: optional(anyString),
  queryReadsThreeDsWait: optional(anyBoolean),
}

const pockytRules: GatewayRules<PockytOptions> = {
  merchantNo: required(nonEmptyString),
  storeNo: required(nonEmptyString),
  token: required(nonEmptyString),
  baseUrl: optional(httpUrl),
  securePayPath: optional((value) =>
    typeof value === 'string' && value.startsWith('/')
      ? undefined
      : `must be a path starting with '/', e.g. '/online/v3/secure-pay' (got ${describe(value)})`,
  ),
  // Pockyt's list of vendors grows; the gateway refuses one it does not offer.
  vendor: optional(nonEmptyString),
  terminal: optional(oneOf('ONLINE', 'MWEB', 'YIP')),
  registerCustomer: optional(anyBoolean),
  settleCurrency: optional(nonEmptyString),
  creditType: optional(nonEmptyString),
  signEmptyValues: optional(oneOf('include', 'skip')),
}

const oceanpaymentRules: GatewayRules<OceanpaymentOptions> = {
  account: required(nonEmptyString),
  terminal: required(nonEmptyString),
  secureCode: required(nonEmptyString),
  baseUrl: optional(httpUrl),
  variant: optional(oneOf('sendTrade', 'form-post')),
  // '' lists every method enabled on the account.
  methods: optional(anyString),
  verifyTradeResponseSignature: optional(anyBoolean),
}

const gatewayRules: Record<GatewayName, Record<string, { rule: Rule; required?: true }>> = {
  pingpong: pingpongRules,
  pockyt: pockytRules,
  oceanpayment: oceanpaymentRules,
}

/** What kind of value was given, for a message: never a credential's text or digits. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string'
  if (typeof value === 'boolean') return String(value)
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** A value that is no secret (a mode, a flow, an origin) as given; anything else by its kind. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value)
}

/** The known name a misspelt one probably meant: same letters but case and `_`/`-`, one inside
 * the other (`apiToken`, `token`), or at most two letters apart. */
function closest(name: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '')
  const wanted = plain(name)
  let best: { name: string; distance: number } | undefined
  for (const candidate of known) {
    const other = plain(candidate)
    const distance =
      wanted.length >= 3 && (other.includes(wanted) || wanted.includes(other))
        ? 0
        : editDistance(wanted, other)
    if (!best || distance < best.distance) best = { name: candidate, distance }
  }
  return best && best.distance <= 2 ? best.name : undefined
}

/** Levenshtein distance: the fewest one-letter insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (const [i, letter] of [...a].entries()) {
    const current = [i + 1]
    for (const [j, other] of [...b].entries()) {
      const substitution = (previous[j] ?? 0) + (letter === other ? 0 : 1)
      current.push(Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** `prefix` is where the option sits (`gateways.pockyt.`), empty at the top. */
function unknownOption(prefix: string, name: string, known: readonly string[]): string {
  const meant = closest(name, known)
  return meant
    ? `${prefix}${name} is not an option; did you mean ${prefix}${meant}?`
    : `${prefix}${name} is not an option; the options are ${known.join(', ')}.`
}

function checkGateway(gateway: GatewayName, options: unknown, problems: string[]): void {
  const where = `gateways.${gateway}`
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    problems.push(`${where} must be an object of its credentials (got ${describe(options)}).`)
    return
  }
  const rules = gatewayRules[gateway]
  const given = options as Record<string, unknown>
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(rules, name)) {
      problems.push(unknownOption(`${where}.`, name, Object.keys(rules)))
    }
  }
  for (const [name, { rule, required }] of Object.entries(rules)) {
    const value = given[name]
    if (value === undefined && !required) continue
    const problem = rule(value)
    if (problem) problems.push(`${where}.${name} ${problem}.`)
  }
}

const gatewayNames = Object.keys(gatewayRules) as GatewayName[]

// Keyed by the options' type, so an option added there and not here fails the typecheck.
const handlerOptionNames = Object.keys({
  publicUrl: true,
  basePath: true,
  resolveOrder: true,
  gateways: true,
  store: true,
  allowedReturnOrigins: true,
  queryAfterMs: true,
  maxBodyBytes: true,
  gatewayTimeoutMs: true,
  clientIp: true,
  trustedProxies: true,
  fetch: true,
  logger: true,
} satisfies Record<keyof CheckoutHandlerOptions, true>)

/** Options of the browser kit's provider, which a merchant may carry over by habit. */
const browserKitNames: Record<string, keyof CheckoutHandlerOptions> = {
  allowedOrigins: 'allowedReturnOrigins',
  baseUrl: 'publicUrl',
}

function checkOrigins(value: unknown, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(
      `allowedReturnOrigins must be a list of origins such as ['https://shop.example'] (got ${describe(value)}).`,
    )
    return
  }
  for (const entry of value) {
    const url = parseHttpUrl(entry)
    if (url?.origin === entry) continue
    const suggestion = url ? `; use '${url.origin}'` : ''
    problems.push(
      `allowedReturnOrigins has ${shown(entry)}, which is not an origin (scheme, host and port, no path or trailing slash)${suggestion}.`,
    )
  }
}

/** A number option that must be a whole count of milliseconds or things, at least `least`. */
function checkWholeNumber(
  options: Record<string, unknown>,
  name: string,
  least: number,
  meaning: string,
  problems: string[],
): void {
  const value = options[name]
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    const given = typeof value === 'number' ? String(value) : describe(value)
    problems.push(`${name} is ${meaning}: ${least} or more (got ${given}).`)
  }
}

function checkFunction(options: Record<string, unknown>, name: string, problems: string[]): void {
  const value = options[name]
  if (value !== undefined && typeof value !== 'function') {
    problems.push(`${name} must be a function (got ${describe(value)}).`)
  }
}

/**
 * Throws a TypeError listing every problem in createCheckoutHandler's options: missing or
 * misspelt options, credentials that are not strings, URLs that are not http(s), origins that are
 * not origins. Messages name the option and never quote a credential.
 */
export function checkHandlerOptions(input: unknown): asserts input is CheckoutHandlerOptions {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(
      'createCheckoutHandler needs its options: { publicUrl, resolveOrder, gateways }.',
    )
  }
  const options = input as Record<string, unknown>
  const problems: string[] = []
  for (const name of Object.keys(options)) {
    if (handlerOptionNames.includes(name)) continue
    const meant = Object.hasOwn(browserKitNames, name) ? browserKitNames[name] : undefined
    problems.push(
      meant
        ? `${name} is the browser kit's option, not the server's; did you mean ${meant}?`
        : unknownOption('', name, handlerOptionNames),
    )
  }
  const publicUrlMeaning =
    "where gateways reach this handler, base path included, e.g. 'https://shop.example/api/checkout'"
  if (options.publicUrl === undefined) {
    problems.push(`publicUrl is required: ${publicUrlMeaning}.`)
  } else {
    const problem = httpUrl(options.publicUrl)
    if (problem) problems.push(`publicUrl ${problem}: ${publicUrlMeaning}.`)
  }
  if (options.basePath !== undefined) {
    if (typeof options.basePath !== 'string' || !/^(\/|$)/.test(options.basePath)) {
      problems.push(`basePath must be a path starting with '/' (got ${shown(options.basePath)}).`)
    }
  }
  if (typeof options.resolveOrder !== 'function') {
    problems.push(
      `resolveOrder is required: a function that prices an order id (got ${describe(options.resolveOrder)}).`,
    )
  }
  const gateways = options.gateways
  if (typeof gateways !== 'object' || gateways === null || Array.isArray(gateways)) {
    problems.push(
      `gateways is required: an object enabling one or more of ${gatewayNames.join(', ')} (got ${describe(gateways)}).`,
    )
  } else {
    const given = gateways as Record<string, unknown>
    for (const name of Object.keys(given)) {
      if (!(gatewayNames as string[]).includes(name)) {
        problems.push(unknownOption('gateways.', name, gatewayNames))
      }
    }
    // `env.X && { … }` leaves a gateway out as '' or false, as well as undefined or null.
    const enabled = gatewayNames.filter((name) => Boolean(given[name]))
    if (enabled.length === 0) {
      problems.push(
        `gateways enables none of ${gatewayNames.join(', ')}: the handler could take no payment.`,
      )
    }
    for (const name of enabled) checkGateway(name, given[name], problems)
  }
  if (options.allowedReturnOrigins !== undefined) {
    checkOrigins(options.allowedReturnOrigins, problems)
  }
  checkWholeNumber(options, 'queryAfterMs', 0, 'a number of milliseconds', problems)
  checkWholeNumber(options, 'gatewayTimeoutMs', 1, 'a number of milliseconds', problems)
  // NaN would turn the limit off without a word.
  checkWholeNumber(options, 'maxBodyBytes', 1, 'a number of bytes', problems)
  checkWholeNumber(
    options,
    'trustedProxies',
    0,
    'how many proxies of yours append to X-Forwarded-For',
    problems,
  )
  checkFunction(options, 'clientIp', problems)
  checkFunction(options, 'fetch', problems)
  const logger = options.logger as Record<string, unknown> | undefined
  if (
    logger !== undefined &&
    !['info', 'warn', 'error'].every((level) => typeof logger?.[level] === 'function')
  ) {
    problems.push('logger must have info, warn and error functions (console and pino both do).')
  }
  if (problems.length > 0) {
    const list =
      problems.length === 1
        ? problems[0]
        : `${problems.length} problems with its options:\n- ${problems.join('\n- ')}`
    throw new TypeError(`createCheckoutHandler: ${list}`)
  }
}
