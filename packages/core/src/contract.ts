// The merchant contract: the JSON shapes exchanged between the kit's browser side and the
// merchant's server (ARCHITECTURE.md). @checkout-kit/server produces them; the browser consumes
// them. Types only: nothing here runs.

export type GatewayName = 'pingpong' | 'pockyt' | 'oceanpayment'
export type CheckoutFlow = 'hosted-sdk' | 'hosted-redirect' | 'card' | 'apm'

export type PaymentStatus =
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'expired'

export interface MoneyAmount {
  /** Decimal string in the currency's major unit: `"10.00"` USD, `"1000"` JPY. */
  value: string
  /** ISO 4217 code. */
  currency: string
}

/** What the browser must do next. A closed union: an unknown `type` is an error, never a redirect. */
export type NextAction =
  | { type: 'redirect'; url: string; method: 'GET' }
  | { type: 'redirect'; url: string; method: 'POST'; fields: Record<string, string> }
  | {
      type: 'hosted-sdk'
      gateway: 'pingpong'
      scriptUrl: string
      token: string
      /**
       * ppPay's `mode`, passed as it is. `build` is what one PingPong page names live mode
       * ([U] shared/gateways/pingpong.md §1.6); the server's `liveSdkMode` chooses.
       */
      mode: 'sandbox' | 'production' | 'build'
    }
  | { type: 'three-ds'; gateway: 'pingpong'; params: unknown; redirectUrl?: string }
  | { type: 'qr-code'; content?: string; imageUrl?: string; expiresAt?: string }

export interface PaymentFailure {
  code: string
  /** Safe to show the shopper. */
  message: string
}

export interface PaymentSession {
  /** The kit's payment id (not a gateway id). */
  id: string
  orderId: string
  gateway: GatewayName
  flow: CheckoutFlow
  amount: MoneyAmount
  status: PaymentStatus
  /** Present when `status` is `requires_action`. */
  action?: NextAction
  failure?: PaymentFailure
  /** ISO time, server clock. */
  expiresAt?: string
  updatedAt: string
}

/** Card data the card flow sends once, to the merchant's server only; never stored by the kit. */
export interface CardDetails {
  number: string
  expiryMonth: string
  /** Four digits. */
  expiryYear: string
  cvc: string
  holderName: string
}

/** `POST /payments` body. The amount is never sent: the server prices the order itself. */
export interface CreatePaymentRequest {
  gateway: GatewayName
  flow: CheckoutFlow
  /** The merchant's order reference. */
  orderId: string
  /** The storefront page the shopper comes back to; the server appends `paymentId`. */
  returnUrl: string
  /** Card flow only. */
  card?: CardDetails
  /** Card flow: the PingPong risk plugin's output (JSON text). */
  jsGeneratedData?: string
  /** Card flow: the browser's 3DS data. */
  browserInfo?: Record<string, string>
  /** APM flow: the local payment method, e.g. `AlipayCN`. */
  method?: string
}

/** `GET /config`: public configuration, never a secret. */
export interface CheckoutConfig {
  gateways: Partial<
    Record<
      GatewayName,
      {
        flows: CheckoutFlow[]
        /** APM methods offered (PingPong), each with how it is paid. */
        apmMethods?: { method: string; presentation: 'qr-code' | 'redirect' }[]
        /** The PingPong risk plugin the card flow loads. */
        riskPlugin?: {
          scriptUrl: string
          accId: string
          clientId: string
          environment: 'SANDBOX' | 'PRODUCTION'
        }
      }
    >
  >
}

/** Every error answer: `{ error: { code, message } }`; `message` is safe to show. */
export interface ErrorBody {
  error: { code: string; message: string }
}
