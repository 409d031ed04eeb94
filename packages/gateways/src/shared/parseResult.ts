/**
 * What a parser answers. Parsers never throw: a message that cannot be used is an `ok: false`
 * result whose `error.code` says why.
 *
 * - `MALFORMED` — not the gateway's format (bad JSON/XML/form encoding, missing or mistyped fields).
 * - `SIGNATURE_INVALID` — well formed, but the signature does not match: treat it as forged.
 * - `GATEWAY_REJECTED` — a genuine answer that carries no result, only the gateway's error code
 *   (bad parameters, invalid signature on *our* request, duplicate order, ...).
 */
export type ParseErrorCode = 'MALFORMED' | 'SIGNATURE_INVALID' | 'GATEWAY_REJECTED'

export interface ParseError {
  code: ParseErrorCode
  /** For the integrator: what was wrong and where to look. Never contains card data. */
  message: string
  /** The gateway's own result code, when the message carried one. */
  gatewayCode?: string
  /** The gateway's own description of that code, as it sent it. */
  gatewayMessage?: string
  /**
   * The rejection came in a message whose signature was verified: the gateway's own word, which
   * may settle something (an unsigned one only ever refuses).
   */
  signed?: true
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError }

export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value }
}

export function parseError<T = never>(
  code: ParseErrorCode,
  message: string,
  gateway?: {
    gatewayCode?: string | undefined
    gatewayMessage?: string | undefined
    signed?: boolean
  },
): ParseResult<T> {
  const error: ParseError = { code, message }
  if (gateway?.gatewayCode !== undefined) error.gatewayCode = gateway.gatewayCode
  if (gateway?.gatewayMessage !== undefined) error.gatewayMessage = gateway.gatewayMessage
  if (gateway?.signed) error.signed = true
  return { ok: false, error }
}
