import { type HttpHandler, http } from 'msw'
import type { EmulatorContext } from '../emulatorContext.ts'
import type { EmulatedPayment } from '../model.ts'
import { isFinal } from '../model.ts'
import { playCard } from '../playCard.ts'
import { challengeCode, checkCard, readExpiry } from '../testCards.ts'
import { html, type Markup, page } from './html.ts'

// The pages a shopper sees on the gateway's side: the card page (cashier), the 3DS challenge and
// the wallet page that a local-payment QR code points to. They are real documents served over HTTP
// because they are navigations. Every gateway shares them; each gateway decides how the browser
// goes back to the merchant (`GatewayEmulation.returnToMerchant`).

export function pagesUrl(context: EmulatorContext, payment: EmulatedPayment, action: string) {
  return `${context.baseUrl}/pages/payments/${encodeURIComponent(payment.id)}/${action}`
}

function formatAmount(payment: EmulatedPayment): string {
  return `${payment.amount.value} ${payment.amount.currency}`
}

function summary(payment: EmulatedPayment): Markup {
  return html`<p class="amount">${formatAmount(payment)}</p>
<p class="muted">Order <code>${payment.orderReference}</code> · merchant ${payment.account}</p>`
}

/** A page for a payment that can no longer be paid here. */
function finishedPage(context: EmulatorContext, payment: EmulatedPayment): Response {
  return page({
    title: 'Payment closed',
    brand: context.emulation(payment.gateway).brand,
    status: 409,
    body: html`<main><h1>This payment is ${payment.state}</h1>${summary(payment)}
<p>There is nothing more to do on this page.</p></main>`,
  })
}

export interface CashierOptions {
  /** Shown above the form when the previous attempt was refused. */
  error?: string
  /**
   * The cashier is shown inside the merchant's page (PingPong's JS SDK iframe) whose origin this
   * is. A cross-origin frame may not navigate the top window without a gesture inside it, so at
   * the end the frame tells the SDK in that page where to go, and the SDK navigates.
   */
  parentOrigin?: string
  /**
   * PingPong's SDK manual mode: no Pay button; the merchant's page submits the form through
   * `ppPay.actionPayment()`, which posts a message to this frame.
   */
  manual?: boolean
  status?: number
}

// Accepts the SDK's message from the embedding page only (the frame's parent).
const manualModeScript = `
window.addEventListener('message', function (event) {
  if (event.source !== window.parent || !event.data || event.data.type !== 'ppPay:actionPayment') return;
  var form = document.getElementById('cashier');
  if (form.requestSubmit) form.requestSubmit(); else form.submit();
});`

/** The card page of a hosted checkout: the shopper enters a test card and presses Pay or Cancel. */
export function cashierPage(
  context: EmulatorContext,
  payment: EmulatedPayment,
  options: CashierOptions = {},
): Response {
  if (payment.state !== 'pending') return finishedPage(context, payment)
  const errorId = 'card-error'
  return page({
    title: 'Pay',
    brand: context.emulation(payment.gateway).brand,
    status: options.status ?? 200,
    ...(options.manual ? { script: manualModeScript } : {}),
    body: html`<main>
<h1>Pay ${formatAmount(payment)}</h1>
${summary(payment)}
<p class="notice">Test mode: use a test card, e.g. 4111 1111 1111 1111 with any future expiry date and any security code.</p>
<form id="cashier" method="post" action="${pagesUrl(context, payment, 'pay')}">
  ${options.parentOrigin ? html`<input type="hidden" name="parentOrigin" value="${options.parentOrigin}">` : ''}
  ${options.manual ? html`<input type="hidden" name="manual" value="1">` : ''}
  <p id="${errorId}" class="error" role="alert">${options.error}</p>
  <label>Card number
    <input name="cardNumber" inputmode="numeric" autocomplete="cc-number" required aria-describedby="${errorId}"${options.error ? html` aria-invalid="true"` : ''}>
  </label>
  <div class="row">
    <label>Expiry date
      <input name="expiry" placeholder="MM/YY" autocomplete="cc-exp" required>
    </label>
    <label>Security code
      <input name="securityCode" inputmode="numeric" autocomplete="cc-csc" required>
    </label>
  </div>
  <label>Name on card
    <input name="cardholderName" autocomplete="cc-name" required>
  </label>
  <div class="actions">
    ${
      // Manual mode keeps a hidden Pay button: it stays the form's default button, so pressing
      // Enter in a field pays (as the merchant's own button would) instead of cancelling.
      options.manual
        ? html`<button type="submit" hidden>Pay</button>`
        : html`<button type="submit">Pay</button>`
    }
    <button type="submit" class="secondary" formaction="${pagesUrl(context, payment, 'cancel')}" formnovalidate>Cancel</button>
  </div>
</form>
</main>`,
  })
}

