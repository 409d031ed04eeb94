import { type BrowserEnvironment, browserSessionStorage } from './browserEnvironment.ts'
import { isCheckoutError } from './checkoutError.ts'
import type { GatewayName } from './contract.ts'

/** What is kept across a redirect to the gateway and back: enough to ask the server, no more. */
export interface RememberedPayment {
  paymentId: string
  gateway: GatewayName
  expiresAt?: string
  /** The merchant's order reference: a shopper back from the gateway's page may pay it again. */
  orderId?: string
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
 * payment id, the gateway, the expiry and the order reference are written: never card data,
 * never the session.
 */
export function rememberPayment(
  record: RememberedPayment,
  environment: StorageAccess = realStorage,
): void {
  const kept: RememberedPayment = { paymentId: record.paymentId, gateway: record.gateway }
  if (record.expiresAt !== undefined) kept.expiresAt = record.expiresAt
  if (record.orderId !== undefined) kept.orderId = record.orderId
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
  const { paymentId, gateway, expiresAt, orderId } = json as Record<string, unknown>
  if (typeof paymentId !== 'string' || paymentId === '') return undefined
  if (typeof gateway !== 'string' || !gatewayNames.includes(gateway)) return undefined
  const record: RememberedPayment = { paymentId, gateway: gateway as GatewayName }
  if (typeof orderId === 'string') record.orderId = orderId
  if (expiresAt === undefined) return record
  if (typeof expiresAt !== 'string') return undefined
  const expiry = Date.parse(expiresAt)
  if (Number.isNaN(expiry) || expiry <= Date.now()) return undefined
  record.expiresAt = expiresAt
  return record
}

/**
 * After a new attempt was refused with `ATTEMPT_IN_PROGRESS`: when the attempt holding the order
 * is the one this tab left for the gateway's page (remembered, same order), the shopper came back
 * without finishing it (Back, a reload) and is paying again. That attempt is then cancelled, so
 * the refused request can be sent again. The server asks the gateway before it cancels: an
 * attempt paid meanwhile is never cancelled, and then this answers false and the refusal stands.
 *
 * Answers whether the abandoned attempt was cancelled. `cancel` is `POST /payments/{id}/cancel`.
 */
export async function cancelAbandonedAttempt(
  refusal: unknown,
  orderId: string,
  cancel: (paymentId: string) => Promise<unknown>,
  environment: StorageAccess = realStorage,
): Promise<boolean> {
  if (!isCheckoutError(refusal) || refusal.serverCode !== 'ATTEMPT_IN_PROGRESS') return false
  const remembered = recallPayment(environment)
  if (!remembered || remembered.orderId !== orderId) return false
  try {
    await cancel(remembered.paymentId)
  } catch {
    // Paid or being confirmed meanwhile, or unreachable: the shopper is told the order is in
    // progress, and the result page still finds the remembered payment.
    return false
  }
  forgetPayment(environment)
  return true
}
