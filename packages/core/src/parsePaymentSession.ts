import { CheckoutError } from './checkoutError.ts'
import type {
  CheckoutConfig,
  CheckoutFlow,
  GatewayName,
  MoneyAmount,
  NextAction,
  PaymentFailure,
  PaymentSession,
  PaymentStatus,
} from './contract.ts'
import { devMode } from './devMode.ts'

// Boundary validation of the merchant server's answers: whatever comes over the wire is checked
// field by field and rebuilt, so the rest of the kit only ever sees the contract's types (and no
// stray fields). Error messages name the field and what it must be, never the value received: a
// misbehaving server may echo request data, and request data can be card data.

const gatewayNames: readonly GatewayName[] = ['pingpong', 'pockyt', 'oceanpayment']
const flows: readonly CheckoutFlow[] = ['hosted-sdk', 'hosted-redirect', 'card', 'apm']
const statuses: readonly PaymentStatus[] = [
  'requires_action',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
]
// The action types this kit can perform. The union is closed on purpose: an unknown type is an
// error, never a guess (a silent fallback to "redirect" would send shoppers anywhere).
const actionTypes = ['redirect', 'hosted-sdk', 'three-ds', 'qr-code'] as const
const decimalPattern = /^\d+(?:\.\d+)?$/
const currencyPattern = /^[A-Z]{3}$/
// Only an identifier-like name with at most two digits is repeated in a message ('sdk-v2'): it
// cannot hold a card number, a security code or JSON.
const nameablePattern = /^[A-Za-z][\w-]{0,31}$/

type Json = Record<string, unknown>

class Reader {
  constructor(private readonly subject: string) {}

  fail(path: string, expected: string): never {
    throw new CheckoutError(
      'invalid_response',
      devMode
        ? `The checkout server's answer is not a valid ${this.subject}: \`${path}\` must be ` +
            `${expected}. Check that the server implements the Checkout Kit merchant contract ` +
            '(and that @checkout-kit/server and @checkout-kit/core have matching versions).'
        : `Invalid ${this.subject}: ${path}`,
    )
  }

  record(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'an object')
    }
    return value as Json
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, 'a non-empty string')
    return value
  }

  // Backends written in other languages often serialise an absent field as `null`.
  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path)
  }

  oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      this.fail(path, `one of ${options.map((option) => `'${option}'`).join(', ')}`)
    }
    return value as T
  }

  time(value: unknown, path: string): string {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      this.fail(path, devMode ? 'an ISO 8601 time such as "2030-01-31T12:00:00.000Z"' : '')
    }
    return value
  }

  optionalTime(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.time(value, path)
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array')
    return value
  }
}

/** Reads an own property only: a JSON key such as `__proto__` must not reach the prototype. */
function field(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null
}

/**
 * Checks a `PaymentSession` received from the merchant server and returns a clean copy. Throws
 * `CheckoutError('invalid_response')` for anything that is not the contract, and
 * `CheckoutError('unknown_action')` for a next action this kit does not know.
 */
export function parsePaymentSession(value: unknown): PaymentSession {
  const read: Reader = new Reader('PaymentSession')
  const json = read.record(value, 'session')
  const status = read.oneOf(field(json, 'status'), statuses, 'status')
  const session: PaymentSession = {
    id: read.string(field(json, 'id'), 'id'),
    orderId: read.string(field(json, 'orderId'), 'orderId'),
    gateway: read.oneOf(field(json, 'gateway'), gatewayNames, 'gateway'),
    flow: read.oneOf(field(json, 'flow'), flows, 'flow'),
    amount: parseAmount(read, field(json, 'amount')),
    status,
    updatedAt: read.time(field(json, 'updatedAt'), 'updatedAt'),
  }
  const action = field(json, 'action')
  if (!isAbsent(action)) session.action = parseNextAction(read, action)
  else if (status === 'requires_action') {
    // Without an action the shopper would be stuck on a spinner: that is the server's bug.
    read.fail('action', devMode ? "present when `status` is 'requires_action'" : '')
  }
  const failure = field(json, 'failure')
  if (!isAbsent(failure)) session.failure = parseFailure(read, failure)
  const expiresAt = read.optionalTime(field(json, 'expiresAt'), 'expiresAt')
  if (expiresAt !== undefined) session.expiresAt = expiresAt
  return session
}

function parseAmount(read: Reader, value: unknown): MoneyAmount {
  const json = read.record(value, 'amount')
  const amount = field(json, 'value')
  if (typeof amount !== 'string' || !decimalPattern.test(amount)) {
    read.fail('amount.value', devMode ? 'a decimal string in the major unit, such as "10.00"' : '')
  }
  const currency = field(json, 'currency')
  if (typeof currency !== 'string' || !currencyPattern.test(currency)) {
    read.fail('amount.currency', devMode ? 'an ISO 4217 code such as "USD"' : '')
  }
  return { value: amount, currency }
}

function parseFailure(read: Reader, value: unknown): PaymentFailure {
  const json = read.record(value, 'failure')
  return {
    code: read.string(field(json, 'code'), 'failure.code'),
    message: read.string(field(json, 'message'), 'failure.message'),
  }
}

