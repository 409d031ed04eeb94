import { recallPayment } from '@checkout-kit/core'
import {
  CardPayment,
  type CheckoutClient,
  type CheckoutError,
  HostedCheckout,
  HostedRedirect,
  isCheckoutError,
  LocalPayment,
  type PaymentSession,
  useCheckoutContext,
} from '@checkout-kit/react'
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import type { PaymentView } from '../server/paymentView.ts'
import type { OrderView } from '../server/shop.ts'
import type { Cart, Product } from './cart.ts'
import { Link } from './Link.tsx'
import { navigate, replaceLocation, useSearchParam } from './navigation.ts'
import { type OrderState, orderState, readOrder } from './orderState.ts'
import { PageHeading } from './PageHeading.tsx'
import { describeMethod, formatMoney } from './paymentLabels.ts'
import { ShopApiError, shopJson } from './shopJson.ts'
import { productName, type ShopText, useShopText } from './shopText.ts'

export type PaymentMode =
  | 'pingpong-sdk'
  | 'pingpong-redirect'
  | 'pingpong-card'
  | 'pingpong-qr'
  | 'pingpong-apm-redirect'
  | 'pockyt-hosted'
  | 'oceanpayment-hosted'

const paymentModes: readonly PaymentMode[] = [
  'pingpong-sdk',
  'pingpong-redirect',
  'pingpong-card',
  'pingpong-qr',
  'pingpong-apm-redirect',
  'pockyt-hosted',
  'oceanpayment-hosted',
]

/** The local method each local payment mode pays with. */
const localMethods = {
  'pingpong-qr': 'AlipayCN',
  'pingpong-apm-redirect': 'GCash',
} as const satisfies Partial<Record<PaymentMode, string>>

interface PlacedOrder {
  orderId: string
  amount: { value: string; currency: string }
}

/**
 * Closes the order's open payment attempt, so the shopper can pay another way.
 *
 * The server allows one open attempt per order (a second one is `409 ATTEMPT_IN_PROGRESS`), so
 * that an order is not paid twice at once. The shopper's "Cancel it and pay with …" cancels the
 * open attempt through the contract's `POST /payments/{id}/cancel` rather than placing a fresh
 * order per attempt: the cart stays one order, the orders page tells its story truthfully (a
 * cancelled QR code, then a card payment), and no abandoned order is left behind that could still
 * be paid on its own.
 *
 * Only an attempt waiting for the shopper (`requires_action`: a QR code on screen, a hosted page
 * not finished) is cancelled. A `processing` one may already have been charged, so the shopper
 * waits for its outcome instead. The cancel closes the attempt on the merchant's server only: if
 * the shopper pays the old QR code anyway, the server still records the success (the money was
 * taken) and the orders page shows it, to be refunded.
 */
async function closeOpenAttempt(client: CheckoutClient, orderId: string): Promise<OrderState> {
  const before = await readOrder(orderId)
  for (const payment of before.payments) {
    if (payment.status !== 'requires_action') continue
    try {
      await client.cancelPayment(payment.id)
    } catch (error) {
      // Settled meanwhile (paid, expired), or being confirmed: the order below says how.
      const settling = ['PAYMENT_NOT_OPEN', 'PAYMENT_PROCESSING']
      if (!isCheckoutError(error) || !settling.includes(error.serverCode ?? '')) throw error
    }
  }
  return orderState(await readOrder(orderId))
}

/**
 * An open attempt: the mode of the form on the page, or, for one started before the page was shown
 * (Back from a gateway's page, a reload, another tab), the payment as the shop API tells it.
 */
type OpenAttempt = PaymentMode | Pick<PaymentView, 'gateway' | 'flow'>

function attemptName(attempt: OpenAttempt, text: ShopText): string {
  return typeof attempt === 'string' ? text.modes[attempt] : describeMethod(attempt, text)
}

