import { useEffect, useState } from 'react'
import { useKitContext } from './checkoutContext.ts'

/**
 * Milliseconds left until `expiresAt` (an ISO time), updated every second; `undefined` without a
 * valid time. Timers go through the provider's BrowserEnvironment.
 */
export function useCountdown(expiresAt: string | undefined): number | undefined {
  const { environment } = useKitContext('useCountdown()')
  const [now, setNow] = useState(() => Date.now())
  const end = expiresAt === undefined ? Number.NaN : Date.parse(expiresAt)

  useEffect(() => {
    if (Number.isNaN(end)) return
    let handle: unknown
    const tick = () => {
      const current = Date.now()
      setNow(current)
      // Wake up on the next whole second, so the display never skips one.
      if (current < end) handle = environment.setTimeout(tick, (end - current) % 1000 || 1000)
    }
    tick()
    return () => environment.clearTimeout(handle)
  }, [end, environment])

  return Number.isNaN(end) ? undefined : Math.max(0, end - now)
}
