import { decodeForm, type ParseResult, type pockyt } from '@checkout-kit/gateways'
import { HttpResponse } from 'msw'
import type { EmulatorContext } from '../emulatorContext.ts'
import type { EmulatedRefund, EmulatedState } from '../model.ts'

// Pockyt's side of the conversation (shared/gateways/pockyt.md): flat signed requests, form or
// JSON, answered with `{ ret_code, ret_msg, result }` and HTTP 200 whatever the outcome.

/** The emulator's states in Pockyt's words (§2.6). */
export const transactionStatus: Record<EmulatedState, pockyt.TransactionStatus> = {
  pending: 'init',
  processing: 'pending',
  succeeded: 'success',
  failed: 'fail',
  cancelled: 'closed',
  expired: 'closed',
}

/** [U] Pockyt never published refund statuses; these are its payment words for the same states. */
export const refundStatus: Record<EmulatedRefund['state'], string> = {
  processing: 'pending',
  succeeded: 'success',
  failed: 'fail',
}

/** The `ret_code` values the emulator answers (§2.10). */
export const retCodes = {
  systemError: '000000',
  missingParameter: '000020',
  noRelatedRecord: '000021',
  parametersDoNotMatch: '000022',
  invalidValue: '000023',
  transactionStatusIssue: '000040',
} as const

type Result = Record<string, unknown>

/** A successful answer. */
export function succeed(result: Result, message = 'success', alongside: Result = {}) {
  return HttpResponse.json({ ret_code: '000100', ret_msg: message, ...alongside, result })
}

/** A business error: still HTTP 200, as Pockyt answers them. */
export function reject(code: string, message: string) {
  return HttpResponse.json({ ret_code: code, ret_msg: message })
}

/** What Pockyt answers a missing or wrong `verifySign`, spelled exactly as in the docs (§2.10). */
export function rejectSignature() {
  return HttpResponse.json({ ret_code: retCodes.systemError, retMsg: 'data error : verifySign' })
}

/** Pockyt's `YYYYMMDDHHMMSS`. [U] The timezone is undocumented; the emulator writes UTC. */
export function pockytTime(at: string): string {
  return new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

export function credentialsFor(
  context: EmulatorContext,
  merchantNo: string | undefined,
  storeNo: string | undefined,
): pockyt.PockytCredentials | undefined {
  return context.credentials.pockyt.find(
    (candidate) => candidate.merchantNo === merchantNo && candidate.storeNo === storeNo,
  )
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/**
 * The account a request names, read before anything is verified: its token is what verifies the
 * request. Form or JSON, told apart the way the wire library tells them apart.
 */
function accountOf(body: string): { merchantNo?: string; storeNo?: string } {
  let fields: Record<string, unknown> = {}
  if (body.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as unknown
      if (typeof parsed === 'object' && parsed !== null) fields = parsed as Record<string, unknown>
    } catch {
      // Not JSON after all: the wire library reports it once the account is known.
    }
  } else {
    const decoded = decodeForm(body)
    if (decoded.ok) fields = decoded.value
  }
  return { merchantNo: textOf(fields.merchantNo), storeNo: textOf(fields.storeNo) }
}

export type RequestParser<Fields> = (
  raw: string,
  token: string,
  options: pockyt.SignOptions,
) => ParseResult<Fields>

export type ReadRequest<Fields> =
  | { ok: true; fields: Fields; credentials: pockyt.PockytCredentials }
  | { ok: false; response: Response }

/**
 * Reads a merchant's request and verifies its `verifySign` with the token of its
 * merchantNo/storeNo; anything wrong becomes the answer Pockyt gives.
 */
export async function readRequest<Fields>(
  context: EmulatorContext,
  request: Request,
  parse: RequestParser<Fields>,
  signOptions: pockyt.SignOptions,
): Promise<ReadRequest<Fields>> {
  const body = await request.text()
  const { merchantNo, storeNo } = accountOf(body)
  const absent = merchantNo === undefined ? 'merchantNo' : storeNo === undefined ? 'storeNo' : ''
  if (absent) {
    return { ok: false, response: reject(retCodes.missingParameter, `${absent} is required`) }
  }
  // [U] An account the emulator does not know has no token to verify with: answered as a bad
  // signature (Pockyt might answer 000030, access denied).
  const credentials = credentialsFor(context, merchantNo, storeNo)
  if (!credentials) return { ok: false, response: rejectSignature() }
  const parsed = parse(body, credentials.token, signOptions)
  if (parsed.ok) return { ok: true, fields: parsed.value, credentials }
  const { error } = parsed
  if (error.code === 'SIGNATURE_INVALID') return { ok: false, response: rejectSignature() }
  return {
    ok: false,
    response: reject(
      error.gatewayCode ?? retCodes.invalidValue,
      error.gatewayMessage ?? error.message,
    ),
  }
}

/** A field's value, or `undefined` when absent or empty (empty optionals mean "not given"). */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
