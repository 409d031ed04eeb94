import { type BrowserEnvironment, browserSessionStorage } from './browserEnvironment.ts'
import { isCheckoutError } from './checkoutError.ts'
import type { CreatePaymentRequest, GatewayName, PaymentSession } from './contract.ts'

/** What is kept across a redirect to the gateway and back: enough to ask the server, no more. */
export interface RememberedPayment {
  paymentId: string
  gateway: GatewayName
  expiresAt?: string
  /** The merchant's order reference: a shopper back from the gateway's page may pay it again. */
  orderId?: string
  /**
   * The local payment method of an APM attempt (`AlipayCN`): paying again with the same method
   * goes back to the same wallet page or QR code, another method is another payment.
   */
  method?: string
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
 * Writes the payment to `sessionStorage` before the shopper leaves for the gateway (or is shown a
 * QR code, which a reload would lose). Only the payment id, the gateway, the expiry, the order
 * reference and the local method are written: never card data, never the session.
 */
export function rememberPayment(
  record: RememberedPayment,
  environment: StorageAccess = realStorage,
): void {
  const kept: RememberedPayment = { paymentId: record.paymentId, gateway: record.gateway }
  if (record.expiresAt !== undefined) kept.expiresAt = record.expiresAt
  if (record.orderId !== undefined) kept.orderId = record.orderId
  if (record.method !== undefined) kept.method = record.method
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
  const { paymentId, gateway, expiresAt, orderId, method } = json as Record<string, unknown>
  if (typeof paymentId !== 'string' || paymentId === '') return undefined
  if (typeof gateway !== 'string' || !gatewayNames.includes(gateway)) return undefined
  const record: RememberedPayment = { paymentId, gateway: gateway as GatewayName }
  if (typeof orderId === 'string') record.orderId = orderId
  if (typeof method === 'string') record.method = method
  if (expiresAt === undefined) return record
  if (typeof expiresAt !== 'string') return undefined
  const expiry = Date.parse(expiresAt)
  if (Number.isNaN(expiry) || expiry <= Date.now()) return undefined
  record.expiresAt = expiresAt
  return record
}

type AttemptRequest = Pick<CreatePaymentRequest, 'orderId' | 'gateway' | 'flow' | 'method'>
type ReadPayment = (paymentId: string) => Promise<PaymentSession>

/**
 * The attempt holding the order, after a refusal with `ATTEMPT_IN_PROGRESS`, when it is the one
 * this tab remembered for the same order, gateway, flow and local method; undefined otherwise, or
 * when it cannot be read.
 */
async function attemptLeftByThisTab(
  refusal: unknown,
  request: AttemptRequest,
  getPayment: ReadPayment,
  environment: StorageAccess,
): Promise<PaymentSession | undefined> {
  if (!isCheckoutError(refusal) || refusal.serverCode !== 'ATTEMPT_IN_PROGRESS') return undefined
  const remembered = recallPayment(environment)
  if (
    remembered?.orderId !== request.orderId ||
    remembered.gateway !== request.gateway ||
    // Both undefined for a hosted page or a card; a wallet attempt only for the same wallet.
    remembered.method !== request.method
  ) {
    return undefined
  }
  try {
    const session = await getPayment(remembered.paymentId)
    const same =
      session.orderId === request.orderId &&
      session.gateway === request.gateway &&
      session.flow === request.flow
    return same ? session : undefined
  } catch {
    // Unreachable or unreadable: the shopper is told the order is in progress.
    return undefined
  }
}

/**
 * After a new attempt was refused with `ATTEMPT_IN_PROGRESS`: the session to follow instead, when
 * the attempt holding the order is the one this tab left (remembered, same order, gateway, flow
 * and local method) and it still waits for the shopper: a hosted page, or a local method's wallet
 * page or QR code. The shopper came back without paying (Back, a reload) and pays again: they go
 * back to the same page or code, and the gateway never holds two orders for one. Anything else
 * (another tab's attempt, one being paid, another method, a card: see
 * `releaseAbandonedCardAttempt`) answers undefined, and the refusal stands.
 *
 * `getPayment` is `GET /payments/{id}`.
 */
export async function resumeAbandonedAttempt(
  refusal: unknown,
  request: AttemptRequest,
  getPayment: ReadPayment,
  environment: StorageAccess = realStorage,
): Promise<PaymentSession | undefined> {
  const { flow } = request
  if (flow !== 'hosted-redirect' && flow !== 'apm') return undefined
  const session = await attemptLeftByThisTab(refusal, request, getPayment, environment)
  const actionType = session?.action?.type
  const waiting =
    session?.status === 'requires_action' &&
    (actionType === 'redirect' || (flow === 'apm' && actionType === 'qr-code'))
  return waiting ? session : undefined
}

/**
 * After a card payment was refused with `ATTEMPT_IN_PROGRESS`, when the attempt holding the order
 * is this tab's own card payment (remembered, same order and gateway): the shopper left its
 * bank verification (Back from the 3DS page, a reload) and pays again, perhaps with another card.
 * It is not resumed, since the card may have changed, nor left to hold the order until the
 * gateway times it out:
 * - still at the verification: it is cancelled (`cancelPayment`; the server asks the gateway
 *   first, and refuses a payment being confirmed), and `'released'` tells the caller to send its
 *   request again;
 * - ended meanwhile unpaid: `'released'` too;
 * - paid, or being confirmed: its session, to be shown, so the order is never paid twice.
 * Anything else (another tab's attempt, nothing remembered, an unreadable answer) answers
 * undefined, and the refusal stands.
 */
export async function releaseAbandonedCardAttempt(
  refusal: unknown,
  request: Pick<CreatePaymentRequest, 'orderId' | 'gateway' | 'flow'>,
  getPayment: ReadPayment,
  cancelPayment: ReadPayment,
  environment: StorageAccess = realStorage,
): Promise<PaymentSession | 'released' | undefined> {
  if (request.flow !== 'card') return undefined
  let session = await attemptLeftByThisTab(refusal, request, getPayment, environment)
  if (session?.status === 'requires_action') {
    try {
      session = await cancelPayment(session.id)
    } catch {
      // Refused: paid or being confirmed meanwhile, or ended. Read again to know which.
      session = await getPayment(session.id).catch(() => undefined)
    }
  }
  switch (session?.status) {
    case undefined:
    case 'requires_action':
      return undefined
    case 'succeeded':
    case 'processing':
      return session
    default:
      return 'released'
  }
}