/**
 * The form that pays `payment` again, when it is the attempt this tab left (Back from the gateway's
 * page or the bank's verification, a reload while its QR code was shown) and the kit takes it
 * over: a hosted page, or a local method's page or code, is resumed, and its "Pay" goes back to
 * the same page or code; a card payment's verification is given up, and "Pay" starts again with
 * the card entered (releaseAbandonedCardAttempt). Either way the shopper need not cancel it first.
 * Not for the embedded SDK, whose attempts the kit does not resume.
 */
function modeResuming(payment: PaymentView): PaymentMode | undefined {
  const remembered = recallPayment()
  if (remembered?.paymentId !== payment.id) return undefined
  if (payment.flow === 'card') return 'pingpong-card'
  if (payment.flow === 'hosted-redirect') {
    return payment.gateway === 'pingpong' ? 'pingpong-redirect' : `${payment.gateway}-hosted`
  }
  if (payment.flow !== 'apm') return undefined
  const modes = Object.keys(localMethods) as (keyof typeof localMethods)[]
  return modes.find((mode) => localMethods[mode] === remembered.method)
}

/** What the status region says about switching methods; words chosen at render, in the shop's language. */
type SwitchNotice =
  | { kind: 'left'; open: PaymentMode }
  | { kind: 'still-open'; open: PaymentMode; next: PaymentMode }
  | { kind: 'closing' }
  | { kind: 'cancelled'; open: OpenAttempt; next: PaymentMode }

function noticeText(notice: SwitchNotice | undefined, text: ShopText): string {
  switch (notice?.kind) {
    case 'left':
      return notice.open === 'pingpong-card'
        ? text.cardAttemptLeft
        : text.attemptLeft(text.modes[notice.open])
    case 'still-open':
      return text.stillOpen(text.modes[notice.open], text.modes[notice.next])
    case 'closing':
      return text.closingAttempt
    case 'cancelled':
      return text.attemptCancelled(attemptName(notice.open, text), text.modes[notice.next])
    default:
      return ''
  }
}

/** The first control of a payment form, for focus to land on when the form replaces a button. */
function firstControl(container: HTMLElement | null): HTMLElement | null {
  return (
    container?.querySelector<HTMLElement>(
      'input:not([disabled]), button:not([disabled]), a[href]',
    ) ?? null
  )
}

/** A line as the checkout lists it, from the cart or from an order placed earlier. */
interface Line {
  productId: string
  quantity: number
  name: string
  unitPrice: string | undefined
}

/**
 * `/checkout` pays the cart as a new order; `/checkout?order=<id>` pays an order placed earlier
 * and not paid yet (the result page's "Pay for this order again").
 *
 * A cart placed as an order is that order until the cart changes: placing it writes `?order=<id>`
 * into the address and keeps the id with the cart (`cartOrderId`), so Back from a gateway's page,
 * a reload, or Orders and then Back come back to the same order and its open attempt, not to the
 * cart and a second "Place order" that could be paid as well.
 */
export function CheckoutPage({
  cart,
  cartOrderId,
  products,
  onPlaced,
  onOrderGone,
  onPaid,
}: {
  cart: Cart
  /** The order placed from this cart, if the cart has not changed since. */
  cartOrderId: string | undefined
  products: Product[] | undefined
  onPlaced: (orderId: string) => void
  /** The shop does not know the cart's order (its data was deleted): the cart is a cart again. */
  onOrderGone: (orderId: string) => void
  /** The order shown is paid already (on a phone, in another tab). */
  onPaid: (orderId: string) => void
}) {
  const orderInUrl = useSearchParam('order')
  const orderId = orderInUrl ?? cartOrderId
  // The order placed on this page. A ref, not state: it must be set before the address names the
  // order, so that the checkout which placed it (its form, a QR code on it) stays on screen.
  const placedHere = useRef<string | undefined>(undefined)
  const isPlacedHere = orderId !== undefined && orderId === placedHere.current

  useEffect(() => {
    if (orderInUrl === undefined && orderId !== undefined) {
      replaceLocation(`/checkout?order=${encodeURIComponent(orderId)}`)
    }
  }, [orderInUrl, orderId])

  return (
    <Checkout
      key={isPlacedHere ? '' : (orderId ?? '')}
      cart={cart}
      products={products}
      placedOrderId={isPlacedHere ? undefined : orderId}
      onPlaced={(placed) => {
        placedHere.current = placed
        onPlaced(placed)
        replaceLocation(`/checkout?order=${encodeURIComponent(placed)}`)
      }}
      onPaid={onPaid}
      onMissing={
        orderId !== undefined && orderId === cartOrderId
          ? () => {
              onOrderGone(orderId)
              replaceLocation('/checkout')
            }
          : undefined
      }
    />
  )
}

