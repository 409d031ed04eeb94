import { useEffect, useRef } from 'react'
import { takeHeadingFocus, useLocation } from './navigation.ts'
import { useShopText } from './shopText.ts'

/**
 * A page's h1. It names the page in the document title (`title`, or the heading's own text), and
 * after a navigation inside the app it takes focus, so that a screen reader says where the shopper
 * now is and the next Tab starts from the top of the new page instead of from <body>.
 */
export function PageHeading({ children, title }: { children: string; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  const location = useLocation()
  const text = useShopText()
  const pageTitle = title ?? children
  const documentTitle = pageTitle === text.shopName ? pageTitle : text.pageTitle(pageTitle)

  useEffect(() => {
    document.title = documentTitle
  }, [documentTitle])

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new location is a new page to announce
  useEffect(() => {
    if (takeHeadingFocus()) ref.current?.focus()
  }, [location])

  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  )
}
