import type { PaymentStatus } from '@checkout-kit/core'

const terminalStatuses: ReadonlySet<string> = new Set<PaymentStatus>([
  'succeeded',
  'failed',
  'cancelled',
  'expired',
])

/** Whether the server settled the payment: nothing changes it any more. */
export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && terminalStatuses.has(status)
}
