import type { ReactNode } from 'react'
import { navigate } from './navigation.ts'

/** An ordinary link that the SPA follows itself; modified clicks (new tab…) stay the browser's. */
export function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
        event.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}
