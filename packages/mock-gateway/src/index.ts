// @checkout-kit/mock-gateway: PingPongCheckout, Pockyt and Oceanpayment, emulated.
export { controlApiHandlers, describePayment } from './controlApi.ts'
export { createEmulator, type Emulator, gatewayEmulations } from './createEmulator.ts'
export {
  documentedCredentials,
  type EmulatorContext,
  type EmulatorCredentials,
  type EmulatorOptions,
} from './emulatorContext.ts'
export { EmulatorState, type NotificationMode } from './emulatorState.ts'
export type { GatewayEmulation, OutgoingNotification } from './gatewayEmulation.ts'
export type {
  DeclineReason,
  EmulatedFlow,
  EmulatedPayment,
  EmulatedRefund,
  EmulatedState,
  GatewayName,
  NotificationDelivery,
} from './model.ts'
export {
  createPingPongEmulation,
  type PingPongEmulationOptions,
  pingpongEmulation,
} from './pingpong/pingpongEmulation.ts'
export {
  createPockytEmulation,
  type PockytEmulationOptions,
  pockytEmulation,
} from './pockyt/pockytEmulation.ts'
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './startEmulator.ts'
export { type CardScenario, challengeCode, type TestCard, testCards } from './testCards.ts'