function challengePage(
  context: EmulatorContext,
  payment: EmulatedPayment,
  error?: string,
): Response {
  return page({
    title: '3-D Secure verification',
    brand: context.emulation(payment.gateway).brand,
    status: error ? 422 : 200,
    body: html`<main>
<h1>Verify this payment</h1>
${summary(payment)}
<p>Your bank sent a verification code for the card ${payment.maskedCard ?? ''}. Test mode: the code <strong>${challengeCode}</strong> passes, any other code fails.</p>
<form method="post" action="${pagesUrl(context, payment, 'challenge')}">
  <p id="challenge-error" class="error" role="alert">${error}</p>
  <label>Verification code
    <input name="code" inputmode="numeric" autocomplete="one-time-code" required aria-describedby="challenge-error">
  </label>
  <div class="actions"><button type="submit">Submit</button></div>
</form>
</main>`,
  })
}

function walletPage(context: EmulatorContext, payment: EmulatedPayment, message?: string) {
  const confirmed = payment.state === 'succeeded'
  return page({
    title: 'Confirm payment',
    brand: `${payment.apmMethod ?? 'Wallet'} (via ${context.emulation(payment.gateway).brand})`,
    body: html`<main>
<h1>${confirmed ? 'Payment confirmed' : 'Confirm payment'}</h1>
${summary(payment)}
<p role="status">${message ?? (confirmed ? 'You can return to the shop.' : '')}</p>
${
  payment.state === 'pending'
    ? html`<form method="post" action="${pagesUrl(context, payment, 'wallet')}">
  <div class="actions">
    <button type="submit" name="decision" value="confirm">Confirm payment</button>
    <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
  </div>
</form>`
    : ''
}
</main>`,
  })
}

/** `https://shop.example` from a value that must be exactly an http(s) origin, else undefined. */
export function readOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value
      ? url.origin
      : undefined
  } catch {
    return undefined
  }
}

/**
 * The way back to the merchant. Inside the SDK's frame, a redirect becomes a page that asks the
 * embedding page (and only that origin) to navigate, with a link for when scripts do not run.
 */
function returnToMerchant(
  context: EmulatorContext,
  payment: EmulatedPayment,
  reason: 'completed' | 'cancelled',
): Response {
  const response = context.emulation(payment.gateway).returnToMerchant(context, payment, reason)
  const parentOrigin = payment.extra.parentOrigin
  const location = response.headers.get('location')
  if (!parentOrigin || response.status !== 303 || !location) return response
  return page({
    title: 'Returning to the shop',
    brand: context.emulation(payment.gateway).brand,
    script: `window.parent.postMessage({ type: 'ppPay:navigate', url: ${JSON.stringify(location)} }, ${JSON.stringify(parentOrigin)});`,
    body: html`<main><h1>Returning to the shop…</h1>
<p><a href="${location}" target="_top">Continue to the shop</a></p></main>`,
  })
}

async function readForm(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {}
  const form = await request.formData().catch(() => undefined)
  form?.forEach((value, name) => {
    if (typeof value === 'string') fields[name] = value
  })
  return fields
}

