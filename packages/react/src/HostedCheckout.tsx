import {
  type GatewayName,
  mountHostedSdk,
  performRedirect,
  watchPaymentStatus,
} from '@checkout-kit/core'
import { useId, useRef } from 'react'
import { PaymentControls } from './PaymentControls.tsx'
import { type AttemptCapabilities, type CheckoutCallbacks, useAttempt } from './useAttempt.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'

export interface HostedRedirectProps extends CheckoutCallbacks {
  gateway: GatewayName
  /** The merchant's order reference; the server prices it. */
  orderId: string
  /** The page the shopper comes back to; the server appends `?paymentId=`. */
  returnUrl: string
  className?: string
}

export interface HostedCheckoutProps extends HostedRedirectProps {
  /** `hosted-sdk`: the gateway's checkout mounts in the page (PingPong). `hosted-redirect`: the shopper goes to the gateway's page. */
  flow: 'hosted-sdk' | 'hosted-redirect'
  /** The hosted SDK's language; defaults from the provider's locale. */
  language?: string
}

// A redirect needs neither the SDK loader nor status watching: the shopper leaves the page, and
// the result page watches the status.
const redirectOnly: AttemptCapabilities = { performers: { redirect: performRedirect } }
const sdkOrRedirect: AttemptCapabilities = {
  performers: { redirect: performRedirect, 'hosted-sdk': mountHostedSdk },
  watch: watchPaymentStatus,
}

function useHostedCheckout(
  props: HostedCheckoutProps,
  capabilities: AttemptCapabilities,
  caller: string,
) {
  const { gateway, flow, orderId, returnUrl, language, className } = props
  useCheckoutStyles(caller)
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
    capabilities,
    caller,
  )
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

/**
 * A "Pay" button for a gateway's hosted checkout. With `hosted-sdk` the gateway's checkout mounts
 * below the button; with `hosted-redirect` the shopper is sent to the gateway's page (after the
 * payment is remembered for the result page).
 */
export function HostedCheckout(props: HostedCheckoutProps) {
  return useHostedCheckout(props, sdkOrRedirect, '<HostedCheckout>')
}

/**
 * `<HostedCheckout flow="hosted-redirect">` and nothing more: a "Pay" button that sends the
 * shopper to the gateway's payment page (PingPong, Pockyt, Oceanpayment). The smallest way to
 * take payments; import it from `@checkout-kit/react/redirect`.
 */
export function HostedRedirect(props: HostedRedirectProps) {
  return useHostedCheckout({ ...props, flow: 'hosted-redirect' }, redirectOnly, '<HostedRedirect>')
}
