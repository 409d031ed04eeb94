import type { HttpHandler } from 'msw'
import { checkEmulatorOptions } from './checkEmulatorOptions.ts'
import { controlApiHandlers, faultInjectionHandler } from './controlApi.ts'
import {
  createEmulatorContext,
  type EmulatorContext,
  type EmulatorOptions,
} from './emulatorContext.ts'
import type { EmulatorState } from './emulatorState.ts'
import type { GatewayEmulation } from './gatewayEmulation.ts'
import { oceanpaymentEmulation } from './oceanpayment/oceanpaymentEmulation.ts'
import { hostedPageHandlers } from './pages/hostedPages.ts'
import { indexPageHandler } from './pages/indexPage.ts'
import { createPingPongEmulation, pingpongEmulation } from './pingpong/pingpongEmulation.ts'
import { createPockytEmulation, pockytEmulation } from './pockyt/pockytEmulation.ts'

export const gatewayEmulations: readonly GatewayEmulation[] = [
  pingpongEmulation,
  pockytEmulation,
  oceanpaymentEmulation,
]

export interface Emulator {
  /** MSW request handlers: pass them to `setupServer(...emulator.handlers)` in tests. */
  handlers: HttpHandler[]
  state: EmulatorState
  context: EmulatorContext
  /**
   * Forgets every payment, delivery and control setting, and cancels what was scheduled for them:
   * a payment of an earlier test neither settles nor is notified after it.
   */
  reset(): void
  /** Stops pending notification deliveries and timers. */
  close(): void
}

/**
 * The emulator as MSW handlers for all three gateways, their hosted pages, scripts and the control
 * API, all under `options.baseUrl`. The same handlers run under `setupServer` in unit tests and
 * behind `startEmulator`'s HTTP server. Throws a TypeError naming every problem in `options`.
 */
export function createEmulator(options: EmulatorOptions): Emulator {
  checkEmulatorOptions(options, 'createEmulator')
  const emulations = gatewayEmulations.map((emulation) => {
    if (emulation.gateway === 'pockyt' && options.pockyt) {
      return createPockytEmulation(options.pockyt)
    }
    if (emulation.gateway === 'pingpong' && options.pingpong) {
      return createPingPongEmulation(options.pingpong)
    }
    return emulation
  })
  const runtime = createEmulatorContext(options, emulations)
  const { context } = runtime
  const handlers = [
    faultInjectionHandler(context),
    ...controlApiHandlers(context),
    indexPageHandler(context),
    ...hostedPageHandlers(context),
    ...emulations.flatMap((emulation) => emulation.handlers(context)),
  ]
  return {
    handlers,
    state: context.state,
    context,
    reset: () => context.reset(),
    close: () => runtime.close(),
  }
}
