import { PaymentResult } from '@checkout-kit/react'
import type { PaymentView } from '../server/paymentView.ts'
import { FlowTimeline } from './FlowTimeline.tsx'
import { Link } from './Link.tsx'
import { LiveNotice } from './LiveNotice.tsx'
import { useLiveJson } from './useLiveJson.ts'

/**
 * The kit's result page (its status comes from the merchant server, never from the URL), and
 * below it the payment's flow timeline, live from the shop API's event stream.
 */
export function ResultPage({ onSucceeded }: { onSucceeded: () => void }) {
  const paymentId = new URLSearchParams(window.location.search).get('paymentId') ?? undefined
  const paymentUrl = `/api/shop/payments/${encodeURIComponent(paymentId ?? '')}`
  const { data: payment, problem } = useLiveJson<PaymentView>({
    events: paymentId && `${paymentUrl}/events`,
    json: paymentUrl,
    event: 'payment',
  })
  return (
    <>
      <h1>Payment result</h1>
      <PaymentResult
        onComplete={(session) => {
          if (session.status === 'succeeded') onSucceeded()
        }}
      />
      <p className="page-links">
        <Link to="/orders">See your orders</Link> <Link to="/">Continue shopping</Link>
      </p>
      <LiveNotice problem={problem} />
      {payment && <FlowTimeline timeline={payment.timeline} />}
    </>
  )
}
