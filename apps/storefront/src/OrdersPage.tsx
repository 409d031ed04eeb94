import {
  type FormEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'
import type { PaymentView } from '../server/paymentView.ts'
import type { OrderView } from '../server/shop.ts'
import { FlowTimeline } from './FlowTimeline.tsx'
import { Link } from './Link.tsx'
import { LiveNotice } from './LiveNotice.tsx'
import { useLanguage } from './language.ts'
import { useSearchParam } from './navigation.ts'
import { PageHeading } from './PageHeading.tsx'
import {
  describeMethod,
  describeStatus,
  formatMoney,
  type StatusName,
  statusOf,
} from './paymentLabels.ts'
import { shopJson } from './shopJson.ts'
import { productName, type ShopText, shopText, useShopText } from './shopText.ts'
import { useLiveJson } from './useLiveJson.ts'

/**
 * Every order with its payment attempts, live. One server-sent event stream carries the whole list
 * (GET /api/shop/orders/events), rather than the kit's `usePaymentStatus` per payment: the page
 * also has to learn of orders and payments started elsewhere (another tab, a phone scanning a QR
 * code), and of refunds, which a `PaymentSession` does not carry. The server builds the stream
 * on `checkout.subscribeRecords`, so any change reaches this page as soon as the server makes it.
 */
export function OrdersPage() {
  // `/orders?order=<id>` follows one order, however many orders come after it.
  const onlyOrder = useSearchParam('order')
  const query = onlyOrder === undefined ? '' : `?order=${encodeURIComponent(onlyOrder)}`
  const { data, problem } = useLiveJson<{ orders: OrderView[]; more: boolean }>({
    events: `/api/shop/orders/events${query}`,
    json: `/api/shop/orders${query}`,
    event: 'orders',
  })
  const { updates, announce } = useUpdateLog()
  const text = useShopText()
  useAnnounceStatusChanges(data?.orders, announce, text)

  return (
    <>
      <PageHeading>{text.ordersHeading}</PageHeading>
      <div className="update-log" role="log" aria-live="polite" aria-label={text.updates}>
        {updates.map((update) => (
          <p key={update.id}>{update.text}</p>
        ))}
      </div>
      <LiveNotice problem={problem} />
      {onlyOrder !== undefined && (
        <p>
          <Link to="/orders">{text.showAllOrders}</Link>
        </p>
      )}
      {!data && !problem && <p>{text.loadingOrders}</p>}
      {data?.orders.length === 0 && (
        <p>
          {text.noOrders} <Link to="/">{text.browseCatalogue}</Link>
        </p>
      )}
      {data?.more && <p className="muted">{text.mostRecent(data.orders.length)}</p>}
      {data?.orders.map((order) => (
        <OrderCard
          key={order.id}
          order={order}
          announce={announce}
          alone={onlyOrder !== undefined}
        />
      ))}
    </>
  )
}

/** How many updates the log keeps on screen, newest last. */
const updatesKept = 5

/**
 * The page's recent updates, for its live region. A log rather than a single message: several
 * payments can change at once (another tab, a notification, a refund), and each change is said.
 */
function useUpdateLog() {
  const [updates, setUpdates] = useState<{ id: number; text: string }[]>([])
  const nextId = useRef(0)
  const announce = useCallback((text: string) => {
    const id = nextId.current++
    setUpdates((current) => [...current, { id, text }].slice(-updatesKept))
  }, [])
  return { updates, announce }
}

/**
 * Says in the live region when a payment the page already showed changes status. Statuses are
 * compared by name, not by their words, so switching language announces nothing.
 */
function useAnnounceStatusChanges(
  orders: OrderView[] | undefined,
  announce: (text: string) => void,
  text: ShopText,
) {
  const previous = useRef(new Map<string, StatusName>())
  useEffect(() => {
    if (!orders) return
    const seen = new Map<string, StatusName>()
    const changes: string[] = []
    for (const order of orders) {
      for (const payment of order.payments) {
        const status = statusOf(payment)
        const before = previous.current.get(payment.id)
        if (before !== undefined && before !== status) {
          changes.push(
            text.statusChanged(order.id, describeMethod(payment, text), text.statuses[status]),
          )
        }
        seen.set(payment.id, status)
      }
    }
    previous.current = seen
    for (const change of changes) announce(change)
  }, [orders, announce, text])
}

function OrderCard({
  order,
  announce,
  alone,
}: {
  order: OrderView
  announce: (text: string) => void
  /** The page shows this order only, so it needs no link to itself. */
  alone: boolean
}) {
  const headingId = useId()
  const language = useLanguage()
  const text = shopText[language]
  return (
    <article className="order" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.orderHeading(order.id)}</h2>
      <p className="muted">
        {text.placed}{' '}
        <time dateTime={order.createdAt}>{new Date(order.createdAt).toLocaleString(language)}</time>
        {!alone && (
          <>
            {' '}
            <Link to={`/orders?order=${encodeURIComponent(order.id)}`}>{text.showOnlyOrder}</Link>
          </>
        )}
      </p>
      <table>
        <caption>{text.items}</caption>
        <thead>
          <tr>
            <th scope="col">{text.product}</th>
            <th scope="col" className="number">
              {text.quantity}
            </th>
            <th scope="col" className="number">
              {text.unitPrice}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.productId}>
              <td>{productName(text, line.productId, line.name)}</td>
              <td className="number">{line.quantity}</td>
              <td className="number">{text.usd(line.unitPrice)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {text.total}
            </th>
            <td className="number">{formatMoney(order.total)}</td>
          </tr>
        </tfoot>
      </table>
      {paidMoreThanOnce(order) && <p className="notice">{text.paidTwice}</p>}
      {order.payments.length === 0 ? (
        <p className="muted">{text.noAttempt}</p>
      ) : (
        <>
          {/* A region with a name and a tab stop: the table may be wider than a phone, and
              keyboard users scroll it with the arrow keys once it has focus. */}
          <section
            className="table-scroll"
            aria-label={text.paymentsOf(order.id)}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
            tabIndex={0}
          >
            <table>
              <caption>{text.payments}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.payment}</th>
                  <th scope="col">{text.status}</th>
                  <th scope="col" className="number">
                    {text.amount}
                  </th>
                  <th scope="col" className="number">
                    {text.refunded}
                  </th>
                  <th scope="col">{text.refund}</th>
                </tr>
              </thead>
              <tbody>
                {order.payments.map((payment) => (
                  <PaymentRow key={payment.id} payment={payment} announce={announce} />
                ))}
              </tbody>
            </table>
          </section>
          {order.payments.map((payment) => (
            <details key={payment.id} className="timeline-details">
              <summary>{text.timelineOf(describeMethod(payment, text), payment.id)}</summary>
              <FlowTimeline timeline={payment.timeline} headingLevel={3} />
            </details>
          ))}
        </>
      )}
    </article>
  )
}

