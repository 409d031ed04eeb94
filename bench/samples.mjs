// What the timing benchmarks share: how many samples to take, and the figure they report.

/** `--samples N` from the command line, else `fallback`; exits with a clear word when N is wrong. */
export function readSamples(fallback, least) {
  const at = process.argv.indexOf('--samples')
  if (at === -1) return fallback
  const samples = Number(process.argv[at + 1])
  if (!Number.isInteger(samples) || samples < least) {
    console.error(`--samples takes a whole number of at least ${least}, e.g. --samples ${fallback}`)
    process.exit(2)
  }
  return samples
}

/** The middle value: one slow outlier (a garbage collection, a disk flush) does not move it. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
