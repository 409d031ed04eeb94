import { type ParseResult, parsed, parseError } from './parseResult.ts'

// application/x-www-form-urlencoded, as HTML forms and the gateways' PHP backends write it.
// Written out here because the package may use nothing beyond ECMAScript itself (no URLSearchParams
// in its type environment): it runs in Node, edge runtimes and browsers alike.

function encodeComponent(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+')
}

/** Encodes fields as a form body, in the order given. */
export function encodeForm(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`)
    .join('&')
}

/**
 * Decodes a form body into fields. A name that repeats keeps its last value (the gateways never
 * repeat one). Malformed percent-escapes are a `MALFORMED` error, never an exception.
 */
export function decodeForm(body: string): ParseResult<Record<string, string>> {
  // A Map, then Object.fromEntries: a field named `__proto__` stays a plain field.
  const fields = new Map<string, string>()
  for (const pair of body.split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const rawName = separator === -1 ? pair : pair.slice(0, separator)
    const rawValue = separator === -1 ? '' : pair.slice(separator + 1)
    try {
      const name = decodeURIComponent(rawName.replace(/\+/g, ' '))
      fields.set(name, decodeURIComponent(rawValue.replace(/\+/g, ' ')))
    } catch {
      return parseError('MALFORMED', `Form body has an invalid percent-escape in "${rawName}"`)
    }
  }
  return parsed(Object.fromEntries(fields))
}
