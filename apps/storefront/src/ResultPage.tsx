import { type Messages, PaymentResult, useCheckoutContext } from '@checkout-kit/react'
import { useEffect, useState } from 'react'
import type { PaymentView } from '../server/paymentView.ts'
import { FlowTimeline } from './FlowTimeline.tsx'
import { Link } from './Link.tsx'
import { LiveNotice } from './LiveNotice.tsx'
import { orderState, readOrder } from './orderState.ts'
import { PageHeading } from './PageHeading.tsx'
import { useShopText } from './shopText.ts'
import { useLiveJson } from './useLiveJson.ts'

/** The kit's own words for a final outcome, which the document title repeats. */
const outcomeTitles: Partial<Record<PaymentView['status'], keyof Messages>> = {
  succeeded: 'resultSucceeded',
  failed: 'resultFailed',
  cancelled: 'resultCancelled',
  expired: 'resultExpired',
}

const endedUnpaid: ReadonlySet<PaymentView['status']> = new Set(['failed', 'cancelled', 'expired'])

/**
 * The order a payment that ended unpaid belongs to, when nothing else of it is paid or under way:
 * the order the shopper can start paying again. Read once the payment has ended.
 */
function useOrderToPayAgain(payment: PaymentView | undefined): string | undefined {
  const [orderId, setOrderId] = useState<string | undefined>()
  const ended = payment !== undefined && endedUnpaid.has(payment.status)
  const endedOrder = ended ? payment.orderId : undefined
  useEffect(() => {
    setOrderId(undefined)
    if (endedOrder === undefined) return
    let active = true
    readOrder(endedOrder).then(
      (order) => {
        if (active && orderState(order).outcome === 'ready') setOrderId(order.id)
      },
      // No offer then; "See your orders" is still there.
      () => undefined,
    )
    return () => {
      active = false
    }
  }, [endedOrder])
  return orderId
}

/**
 * The kit's result page (its status comes from the merchant server, never from the URL), and
 * below it the payment's flow timeline, live from the shop API's event stream. `onPaid` hears of
 * the order a successful payment paid, which may be an older order than the cart's (Back to an
 * old result page): the cart decides whether it is its own.
 */
export function ResultPage({ onPaid }: { onPaid: (orderId: string) => void }) {
  const paymentId = new URLSearchParams(window.location.search).get('paymentId') ?? undefined
  const paymentUrl = `/api/shop/payments/${encodeURIComponent(paymentId ?? '')}`
  const { data: payment, problem } = useLiveJson<PaymentView>({
    events: paymentId && `${paymentUrl}/events`,
    json: paymentUrl,
    event: 'payment',
  })
  const payAgain = useOrderToPayAgain(payment)
  const { messages } = useCheckoutContext('<ResultPage>')
  const text = useShopText()
  const outcome = payment && outcomeTitles[payment.status]
  return (
    <>
      <PageHeading title={outcome && messages[outcome]}>{text.resultHeading}</PageHeading>
      <PaymentResult
        onComplete={(session) => {
          if (session.status === 'succeeded') onPaid(session.orderId)
        }}
      />
      <p className="page-links">
        {payAgain && (
          <Link to={`/checkout?order=${encodeURIComponent(payAgain)}`}>{text.payAgain}</Link>
        )}
        <Link to="/orders">{text.seeOrders}</Link> <Link to="/">{text.continueShopping}</Link>
      </p>
      <LiveNotice problem={problem} />
      {payment && <FlowTimeline timeline={payment.timeline} />}
    </>
  )
}
