import { type BrowserEnvironment, defaultBrowserEnvironment } from './browserEnvironment.ts'
import { CheckoutError } from './checkoutError.ts'
import { checkRedirectUrl } from './checkRedirectUrl.ts'
import type { NextAction } from './contract.ts'
import { devMode } from './devMode.ts'
import { loadScript } from './loadScript.ts'
import type { RiskPlugin } from './pingpongRiskPlugin.ts'

export type ActionOutcome =
  /** The shopper is leaving the page: GET or POST redirect, 3DS redirect or challenge. */
  | { kind: 'navigated' }
  /** The hosted SDK is mounted into the container. */
  | { kind: 'mounted' }
  /** The UI renders the QR code (`content` to encode, or `imageUrl` to show) until `expiresAt`. */
  | { kind: 'show-qr'; content?: string; imageUrl?: string; expiresAt?: string }

export interface PerformActionOptions {
  /** Origins the shopper may be sent to and scripts loaded from: gateways' pages, CDNs, the shop. */
  allowedOrigins: readonly string[]
  environment?: BrowserEnvironment
  /** The page's CSP nonce, given to the scripts the action loads. */
  nonce?: string
  /** Where a hosted SDK mounts its checkout (ppPay's `root`): an element or a CSS selector. */
  container?: HTMLElement | string
  /** Starts PingPong's 3DS challenge through the risk plugin that produced `jsGeneratedData`. */
  riskPlugin?: RiskPlugin
  /** Called when the risk plugin ended 3DS without leaving the page (no challenge was needed). */
  onStay?: () => void
  /** The hosted checkout's language, e.g. `en`. */
  language?: string
}

/** What an action performer gets besides the action: the options, with defaults filled in. */
export interface ActionContext {
  allowedOrigins: readonly string[]
  environment: BrowserEnvironment
  options: PerformActionOptions
}

type Action<Type extends NextAction['type']> = Extract<NextAction, { type: Type }>

/**
 * How to perform each action type. A component passes only the performers it needs, so a page
 * that only redirects never ships the hosted SDK loader, the 3DS trigger or the QR code support.
 */
export type ActionPerformers = {
  [Type in NextAction['type']]?: (
    action: Action<Type>,
    context: ActionContext,
  ) => Promise<ActionOutcome> | ActionOutcome
}

interface PpPayOptions {
  mode: 'sandbox' | 'production' | 'build'
  lang?: string
  root: HTMLElement | string
}

type PpPayConstructor = new (options: PpPayOptions) => { createPayment(token: string): void }

/** `message` says how to fix it in development builds; production builds pass '' (devMode.ts). */
function cannotPerform(message: string): CheckoutError {
  return new CheckoutError('unknown_action', message || 'Cannot perform this action')
}

function isFormFields(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((field) => typeof field === 'string')
  )
}

/** What `performRedirect` uses of an `ActionContext`: a page that only redirects passes no more. */
export interface RedirectContext {
  allowedOrigins: readonly string[]
  environment: Pick<BrowserEnvironment, 'navigate' | 'submitForm'>
  options: Pick<PerformActionOptions, 'nonce'>
}

/** GET redirect, or POST through a form built with DOM APIs: after the allowlist check. */
export function performRedirect(
  action: Action<'redirect'>,
  context: RedirectContext,
): ActionOutcome {
  const url = checkRedirectUrl(action.url, context.allowedOrigins)
  switch (action.method) {
    case 'GET':
      context.environment.navigate(url.href)
      return { kind: 'navigated' }
    case 'POST':
      if (!isFormFields(action.fields)) {
        throw new CheckoutError(
          'invalid_response',
          devMode
            ? 'The server sent a POST redirect whose fields are not all text: it must send `fields` as an object of strings.'
            : 'invalid_response',
        )
      }
      context.environment.submitForm(url.href, action.fields, context.options.nonce)
      return { kind: 'navigated' }
    default: {
      // The unknown value is not repeated: it came from the server and could be anything.
      action satisfies never
      throw cannotPerform(
        devMode
          ? 'The server asked for a redirect with a method other than GET or POST, which this version of @checkout-kit/core cannot perform: update it, or fix the server.'
          : '',
      )
    }
  }
}

function pingpongOnly(action: { type: 'hosted-sdk' | 'three-ds'; gateway: string }) {
  if (action.gateway !== 'pingpong') {
    throw cannotPerform(
      devMode
        ? `The server sent a ${action.type} action for a gateway other than PingPong, the only one that has it: update @checkout-kit/core, or fix the server.`
        : '',
    )
  }
}

/** Loads PingPong's `ppPay` SDK from an allowed origin and mounts its checkout in the container. */
export async function mountHostedSdk(
  action: Action<'hosted-sdk'>,
  context: ActionContext,
): Promise<ActionOutcome> {
  pingpongOnly(action)
  const scriptUrl = checkRedirectUrl(action.scriptUrl, context.allowedOrigins)
  const { container, language, nonce } = context.options
  if (container === undefined || container === '') {
    throw cannotPerform(
      devMode
        ? 'A hosted-sdk action needs a place to mount the checkout: pass performAction the `container` option (an element or a CSS selector).'
        : '',
    )
  }
  const script = await loadScript(scriptUrl.href, {
    ...(nonce === undefined ? {} : { nonce }),
    environment: context.environment,
  })
  const view = context.environment.document()?.defaultView as
    | (Window & { ppPay?: unknown })
    | null
    | undefined
  if (!script || !view) {
    throw new CheckoutError(
      'script_load_failed',
      devMode
        ? 'The hosted checkout can only be mounted in a browser page: call performAction from an event handler or an effect.'
        : 'script_load_failed',
    )
  }
  if (typeof view.ppPay !== 'function') {
    throw new CheckoutError(
      'script_load_failed',
      devMode
        ? `The script ${scriptUrl.origin}${scriptUrl.pathname} loaded but did not define window.ppPay: check the hosted-sdk scriptUrl the server sends.`
        : 'script_load_failed',
    )
  }
  const PpPay = view.ppPay as PpPayConstructor
  try {
    const sdk = new PpPay({
      mode: action.mode,
      ...(language === undefined ? {} : { lang: language }),
      root: container,
    })
    sdk.createPayment(action.token)
  } catch (cause) {
    throw new CheckoutError(
      'script_load_failed',
      devMode
        ? "PingPong's ppPay SDK could not mount the checkout: check that the container element is in the page when performAction runs."
        : 'ppPay: mount failed',
      { cause },
    )
  }
  return { kind: 'mounted' }
}

