import { currentLanguage } from './language.ts'
import { shopText } from './shopText.ts'

/** A call to the shop API that failed: the message to show, and the HTTP status (0: unreachable). */
export class ShopApiError extends Error {
  readonly status: number

  constructor(message: string, status: number) {
    super(message)
    this.name = 'ShopApiError'
    this.status = status
  }
}

/**
 * Calls the shop API (or the checkout contract) and answers its JSON. A failure throws a ShopApiError
 * whose message is the server's `{ error: { message } }`, which both APIs write to be shown.
 */
export async function shopJson<T>(
  url: string,
  init?: { method: 'POST'; body: unknown },
): Promise<T> {
  let response: Response
  try {
    response = await fetch(
      url,
      init && {
        method: init.method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      },
    )
  } catch {
    throw new ShopApiError(shopText[currentLanguage()].unreachable, 0)
  }
  const body = (await response.json().catch(() => undefined)) as
    | (T & { error?: { message?: string } })
    | undefined
  if (!response.ok || body === undefined) {
    throw new ShopApiError(
      body?.error?.message ?? shopText[currentLanguage()].answered(response.status),
      response.status,
    )
  }
  return body
}
