import { currentLanguage } from './language.ts'
import { shopText } from './shopText.ts'

/**
 * Calls the shop API (or the checkout contract) and answers its JSON. A failure throws an Error
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
    throw new Error(shopText[currentLanguage()].unreachable)
  }
  const body = (await response.json().catch(() => undefined)) as
    | (T & { error?: { message?: string } })
    | undefined
  if (!response.ok || body === undefined) {
    throw new Error(body?.error?.message ?? shopText[currentLanguage()].answered(response.status))
  }
  return body
}
