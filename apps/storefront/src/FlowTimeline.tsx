import { useId } from 'react'
import type { PaymentView } from '../server/paymentView.ts'
import { useShopText } from './shopText.ts'

type Entry = PaymentView['timeline'][number]

/** `14:03:07.412`: to the millisecond, since a flow's steps are often that close together. */
function formatTime(at: string): string {
  const date = new Date(at)
  const time = date.toLocaleTimeString('en-GB', { hour12: false })
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`
}

/**
 * A payment's flow as the merchant server recorded it: the requests it sent, the answers,
 * redirects, notifications, queries and status changes, in order. What it shows comes from the
 * shop API's payment view, which carries no card data, tokens or signatures.
 */
export function FlowTimeline({
  timeline,
  headingLevel = 2,
}: {
  timeline: readonly Entry[]
  headingLevel?: 2 | 3 | 4
}) {
  const headingId = useId()
  const text = useShopText()
  const Heading = `h${headingLevel}` as const
  return (
    <section className="flow-timeline" aria-labelledby={headingId}>
      <Heading id={headingId}>{text.flowTimeline}</Heading>
      <ol>
        {timeline.map((entry) => (
          <li key={entry.seq} data-kind={entry.kind}>
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>{' '}
            <span className="flow-kind">{text.timelineKinds[entry.kind]}</span>{' '}
            <span className="flow-summary">{entry.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}
