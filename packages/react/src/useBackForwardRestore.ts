import { useEffect } from 'react'

/**
 * While `leftForGateway`, runs `onRestore` when the browser shows this page again from its
 * back-forward cache: the shopper left for the gateway's page and came back with Back. Such a
 * page comes back exactly as it was left ("Taking you to the payment page…", "Pay" locked), with
 * no reload to reset it.
 */
export function useBackForwardRestore(leftForGateway: boolean, onRestore: () => void): void {
  useEffect(() => {
    if (!leftForGateway) return
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) onRestore()
    }
    window.addEventListener('pageshow', restored)
    return () => window.removeEventListener('pageshow', restored)
  }, [leftForGateway, onRestore])
}
