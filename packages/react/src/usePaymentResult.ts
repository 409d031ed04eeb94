'use client'

import {
  type CheckoutError,
  forgetPayment,
  type PaymentSession,
  type PaymentStatus,
  recallPayment,
} from '@checkout-kit/core'
import { useEffect, useState } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { isTerminalStatus } from './isTerminalStatus.ts'
import { usePaymentSession } from './usePaymentSession.ts'

export type PaymentResultStatus = 'loading' | 'missing' | 'error' | PaymentStatus

export interface PaymentResultState {
  /** `loading` until the server answered; `missing` without a payment to show; else the server's status. */
  status: PaymentResultStatus
  paymentId: string | undefined
  session: PaymentSession | undefined
  error: CheckoutError | null
  /** Ask the server again. */
  refetch(): void
}

// Ids travel in a URL path: anything else is not ours.
const paymentIdPattern = /^[\w-]{1,128}$/

function paymentIdFromUrl(): string | undefined {
  if (typeof window === 'undefined') return undefined
  const id = new URLSearchParams(window.location.search).get('paymentId') ?? undefined
  return id !== undefined && paymentIdPattern.test(id) ? id : undefined
}

/**
 * The return page's payment: the id from `?paymentId=` (what the server's return route adds), else
 * the one remembered before the redirect, watched until the server settles it. Only the server's
 * status counts: other URL parameters (`?status=success`) are ignored. The remembered record is
 * forgotten once the status is final.
 */
export function usePaymentResult(options: { paymentId?: string } = {}): PaymentResultState {
  const { environment } = useKitContext('usePaymentResult()')
  // Read once, after mount: the URL and storage are the page's state at arrival, and reading them
  // in an effect keeps server rendering and hydration identical ('loading').
  const [found, setFound] = useState<{ paymentId: string | undefined } | undefined>(undefined)
  useEffect(() => {
    setFound({ paymentId: paymentIdFromUrl() ?? recallPayment(environment)?.paymentId })
  }, [environment])
  const paymentId = options.paymentId ?? found?.paymentId
  const { session, error, refetch } = usePaymentSession(paymentId, 'usePaymentResult()')
  const settled = isTerminalStatus(session?.status)

  useEffect(() => {
    if (settled) forgetPayment(environment)
  }, [settled, environment])

  const status: PaymentResultStatus = session
    ? session.status
    : paymentId === undefined
      ? found || options.paymentId !== undefined
        ? 'missing'
        : 'loading'
      : error?.status === 404
        ? 'missing'
        : error
          ? 'error'
          : 'loading'

  return {
    status,
    paymentId,
    session,
    error: error ?? null,
    refetch,
  }
}