function parseNextAction(read: Reader, value: unknown): NextAction {
  const json = read.record(value, 'action')
  const type = field(json, 'type')
  if (typeof type !== 'string') read.fail('action.type', 'a string')
  switch (type as (typeof actionTypes)[number]) {
    case 'redirect':
      return parseRedirect(read, json)
    case 'hosted-sdk':
      return {
        type: 'hosted-sdk',
        gateway: read.oneOf(field(json, 'gateway'), ['pingpong'], 'action.gateway'),
        scriptUrl: read.string(field(json, 'scriptUrl'), 'action.scriptUrl'),
        token: read.string(field(json, 'token'), 'action.token'),
        mode: read.oneOf(field(json, 'mode'), ['sandbox', 'production'], 'action.mode'),
      }
    case 'three-ds': {
      if (!Object.hasOwn(json, 'params')) read.fail('action.params', 'present')
      const action: NextAction = {
        type: 'three-ds',
        gateway: read.oneOf(field(json, 'gateway'), ['pingpong'], 'action.gateway'),
        params: field(json, 'params'),
      }
      const redirectUrl = read.optionalString(field(json, 'redirectUrl'), 'action.redirectUrl')
      if (redirectUrl !== undefined) action.redirectUrl = redirectUrl
      return action
    }
    case 'qr-code': {
      const action: NextAction = { type: 'qr-code' }
      const content = read.optionalString(field(json, 'content'), 'action.content')
      const imageUrl = read.optionalString(field(json, 'imageUrl'), 'action.imageUrl')
      const expiresAt = read.optionalTime(field(json, 'expiresAt'), 'action.expiresAt')
      // A QR action with nothing to show cannot be performed.
      if (content === undefined && imageUrl === undefined) {
        read.fail('action', devMode ? 'a QR code with `content` or `imageUrl`' : '')
      }
      if (content !== undefined) action.content = content
      if (imageUrl !== undefined) action.imageUrl = imageUrl
      if (expiresAt !== undefined) action.expiresAt = expiresAt
      return action
    }
    default:
      throw unknownAction(`action type ${nameable(type)}`)
  }
}

function parseRedirect(read: Reader, json: Json): NextAction {
  const url = read.string(field(json, 'url'), 'action.url')
  const method = field(json, 'method')
  if (method === 'GET') return { type: 'redirect', url, method }
  if (method === 'POST') {
    const fields = read.record(field(json, 'fields'), 'action.fields')
    const entries = Object.entries(fields).map(([name, fieldValue]): [string, string] =>
      typeof fieldValue === 'string'
        ? [name, fieldValue]
        : read.fail(`action.fields[${nameable(name)}]`, 'a string'),
    )
    // fromEntries defines own properties, so a field named `__proto__` stays a field.
    return { type: 'redirect', url, method, fields: Object.fromEntries(entries) }
  }
  if (typeof method === 'string') throw unknownAction(`redirect method ${nameable(method)}`)
  return read.fail('action.method', "'GET' or 'POST'")
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

/**
 * Checks the `GET /config` answer and returns a clean copy. Throws
 * `CheckoutError('invalid_response')` for anything that is not the contract.
 */
export function parseCheckoutConfig(value: unknown): CheckoutConfig {
  const read: Reader = new Reader('CheckoutConfig')
  const json = read.record(value, 'config')
  const gatewaysJson = read.record(field(json, 'gateways'), 'gateways')
  const gateways: CheckoutConfig['gateways'] = {}
  for (const name of Object.keys(gatewaysJson)) {
    const gateway = read.oneOf(name, gatewayNames, 'gateways (its keys)')
    const path = `gateways.${gateway}`
    const entry = read.record(gatewaysJson[name], path)
    const parsed: NonNullable<CheckoutConfig['gateways'][GatewayName]> = {
      flows: read
        .array(field(entry, 'flows'), `${path}.flows`)
        .map((flow, index) => read.oneOf(flow, flows, `${path}.flows[${index}]`)),
    }
    const apmMethods = field(entry, 'apmMethods')
    if (!isAbsent(apmMethods)) {
      parsed.apmMethods = read.array(apmMethods, `${path}.apmMethods`).map((item, index) => {
        const method = read.record(item, `${path}.apmMethods[${index}]`)
        return {
          method: read.string(field(method, 'method'), `${path}.apmMethods[${index}].method`),
          presentation: read.oneOf(
            field(method, 'presentation'),
            ['qr-code', 'redirect'],
            `${path}.apmMethods[${index}].presentation`,
          ),
        }
      })
    }
    const riskPlugin = field(entry, 'riskPlugin')
    if (!isAbsent(riskPlugin)) {
      const plugin = read.record(riskPlugin, `${path}.riskPlugin`)
      parsed.riskPlugin = {
        scriptUrl: read.string(field(plugin, 'scriptUrl'), `${path}.riskPlugin.scriptUrl`),
        accId: read.string(field(plugin, 'accId'), `${path}.riskPlugin.accId`),
        clientId: read.string(field(plugin, 'clientId'), `${path}.riskPlugin.clientId`),
        environment: read.oneOf(
          field(plugin, 'environment'),
          ['SANDBOX', 'PRODUCTION'],
          `${path}.riskPlugin.environment`,
        ),
      }
    }
    gateways[gateway] = parsed
  }
  return { gateways }
}
