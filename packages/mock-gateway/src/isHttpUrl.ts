/**
 * Whether `value` is an absolute http(s) URL: the only kind a gateway sends the shopper back to,
 * as a `javascript:` one would run script on the page that follows it.
 */
export function isHttpUrl(value: string | undefined): boolean {
  if (value === undefined) return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}
