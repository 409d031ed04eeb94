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

const storageKey = 'storefront-cart'

function readCart(): Cart {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(storageKey) ?? '{}') as unknown
    return saved && typeof saved === 'object' ? (saved as Cart) : {}
  } catch {
    return {}
  }
}

export function useCart() {
  const [cart, setCart] = useState<Cart>(readCart)
  useEffect(() => {
    window.sessionStorage.setItem(storageKey, JSON.stringify(cart))
  }, [cart])
  const add = useCallback(
    (productId: string) =>
      setCart((current) => ({ ...current, [productId]: (current[productId] ?? 0) + 1 })),
    [],
  )
  const clear = useCallback(() => setCart({}), [])
  return { cart, add, clear }
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
