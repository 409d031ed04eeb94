import type { CheckoutFlow, CreatePaymentRequest, GatewayName } from '@checkout-kit/core'
import type { StartInput } from '../gateways/gatewayAdapter.ts'
import type { PaymentRecord } from '../paymentRecord.ts'

/**
 * What the handler hands an adapter to start payment `reference`: its new record (25.00 USD,
 * waiting for the shopper), the order, the shopper's request (with `request`'s fields, such as a
 * card) and the handler's return and notification URLs. `overrides` replace any of them.
 */
export function adapterStartInput(
  gateway: GatewayName,
  flow: CheckoutFlow,
  reference: string,
  {
    request,
    ...overrides
  }: Partial<Omit<StartInput, 'request'>> & { request?: Partial<CreatePaymentRequest> } = {},
): StartInput {
  const now = new Date().toISOString()
  const returnUrl = 'http://shop.test/result'
  const record: PaymentRecord = {
    id: reference,
    orderId: 'order-x',
    gateway,
    flow,
    amount: { value: '25.00', currency: 'USD' },
    status: 'requires_action',
    createdAt: now,
    updatedAt: now,
    returnUrl,
    idempotencyKey: reference,
    requestFingerprint: 'x',
    gatewayReference: reference,
    gatewayData: {},
    refunds: [],
    timeline: [],
  }
  return {
    record,
    order: { amount: record.amount },
    request: { gateway, flow, orderId: 'order-x', returnUrl, ...request },
    returnUrl: `http://merchant.test/return/${gateway}?paymentId=${reference}`,
    notifyUrl: `http://merchant.test/notify/${gateway}`,
    shopperIp: '203.0.113.7',
    note: () => {},
    ...overrides,
  }
}
