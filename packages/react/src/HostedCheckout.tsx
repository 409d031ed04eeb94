'use client'

import { mountHostedSdk, performRedirect, watchPaymentStatus } from '@checkout-kit/core'
import { useId, useRef } from 'react'
import { useKitContext } from './checkoutContext.ts'
import type { HostedRedirectProps } from './HostedRedirect.tsx'
import { PaymentControls } from './PaymentControls.tsx'
import { type AttemptCapabilities, useAttempt } from './useAttempt.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'
import { useKeepFocusInside } from './useKeepFocusInside.ts'

export interface HostedCheckoutProps extends HostedRedirectProps {
  /** `hosted-sdk`: the gateway's checkout mounts in the page (PingPong). `hosted-redirect`: the shopper goes to the gateway's page. */
  flow: 'hosted-sdk' | 'hosted-redirect'
  /** The hosted SDK's language; defaults from the provider's locale. */
  language?: string
}

// Both flows on the attempt store: a page with the hosted SDK ships it and status watching anyway,
// so the redirect flow here costs nothing more, and a `processing` answer is followed to its end.
// <HostedRedirect> is the same flow without them, for pages that only redirect.
const sdkOrRedirect: AttemptCapabilities = {
  performers: { redirect: performRedirect, 'hosted-sdk': mountHostedSdk },
  watch: watchPaymentStatus,
}

/**
 * A "Pay" button for a gateway's hosted checkout. With `hosted-sdk` the gateway's checkout mounts
 * below the button; with `hosted-redirect` the shopper is sent to the gateway's page (after the
 * payment is remembered for the result page).
 */
export function HostedCheckout(props: HostedCheckoutProps) {
  const caller = '<HostedCheckout>'
  const { gateway, flow, orderId, returnUrl, language, className } = props
  useCheckoutStyles(caller)
  const { locale } = useKitContext(caller)
  const container = useRef<HTMLDivElement>(null)
  const checkout = useAttempt(
    {
      container,
      ...(language === undefined ? {} : { language }),
      onReady: props.onReady,
      onActionRequired: props.onActionRequired,
      onComplete: props.onComplete,
      onError: props.onError,
    },
    sdkOrRedirect,
    caller,
  )
  const idPrefix = `ck${useId().replace(/:/g, '')}`
  const root = useRef<HTMLDivElement>(null)
  useKeepFocusInside(root)
  const { state, action } = checkout
  const mounted =
    state.status === 'action' && action.status === 'done' && action.outcome.kind === 'mounted'

  return (
    <div
      ref={root}
      // Focus lands here when "Pay" gives way to the hosted SDK (see useKeepFocusInside).
      tabIndex={-1}
      className={className ? `ck-root ${className}` : 'ck-root'}
      lang={locale}
      data-ck="hosted-checkout"
      data-flow={flow}
      data-gateway={gateway}
      data-state={state.status === 'action' && action.status === 'failed' ? 'error' : state.status}
    >
      <PaymentControls
        checkout={checkout}
        idPrefix={idPrefix}
        hidePay={mounted}
        onPay={() => void checkout.pay({ gateway, flow, orderId, returnUrl })}
      />
      <div ref={container} className="ck-container" data-ck-container="" />
    </div>
  )
}
