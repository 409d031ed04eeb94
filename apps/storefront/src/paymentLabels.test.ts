import { expect, it } from 'vitest'
import { describeStatus } from './paymentLabels.ts'
import { shopText } from './shopText.ts'

const { en, 'zh-CN': zhCN } = shopText

const usd = (value: string) => ({ value, currency: 'USD' })

it('calls a payment refunded when nothing is left to refund, whatever the amounts look like', () => {
  const paid = { status: 'succeeded' as const, amount: usd('24.0'), refundPending: usd('0.00') }
  expect(describeStatus({ ...paid, refunded: usd('0.00'), refundable: usd('24.00') }, en)).toBe(
    'Succeeded',
  )
  expect(describeStatus({ ...paid, refunded: usd('4.00'), refundable: usd('20.00') }, en)).toBe(
    'Partially refunded',
  )
  // The payment's amount as the merchant wrote it ("24.0") never made it partial.
  expect(describeStatus({ ...paid, refunded: usd('24.00'), refundable: usd('0.00') }, en)).toBe(
    'Refunded',
  )
  expect(
    describeStatus(
      {
        ...paid,
        refunded: usd('4.00'),
        refundPending: usd('20.00'),
        refundable: usd('0.00'),
      },
      en,
    ),
  ).toBe('Refund pending')
})

it("says the status in the shop's language", () => {
  const refunded = {
    status: 'succeeded' as const,
    refunded: usd('24.00'),
    refundPending: usd('0.00'),
    refundable: usd('0.00'),
  }
  expect(describeStatus(refunded, zhCN)).toBe('已全额退款')
  expect(describeStatus({ ...refunded, status: 'requires_action' }, zhCN)).toBe('等待顾客操作')
})
