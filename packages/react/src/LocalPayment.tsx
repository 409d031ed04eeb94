'use client'

import {
  checkRedirectUrl,
  type GatewayName,
  performRedirect,
  showQrCode,
  watchPaymentStatus,
} from '@checkout-kit/core'
import { QRCodeSVG } from 'qrcode.react'
import { useEffect, useId, useRef } from 'react'
import { useKitContext, useMessages } from './checkoutContext.ts'
import { qrStyles } from './checkoutStyles.ts'
import { devMode } from './devMode.ts'
import { formatMessage } from './formatMessage.ts'
import { commonMessages, qrMessages } from './messages.ts'
import { PaymentControls } from './PaymentControls.tsx'
import { type AttemptCapabilities, type CheckoutCallbacks, useAttempt } from './useAttempt.ts'
import { useCheckoutStyles } from './useCheckoutStyles.ts'
import { useCountdown } from './useCountdown.ts'
import { useKeepFocusInside } from './useKeepFocusInside.ts'

// A local payment shows a QR code or redirects to the wallet, and is watched until it settles.
const localCapabilities: AttemptCapabilities = {
  performers: { redirect: performRedirect, 'qr-code': showQrCode },
  watch: watchPaymentStatus,
}

export interface LocalPaymentProps extends CheckoutCallbacks {
  /** The local payment method as the gateway names it, e.g. `AlipayCN`, `GCash`. */
  method: string
  /** The merchant's order reference; the server prices it. */
  orderId: string
  /** The page the shopper comes back to after a wallet redirect; the server appends `?paymentId=`. */
  returnUrl: string
  /** Default `pingpong`. */
  gateway?: GatewayName
  /** Start the payment when the component mounts instead of on "Pay". */
  autoStart?: boolean
  className?: string
}

function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * A URL the server sent, if the allowlist lets the shopper go to it (or load it): a QR code's
 * content offered as a link, its image. A link is a redirect the shopper performs, so a content
 * elsewhere (a wallet's own scheme, another host) is drawn as a code only.
 */
function allowedUrl(url: string | undefined, allowedOrigins: readonly string[]) {
  if (!url) return undefined
  try {
    return checkRedirectUrl(url, allowedOrigins).href
  } catch {
    return undefined
  }
}

/** The QR codes' web addresses already explained on the console: once each, not every second. */
const unlinkedExplained = new Set<string>()

/**
 * Development builds say why a QR code's web address is drawn without its "Open the payment page"
 * link: an origin missing from `allowedOrigins` (the emulator's, typically) otherwise looks like a
 * link the kit forgot. A wallet's own scheme is drawn as a code only by design, and is not said.
 */
function explainUnlinked(content: string, allowedOrigins: readonly string[]) {
  if (!/^https?:/i.test(content) || unlinkedExplained.has(content)) return
  unlinkedExplained.add(content)
  try {
    checkRedirectUrl(content, allowedOrigins)
  } catch (error) {
    console.warn(
      `[checkout-kit] <LocalPayment>: the QR code's address is drawn without its link. ${(error as Error).message} (this message is left out of production builds)`,
    )
  }
}

/**
 * A local payment method (APM): a QR code to scan, with a countdown to its expiry and the
 * payment's live status, or a redirect to the wallet's page.
 */
export function LocalPayment({
  method,
  orderId,
  returnUrl,
  gateway = 'pingpong',
  autoStart = false,
  className,
  onReady,
  onActionRequired,
  onComplete,
  onError,
}: LocalPaymentProps) {
  useCheckoutStyles('<LocalPayment>', 'qr', qrStyles)
  const { allowedOrigins, locale } = useKitContext('<LocalPayment>')
  const messages = useMessages(qrMessages, '<LocalPayment>')
  const { startAgain } = useMessages(commonMessages, '<LocalPayment>')
  const checkout = useAttempt(
    { onReady, onActionRequired, onComplete, onError },
    localCapabilities,
    '<LocalPayment>',
  )
  const idPrefix = `ck${useId().replace(/:/g, '')}`
  const { state, action, pay, refresh } = checkout
  const root = useRef<HTMLDivElement>(null)
  useKeepFocusInside(root)

  const start = () => void pay({ gateway, flow: 'apm', orderId, returnUrl, method })

  // StrictMode replays this effect; pay() ignores a second call while the first is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once, on mount
  useEffect(() => {
    if (autoStart) start()
  }, [])

  const qr =
    state.status === 'action' && action.status === 'done' && action.outcome.kind === 'show-qr'
      ? { ...action.outcome, expiresAt: action.outcome.expiresAt ?? state.session.expiresAt }
      : undefined
  const remaining = useCountdown(qr?.expiresAt)
  const qrExpired = remaining === 0

  // At the deadline, ask the server once: it says whether the code expired or was paid just in time.
  useEffect(() => {
    if (qrExpired) void refresh()
  }, [qrExpired, refresh])

  const link = allowedUrl(qr?.content, allowedOrigins)
  if (devMode && qr?.content && !link) explainUnlinked(qr.content, allowedOrigins)
  const image = qr?.content ? undefined : allowedUrl(qr?.imageUrl, allowedOrigins)

  return (
    <div
      ref={root}
      // Focus lands here when "Pay" gives way to the QR code (see useKeepFocusInside).
      tabIndex={-1}
      className={className ? `ck-root ${className}` : 'ck-root'}
      lang={locale}
      data-ck="local-payment"
      data-method={method}
      data-state={state.status === 'action' && action.status === 'failed' ? 'error' : state.status}
    >
      {qr && !qrExpired ? (
        <div className="ck-qr">
          {qr.content ? (
            <QRCodeSVG
              value={qr.content}
              size={192}
              marginSize={0}
              title={messages.qrTitle}
              role="img"
              aria-label={messages.qrTitle}
            />
          ) : image ? (
            <img src={image} alt={messages.qrTitle} width={192} height={192} />
          ) : null}
          {remaining !== undefined ? (
            <span className="ck-countdown" role="timer">
              {formatMessage(messages.qrExpiresIn, { time: formatRemaining(remaining) })}
            </span>
          ) : null}
          {link ? (
            <a className="ck-link" href={link} rel="noopener noreferrer">
              {messages.qrOpenLink}
            </a>
          ) : null}
        </div>
      ) : null}
      {qr && qrExpired ? (
        <button
          type="button"
          className="ck-button"
          onClick={() => void checkout.startOver().then((restarted) => restarted && start())}
        >
          {startAgain}
        </button>
      ) : null}
      <PaymentControls
        checkout={checkout}
        idPrefix={idPrefix}
        hidePay={qr !== undefined}
        onPay={start}
        // Run out: said as an alert, and the status no longer asks to scan a code that is gone.
        {...(qr && qrExpired ? { note: messages.qrExpired, status: '' } : {})}
      />
    </div>
  )
}
