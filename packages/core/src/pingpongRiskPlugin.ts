import { type BrowserEnvironment, defaultBrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError, isCheckoutError } from './checkoutError.ts'
import { checkRedirectUrl } from './checkRedirectUrl.ts'
import { devMode } from './devMode.ts'
import { loadScript } from './loadScript.ts'

export interface RiskPlugin {
  /** Call on card-number change/blur; resolves jsGeneratedData (JSON text) or undefined after a bounded wait. */
  collect(
    card: { number: string; expiryMonth?: string; expiryYear?: string; brand?: string },
    options?: { waitMs?: number },
  ): Promise<string | undefined>
  /**
   * Starts the 3DS challenge with the payment's `threeDUnionParams`; the plugin navigates, or
   * calls `onStay` when it ends without leaving the page (no challenge was needed).
   */
  trigger(threeDUnionParams: unknown, onStay?: () => void): void
}

export interface PingPongRiskPluginConfig {
  /** `riskPlugin.scriptUrl` from the merchant server's `GET /config`. */
  scriptUrl: string
  /**
   * Origins scripts may be loaded from, as for `performAction`: the plugin is handed the card
   * number, so `scriptUrl` must be on one of them.
   */
  allowedOrigins: readonly string[]
  accId: string
  clientId: string
  environment: 'SANDBOX' | 'PRODUCTION'
  merchantUserId?: string
  requestId?: string
  /** The page's CSP nonce. */
  nonce?: string
  environmentModule?: BrowserEnvironment
}

const defaultWaitMs = 3000

// The RiskJS plugin's API (PingPong's acquirerRiskControl.min.js), as far as the kit uses it.
interface RiskControl {
  installLight_S2S(): void
  complexInit(
    params: {
      cardNumber: string
      cardExpireMonth?: string
      cardExpireYear?: string
      cardBrand?: string
      accId: string
    },
    callback: (jsGeneratedData: unknown) => void,
  ): void
  complexTrigger(threeDUnionParams: unknown, callback?: (result: unknown) => void): void
}

type RiskControlConstructor = new (
  options: {
    env: 'SANDBOX' | 'PRODUCTION'
    accId: string
    clientId: string
    merchantUserId?: string
    requestId?: string
  },
  callback: () => void,
) => RiskControl

/** `message` says how to fix it in development builds; production builds pass '' (devMode.ts). */
// Production builds keep a few words per failure, distinct enough for an error report to say which.
function unavailable(message: string, cause?: unknown): CheckoutError {
  return new CheckoutError(
    'risk_plugin_unavailable',
    message,
    cause === undefined ? undefined : { cause },
  )
}

function asJsGeneratedData(data: unknown): string | undefined {
  if (data === undefined || data === null || data === '') return undefined
  if (typeof data === 'string') return data
  try {
    return JSON.stringify(data)
  } catch {
    return undefined
  }
}

/**
 * Loads PingPong's risk plugin (RiskJS) and initialises it. Card payments send what `collect`
 * resolves as `jsGeneratedData`; without it a 3DS challenge cannot start.
 *
 * @throws CheckoutError `redirect_blocked` when `scriptUrl` is not on an origin in
 * `allowedOrigins`; `risk_plugin_unavailable` when the script does not load or does not define
 * `PingPongRiskControl`.
 */
export async function createPingPongRiskPlugin(
  config: PingPongRiskPluginConfig,
): Promise<RiskPlugin> {
  const environment = config.environmentModule ?? defaultBrowserEnvironment
  const scriptUrl = checkRedirectUrl(config.scriptUrl, config.allowedOrigins)
  let script: HTMLScriptElement | null
  try {
    script = await loadScript(scriptUrl.href, {
      ...(config.nonce === undefined ? {} : { nonce: config.nonce }),
      environment,
    })
  } catch (cause) {
    throw unavailable(
      devMode
        ? `PingPong's risk plugin did not load: ${isCheckoutError(cause) ? cause.message : 'check riskPlugin.scriptUrl in the server configuration.'}`
        : 'Risk plugin: script did not load',
      cause,
    )
  }
  const view = environment.document()?.defaultView as
    | (Window & { PingPongRiskControl?: unknown })
    | null
    | undefined
  if (!script || !view) {
    throw unavailable(
      devMode
        ? "PingPong's risk plugin runs only in a browser page: create it from an effect, not while rendering on the server."
        : 'Risk plugin: no browser page',
    )
  }
  if (typeof view.PingPongRiskControl !== 'function') {
    throw unavailable(
      devMode
        ? 'The risk plugin script loaded but did not define window.PingPongRiskControl: check riskPlugin.scriptUrl in the server configuration.'
        : 'Risk plugin: no PingPongRiskControl',
    )
  }
  const RiskControlClass = view.PingPongRiskControl as RiskControlConstructor
  let control: RiskControl
  try {
    control = new RiskControlClass(
      {
        env: config.environment,
        accId: config.accId,
        clientId: config.clientId,
        ...(config.merchantUserId === undefined ? {} : { merchantUserId: config.merchantUserId }),
        ...(config.requestId === undefined ? {} : { requestId: config.requestId }),
      },
      // PingPong documents no payload or meaning for this callback; installLight_S2S() below is
      // what completes initialisation, so nothing waits for it.
      () => {},
    )
    control.installLight_S2S()
  } catch (cause) {
    throw unavailable(
      devMode
        ? "PingPong's risk plugin failed to initialise: check accId, clientId and environment in the server configuration."
        : 'Risk plugin: init failed',
      cause,
    )
  }

  return {
    collect(card, options = {}) {
      const waitMs = options.waitMs ?? defaultWaitMs
      return new Promise<string | undefined>((resolve) => {
        let settled = false
        const settle = (value: string | undefined) => {
          if (settled) return
          settled = true
          environment.clearTimeout(timer)
          resolve(value)
        }
        // The plugin may never call back (its 3D init request failed): the payment can still go
        // ahead without jsGeneratedData, so a slow plugin only costs `waitMs`, never an error.
        const timer = environment.setTimeout(() => settle(undefined), waitMs)
        try {
          // The card number goes to the plugin and nowhere else: not kept, logged or put in errors.
          control.complexInit(
            {
              cardNumber: card.number.replace(/\D/g, ''),
              ...(card.expiryMonth === undefined ? {} : { cardExpireMonth: card.expiryMonth }),
              ...(card.expiryYear === undefined ? {} : { cardExpireYear: card.expiryYear }),
              ...(card.brand === undefined ? {} : { cardBrand: card.brand }),
              accId: config.accId,
            },
            (data) => settle(asJsGeneratedData(data)),
          )
        } catch {
          // The plugin's own error could quote the card number: it is dropped, not passed on.
          settle(undefined)
        }
      })
    },

    trigger(threeDUnionParams, onStay) {
      try {
        // PingPong calls back only when no 3DS navigation happens (pingpong.md §1.9).
        control.complexTrigger(threeDUnionParams, () => onStay?.())
      } catch (cause) {
        throw unavailable(
          devMode
            ? "PingPong's risk plugin could not start the 3DS challenge: ask the shopper to pay again."
            : 'Risk plugin: 3DS trigger failed',
          cause,
        )
      }
    },
  }
}
