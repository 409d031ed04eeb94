import { useCallback, useEffect, useState } from 'react'

export interface Product {
  id: string
  name: string
  description: string
  price: string
}

/** Product id → quantity. Only ids and quantities: prices come from the server. */
export type Cart = Record<string, number>

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
    fetch('/api/shop/products')
      .then((response) => {
        if (!response.ok) throw new Error(`The shop answered ${response.status}.`)
        return response.json() as Promise<{ products: Product[] }>
      })
      .then((body) => active && setProducts(body.products))
      .catch((reason: unknown) => active && setError(String(reason)))
    return () => {
      active = false
    }
  }, [])
  return { products, error }
}
