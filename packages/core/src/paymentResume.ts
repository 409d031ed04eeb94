import { type BrowserEnvironment, browserSessionStorage } from './browserEnvironment.ts'
import type { GatewayName } from './contract.ts'

/** What is kept across a redirect to the gateway and back: enough to ask the server, no more. */
export interface RememberedPayment {
  paymentId: string
  gateway: GatewayName
  expiresAt?: string
}

type StorageAccess = Pick<BrowserEnvironment, 'sessionStorage'>

const realStorage: StorageAccess = { sessionStorage: browserSessionStorage }

const storageKey = 'checkout-kit:payment'
const gatewayNames: readonly string[] = [
  'pingpong',
  'pockyt',
  'oceanpayment',
] satisfies GatewayName[]

// Every storage call may throw (Safari's private mode, quotas, blocked storage). Resuming is a
// convenience, the return URL carries the payment id too, so a failure here never breaks a payment.
function withStorage<T>(environment: StorageAccess, use: (storage: Storage) => T): T | undefined {
  try {
    const storage = environment.sessionStorage()
    return storage ? use(storage) : undefined
  } catch {
    return undefined
  }
}

/**
 * Writes the payment to `sessionStorage` before the shopper leaves for the gateway. Only the
 * payment id, the gateway and the expiry are written: never card data, never the session.
 */
export function rememberPayment(
  record: RememberedPayment,
  environment: StorageAccess = realStorage,
): void {
  const kept: RememberedPayment = { paymentId: record.paymentId, gateway: record.gateway }
  if (record.expiresAt !== undefined) kept.expiresAt = record.expiresAt
  withStorage(environment, (storage) => storage.setItem(storageKey, JSON.stringify(kept)))
}

/** Reads the remembered payment; a malformed or expired record is removed and not returned. */
export function recallPayment(
  environment: StorageAccess = realStorage,
): RememberedPayment | undefined {
  return withStorage(environment, (storage) => {
    const text = storage.getItem(storageKey)
    if (text === null) return undefined
    const record = readRecord(text)
    if (record) return record
    storage.removeItem(storageKey)
    return undefined
  })
}

export function forgetPayment(environment: StorageAccess = realStorage): void {
  withStorage(environment, (storage) => storage.removeItem(storageKey))
}

function readRecord(text: string): RememberedPayment | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined
  const { paymentId, gateway, expiresAt } = json as Record<string, unknown>
  if (typeof paymentId !== 'string' || paymentId === '') return undefined
  if (typeof gateway !== 'string' || !gatewayNames.includes(gateway)) return undefined
  const record: RememberedPayment = { paymentId, gateway: gateway as GatewayName }
  if (expiresAt === undefined) return record
  if (typeof expiresAt !== 'string') return undefined
  const expiry = Date.parse(expiresAt)
  if (Number.isNaN(expiry) || expiry <= Date.now()) return undefined
  record.expiresAt = expiresAt
  return record
}
