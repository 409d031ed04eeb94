'use client'

import {
  mountHostedSdk,
  performRedirect,
  showQrCode,
  startThreeDs,
  watchPaymentStatus,
} from '@checkout-kit/core'
import { type UseCheckoutOptions, type UseCheckoutResult, useAttempt } from './useAttempt.ts'

export type {
  ActionProgress,
  CheckoutCallbacks,
  PayOptions,
  UseCheckoutOptions,
  UseCheckoutResult,
} from './useAttempt.ts'

const everything = {
  performers: {
    redirect: performRedirect,
    'hosted-sdk': mountHostedSdk,
    'three-ds': startThreeDs,
    'qr-code': showQrCode,
  },
  watch: watchPaymentStatus,
}

/**
 * One payment attempt, for merchants who build their own UI: the attempt's state, `pay()` that
 * submits and then runs the server's next action (redirect, hosted SDK, 3DS, QR code) with the
 * provider's allowlist and nonce, and status watching while the server decides.
 */
export function useCheckout(options: UseCheckoutOptions = {}): UseCheckoutResult {
  return useAttempt(options, everything, 'useCheckout()')
}
