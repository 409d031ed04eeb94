import { createPingPongRiskPlugin, type GatewayName, type RiskPlugin } from '@checkout-kit/core'
import { useEffect, useRef, useState } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { devMode } from './devMode.ts'
import { environmentOf } from './kitServices.ts'
import { useKitConfig } from './useKitConfig.ts'

export type RiskPluginState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'ready'; plugin: RiskPlugin }
  | { status: 'failed' }

/**
 * The PingPong risk plugin named by `GET /config` for `gateway`, loaded after mount. `none` when
 * the gateway has none; `failed` when its script is not on an origin in `allowedOrigins` or did
 * not load (the card flow then goes on without risk data, and 3DS falls back to the redirect URL).
 */
export function useRiskPlugin(
  gateway: GatewayName,
  options: { merchantUserId?: string } = {},
): RiskPluginState {
  const kit = useKitContext('useRiskPlugin()')
  const { nonce, allowedOrigins } = kit
  const environment = environmentOf(kit)
  const config = useKitConfig('useRiskPlugin()')
  const [state, setState] = useState<RiskPluginState>({ status: 'loading' })
  // One plugin per component and configuration, kept across StrictMode's effect replay.
  const created = useRef<{ key: string; plugin: Promise<RiskPlugin> } | undefined>(undefined)

  const settings =
    config.status === 'success' ? config.config.gateways[gateway]?.riskPlugin : undefined
  const merchantUserId = options.merchantUserId
  // The allowlist is part of it: a script refused under one allowlist may be allowed by the next.
  // So is the shopper id, which a page may learn after the plugin loaded.
  const key = settings
    ? `${settings.scriptUrl}\n${settings.accId}\n${settings.clientId}\n${allowedOrigins.join(' ')}\n${merchantUserId ?? ''}`
    : ''
  const configStatus = config.status

  // biome-ignore lint/correctness/useExhaustiveDependencies: `settings` is keyed by `key`
  useEffect(() => {
    if (configStatus === 'pending') return
    if (!settings) {
      setState({ status: 'none' })
      return
    }
    if (created.current?.key !== key) {
      const plugin = createPingPongRiskPlugin({
        ...settings,
        allowedOrigins,
        ...(merchantUserId === undefined ? {} : { merchantUserId }),
        ...(nonce === undefined ? {} : { nonce }),
        environmentModule: environment,
      })
      // The shopper still pays, so nothing on the page says it; a developer needs to hear it.
      if (devMode) {
        plugin.catch((reason: unknown) =>
          console.warn(
            `[checkout-kit] <CardPayment>: PingPong's risk plugin did not load (${reason instanceof Error ? reason.message : String(reason)}); card payments go on without its risk data, and 3DS uses the redirect URL. Is its script's origin in allowedOrigins?`,
          ),
        )
      }
      created.current = { key, plugin }
    }
    let current = true
    created.current.plugin.then(
      (plugin) => current && setState({ status: 'ready', plugin }),
      () => current && setState({ status: 'failed' }),
    )
    return () => {
      current = false
    }
  }, [configStatus, key, merchantUserId, nonce, environment, allowedOrigins])

  return state
}
