import { useCallback, useEffect, useState } from 'react'
import { shopJson } from './shopJson.ts'

export interface Product {
  id: string
  name: string
  description: string
  price: string
}

/** Product id → quantity. Only ids and quantities: prices come from the server. */
export type Cart = Record<string, number>

export function itemCount(cart: Cart): number {
  return Object.values(cart).reduce((sum, quantity) => sum + quantity, 0)
}

/**
 * The cart as kept in the tab: its lines and, once placed, the order placed from them. The order
 * is kept with the lines so that Back from a gateway's page, a reload or the header's cart link
 * come back to that order instead of offering to place (and pay) the same cart a second time.
 */
interface SavedCart {
  items: Cart
  orderId?: string
}

const storageKey = 'storefront-cart'
const orderStorageKey = 'storefront-cart-order'

function readCart(): SavedCart {
  const { sessionStorage } = window
  let items: Cart = {}
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as unknown
    if (saved && typeof saved === 'object') items = saved as Cart
  } catch {
    // An empty cart, as for a new tab.
  }
  const orderId = sessionStorage.getItem(orderStorageKey)
  return orderId ? { items, orderId } : { items }
}

function saveCart({ items, orderId }: SavedCart) {
  const { sessionStorage } = window
  sessionStorage.setItem(storageKey, JSON.stringify(items))
  if (orderId === undefined) sessionStorage.removeItem(orderStorageKey)
  else sessionStorage.setItem(orderStorageKey, orderId)
}

export function useCart() {
  const [saved, setSaved] = useState<SavedCart>(readCart)
  useEffect(() => saveCart(saved), [saved])
  // A changed cart is not the order placed from it any more: the next checkout places a new one.
  const add = useCallback(
    (productId: string) =>
      setSaved(({ items }) => ({ items: { ...items, [productId]: (items[productId] ?? 0) + 1 } })),
    [],
  )
  const placed = useCallback((orderId: string) => setSaved(({ items }) => ({ items, orderId })), [])
  /** The order placed from this cart is unknown to the shop: the cart is a cart again. */
  const forgetOrder = useCallback(
    (orderId: string) =>
      setSaved((current) => (current.orderId === orderId ? { items: current.items } : current)),
    [],
  )
  /**
   * An order was paid. Only the order placed from this cart empties it: a success page reached by
   * Back, or an older order paid again, says nothing about what is in the cart now.
   */
  const paid = useCallback(
    (orderId: string) =>
      setSaved((current) => (current.orderId === orderId ? { items: {} } : current)),
    [],
  )
  return { cart: saved.items, orderId: saved.orderId, add, placed, forgetOrder, paid }
}

export function useProducts() {
  const [products, setProducts] = useState<Product[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    let active = true
    shopJson<{ products: Product[] }>('/api/shop/products')
      .then((body) => active && setProducts(body.products))
      .catch((reason: Error) => active && setError(reason.message))
    return () => {
      active = false
    }
  }, [])
  return { products, error }
}
