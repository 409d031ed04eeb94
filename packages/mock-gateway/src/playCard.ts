import type { EmulatorContext } from './emulatorContext.ts'
import type { EmulatedPayment } from './model.ts'
import type { CardScenario } from './testCards.ts'

/**
 * Settles a card payment as its test card's scenario says, whatever page or API took the card.
 * A 3DS card is left pending: the caller decides how its challenge starts.
 */
export function playCard(
  context: EmulatorContext,
  payment: EmulatedPayment,
  scenario: CardScenario,
): 'challenge' | 'played' {
  switch (scenario) {
    case 'three_ds_challenge':
      return 'challenge'
    case 'processing':
      context.settle(payment, 'processing')
      context.later(context.options.processingDelayMs, () => {
        if (payment.state === 'processing') context.settle(payment, 'succeeded')
      })
      return 'played'
    case 'approve':
      context.settle(payment, 'succeeded')
      return 'played'
    case 'decline':
      context.settle(payment, 'failed', 'declined')
      return 'played'
    case 'insufficient_funds':
    case 'expired_card':
      context.settle(payment, 'failed', scenario)
      return 'played'
  }
}
