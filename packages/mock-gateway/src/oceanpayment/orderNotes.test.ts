import { oceanpayment } from '@checkout-kit/gateways'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pagesUrl } from '../pages/hostedPages.ts'
import { type RunningEmulator, startEmulator } from '../startEmulator.ts'

// order_notes is the merchant's own text, echoed back and signed (§3.2, §3.6). The re-split guard
// in parseReturn must not refuse a genuine result because the notes hold a ':' (a time, a label):
// the caller pins the merchant's fields by comparing them with what it sent.

const credentials: oceanpayment.OceanpaymentCredentials = {
  account: '995149',
  terminal: '99514901',
  secureCode: '12345678',
}
const form = { 'content-type': 'application/x-www-form-urlencoded' }

let emulator: RunningEmulator
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 })
})
afterAll(() => emulator.close())

function resultFields(page: string): Record<string, string> {
  const decodeEntities = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const fields: Record<string, string> = {}
  for (const input of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeEntities(input[1] ?? '')] = decodeEntities(input[2] ?? '')
  }
  return fields
}

describe('Oceanpayment order_notes holding a ":"', () => {
  it.each(['Deliver after 10:00', 'ref: 12'])(
    'a genuine approved result of an order noted %j is read',
    async (orderNotes) => {
      // The builder takes the notes as they are: nothing says they make every result unreadable.
      const request = oceanpayment.buildSendTradeRequest(
        {
          orderNumber: `OP-NOTES-${Date.now()}`,
          amount: { value: '25.00', currency: 'USD' },
          backUrl: 'http://shop.test/return',
          orderNotes,
          billing: {
            firstName: 'Ann',
            lastName: 'Lee',
            email: 'ann@example.com',
            country: 'US',
            state: 'NY',
            city: 'New York',
            address: '1 Main St',
            zip: '10001',
            ip: '203.0.113.7',
          },
        },
        credentials,
      )
      const xml = await (
        await fetch(`${emulator.url}/oceanpayment${oceanpayment.paths.sendTrade}`, {
          method: 'POST',
          headers: form,
          body: request.body,
        })
      ).text()
      const created = oceanpayment.parseSendTradeResponse(xml, credentials.secureCode)
      if (!created.ok) throw new Error(created.error.message)
      const payment = emulator.state.payments.get(created.value.paymentId)
      if (!payment) throw new Error('no payment')
      const page = await (
        await fetch(pagesUrl(emulator.context, payment, 'pay'), {
          method: 'POST',
          headers: form,
          body: new URLSearchParams({
            cardNumber: '4111111111111111',
            expiry: '12/30',
            securityCode: '123',
            cardholderName: 'Ann Lee',
          }),
          redirect: 'manual',
        })
      ).text()
      const fields = resultFields(page)
      // Genuine: the gateway signed it by the §3.6 rule.
      expect(oceanpayment.verifyResult(fields, credentials.secureCode)).toBe(true)
      expect(fields.order_notes).toBe(orderNotes)

      const parsed = oceanpayment.parseReturn(fields, credentials.secureCode)
      expect(parsed.ok ? parsed.value.update.status : parsed.error.message).toBe('succeeded')
    },
  )
})
