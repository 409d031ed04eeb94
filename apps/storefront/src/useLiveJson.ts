import { useEffect, useState } from 'react'

/**
 * The latest `event` the shop API streams from `url` (server-sent events). EventSource reconnects
 * by itself after a dropped connection, and the server sends the whole current state on every
 * (re)connection, so nothing is missed while it was away.
 */
export function useLiveJson<T>(url: string | undefined, event: string) {
  const [data, setData] = useState<T | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  useEffect(() => {
    setData(undefined)
    if (!url) return
    const source = new EventSource(url)
    source.addEventListener(event, (message) => {
      setData(JSON.parse((message as MessageEvent<string>).data) as T)
      setProblem(undefined)
    })
    source.addEventListener('shop-error', (message) => {
      setProblem(
        (JSON.parse((message as MessageEvent<string>).data) as { message: string }).message,
      )
    })
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.OPEN) {
        setProblem('The live connection to the shop dropped; reconnecting…')
      }
    })
    return () => source.close()
  }, [url, event])
  return { data, problem }
}