/** The 3DS page PingPong's plugin navigates to, when the parameters name one. */
function threeDsRedirectOf(params: unknown): string | undefined {
  let value = params
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return undefined
    }
  }
  if (typeof value !== 'object' || value === null) return undefined
  const url = (value as { threeDRedirectUrl?: unknown }).threeDRedirectUrl
  return typeof url === 'string' ? url : undefined
}

/** Starts PingPong's 3DS challenge through the risk plugin, else its redirect URL. */
export function startThreeDs(action: Action<'three-ds'>, context: ActionContext): ActionOutcome {
  pingpongOnly(action)
  // Checked even when the plugin is used: the plugin navigates to the URL inside the parameters
  // itself, so it must pass the same allowlist as every other destination.
  const pluginUrl = threeDsRedirectOf(action.params)
  if (pluginUrl !== undefined) checkRedirectUrl(pluginUrl, context.allowedOrigins)
  const redirectUrl =
    action.redirectUrl === undefined
      ? undefined
      : checkRedirectUrl(action.redirectUrl, context.allowedOrigins)
  const { riskPlugin } = context.options
  if (riskPlugin) {
    try {
      riskPlugin.trigger(action.params, context.options.onStay)
    } catch (cause) {
      // PingPong documents the redirect as the other way into the same challenge.
      if (redirectUrl) {
        context.environment.navigate(redirectUrl.href)
        return { kind: 'navigated' }
      }
      throw new CheckoutError(
        'risk_plugin_unavailable',
        devMode
          ? "PingPong's risk plugin could not start the 3DS challenge: ask the shopper to pay again."
          : 'Risk plugin: 3DS trigger failed',
        { cause },
      )
    }
    return { kind: 'navigated' }
  }
  if (redirectUrl) {
    context.environment.navigate(redirectUrl.href)
    return { kind: 'navigated' }
  }
  throw cannotPerform(
    devMode
      ? 'This 3DS challenge can only be started by the PingPong risk plugin: pass performAction the `riskPlugin` option (createPingPongRiskPlugin), the one that collected jsGeneratedData.'
      : '',
  )
}

/** Hands a QR code (content, or an allowed image URL) to the UI. */
export function showQrCode(action: Action<'qr-code'>, context: ActionContext): ActionOutcome {
  const imageUrl =
    action.imageUrl === undefined
      ? undefined
      : checkRedirectUrl(action.imageUrl, context.allowedOrigins).href
  if (imageUrl === undefined && (action.content === undefined || action.content === '')) {
    throw new CheckoutError(
      'invalid_response',
      devMode
        ? 'The server sent a qr-code action with neither content nor imageUrl: there is nothing to show.'
        : 'invalid_response',
    )
  }
  return {
    kind: 'show-qr',
    ...(action.content === undefined ? {} : { content: action.content }),
    ...(imageUrl === undefined ? {} : { imageUrl }),
    ...(action.expiresAt === undefined ? {} : { expiresAt: action.expiresAt }),
  }
}

/**
 * Does what the server asked next: sends the shopper away (GET or POST), mounts the hosted SDK,
 * starts a 3DS challenge, or hands back a QR code for the UI to render. Every URL in the action is
 * checked against `allowedOrigins` before anything happens.
 *
 * @throws CheckoutError `redirect_blocked`, `unknown_action`, `script_load_failed`,
 * `invalid_response`.
 */
export function performAction(
  action: NextAction,
  options: PerformActionOptions,
): Promise<ActionOutcome> {
  return performActionWith(
    {
      redirect: performRedirect,
      'hosted-sdk': mountHostedSdk,
      'three-ds': startThreeDs,
      'qr-code': showQrCode,
    },
    action,
    options,
  )
}

/**
 * `performAction` with only the given performers: an action type without one is refused as
 * `unknown_action`, never approximated (a silent fallback to a redirect would send shoppers
 * anywhere).
 */
export async function performActionWith(
  performers: ActionPerformers,
  action: NextAction,
  options: PerformActionOptions,
): Promise<ActionOutcome> {
  if (typeof action !== 'object' || action === null) {
    throw cannotPerform(
      devMode ? 'performAction needs the `action` of a requires_action PaymentSession.' : '',
    )
  }
  const perform = Object.hasOwn(performers, action.type)
    ? (performers[action.type] as (action: NextAction, context: ActionContext) => ActionOutcome)
    : undefined
  if (!perform) {
    // The type is not repeated: it came from the server and could be anything.
    throw cannotPerform(
      devMode
        ? 'The server asked for an action this component cannot perform (it performs ' +
            `${Object.keys(performers).join(', ')}): use the component for that flow, or fix the server.`
        : '',
    )
  }
  return perform(action, {
    allowedOrigins: options.allowedOrigins,
    environment: options.environment ?? defaultBrowserEnvironment,
    options,
  })
}
