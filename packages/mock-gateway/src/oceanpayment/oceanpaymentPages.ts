import type { oceanpayment } from '@checkout-kit/gateways'
import { html, type Markup, page } from '../pages/html.ts'

// The pages only Oceanpayment shows: the hand-over that makes the browser POST the result form to
// backUrl (§3.6), and the refusal of an auto-redirect form. Every merchant value is interpolated
// through `html`, so an order number or a backUrl can never add markup.

const returnFormId = 'oceanpayment-return'

/** Where the browser posts, and the signed fields it carries. */
export interface ReturnForm {
  action: string
  fields: oceanpayment.ReturnFields
}

function returnFormMarkup(form: ReturnForm, id?: string): Markup {
  const inputs = Object.entries(form.fields).map(
    ([name, value]) => html`
  <input type="hidden" name="${name}" value="${value ?? ''}">`,
  )
  return html`<form${id ? html` id="${id}"` : ''} method="post" action="${form.action}">${inputs}
  <div class="actions"><button type="submit">Return to the shop</button></div>
</form>`
}

export interface ReturnPageOptions {
  brand: string
  heading: string
  message: string
  form: ReturnForm
}

/**
 * The result form, submitted by a script as soon as the page loads. Without scripts the shopper
 * presses the (focusable, labelled) button: the way back never depends on JavaScript.
 */
export function returnPage({ brand, heading, message, form }: ReturnPageOptions): Response {
  return page({
    title: heading,
    brand,
    body: html`<main>
<h1>${heading}</h1>
<p role="status">${message}</p>
${returnFormMarkup(form, returnFormId)}
</main>`,
    // The prototype's submit, in case a field were ever named `submit` and shadowed the method.
    script: `HTMLFormElement.prototype.submit.call(document.getElementById(${JSON.stringify(returnFormId)}))`,
  })
}

export interface RefusalPageOptions {
  brand: string
  code: string
  description: string
  status: number
  /** A verified request's way back, e.g. for a duplicate order; never submitted by itself. */
  form?: ReturnForm
}

/** The auto-redirect form was refused: what the shopper sees instead of the cashier. */
export function refusalPage({ brand, code, description, status, form }: RefusalPageOptions) {
  return page({
    title: 'Payment not started',
    brand,
    status,
    body: html`<main>
<h1>This payment could not be started</h1>
<p class="error" role="alert">Error <code>${code}</code>: ${description}</p>
${form ? returnFormMarkup(form) : html`<p>Please go back to the shop and try again.</p>`}
</main>`,
  })
}
