import {
  CardPayment,
  type CheckoutClient,
  HostedCheckout,
  HostedRedirect,
  isCheckoutError,
  LocalPayment,
  type PaymentSession,
  useCheckoutContext,
} from '@checkout-kit/react'
import { type FormEvent, useId, useRef, useState } from 'react'
import type { OrderView } from '../server/shop.ts'
import type { Cart, Product } from './cart.ts'
import { Link } from './Link.tsx'
import { navigate } from './navigation.ts'
import { shopJson } from './shopJson.ts'

type PaymentMode =
  | 'pingpong-sdk'
  | 'pingpong-redirect'
  | 'pingpong-card'
  | 'pingpong-qr'
  | 'pingpong-apm-redirect'
  | 'pockyt-hosted'
  | 'oceanpayment-hosted'

const paymentModes: { id: PaymentMode; label: string }[] = [
  { id: 'pingpong-sdk', label: 'PingPong hosted (embedded SDK)' },
  { id: 'pingpong-redirect', label: 'PingPong hosted (redirect)' },
  { id: 'pingpong-card', label: 'PingPong card' },
  { id: 'pingpong-qr', label: 'PingPong local payment (QR)' },
  { id: 'pingpong-apm-redirect', label: 'PingPong local payment (redirect)' },
  { id: 'pockyt-hosted', label: 'Pockyt hosted' },
  { id: 'oceanpayment-hosted', label: 'Oceanpayment hosted' },
]

interface PlacedOrder {
  orderId: string
  amount: { value: string; currency: string }
}

/** What is left of an order's earlier attempts once the open one is closed. */
type Closed = { outcome: 'ready' } | { outcome: 'paid'; paymentId: string } | { outcome: 'busy' }

/**
 * Closes the order's open payment attempt, so the shopper can pay another way.
 *
 * The server allows one open attempt per order (a second one is `409 ATTEMPT_IN_PROGRESS`), so
 * that an order is not paid twice at once. Switching mode cancels the open attempt through the
 * contract's `POST /payments/{id}/cancel` rather than placing a fresh order per attempt: the cart
 * stays one order, the orders page tells its story truthfully (a cancelled QR code, then a card
 * payment), and no abandoned order is left behind that could still be paid on its own.
 *
 * Only an attempt waiting for the shopper (`requires_action`: a QR code on screen, a hosted page
 * not finished) is cancelled. A `processing` one may already have been charged, so the shopper
 * waits for its outcome instead. The cancel closes the attempt on the merchant's server only: if
 * the shopper pays the old QR code anyway, the server still records the success (the money was
 * taken) and the orders page shows it, to be refunded.
 */
async function closeOpenAttempt(client: CheckoutClient, orderId: string): Promise<Closed> {
  const orderUrl = `/api/shop/orders/${encodeURIComponent(orderId)}`
  const before = await shopJson<OrderView>(orderUrl)
  for (const payment of before.payments) {
    if (payment.status !== 'requires_action') continue
    try {
      await client.cancelPayment(payment.id)
    } catch (error) {
      // Settled meanwhile (paid, expired): the order below says how.
      if (!isCheckoutError(error) || error.serverCode !== 'PAYMENT_NOT_OPEN') throw error
    }
  }
  const after = await shopJson<OrderView>(orderUrl)
  const paid = after.payments.find((payment) => payment.status === 'succeeded')
  if (paid) return { outcome: 'paid', paymentId: paid.id }
  if (after.payments.some((payment) => payment.status === 'processing')) return { outcome: 'busy' }
  return { outcome: 'ready' }
}

