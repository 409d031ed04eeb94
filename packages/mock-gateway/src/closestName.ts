/**
 * The known name a misspelt one probably meant: the same but for case, `_` and `-` (`timescale`),
 * one inside the other (`processingDelay`), or at most two typing slips apart, where a slip is a
 * letter added, dropped, changed or swapped with its neighbour (`prot`). Undefined when none is.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[-_]/g, '')
  const given = plain(name)
  let best: { name: string; slips: number } | undefined
  for (const candidate of known) {
    const other = plain(candidate)
    const inside = given.length >= 3 && (other.includes(given) || given.includes(other))
    const slips = inside ? 0 : typingSlips(given, other)
    if (!best || slips < best.slips) best = { name: candidate, slips }
  }
  return best && best.slips <= 2 ? best.name : undefined
}

/** The optimal string alignment distance: Levenshtein's, with a swap of neighbours as one edit. */
function typingSlips(a: string, b: string): number {
  // slips[i][j]: between the first i letters of a and the first j of b.
  const slips = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => Math.max(i, j)),
  )
  const at = (i: number, j: number) => slips[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = slips[i] as number[]
      const changed = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + changed)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1)
      }
    }
  }
  return at(a.length, b.length)
}