/**
 * Whether two payments of the order succeeded and neither is refunded in full: a QR code or a 3DS
 * page given up stays payable at the gateway (the server logs it too).
 */
function paidMoreThanOnce(order: OrderView): boolean {
  const kept = order.payments.filter(
    (payment) =>
      payment.status === 'succeeded' &&
      Number(payment.refunded.value) < Number(payment.amount.value),
  )
  return kept.length > 1
}

function PaymentRow({
  payment,
  announce,
}: {
  payment: PaymentView
  announce: (text: string) => void
}) {
  const headerRef = useRef<HTMLTableCellElement>(null)
  const text = useShopText()
  return (
    <tr>
      {/* Focusable from script only: where focus goes when the refund form goes (all refunded). */}
      <th scope="row" ref={headerRef} tabIndex={-1}>
        {describeMethod(payment, text)}
        <span className="muted small payment-id">{payment.id}</span>
      </th>
      <td data-status={payment.status}>
        {describeStatus(payment, text)}
        {payment.failure && (
          <span className="muted small">{text.failureReason(payment.failure)}</span>
        )}
      </td>
      <td className="number">{formatMoney(payment.amount)}</td>
      <td className="number">{formatMoney(payment.refunded)}</td>
      <td>
        {Number(payment.refundable.value) > 0 ? (
          <RefundForm
            payment={payment}
            announce={announce}
            onRemoved={() => headerRef.current?.focus()}
          />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  )
}

/**
 * The amount typed in, as the shop API takes it ("5" and "5.5" become "5.00" and "5.50"), or
 * undefined when it is no amount above zero. Checked here, so the shopper reads a short message in
 * the page's language instead of the API's description of its request body.
 */
function typedAmount(
  text: string,
  currency: string,
): { value: string; currency: string } | undefined {
  const value = text.trim()
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(value) || Number(value) === 0) return undefined
  return { value: Number(value).toFixed(2), currency }
}

/**
 * Refunds the amount typed in or, after a second press that names the amount, all that is left.
 * The answer is announced in the page's live region: a refusal right away, the refund's progress
 * as the orders stream reports it.
 *
 * Focus never drops to the page when a button it is on goes: "Keep it" and "Refund all" give it back
 * to "Refund", and when a refund leaves nothing to refund and the form goes, `onRemoved` moves it.
 */
function RefundForm({
  payment,
  announce,
  onRemoved,
}: {
  payment: PaymentView
  announce: (text: string) => void
  /** The form is leaving the page with focus inside it. */
  onRemoved: () => void
}) {
  const text = useShopText()
  const [amount, setAmount] = useState('')
  const [sending, setSending] = useState(false)
  const [confirmingAll, setConfirmingAll] = useState(false)
  const [refusal, setRefusal] = useState<string | undefined>()
  /** The amount typed in is no amount: nothing is sent until it is corrected. */
  const [invalid, setInvalid] = useState(false)
  const invalidId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const refusalId = useId()
  const formRef = useRef<HTMLFormElement>(null)
  const refundRef = useRef<HTMLButtonElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const onRemovedRef = useRef(onRemoved)
  onRemovedRef.current = onRemoved

  useEffect(() => {
    if (confirmingAll) confirmRef.current?.focus()
  }, [confirmingAll])

  // A layout effect's cleanup runs while the form is still in the document, so it can still tell
  // whether focus was inside it.
  useLayoutEffect(() => {
    const form = formRef.current
    return () => {
      if (form?.contains(document.activeElement)) onRemovedRef.current()
    }
  }, [])

  /** Ends the "Refund all …?" question, back on the button that asked it. */
  function endConfirming() {
    setConfirmingAll(false)
    refundRef.current?.focus()
  }

  async function send(body: { amount?: { value: string; currency: string } }) {
    if (confirmingAll) endConfirming()
    setSending(true)
    setRefusal(undefined)
    try {
      const { refund } = await shopJson<{
        refund: { amount: { value: string; currency: string } }
      }>(`/api/shop/payments/${encodeURIComponent(payment.id)}/refunds`, {
        method: 'POST',
        body,
      })
      setAmount('')
      announce(text.refundRequested(formatMoney(refund.amount), payment.id))
    } catch (reason) {
      const message = text.refundRefused((reason as Error).message)
      setRefusal(message)
      announce(message)
    } finally {
      setSending(false)
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (sending) return
    if (amount.trim() === '') {
      setConfirmingAll(true)
      return
    }
    const typed = typedAmount(amount, payment.amount.currency)
    if (!typed) {
      setConfirmingAll(false)
      setRefusal(undefined)
      setInvalid(true)
      // On the field, whose description now says what to type.
      inputRef.current?.focus()
      return
    }
    void send({ amount: typed })
  }

  return (
    <form ref={formRef} className="refund-form" onSubmit={submit}>
      <label htmlFor={inputId}>{text.refundAmount(payment.amount.currency)}</label>
      <input
        ref={inputRef}
        id={inputId}
        inputMode="decimal"
        autoComplete="off"
        placeholder={text.refundAllPlaceholder(payment.refundable.value)}
        value={amount}
        onChange={(event) => {
          setAmount(event.target.value)
          setConfirmingAll(false)
          setInvalid(false)
        }}
        aria-invalid={invalid}
        aria-describedby={invalid ? invalidId : refusal ? refusalId : undefined}
      />
      {/* aria-disabled, not disabled, while sending: a disabled button would lose focus. */}
      <button ref={refundRef} type="submit" aria-disabled={sending} aria-busy={sending}>
        {text.refund}
      </button>
      {confirmingAll && (
        <>
          <button ref={confirmRef} type="button" onClick={() => void send({})}>
            {text.refundAll(formatMoney(payment.refundable))}
          </button>
          <button type="button" onClick={endConfirming}>
            {text.keepIt}
          </button>
        </>
      )}
      {invalid && (
        <p id={invalidId} className="error">
          {text.refundAmountInvalid}
        </p>
      )}
      {refusal && (
        <p id={refusalId} className="error">
          {refusal}
        </p>
      )}
    </form>
  )
}
