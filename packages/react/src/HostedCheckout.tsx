import type { GatewayName } from '@checkout-kit/core'
import { useId, useRef } from 'react'
import { PaymentControls } from './PaymentControls.tsx'
import { type CheckoutCallbacks, useCheckout } from './useCheckout.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'

export interface HostedCheckoutProps extends CheckoutCallbacks {
  gateway: GatewayName
  /** `hosted-sdk`: the gateway's checkout mounts in the page (PingPong). `hosted-redirect`: the shopper goes to the gateway's page. */
  flow: 'hosted-sdk' | 'hosted-redirect'
  /** The merchant's order reference; the server prices it. */
  orderId: string
  /** The page the shopper comes back to; the server appends `?paymentId=`. */
  returnUrl: string
  /** The hosted SDK's language; defaults from the provider's locale. */
  language?: string
  className?: string
}

/**
 * A "Pay" button for a gateway's hosted checkout. With `hosted-sdk` the gateway's checkout mounts
 * below the button; with `hosted-redirect` the shopper is sent to the gateway's page (after the
 * payment is remembered for the result page).
 */
export function HostedCheckout({
  gateway,
  flow,
  orderId,
  returnUrl,
  language,
  className,
  onReady,
  onActionRequired,
  onComplete,
  onError,
}: HostedCheckoutProps) {
  useCheckoutStyles('<HostedCheckout>')
  const container = useRef<HTMLDivElement>(null)
  const checkout = useCheckout({
    container,
    ...(language === undefined ? {} : { language }),
    onReady,
    onActionRequired,
    onComplete,
    onError,
  })
  const idPrefix = `ck${useId().replace(/:/g, '')}`
  const { state, action } = checkout
  const mounted =
    state.status === 'action' && action.status === 'done' && action.outcome.kind === 'mounted'

  return (
    <div
      className={className ? `ck-root ${className}` : 'ck-root'}
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