export function CheckoutPage({ cart, products }: { cart: Cart; products: Product[] | undefined }) {
  const { client } = useCheckoutContext('<CheckoutPage>')
  const [order, setOrder] = useState<PlacedOrder | undefined>()
  const [placing, setPlacing] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [mode, setMode] = useState<PaymentMode>('pingpong-sdk')
  /** Set while the previous attempt is being closed; the next form waits for it. */
  const [closing, setClosing] = useState(false)
  const [switchProblem, setSwitchProblem] = useState<string | undefined>()
  const switches = useRef(0)
  const groupName = useId()
  const lines = Object.entries(cart).filter(([, quantity]) => quantity > 0)

  async function placeOrder(event: FormEvent) {
    event.preventDefault()
    setPlacing(true)
    setError(undefined)
    try {
      setOrder(
        await shopJson<PlacedOrder>('/api/shop/orders', {
          method: 'POST',
          body: { items: lines.map(([productId, quantity]) => ({ productId, quantity })) },
        }),
      )
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      setPlacing(false)
    }
  }

  async function switchMode(next: PaymentMode) {
    if (!order) return
    setMode(next)
    setClosing(true)
    setSwitchProblem(undefined)
    const current = ++switches.current
    try {
      const closed = await closeOpenAttempt(client, order.orderId)
      if (current !== switches.current) return
      if (closed.outcome === 'paid') showResult(closed.paymentId)
      if (closed.outcome === 'busy') {
        setSwitchProblem(
          'A payment of this order is still being processed. Wait for its result before paying another way.',
        )
      }
    } catch (reason) {
      if (current === switches.current) setSwitchProblem((reason as Error).message)
    } finally {
      if (current === switches.current) setClosing(false)
    }
  }

  if (lines.length === 0 && !order) {
    return (
      <>
        <h1>Checkout</h1>
        <p>
          Your cart is empty. <Link to="/">Browse the catalogue</Link>
        </p>
      </>
    )
  }

  return (
    <>
      <h1>Checkout</h1>
      <div className="checkout">
        <section className="panel" aria-labelledby="cart-heading">
          <h2 id="cart-heading">Your cart</h2>
          <ul className="cart-lines">
            {lines.map(([productId, quantity]) => {
              const product = products?.find((candidate) => candidate.id === productId)
              return (
                <li key={productId}>
                  {quantity} × {product?.name ?? productId}
                  {product ? ` — ${product.price} USD each` : ''}
                </li>
              )
            })}
          </ul>
          {!order && (
            <form onSubmit={placeOrder}>
              <button type="submit" disabled={placing} aria-busy={placing}>
                Place order
              </button>
              {error && <p role="alert">{error}</p>}
            </form>
          )}
        </section>
        {order && (
          <section className="panel" aria-labelledby="payment-heading">
            <h2 id="payment-heading">Payment</h2>
            <p>
              Order {order.orderId}: total {order.amount.value} {order.amount.currency}
            </p>
            <fieldset className="payment-modes">
              <legend>Payment method</legend>
              {paymentModes.map((option) => (
                <label key={option.id}>
                  <input
                    type="radio"
                    name={groupName}
                    value={option.id}
                    checked={mode === option.id}
                    onChange={() => void switchMode(option.id)}
                  />{' '}
                  {option.label}
                </label>
              ))}
            </fieldset>
            <div role="status">{closing ? 'Closing the previous payment attempt…' : ''}</div>
            {switchProblem && (
              <div role="alert">
                <p>{switchProblem}</p>
                <button type="button" onClick={() => void switchMode(mode)}>
                  Check again
                </button>
              </div>
            )}
            {!closing && !switchProblem && (
              <PaymentForm key={`${order.orderId}-${mode}`} mode={mode} orderId={order.orderId} />
            )}
          </section>
        )}
      </div>
    </>
  )
}

function showResult(paymentId: string) {
  navigate(`/result?paymentId=${encodeURIComponent(paymentId)}`)
}

function PaymentForm({ mode, orderId }: { mode: PaymentMode; orderId: string }) {
  const returnUrl = `${window.location.origin}/result`
  const common = {
    orderId,
    returnUrl,
    onComplete: (session: PaymentSession) => showResult(session.id),
  }
  switch (mode) {
    case 'pingpong-sdk':
      return <HostedCheckout gateway="pingpong" flow="hosted-sdk" {...common} />
    case 'pingpong-redirect':
      return <HostedCheckout gateway="pingpong" flow="hosted-redirect" {...common} />
    case 'pingpong-card':
      return <CardPayment gateway="pingpong" merchantUserId="demo-shopper" {...common} />
    case 'pingpong-qr':
      return <LocalPayment gateway="pingpong" method="AlipayCN" {...common} />
    case 'pingpong-apm-redirect':
      return <LocalPayment gateway="pingpong" method="GCash" {...common} />
    // The redirect-only component (what `@checkout-kit/react/redirect` ships), so the end-to-end
    // suite runs it in a real browser, the Oceanpayment form post included.
    case 'pockyt-hosted':
      return <HostedRedirect gateway="pockyt" {...common} />
    case 'oceanpayment-hosted':
      return <HostedRedirect gateway="oceanpayment" {...common} />
  }
}
