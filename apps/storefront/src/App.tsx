import { CheckoutProvider, zhCN } from '@checkout-kit/react'
import { type ReactNode, useLayoutEffect } from 'react'
import { CataloguePage } from './CataloguePage.tsx'
import { CheckoutPage } from './CheckoutPage.tsx'
import { itemCount, useCart, useProducts } from './cart.ts'
import { cspNonce } from './cspNonce.ts'
import { gatewayOrigins } from './gatewayOrigin.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { Link } from './Link.tsx'
import { useLanguage } from './language.ts'
import { usePathname } from './navigation.ts'
import { OrdersPage } from './OrdersPage.tsx'
import { ResultPage } from './ResultPage.tsx'
import { shopText } from './shopText.ts'

const allowedOrigins = gatewayOrigins()
const nonce = cspNonce()

export function App() {
  const pathname = usePathname()
  const language = useLanguage()
  const text = shopText[language]
  const { cart, orderId, add, placed, forgetOrder, paid } = useCart()
  const { products, error } = useProducts()
  const count = itemCount(cart)

  // Screen readers pick their voice, and browsers their fonts and translation offers, by this.
  useLayoutEffect(() => {
    document.documentElement.lang = language
  }, [language])

  let page: ReactNode
  if (pathname === '/checkout') {
    page = (
      <CheckoutPage
        cart={cart}
        cartOrderId={orderId}
        products={products}
        onPlaced={placed}
        onOrderGone={forgetOrder}
        onPaid={paid}
      />
    )
  } else if (pathname === '/result') {
    page = <ResultPage onPaid={paid} />
  } else if (pathname === '/orders') {
    page = <OrdersPage />
  } else {
    page = <CataloguePage products={products} error={error} onAdd={add} cart={cart} />
  }

  return (
    <CheckoutProvider
      allowedOrigins={allowedOrigins}
      nonce={nonce}
      locale={language}
      messages={language === 'zh-CN' ? zhCN : undefined}
    >
      <header className="site-header">
        <div className="site-header-content">
          <nav aria-label={text.navLabel}>
            <Link to="/">{text.navCatalogue}</Link>
            <Link to="/checkout">{text.navCart(count)}</Link>
            <Link to="/orders">{text.navOrders}</Link>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main>{page}</main>
    </CheckoutProvider>
  )
}
