import type { CheckoutConfig } from '@checkout-kit/core'
import { useEffect, useState } from 'react'
import { requestOnce, useKitContext } from './checkoutContext.ts'
import { clientOf } from './kitServices.ts'

export type KitConfigState =
  | { status: 'pending' }
  | { status: 'success'; config: CheckoutConfig }
  | { status: 'error' }

/**
 * `GET /config` for the components, without TanStack Query: fetched once per provider, shared by
 * every component below it and kept for the page's life (it is public and does not change).
 */
export function useKitConfig(caller: string): KitConfigState {
  const kit = useKitContext(caller)
  const { cache } = kit
  const client = clientOf(kit)
  const [state, setState] = useState<KitConfigState>(() =>
    cache.config ? { status: 'success', config: cache.config } : { status: 'pending' },
  )

  useEffect(() => {
    if (cache.config) return
    let current = true
    requestOnce(cache, 'config', () => client.getConfig()).then(
      (config) => {
        cache.config = config
        if (current) setState({ status: 'success', config })
      },
      () => {
        if (current) setState({ status: 'error' })
      },
    )
    return () => {
      current = false
    }
  }, [client, cache])

  return state
}
