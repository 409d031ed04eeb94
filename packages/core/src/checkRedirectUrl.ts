import { CheckoutError } from './checkoutError.ts'
import { devMode } from './devMode.ts'

// Whitespace, control characters and backslashes are repaired or reinterpreted differently by
// different URL parsers; a URL from our own server never contains them, so one that does is refused
// rather than "fixed".
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const suspiciousCharacters = /[\u0000-\u0020\u007f\\]/

/** The authority (`user:pass@host:port`) of an http(s) URL written with `//`, as sent. */
const writtenAuthority = /^https?:\/\/([^/?#]*)/i

// `URL.canParse` is too recent for the browsers merchants support (Safari < 17).
function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

/** `why` says how to fix it in development builds; production builds pass '' (see devMode.ts). */
function blocked(why: string): CheckoutError {
  return new CheckoutError('redirect_blocked', why || 'Refused a malformed URL')
}

/** The origins of `allowedOrigins` as the URL parser writes them (lowercase host, punycode, no default port). */
function normalizedOrigins(allowedOrigins: readonly string[]): Set<string> {
  const origins = new Set<string>()
  for (const entry of allowedOrigins) {
    const origin = parseUrl(entry)?.origin
    if (origin === undefined) continue
    // Opaque origins (`data:`, `javascript:`, `file:`…) are serialised as "null" and match nothing.
    if (origin !== 'null') origins.add(origin)
  }
  return origins
}

/**
 * Checks that the shopper may be sent to `url`, and returns it parsed. Navigate to the returned
 * URL's `href`, not to the string that was checked.
 *
 * Allowed: an absolute `https:` URL without userinfo whose origin (scheme, host and port) is
 * exactly one of `allowedOrigins`. An `http:` URL passes only when its exact origin is listed
 * (local development). No wildcard or suffix matching: `https://shop.example` does not allow
 * `https://pay.shop.example`.
 *
 * @throws CheckoutError `redirect_blocked` otherwise.
 */
export function checkRedirectUrl(url: string, allowedOrigins: readonly string[]): URL {
  if (typeof url !== 'string' || url === '') {
    throw blocked(
      devMode ? 'Refused to follow an empty URL: the server sent no address to go to.' : '',
    )
  }
  if (suspiciousCharacters.test(url)) {
    throw blocked(
      devMode
        ? 'Refused to follow a URL containing whitespace, control characters or backslashes: the server must send a well-formed absolute https URL.'
        : '',
    )
  }
  const parsed = parseUrl(url)
  if (!parsed) {
    throw blocked(
      devMode
        ? 'Refused to follow a URL that is not absolute: the server must send an absolute https URL.'
        : '',
    )
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw blocked(
      devMode
        ? `Refused to follow a ${parsed.protocol} URL: only https URLs (and http URLs of an origin listed in allowedOrigins) are followed.`
        : '',
    )
  }
  const authority = writtenAuthority.exec(url)?.[1]
  if (authority === undefined) {
    throw blocked(
      devMode
        ? 'Refused to follow a URL without "//" after its scheme: the server must send a well-formed absolute https URL.'
        : '',
    )
  }
  // `https://@shop.example` parses with an empty user name, so the written form is checked too.
  if (parsed.username !== '' || parsed.password !== '' || authority.includes('@')) {
    throw blocked(
      devMode
        ? 'Refused to follow a URL with a user name or password in it: such URLs are used to disguise the real host.'
        : '',
    )
  }
  if (!normalizedOrigins(allowedOrigins).has(parsed.origin)) {
    throw new CheckoutError(
      'redirect_blocked',
      !devMode
        ? `Refused ${parsed.origin}: not in allowedOrigins`
        : parsed.protocol === 'http:'
          ? `Refused to follow an insecure http URL to ${parsed.origin}: use https, or add this exact origin to allowedOrigins for local development.`
          : `Refused to send the shopper to ${parsed.origin}: add this exact origin to allowedOrigins if you trust it.`,
    )
  }
  return parsed
}
