'use client'

import type { PaymentSession } from '@checkout-kit/core'
import { useRef } from 'react'
import { useKitContext, useMessages } from './checkoutContext.ts'
import { resultStyles } from './checkoutStyles.ts'
import { describeFailure } from './describeFailure.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'
import {
  type CommonMessages,
  commonMessages,
  type ResultMessages,
  resultMessages,
} from './messages.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts'
import { useLatestRef } from './useLatestRef.ts'
import { type PaymentResultState, usePaymentResult } from './usePaymentResult.ts'

export interface PaymentResultProps {
  /** Defaults to `?paymentId=` in the URL, else the payment remembered before the redirect. */
  paymentId?: string
  /** The server settled the payment (`succeeded`, `failed`, `cancelled` or `expired`). */
  onComplete?: (session: PaymentSession) => void
  className?: string
}

function describe(
  result: PaymentResultState,
  messages: CommonMessages & ResultMessages,
): { title: string; detail?: string } {
  const { status, session } = result
  switch (status) {
    case 'loading':
      return { title: messages.resultLoading }
    case 'missing':
      return { title: messages.resultMissing }
    case 'error':
      return { title: messages.resultError }
    case 'requires_action':
    case 'processing':
      return { title: messages.resultPending }
    case 'succeeded':
      return { title: messages.resultSucceeded, detail: messages.resultSucceededDetail }
    case 'failed':
      return { title: messages.resultFailed, detail: describeFailure(session?.failure, messages) }
    case 'cancelled':
      return { title: messages.resultCancelled, detail: messages['failure.cancelled'] }
    case 'expired':
      return {
        title: messages.resultExpired,
        detail: describeFailure(session?.failure ?? { code: 'expired', message: '' }, messages),
      }
  }
}

/**
 * The return page: finds the payment, watches the server's status and says how it ended. Success
 * is shown only when the server's session says `succeeded`; URL hints are ignored.
 */
export function PaymentResult({ paymentId, onComplete, className }: PaymentResultProps) {
  useCheckoutStyles('<PaymentResult>', 'result', resultStyles)
  const { locale } = useKitContext('<PaymentResult>')
  const messages = {
    ...useMessages(commonMessages, '<PaymentResult>'),
    ...useMessages(resultMessages, '<PaymentResult>'),
  }
  const result = usePaymentResult(paymentId === undefined ? {} : { paymentId })
  const { title, detail } = describe(result, messages)
  const onCompleteRef = useLatestRef(onComplete)
  const reported = useRef<string | undefined>(undefined)
  const { session } = result

  // In the commit that shows the result, like the other components' callbacks (see useAttempt).
  useIsomorphicLayoutEffect(() => {
    if (!session || !isTerminalStatus(session.status)) return
    const key = `${session.id}:${session.status}`
    if (reported.current === key) return
    reported.current = key
    onCompleteRef.current?.(session)
  }, [session, onCompleteRef])

  return (
    <div
      className={className ? `ck-root ck-result ${className}` : 'ck-root ck-result'}
      lang={locale}
      data-ck="payment-result"
      data-state={result.status}
    >
      <div className="ck-result-message" role="status" aria-live="polite">
        <p className="ck-result-title">
          <strong>{title}</strong>
        </p>
        {detail ? <p className="ck-result-detail">{detail}</p> : null}
      </div>
      {result.status === 'error' ? (
        <button type="button" className="ck-button" onClick={result.refetch}>
          {messages.tryAgain}
        </button>
      ) : null}
    </div>
  )
}
