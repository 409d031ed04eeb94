import { useRef } from 'react'
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect.ts'

/**
 * A ref that always holds the latest value. Callbacks read through it, so inline handlers
 * (`onComplete={(s) => …}`) never restart a subscription or a watch.
 */
export function useLatestRef<T>(value: T): { readonly current: T } {
  const ref = useRef(value)
  useIsomorphicLayoutEffect(() => {
    ref.current = value
  })
  return ref
}
