/** An amount as the kit carries it: a decimal string in the currency's major unit, ISO 4217 code. */
export interface Money {
  /** Decimal string in the currency's major unit: `"10.00"` USD, `"1000"` JPY, `"1.250"` KWD. */
  value: string
  /** ISO 4217 alphabetic code, upper case. */
  currency: string
}

// ISO 4217 minor units that differ from the usual two. Currencies not listed use 2.
const exponentsOtherThanTwo: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
}

const currencyCodePattern = /^[A-Z]{3}$/
const decimalPattern = /^(\d+)(?:\.(\d+))?$/

export function isCurrencyCode(currency: string): boolean {
  return currencyCodePattern.test(currency)
}

/** How many decimals the currency has (ISO 4217 minor units): JPY 0, USD 2, KWD 3. */
export function currencyExponent(currency: string): number {
  return exponentsOtherThanTwo[currency.toUpperCase()] ?? 2
}

/**
 * The amount in minor units (cents for USD), or `undefined` when `value` is not a plain
 * non-negative decimal or has non-zero digits past the currency's exponent. Trailing zeros are
 * accepted because gateways pad amounts (`"100.000000"` is 100.00 USD).
 */
export function toMinorUnits(value: string, currency: string): bigint | undefined {
  if (!isCurrencyCode(currency)) return undefined
  const match = decimalPattern.exec(value.trim())
  if (!match) return undefined
  const exponent = currencyExponent(currency)
  const whole = match[1] ?? '0'
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > exponent) return undefined
  return BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0')
}

/** Formats minor units as the currency's decimal string: `1000n` USD → `"10.00"`, JPY → `"1000"`. */
export function formatMinorUnits(minorUnits: bigint, currency: string): string {
  if (minorUnits < 0n) throw new RangeError(`Amounts are never negative; got ${minorUnits}`)
  const exponent = currencyExponent(currency)
  if (exponent === 0) return minorUnits.toString()
  const digits = minorUnits.toString().padStart(exponent + 1, '0')
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/**
 * The canonical wire form of an amount: exactly the currency's number of decimals.
 * Throws a `RangeError` that says what is wrong when the amount cannot be sent as is: builders
 * call it on the merchant's own input, where a wrong amount is a bug to fix, not a message to parse.
 */
export function formatAmount(money: Money): string {
  const minorUnits = toMinorUnits(money.value, money.currency)
  if (minorUnits === undefined) {
    throw new RangeError(
      `Invalid amount ${JSON.stringify(money.value)} ${JSON.stringify(money.currency)}: use a ` +
        `decimal string with at most ${currencyExponent(money.currency)} decimals and an ` +
        'ISO 4217 currency code, e.g. { value: "10.00", currency: "USD" }',
    )
  }
  return formatMinorUnits(minorUnits, money.currency)
}

/** Whether two amounts are the same money (same currency, same value after normalising). */
export function sameMoney(a: Money, b: Money): boolean {
  const currency = a.currency.toUpperCase()
  if (currency !== b.currency.toUpperCase()) return false
  const left = toMinorUnits(a.value, currency)
  return left !== undefined && left === toMinorUnits(b.value, currency)
}
