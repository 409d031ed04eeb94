import { CheckoutError } from './checkoutError.ts'
import type { CheckoutConfig, NextAction, PaymentSession } from './contract.ts'
import { devMode } from './devMode.ts'

// Boundary validation of the merchant server's answers: whatever comes over the wire is checked
// field by field and rebuilt, so the rest of the kit only ever sees the contract's types (and no
// stray fields). Error messages name the field and what it must be, never the value received: a
// misbehaving server may echo request data, and request data can be card data.
//
// The checks are small composable functions rather than a schema library: this file is on every
// page that takes a payment, so its size is paid by every shopper.

/** Reads `value` found at `path` and returns its clean copy, or throws a `Mismatch`. */
type Check<T> = (value: unknown, path: string) => T

/** Thrown by a check, turned into a `CheckoutError` naming the answer's type by `parseAs`. */
class Mismatch {
  // `declare`, set in the constructor: parameter properties would also be emitted as class fields.
  declare readonly path: string
  declare readonly expected: string
  constructor(path: string, expected: string) {
    this.path = path
    this.expected = expected
  }
}

/**
 * `expected` says what the field must be in development builds' messages; production builds name
 * the field only, so callers pass '' there and the texts drop out (devMode.ts).
 */
function fail(path: string, expected: string): never {
  throw new Mismatch(path, expected)
}

const gatewayNames = ['pingpong', 'pockyt', 'oceanpayment'] as const
const flows = ['hosted-sdk', 'hosted-redirect', 'card', 'apm'] as const
const statuses = [
  'requires_action',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
] as const
// The action types this kit can perform. The union is closed on purpose: an unknown type is an
// error, never a guess (a silent fallback to "redirect" would send shoppers anywhere).
const actionTypes = ['redirect', 'hosted-sdk', 'three-ds', 'qr-code'] as const
// Only an identifier-like name with at most two digits is repeated in a message ('sdk-v2'): it
// cannot hold a card number, a security code or JSON.
const nameablePattern = /^[A-Za-z][\w-]{0,31}$/

type Json = Record<string, unknown>

const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** Reads an own property only: a JSON key such as `__proto__` must not reach the prototype. */
function field(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

const record: Check<Json> = (value, path) =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : fail(path, devMode ? 'an object' : '')

const text: Check<string> = (value, path) =>
  typeof value === 'string' && value !== ''
    ? value
    : fail(path, devMode ? 'a non-empty string' : '')

const time: Check<string> = (value, path) =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? value
    : fail(path, devMode ? 'an ISO 8601 time such as "2030-01-31T12:00:00.000Z"' : '')

function matching(pattern: RegExp, expected: string): Check<string> {
  return (value, path) =>
    typeof value === 'string' && pattern.test(value) ? value : fail(path, expected)
}

function oneOf<const T extends string>(options: readonly T[]): Check<T> {
  return (value, path) =>
    options.includes(value as T)
      ? (value as T)
      : fail(path, devMode ? `one of ${options.map((option) => `'${option}'`).join(', ')}` : '')
}

// Backends written in other languages often serialise an absent field as `null`.
function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : check(value, path))
}

function list<T>(check: Check<T>): Check<T[]> {
  return (value, path) =>
    Array.isArray(value)
      ? value.map((item, index) => check(item, `${path}[${index}]`))
      : fail(path, devMode ? 'an array' : '')
}

/** An object with these fields, and no others: absent optional fields stay absent. */
function shape<T>(checks: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (value, path) => {
    const json = record(value, path)
    const clean: Json = {}
    for (const key in checks) {
      const read = checks[key](field(json, key), join(path, key))
      if (read !== undefined) clean[key] = read
    }
    return clean as T
  }
}

/** Runs a check on a whole answer: a mismatch becomes `CheckoutError('invalid_response')`. */
function parseAs<T>(subject: string, root: string, check: Check<T>, value: unknown): T {
  try {
    return check(value, '')
  } catch (error) {
    if (!(error instanceof Mismatch)) throw error
    const path = error.path || root
    throw new CheckoutError(
      'invalid_response',
      devMode
        ? `The checkout server's answer is not a valid ${subject}: \`${path}\` must be ` +
            `${error.expected}. Check that the server implements the Checkout Kit merchant ` +
            'contract (and that @checkout-kit/server and @checkout-kit/core have matching versions).'
        : `Invalid ${subject}: ${path}`,
    )
  }
}

function nameable(name: string): string {
  const digits = name.replace(/\D/g, '').length
  return nameablePattern.test(name) && digits <= 2 ? `'${name}'` : '(not shown)'
}

function unknownAction(what: string): CheckoutError {
  return new CheckoutError(
    'unknown_action',
    devMode
      ? `The checkout server asked for ${what}, which this version of @checkout-kit/core cannot ` +
          `perform (it knows ${actionTypes.map((type) => `'${type}'`).join(', ')}). Update ` +
          '@checkout-kit/core, or configure the server not to use that action.'
      : `Unknown ${what}`,
  )
}

const pingpongOnly = oneOf(['pingpong'])

// Each action type's fields, `type` aside.
type ActionChecks = { [Type in NextAction['type']]?: Check<object> }

