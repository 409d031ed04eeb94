import { useEffect, useState } from 'react'
import { shopJson } from './shopJson.ts'

/** What keeps a live page from being live: the stream's state, or the server's own message. */
export type LiveProblem = 'reconnecting' | 'stopped' | { message: string }

/**
 * The latest `event` the shop API streams from `events` (server-sent events). EventSource reconnects
 * by itself after a dropped connection, and the server sends the whole current state on every
 * (re)connection, so nothing is missed while it was away.
 *
 * An error answer (a 404, a 500) ends an EventSource for good and hides the reason, so then `json`,
 * the same state as plain JSON, is read once: its error message, or its state, is what the page
 * shows rather than a "reconnecting…" that will never happen.
 */
export function useLiveJson<T>(options: {
  events: string | undefined
  json: string
  event: string
}) {
  const { events, json, event } = options
  const [data, setData] = useState<T | undefined>()
  const [problem, setProblem] = useState<LiveProblem | undefined>()
  useEffect(() => {
    setData(undefined)
    setProblem(undefined)
    if (!events) return
    let active = true
    const source = new EventSource(events)
    source.addEventListener(event, (message) => {
      setData(JSON.parse((message as MessageEvent<string>).data) as T)
      setProblem(undefined)
    })
    source.addEventListener('shop-error', (message) => {
      const { message: text } = JSON.parse((message as MessageEvent<string>).data) as {
        message: string
      }
      setProblem({ message: text })
    })
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CONNECTING) {
        setProblem('reconnecting')
      } else if (source.readyState === EventSource.CLOSED) {
        shopJson<T>(json).then(
          (latest) => {
            if (!active) return
            setData(latest)
            setProblem('stopped')
          },
          (reason: Error) => {
            if (active) setProblem({ message: reason.message })
          },
        )
      }
    })
    return () => {
      active = false
      source.close()
    }
  }, [events, json, event])
  return { data, problem }
}
