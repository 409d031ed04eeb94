import { redactCardNumbers } from './redactCardNumbers.ts'

/**
 * An error's text for a log, with its causes, card-number-like digits masked: an exception may
 * quote what it was given, and logs are shipped elsewhere.
 */
export function errorText(error: unknown): string {
  const texts: string[] = []
  let next: unknown = error
  // A few levels are enough to reach the network error under a gateway error; a cycle stops here.
  for (let depth = 0; next !== undefined && depth < 5; depth++) {
    texts.push(String(next))
    next = next instanceof Error ? next.cause : undefined
  }
  return redactCardNumbers(texts.join(', caused by '))
}
