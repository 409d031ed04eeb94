import type { PaymentSession } from '@checkout-kit/react'
import {
  CardPayment,
  CheckoutProvider,
  HostedCheckout,
  LocalPayment,
  PaymentResult,
} from '@checkout-kit/react'
import { type FormEvent, type ReactNode, useId, useState } from 'react'
import { type Cart, type Product, useCart, useProducts } from './cart.ts'
import { gatewayOrigins } from './gatewayOrigin.ts'
import { navigate, usePathname } from './navigation.ts'

const allowedOrigins = gatewayOrigins()

function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
        event.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}

function itemCount(cart: Cart): number {
  return Object.values(cart).reduce((sum, quantity) => sum + quantity, 0)
}

export function App() {
  const pathname = usePathname()
  const { cart, add, clear } = useCart()
  const { products, error } = useProducts()
  const count = itemCount(cart)

  let page: ReactNode
  if (pathname === '/checkout') {
    page = <CheckoutPage cart={cart} products={products} />
  } else if (pathname === '/result') {
    page = <ResultPage onSucceeded={clear} />
  } else {
    page = <CataloguePage products={products} error={error} onAdd={add} cart={cart} />
  }

  return (
    <CheckoutProvider allowedOrigins={allowedOrigins}>
      <header>
        <nav aria-label="Shop">
          <Link to="/">Catalogue</Link> ·{' '}
          <Link to="/checkout">{`Cart (${count} ${count === 1 ? 'item' : 'items'})`}</Link>
        </nav>
      </header>
      <main>{page}</main>
    </CheckoutProvider>
  )
}

function CataloguePage({
  products,
  error,
  cart,
  onAdd,
}: {
  products: Product[] | undefined
  error: string | undefined
  cart: Cart
  onAdd: (productId: string) => void
}) {
  return (
    <>
      <h1>Checkout Kit demo shop</h1>
      {error && <p role="alert">{error}</p>}
      {!products && !error && <p>Loading the catalogue…</p>}
      <ul aria-label="Products">
        {products?.map((product) => (
          <li key={product.id}>
            <h2>{product.name}</h2>
            <p>{product.description}</p>
            <p>{product.price} USD</p>
            <button
              type="button"
              aria-label={`Add ${product.name} to cart`}
              onClick={() => onAdd(product.id)}
            >
              Add to cart
            </button>
            {cart[product.id] ? <span> {cart[product.id]} in cart</span> : null}
          </li>
        ))}
      </ul>
      {itemCount(cart) > 0 && (
        <p>
          <Link to="/checkout">Go to checkout</Link>
        </p>
      )}
    </>
  )
}

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

function CheckoutPage({ cart, products }: { cart: Cart; products: Product[] | undefined }) {
  const [order, setOrder] = useState<PlacedOrder | undefined>()
  const [placing, setPlacing] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [mode, setMode] = useState<PaymentMode>('pingpong-sdk')
  const groupName = useId()
  const lines = Object.entries(cart).filter(([, quantity]) => quantity > 0)

  async function placeOrder(event: FormEvent) {
    event.preventDefault()
    setPlacing(true)
    setError(undefined)
    try {
      const response = await fetch('/api/shop/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          items: lines.map(([productId, quantity]) => ({ productId, quantity })),
        }),
      })
      const body = (await response.json()) as PlacedOrder & { error?: { message: string } }
      if (!response.ok)
        throw new Error(body.error?.message ?? `The shop answered ${response.status}.`)
      setOrder({ orderId: body.orderId, amount: body.amount })
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason))
    } finally {
      setPlacing(false)
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
      <section aria-labelledby="cart-heading">
        <h2 id="cart-heading">Your cart</h2>
        <ul>
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
        <section aria-labelledby="payment-heading">
          <h2 id="payment-heading">Payment</h2>
          <p>
            Order {order.orderId}: total {order.amount.value} {order.amount.currency}
          </p>
          <fieldset>
            <legend>Payment method</legend>
            {paymentModes.map((option) => (
              <label key={option.id} style={{ display: 'block' }}>
                <input
                  type="radio"
                  name={groupName}
                  value={option.id}
                  checked={mode === option.id}
                  onChange={() => setMode(option.id)}
                />{' '}
                {option.label}
              </label>
            ))}
          </fieldset>
          <PaymentForm key={`${order.orderId}-${mode}`} mode={mode} orderId={order.orderId} />
        </section>
      )}
    </>
  )
}

function showResult(session: PaymentSession) {
  navigate(`/result?paymentId=${encodeURIComponent(session.id)}`)
}

function PaymentForm({ mode, orderId }: { mode: PaymentMode; orderId: string }) {
  const returnUrl = `${window.location.origin}/result`
  const common = { orderId, returnUrl, onComplete: showResult }
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
    case 'pockyt-hosted':
      return <HostedCheckout gateway="pockyt" flow="hosted-redirect" {...common} />
    case 'oceanpayment-hosted':
      return <HostedCheckout gateway="oceanpayment" flow="hosted-redirect" {...common} />
  }
}

function ResultPage({ onSucceeded }: { onSucceeded: () => void }) {
  return (
    <>
      <h1>Payment result</h1>
      <PaymentResult
        onComplete={(session) => {
          if (session.status === 'succeeded') onSucceeded()
        }}
      />
      <p>
        <Link to="/">Continue shopping</Link>
      </p>
    </>
  )
}
