import { type HttpHandler, http } from 'msw'
import type { EmulatorContext } from '../emulatorContext.ts'
import { testCards } from '../testCards.ts'
import { html, page } from './html.ts'

/** `/`: recent payments and notification deliveries, for an integrator watching a flow. */
export function indexPageHandler(context: EmulatorContext): HttpHandler {
  return http.get(`${context.baseUrl}/`, () => {
    const payments = [...context.state.payments.values()].reverse().slice(0, 50)
    const deliveries = [...context.state.deliveries].reverse().slice(0, 50)
    return page({
      title: 'Payments',
      brand: 'Gateway emulator',
      body: html`<main class="wide">
<h1>Gateway emulator</h1>
<p class="muted">PingPongCheckout at <code>${context.gatewayUrl('pingpong')}</code>, Pockyt at <code>${context.gatewayUrl('pockyt')}</code>, Oceanpayment at <code>${context.gatewayUrl('oceanpayment')}</code>. Control API under <code>${context.baseUrl}/__emulator/</code>.</p>
<h2>Recent payments</h2>
${
  payments.length === 0
    ? html`<p>No payments yet.</p>`
    : html`<table>
<thead><tr><th scope="col">Gateway</th><th scope="col">Id</th><th scope="col">Order</th><th scope="col">Amount</th><th scope="col">Flow</th><th scope="col">Status</th><th scope="col">History</th></tr></thead>
<tbody>${payments.map(
        (payment) => html`<tr>
<td>${payment.gateway}</td><td><code>${payment.id}</code></td><td><code>${payment.orderReference}</code></td>
<td>${payment.amount.value} ${payment.amount.currency}</td><td>${payment.flow}${payment.apmMethod ? ` (${payment.apmMethod})` : ''}</td>
<td>${payment.state}</td><td>${payment.history.map((entry) => html`${entry.at.slice(11, 19)} ${entry.event}<br>`)}</td>
</tr>`,
      )}</tbody>
</table>`
}
<h2>Notification deliveries</h2>
${
  deliveries.length === 0
    ? html`<p>No notifications yet.</p>`
    : html`<table>
<thead><tr><th scope="col">Gateway</th><th scope="col">Payment</th><th scope="col">About</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Attempts</th></tr></thead>
<tbody>${deliveries.map(
        (delivery) => html`<tr>
<td>${delivery.gateway}</td><td><code>${delivery.paymentId}</code></td><td>${delivery.subject}</td><td><code>${delivery.url}</code></td>
<td>${delivery.state}</td><td>${delivery.attempts.map((attempt) => html`${attempt.at.slice(11, 19)} ${attempt.status ?? attempt.error ?? ''}${attempt.acknowledged ? ' ✓' : ''}<br>`)}</td>
</tr>`,
      )}</tbody>
</table>`
}
<h2>Test cards</h2>
<table>
<thead><tr><th scope="col">Card number</th><th scope="col">Scenario</th><th scope="col">What happens</th></tr></thead>
<tbody>${testCards.map((card) => html`<tr><td><code>${card.number}</code></td><td>${card.scenario}</td><td>${card.description}</td></tr>`)}</tbody>
</table>
</main>`,
    })
  })
}
