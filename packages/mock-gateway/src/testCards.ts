import { passesLuhn } from '@checkout-kit/gateways'
import type { DeclineReason } from './model.ts'

/**
 * What a test card does. The names are the same for every gateway: a test written against one
 * gateway's emulation reads the same for another.
 */
export type CardScenario =
  | 'approve'
  | 'decline'
  | 'insufficient_funds'
  | 'expired_card'
  | 'three_ds_challenge'
  | 'processing'

export interface TestCard {
  number: string
  brand: 'visa' | 'mastercard'
  scenario: CardScenario
  description: string
}

/**
 * The documented test cards. The first and the 3DS card are PingPong's own sandbox cards, so a
 * test that passes here keeps its card numbers against the real sandbox.
 */
export const testCards: readonly TestCard[] = [
  {
    number: '4111111111111111',
    brand: 'visa',
    scenario: 'approve',
    description: 'Approved at once.',
  },
  {
    number: '4000000000000002',
    brand: 'visa',
    scenario: 'decline',
    description: 'Declined by the issuer (do not honor).',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    scenario: 'insufficient_funds',
    description: 'Declined: insufficient funds or limit exceeded.',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    scenario: 'expired_card',
    description: 'Declined: the card has expired.',
  },
  {
    number: '5200000000001096',
    brand: 'mastercard',
    scenario: 'three_ds_challenge',
    description: '3DS challenge: code 1234 passes, any other code fails.',
  },
  {
    number: '4000000000000259',
    brand: 'visa',
    scenario: 'processing',
    description: 'Accepted as processing; the success arrives later, by notification only.',
  },
]

/** The 3DS challenge code that passes; any other code fails the challenge. */
export const challengeCode = '1234'

export type CardCheck =
  | { valid: true; scenario: CardScenario; masked: string }
  | { valid: false; reason: DeclineReason }

/**
 * What the emulator does with a card. A number from the table plays its scenario; any other number
 * that passes the Luhn check is approved, as sandboxes do. Expiry dates in the past are declined
 * as expired.
 */
export function checkCard(
  number: string,
  expiry: { month: number; year: number },
  now: Date,
): CardCheck {
  const digits = number.replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits)) {
    return { valid: false, reason: 'invalid_card' }
  }
  if (!Number.isInteger(expiry.month) || expiry.month < 1 || expiry.month > 12) {
    return { valid: false, reason: 'invalid_card' }
  }
  const expiresAfter = Date.UTC(expiry.year, expiry.month) // the first moment after the month
  if (expiresAfter <= now.getTime()) return { valid: false, reason: 'expired_card' }
  const masked = `${digits.slice(0, 6)}***${digits.slice(-4)}`
  const known = testCards.find((card) => card.number === digits)
  return { valid: true, scenario: known?.scenario ?? 'approve', masked }
}

/** Reads `MM/YY`, `MM / YY` or `MM/YYYY` as typed on a card form. */
export function readExpiry(text: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text)
  if (!match) return undefined
  const year = Number(match[2])
  return { month: Number(match[1]), year: year < 100 ? 2000 + year : year }
}
