import { mountHostedSdk, watchPaymentStatus } from '@checkout-kit/core'
import { useId, useRef } from 'react'
import { HostedRedirect, type HostedRedirectProps } from './HostedRedirect.tsx'
import { PaymentControls } from './PaymentControls.tsx'
import { type AttemptCapabilities, useAttempt } from './useAttempt.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'

export interface HostedCheckoutProps extends HostedRedirectProps {
  /** `hosted-sdk`: the gateway's checkout mounts in the page (PingPong). `hosted-redirect`: the shopper goes to the gateway's page. */
  flow: 'hosted-sdk' | 'hosted-redirect'
  /** The hosted SDK's language; defaults from the provider's locale. */
  language?: string
}

const hostedSdk: AttemptCapabilities = {
  performers: { 'hosted-sdk': mountHostedSdk },
  watch: watchPaymentStatus,
}

function HostedSdkCheckout(props: HostedCheckoutProps) {
  const caller = '<HostedCheckout>'
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
    hostedSdk,
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
 * payment is remembered for the result page): that is `<HostedRedirect>`.
 */
export function HostedCheckout({ flow, language, ...props }: HostedCheckoutProps) {
  return flow === 'hosted-redirect' ? (
    <HostedRedirect {...props} />
  ) : (
    <HostedSdkCheckout flow={flow} {...(language === undefined ? {} : { language })} {...props} />
  )
}
