import { CheckoutProvider } from '@checkout-kit/react'
import type { ReactNode } from 'react'
import { CataloguePage } from './CataloguePage.tsx'
import { CheckoutPage } from './CheckoutPage.tsx'
import { itemCount, useCart, useProducts } from './cart.ts'
import { gatewayOrigins } from './gatewayOrigin.ts'
import { Link } from './Link.tsx'
import { usePathname } from './navigation.ts'
import { OrdersPage } from './OrdersPage.tsx'
import { ResultPage } from './ResultPage.tsx'

const allowedOrigins = gatewayOrigins()

export function App() {
  const pathname = usePathname()
  const { cart, add, clear } = useCart()
  const { products, error } = useProducts()
  const count = itemCount(cart)

  let page: ReactNode
  if (pathname === '/checkout') {
    page = <CheckoutPage cart={cart} products={products} />
  } else if (pathname === '/result') {
    page = <ResultPage onSucceeded={clear} />
  } else if (pathname === '/orders') {
    page = <OrdersPage />
  } else {
    page = <CataloguePage products={products} error={error} onAdd={add} cart={cart} />
  }

  return (
    <CheckoutProvider allowedOrigins={allowedOrigins}>
      <header className="site-header">
        <nav aria-label="Shop">
          <Link to="/">Catalogue</Link>
          <Link to="/checkout">{`Cart (${count} ${count === 1 ? 'item' : 'items'})`}</Link>
          <Link to="/orders">Orders</Link>
        </nav>
      </header>
      <main>{page}</main>
    </CheckoutProvider>
  )
}
