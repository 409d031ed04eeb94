import { maskCardNumbers } from '@checkout-kit/core'

/**
 * Masks anything shaped like a card number (13 to 19 consecutive digits of a digit run that pass
 * the Luhn check) in text the server keeps or logs but did not write itself: a gateway's error
 * message, an exception's text. Gateways should never echo card data, but the timeline is stored
 * and logs are shipped elsewhere, so the server does not rely on that. The same rule as the
 * browser kit's (`maskCardNumbers` in @checkout-kit/core), with the server's mark. `keep` lists
 * ids the gateway gave in fields of their own (a transaction id), which are not masked.
 */
export function redactCardNumbers(text: string, keep: Iterable<string> = []): string {
  // An id of the gateway's own that happens to pass the Luhn check, as one in ten long ones do,
  // stays readable: it is stored unmasked on the record anyway, and the merchant needs it to look
  // the payment up at the gateway. Only a whole run of digits that is the id is spared (set aside
  // under a mark without digits while the rest is masked): an id inside a longer run could be
  // part of a card number.
  const spared: string[] = []
  let marked = text
  for (const id of new Set(keep)) {
    // Numeric ids only: those are what the Luhn rule catches by chance.
    if (!/^\d+$/.test(id)) continue
    const wholeRun = new RegExp(`(?<!\\d[ -]?)${id}(?![ -]?\\d)`, 'g')
    marked = marked.replace(wholeRun, () => `\uE000${String.fromCharCode(0xe001 + spared.length)}`)
    spared.push(id)
  }
  return maskCardNumbers(marked, '[card number]').replace(
    /\uE000([\uE001-\uF8FF])/g,
    (mark, index: string) => spared[index.charCodeAt(0) - 0xe001] ?? mark,
  )
}
