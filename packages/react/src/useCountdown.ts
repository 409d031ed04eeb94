import { useEffect, useState } from 'react'
import { useKitContext } from './checkoutContext.ts'
import { clientOf, environmentOf } from './kitServices.ts'
import { toBrowserClock } from './serverClock.ts'

/**
 * Milliseconds left until `expiresAt` (an ISO time on the server's clock), updated every second;
 * `undefined` without a valid time. The deadline is moved onto the browser's clock with the
 * contract client's measured offset, so a wrong clock on the shopper's device neither ends a QR
 * code early nor keeps it alive. Timers go through the provider's BrowserEnvironment.
 */
export function useCountdown(expiresAt: string | undefined): number | undefined {
  const kit = useKitContext('useCountdown()')
  const client = clientOf(kit)
  const environment = environmentOf(kit)
  const end = toBrowserClock(expiresAt, client)
  // The time last ticked, and for which deadline: a new deadline's first render reads the clock
  // itself, or a code shown minutes after mount would count from the mount for a frame.
  const [ticked, setTicked] = useState(() => ({ end, now: Date.now() }))
  const now = Object.is(ticked.end, end) ? ticked.now : Date.now()

  useEffect(() => {
    if (Number.isNaN(end)) return
    let handle: unknown
    const tick = () => {
      const current = Date.now()
      setTicked({ end, now: current })
      // Wake up on the next whole second, so the display never skips one.
      if (current < end) handle = environment.setTimeout(tick, (end - current) % 1000 || 1000)
    }
    tick()
    return () => environment.clearTimeout(handle)
  }, [end, environment])

  return Number.isNaN(end) ? undefined : Math.max(0, end - now)
}
