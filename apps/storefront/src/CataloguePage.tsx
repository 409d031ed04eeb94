import { useState } from 'react'
import { type Cart, itemCount, type Product } from './cart.ts'
import { Link } from './Link.tsx'
import { PageHeading } from './PageHeading.tsx'
import { useShopText } from './shopText.ts'

export function CataloguePage({
  products,
  error,
  cart,
  onAdd,
}: {
  products: Product[] | undefined
  error: string | undefined
  cart: Cart
  onAdd: (productId: string) => void
}) {
  const text = useShopText()
  // The sentence as said, not the product: switching language must not say it again.
  const [announcement, setAnnouncement] = useState('')
  return (
    <>
      <PageHeading>{text.shopName}</PageHeading>
      {error && <p role="alert">{error}</p>}
      {!products && !error && <p>{text.loadingCatalogue}</p>}
      <ul className="products" aria-label={text.products}>
        {products?.map((serverProduct) => {
          const product = { ...serverProduct, ...text.productWords[serverProduct.id] }
          return (
            <li key={product.id} className="product">
              <h2>{product.name}</h2>
              <p>{product.description}</p>
              <p className="price">{text.usd(product.price)}</p>
              <div className="product-actions">
                <button
                  type="button"
                  onClick={() => {
                    onAdd(product.id)
                    setAnnouncement(text.addedToCart(product.name, (cart[product.id] ?? 0) + 1))
                  }}
                >
                  {/* The name starts with the words on the button, so a shopper who says "click Add
                    to cart" to voice control is understood, and still tells the three apart. */}
                  {text.addToCart}
                  <span className="visually-hidden"> ({product.name})</span>
                </button>
                {cart[product.id] ? <span>{text.inCart(cart[product.id] ?? 0)}</span> : null}
              </div>
            </li>
          )
        })}
      </ul>
      {/* Always on the page, so that its first text is announced too. The count changes with each
          press, so adding the same product again is announced again. */}
      <p role="status">{announcement}</p>
      {itemCount(cart) > 0 && (
        <p>
          <Link to="/checkout">{text.goToCheckout}</Link>
        </p>
      )}
    </>
  )
}