/** Handlers of the shared pages, under `${baseUrl}/pages/payments/:id/…`. */
export function hostedPageHandlers(context: EmulatorContext): HttpHandler[] {
  const base = `${context.baseUrl}/pages/payments/:id`
  const payment = (id: unknown) =>
    typeof id === 'string' ? context.state.payments.get(id) : undefined
  const notFound = () =>
    page({
      title: 'Not found',
      brand: 'Gateway emulator',
      status: 404,
      body: html`<main><h1>No such payment</h1><p>It may have been reset.</p></main>`,
    })

  return [
    http.post(`${base}/pay`, async ({ request, params }) => {
      const found = payment(params.id)
      if (!found) return notFound()
      if (found.state !== 'pending') return finishedPage(context, found)
      const form = await readForm(request)
      const parentOrigin = readOrigin(form.parentOrigin)
      if (parentOrigin) found.extra.parentOrigin = parentOrigin
      // An error keeps the shopper on the cashier as it was shown (embedded, manual mode).
      const refuse = (error: string) =>
        cashierPage(context, found, {
          error,
          status: 422,
          parentOrigin,
          manual: form.manual === '1',
        })
      const expiry = readExpiry(form.expiry ?? '')
      if (!expiry) return refuse('Enter the expiry date as MM/YY.')
      const card = checkCard(form.cardNumber ?? '', expiry, context.now())
      if (!card.valid && card.reason === 'invalid_card') return refuse('Enter a valid card number.')
      if (!/^\d{3,4}$/.test(form.securityCode ?? '')) {
        return refuse('Enter the 3 or 4 digit security code.')
      }
      if (!card.valid) {
        context.settle(found, 'failed', card.reason)
        return returnToMerchant(context, found, 'completed')
      }
      found.maskedCard = card.masked
      if (playCard(context, found, card.scenario) === 'challenge') {
        found.awaitingChallenge = true
        context.record(found, '3DS challenge started')
        return Response.redirect(pagesUrl(context, found, 'challenge'), 303)
      }
      return returnToMerchant(context, found, 'completed')
    }),

    http.post(`${base}/cancel`, async ({ request, params }) => {
      const found = payment(params.id)
      if (!found) return notFound()
      if (found.state !== 'pending') return finishedPage(context, found)
      const parentOrigin = readOrigin((await readForm(request)).parentOrigin)
      if (parentOrigin) found.extra.parentOrigin = parentOrigin
      context.settle(found, 'cancelled')
      return returnToMerchant(context, found, 'cancelled')
    }),

    http.get(`${base}/challenge`, ({ params }) => {
      const found = payment(params.id)
      if (!found) return notFound()
      if (found.state !== 'pending' || !found.awaitingChallenge) return finishedPage(context, found)
      return challengePage(context, found)
    }),

    http.post(`${base}/challenge`, async ({ request, params }) => {
      const found = payment(params.id)
      if (!found) return notFound()
      if (found.state !== 'pending' || !found.awaitingChallenge) return finishedPage(context, found)
      const form = await readForm(request)
      if ((form.code ?? '').trim() === challengeCode) context.settle(found, 'succeeded')
      else context.settle(found, 'failed', 'authentication_failed')
      return returnToMerchant(context, found, 'completed')
    }),

    http.get(`${base}/wallet`, ({ params }) => {
      const found = payment(params.id)
      return found ? walletPage(context, found) : notFound()
    }),

    http.post(`${base}/wallet`, async ({ request, params }) => {
      const found = payment(params.id)
      if (!found) return notFound()
      if (isFinal(found.state)) return walletPage(context, found)
      const form = await readForm(request)
      const confirmed = form.decision === 'confirm'
      if (confirmed) context.settle(found, 'succeeded')
      else context.settle(found, 'failed', 'declined')
      // A QR code is scanned on another device: the wallet stays there. A redirect flow returns.
      if (found.extra.walletReturns === 'true') {
        return returnToMerchant(context, found, 'completed')
      }
      return walletPage(
        context,
        found,
        confirmed ? 'Payment confirmed. You can return to the shop.' : 'Payment declined.',
      )
    }),
  ]
}