const redirectAction: Check<object> = (value, path) => {
  const json = record(value, path)
  const url = text(field(json, 'url'), 'action.url')
  const method = field(json, 'method')
  if (method === 'GET') return { url, method }
  if (method === 'POST') {
    const fields = record(field(json, 'fields'), 'action.fields')
    const entries = Object.entries(fields).map(([name, fieldValue]): [string, string] =>
      typeof fieldValue === 'string'
        ? [name, fieldValue]
        : fail(`action.fields[${nameable(name)}]`, devMode ? 'a string' : ''),
    )
    // fromEntries defines own properties, so a field named `__proto__` stays a field.
    return { url, method, fields: Object.fromEntries(entries) }
  }
  if (typeof method === 'string') throw unknownAction(`redirect method ${nameable(method)}`)
  return fail('action.method', devMode ? "'GET' or 'POST'" : '')
}

const everyAction: ActionChecks = {
  redirect: redirectAction,
  'hosted-sdk': shape({
    gateway: pingpongOnly,
    scriptUrl: text,
    token: text,
    mode: oneOf(['sandbox', 'production', 'build']),
  }),
  'three-ds': shape({
    gateway: pingpongOnly,
    // Any JSON the risk plugin takes, `null` included, but present.
    params: (value, path) => (value === undefined ? fail(path, devMode ? 'present' : '') : value),
    redirectUrl: optional(text),
  }),
  'qr-code': (value, path) => {
    const qr = shape({
      content: optional(text),
      imageUrl: optional(text),
      expiresAt: optional(time),
    })(value, path)
    // A QR action with nothing to show cannot be performed.
    return qr.content === undefined && qr.imageUrl === undefined
      ? fail(path, devMode ? 'a QR code with `content` or `imageUrl`' : '')
      : qr
  },
}

/** A session check that accepts the given action types; any other is `unknown_action`. */
function sessionWith(actions: ActionChecks): (value: unknown) => PaymentSession {
  const nextAction: Check<NextAction> = (value, path) => {
    const type = field(record(value, path), 'type')
    if (typeof type !== 'string') return fail('action.type', devMode ? 'a string' : '')
    const check = Object.hasOwn(actions, type) ? actions[type as NextAction['type']] : undefined
    if (!check) throw unknownAction(`action type ${nameable(type)}`)
    return { type, ...check(value, path) } as NextAction
  }
  // `status` first: of everything wrong in an answer, it is what a message should name.
  const session = shape<PaymentSession>({
    status: oneOf(statuses),
    id: text,
    orderId: text,
    gateway: oneOf(gatewayNames),
    flow: oneOf(flows),
    amount: shape({
      value: matching(
        /^\d+(?:\.\d+)?$/,
        devMode ? 'a decimal string in the major unit, such as "10.00"' : '',
      ),
      currency: matching(/^[A-Z]{3}$/, devMode ? 'an ISO 4217 code such as "USD"' : ''),
    }),
    // Where the previous reader checked it: the first error named stays the same.
    updatedAt: time,
    action: optional(nextAction),
    failure: optional(shape({ code: text, message: text })),
    expiresAt: optional(time),
  })
  return (value) =>
    parseAs(
      'PaymentSession',
      'session',
      (json, path) => {
        const parsed = session(json, path)
        // Without an action the shopper would be stuck on a spinner: that is the server's bug.
        return parsed.status === 'requires_action' && !parsed.action
          ? fail('action', devMode ? "present when `status` is 'requires_action'" : '')
          : parsed
      },
      value,
    )
}

/**
 * Checks a `PaymentSession` received from the merchant server and returns a clean copy. Throws
 * `CheckoutError('invalid_response')` for anything that is not the contract, and
 * `CheckoutError('unknown_action')` for a next action this kit does not know.
 */
export const parsePaymentSession: (value: unknown) => PaymentSession =
  /* @__PURE__ */ sessionWith(everyAction)

/**
 * `parsePaymentSession` for a page that only redirects: any next action but a redirect is
 * `unknown_action`, and the checks of the others are not shipped.
 */
export const parseRedirectSession: (value: unknown) => PaymentSession = /* @__PURE__ */ sessionWith(
  { redirect: redirectAction },
)

type GatewayConfig = NonNullable<CheckoutConfig['gateways'][keyof CheckoutConfig['gateways']]>

const gatewayConfig = shape<GatewayConfig>({
  flows: list(oneOf(flows)),
  apmMethods: optional(list(shape({ method: text, presentation: oneOf(['qr-code', 'redirect']) }))),
  riskPlugin: optional(
    shape({
      scriptUrl: text,
      accId: text,
      clientId: text,
      environment: oneOf(['SANDBOX', 'PRODUCTION']),
    }),
  ),
})

const config = shape<CheckoutConfig>({
  gateways: (value, path) => {
    const json = record(value, path)
    const gateways: CheckoutConfig['gateways'] = {}
    for (const name of Object.keys(json)) {
      const gateway = oneOf(gatewayNames)(name, 'gateways (its keys)')
      gateways[gateway] = gatewayConfig(json[name], `gateways.${gateway}`)
    }
    return gateways
  },
})

/**
 * Checks the `GET /config` answer and returns a clean copy. Throws
 * `CheckoutError('invalid_response')` for anything that is not the contract.
 */
export function parseCheckoutConfig(value: unknown): CheckoutConfig {
  return parseAs('CheckoutConfig', 'config', config, value)
}