function Checkout({
  cart,
  products,
  placedOrderId,
  onPlaced,
  onPaid,
  onMissing,
}: {
  cart: Cart
  products: Product[] | undefined
  placedOrderId: string | undefined
  onPlaced: (orderId: string) => void
  onPaid: (orderId: string) => void
  /** `placedOrderId` is unknown to the shop, and the page has something else to show. */
  onMissing: (() => void) | undefined
}) {
  const { client } = useCheckoutContext('<CheckoutPage>')
  const text = useShopText()
  const [order, setOrder] = useState<PlacedOrder | undefined>()
  /** The order of `placedOrderId`, once read. */
  const [placed, setPlaced] = useState<OrderView | undefined>()
  const [placing, setPlacing] = useState(false)
  // Set synchronously: a second Enter before React re-renders the button places nothing more.
  const placingNow = useRef(false)
  const [error, setError] = useState<string | undefined>()
  /** The method chosen in the list. Choosing never cancels anything by itself. */
  const [selected, setSelected] = useState<PaymentMode>('pingpong-sdk')
  /** The method whose form is on the page; it differs from `selected` while an attempt holds it. */
  const [formMode, setFormMode] = useState<PaymentMode>('pingpong-sdk')
  /** Why the chosen method's form is not shown yet: an attempt of the order is still open. */
  const [held, setHeld] = useState<'open' | 'processing' | undefined>()
  /**
   * The open attempt when it is not on this page: started before the page was shown (Back from a
   * gateway's page, a reload, another tab). No form is shown meanwhile, since the server refuses
   * another attempt (`409 ATTEMPT_IN_PROGRESS`) until this one is cancelled or ends.
   */
  const [away, setAway] = useState<PaymentView | undefined>()
  /** Set while the open attempt is being cancelled; its form is off the page meanwhile. */
  const [closing, setClosing] = useState(false)
  /** What the polite status region says about switching. */
  const [notice, setNotice] = useState<SwitchNotice | undefined>()
  const [switchProblem, setSwitchProblem] = useState<string | undefined>()
  /** Set while the order is read after a choice; the form on the page takes no input meanwhile. */
  const [checking, setChecking] = useState(false)
  /**
   * Whether the shopper has pressed a button or sent the form on the page: until then no attempt
   * can be open, and a choice shows its form at once, with nothing to read.
   */
  const engaged = useRef(false)
  const checks = useRef(0)
  const formRef = useRef<HTMLDivElement>(null)
  const focusForm = useRef(false)
  const heldRef = useRef<HTMLDivElement>(null)
  const focusHeld = useRef(false)
  const paymentHeadingRef = useRef<HTMLHeadingElement>(null)
  const focusPayment = useRef(false)
  // Read through refs: the order is read once, whatever functions a render passes.
  const onMissingRef = useRef(onMissing)
  onMissingRef.current = onMissing
  const onPaidRef = useRef(onPaid)
  onPaidRef.current = onPaid
  const groupName = useId()
  const lines: Line[] = placed
    ? placed.lines
    : Object.entries(cart)
        .filter(([, quantity]) => quantity > 0)
        .map(([productId, quantity]) => {
          const product = products?.find((candidate) => candidate.id === productId)
          return {
            productId,
            quantity,
            name: product?.name ?? productId,
            unitPrice: product?.price,
          }
        })

  useEffect(() => {
    if (placedOrderId === undefined) return
    let active = true
    readOrder(placedOrderId).then(
      (view) => {
        if (!active) return
        setPlaced(view)
        const state = orderState(view)
        if (state.outcome === 'paid') {
          onPaidRef.current(view.id)
          return
        }
        setOrder({ orderId: view.id, amount: view.total })
        const resuming = state.outcome === 'open' ? modeResuming(state.payment) : undefined
        if (resuming) {
          setSelected(resuming)
          setFormMode(resuming)
          setNotice({ kind: 'left', open: resuming })
        } else if (state.outcome !== 'ready') {
          setAway(state.payment)
          setHeld(state.outcome)
        }
      },
      (reason: Error) => {
        if (!active) return
        const missing = onMissingRef.current
        if (reason instanceof ShopApiError && reason.status === 404 && missing) missing()
        else setError(reason.message)
      },
    )
    return () => {
      active = false
    }
  }, [placedOrderId])

  // After "Cancel it and pay with …", the new form's first control takes the focus the button had.
  useEffect(() => {
    if (!focusForm.current || closing) return
    focusForm.current = false
    firstControl(formRef.current)?.focus()
  }, [closing])

  // When a refused payment's form gives way to the attempt that holds the order, what the shopper
  // can do about it takes the focus the form's button had.
  useEffect(() => {
    if (!focusHeld.current || !away) return
    focusHeld.current = false
    firstControl(heldRef.current)?.focus()
  }, [away])

  // "Place order" leaves the page with the order placed: the payment section's heading takes its
  // focus, so that a keyboard or screen reader user goes on from there rather than from <body>.
  useEffect(() => {
    if (!focusPayment.current || !order) return
    focusPayment.current = false
    paymentHeadingRef.current?.focus()
  }, [order])

  async function placeOrder(event: FormEvent) {
    event.preventDefault()
    if (placingNow.current) return
    placingNow.current = true
    setPlacing(true)
    setError(undefined)
    try {
      const placed = await shopJson<PlacedOrder>('/api/shop/orders', {
        method: 'POST',
        body: { items: lines.map(({ productId, quantity }) => ({ productId, quantity })) },
      })
      focusPayment.current = true
      setOrder(placed)
      onPlaced(placed.orderId)
    } catch (reason) {
      setError((reason as Error).message)
    } finally {
      placingNow.current = false
      setPlacing(false)
    }
  }

  function showForm(next: PaymentMode) {
    engaged.current = false
    setFormMode(next)
    setHeld(undefined)
    setAway(undefined)
  }

  /** The order's open attempt is not the form on the page: the form goes, the page says what holds it. */
  function holdFor(payment: PaymentView, outcome: 'open' | 'processing') {
    setAway(payment)
    setHeld(outcome)
  }

  /** Shows `next`'s form if no attempt of the order is open; otherwise says what holds it. */
  function settle(state: OrderState, next: PaymentMode) {
    if (state.outcome === 'paid') {
      showResult(state.paymentId)
    } else if (state.outcome === 'ready') {
      showForm(next)
    } else if (away) {
      holdFor(state.payment, state.outcome)
    } else {
      setHeld(state.outcome)
    }
  }

  /**
   * A payment was refused because another attempt holds the order (started in another tab, or
   * before a Back or a reload). "Try again" would be refused the same way, so the page reads the
   * order and offers what can be done: cancel that attempt, or wait for it.
   */
  async function onPaymentError(error: CheckoutError) {
    if (!order || error.serverCode !== 'ATTEMPT_IN_PROGRESS') return
    const current = ++checks.current
    try {
      const state = orderState(await readOrder(order.orderId))
      if (current !== checks.current) return
      if (state.outcome === 'paid') {
        showResult(state.paymentId)
      } else if (state.outcome !== 'ready') {
        focusHeld.current = formRef.current?.contains(document.activeElement) ?? false
        setNotice(undefined)
        holdFor(state.payment, state.outcome)
      }
      // 'ready': the attempt ended meanwhile, and the form's own "Try again" now goes through.
    } catch {
      // The form's own message stays, and its "Try again" reads the server's answer again.
    }
  }

  /**
   * The shopper chose a method (a click, or an arrow key passing by). Only reads the order: an
   * open attempt stays open, its QR code or payment page on screen, until the shopper cancels it.
   */
  async function choose(next: PaymentMode) {
    if (!order) return
    setSelected(next)
    setSwitchProblem(undefined)
    setNotice(undefined)
    const current = ++checks.current
    // With the open attempt away from the page, every choice asks the order how it stands.
    if (next === formMode && !away) {
      setHeld(undefined)
      setChecking(false)
      return
    }
    if (!engaged.current && !away) {
      showForm(next)
      return
    }
    setChecking(true)
    try {
      const state = orderState(await readOrder(order.orderId))
      if (current !== checks.current) return
      settle(state, next)
      if (state.outcome === 'open' && !away) {
        setNotice({ kind: 'still-open', open: formMode, next })
      }
    } catch (reason) {
      if (current === checks.current) setSwitchProblem((reason as Error).message)
    } finally {
      if (current === checks.current) setChecking(false)
    }
  }

  /** The shopper's explicit "Cancel it and pay with …": the one place an open attempt is cancelled. */
  async function cancelAndSwitch() {
    if (!order || closing) return
    const current = ++checks.current
    const from: OpenAttempt = away ?? formMode
    setClosing(true)
    setSwitchProblem(undefined)
    setNotice({ kind: 'closing' })
    try {
      const state = await closeOpenAttempt(client, order.orderId)
      if (current !== checks.current) return
      settle(state, selected)
      if (state.outcome === 'ready') {
        focusForm.current = true
        setNotice({ kind: 'cancelled', open: from, next: selected })
      } else {
        setNotice(undefined)
      }
    } catch (reason) {
      if (current === checks.current) {
        setSwitchProblem((reason as Error).message)
        setNotice(undefined)
      }
    } finally {
      if (current === checks.current) setClosing(false)
    }
  }

  const cancelButton = (
    <button
      type="button"
      className="switch-button"
      aria-disabled={closing}
      aria-busy={closing}
      onClick={() => void cancelAndSwitch()}
    >
      {text.cancelAndPay(text.modes[selected])}
    </button>
  )

  // One heading whatever the body, so the focus it takes on arrival stays when the body changes.
  let body: ReactNode
  if (placedOrderId !== undefined && !order) {
    const paid = placed && orderState(placed)
    body = error ? (
      <p role="alert">{error}</p>
    ) : paid?.outcome === 'paid' ? (
      <p>
        {text.alreadyPaid(placedOrderId)}{' '}
        <Link to={`/orders?order=${encodeURIComponent(placedOrderId)}`}>{text.seeThisOrder}</Link>
      </p>
    ) : (
      <p>{text.loadingOrder}</p>
    )
  } else if (lines.length === 0 && !order) {
    body = (
      <p>
        {text.cartEmpty} <Link to="/">{text.browseCatalogue}</Link>
      </p>
    )
  } else {
    body = (
      <div className="checkout">
        <section className="panel" aria-labelledby="cart-heading">
          <h2 id="cart-heading">{placed ? text.orderLinesHeading : text.cartHeading}</h2>
          <ul className="cart-lines">
            {lines.map((line) => (
              <li key={line.productId}>
                {text.cartLine(
                  line.quantity,
                  productName(text, line.productId, line.name),
                  line.unitPrice,
                )}
              </li>
            ))}
          </ul>
          {!order && (
            <form onSubmit={placeOrder}>
              {/* aria-disabled, not disabled, while placing: a disabled button would drop focus. */}
              <button type="submit" aria-disabled={placing} aria-busy={placing}>
                {text.placeOrder}
              </button>
              {error && <p role="alert">{error}</p>}
            </form>
          )}
        </section>
        {order && (
          <section className="panel" aria-labelledby="payment-heading">
            <h2 id="payment-heading" ref={paymentHeadingRef} tabIndex={-1}>
              {text.paymentHeading}
            </h2>
            <p>{text.orderTotal(order.orderId, formatMoney(order.amount))}</p>
            {/* Still while a cancel is under way: its answer decides which form comes next. */}
            <fieldset className="payment-modes" disabled={closing}>
              <legend>{text.paymentMethod}</legend>
              {paymentModes.map((mode) => (
                <label key={mode}>
                  <input
                    type="radio"
                    name={groupName}
                    value={mode}
                    checked={selected === mode}
                    onChange={() => void choose(mode)}
                  />{' '}
                  {text.modes[mode]}
                </label>
              ))}
            </fieldset>
            <div role="status">{noticeText(notice, text)}</div>
            <div ref={heldRef}>
              {held === 'open' &&
                (away ? (
                  <div role="alert">
                    <p>{text.attemptStillOpen(describeMethod(away, text))}</p>
                    {cancelButton}
                  </div>
                ) : (
                  cancelButton
                ))}
              {held === 'processing' && (
                <div role="alert">
                  <p>{text.attemptProcessing}</p>
                  <button type="button" onClick={() => void choose(selected)}>
                    {text.checkAgain}
                  </button>
                </div>
              )}
            </div>
            {switchProblem && (
              <div role="alert">
                <p>{switchProblem}</p>
                <button type="button" onClick={() => void choose(selected)}>
                  {text.checkAgain}
                </button>
              </div>
            )}
            <div
              ref={formRef}
              // A stale form must not be paid with while the choice is being checked.
              inert={checking}
              onClickCapture={(event) => {
                if ((event.target as Element).closest('button')) engaged.current = true
              }}
              onSubmitCapture={() => {
                engaged.current = true
              }}
            >
              {!closing && !away && (
                <PaymentForm
                  key={`${order.orderId}-${formMode}`}
                  mode={formMode}
                  orderId={order.orderId}
                  onError={(error) => void onPaymentError(error)}
                />
              )}
            </div>
          </section>
        )}
      </div>
    )
  }

  return (
    <>
      <PageHeading>{text.checkoutHeading}</PageHeading>
      {body}
    </>
  )
}

