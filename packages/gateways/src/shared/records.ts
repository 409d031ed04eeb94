// Reading untrusted input (parsed JSON, XML or form fields) without trusting its shape.

export type UnknownRecord = Record<string, unknown>

export function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A string field; numbers and booleans are given as their text (gateways mix them freely). */
export function readText(record: UnknownRecord, name: string): string | undefined {
  const value = record[name]
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  return undefined
}

/** Parses JSON text without throwing; `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * Every value of the record as a string, when all of them are strings (or numbers/booleans, given
 * as text). Signatures are computed over such flat records.
 */
export function toFlatStrings(record: UnknownRecord): Record<string, string> | undefined {
  const entries: [string, string][] = []
  for (const name of Object.keys(record)) {
    const value = readText(record, name)
    if (value === undefined) {
      if (record[name] === null || record[name] === undefined) continue
      return undefined
    }
    entries.push([name, value])
  }
  return Object.fromEntries(entries)
}