function showResult(paymentId: string) {
  navigate(`/result?paymentId=${encodeURIComponent(paymentId)}`)
}

function PaymentForm({
  mode,
  orderId,
  onError,
}: {
  mode: PaymentMode
  orderId: string
  onError: (error: CheckoutError) => void
}) {
  const returnUrl = `${window.location.origin}/result`
  const common = {
    orderId,
    returnUrl,
    onComplete: (session: PaymentSession) => showResult(session.id),
    onError,
  }
  switch (mode) {
    case 'pingpong-sdk':
      return <HostedCheckout gateway="pingpong" flow="hosted-sdk" {...common} />
    case 'pingpong-redirect':
      return <HostedCheckout gateway="pingpong" flow="hosted-redirect" {...common} />
    case 'pingpong-card':
      return <CardPayment gateway="pingpong" merchantUserId="demo-shopper" {...common} />
    case 'pingpong-qr':
      return <LocalPayment gateway="pingpong" method={localMethods[mode]} {...common} />
    case 'pingpong-apm-redirect':
      return <LocalPayment gateway="pingpong" method={localMethods[mode]} {...common} />
    // The redirect-only component (what `@checkout-kit/react/redirect` ships), so the end-to-end
    // suite runs it in a real browser, the Oceanpayment form post included.
    case 'pockyt-hosted':
      return <HostedRedirect gateway="pockyt" {...common} />
    case 'oceanpayment-hosted':
      return <HostedRedirect gateway="oceanpayment" {...common} />
  }
}
