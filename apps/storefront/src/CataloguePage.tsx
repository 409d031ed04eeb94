import { useState } from 'react'
import { type Cart, itemCount, type Product } from './cart.ts'
import { Link } from './Link.tsx'
import { PageHeading } from './PageHeading.tsx'

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
  const [lastAdded, setLastAdded] = useState<Product | undefined>()
  return (
    <>
      <PageHeading>Checkout Kit demo shop</PageHeading>
      {error && <p role="alert">{error}</p>}
      {!products && !error && <p>Loading the catalogue…</p>}
      <ul className="products" aria-label="Products">
        {products?.map((product) => (
          <li key={product.id} className="product">
            <h2>{product.name}</h2>
            <p>{product.description}</p>
            <p className="price">{product.price} USD</p>
            <div className="product-actions">
              <button
                type="button"
                onClick={() => {
                  onAdd(product.id)
                  setLastAdded(product)
                }}
              >
                {/* The name starts with the words on the button, so a shopper who says "click Add
                    to cart" to voice control is understood, and still tells the three apart. */}
                Add to cart<span className="visually-hidden"> ({product.name})</span>
              </button>
              {cart[product.id] ? <span>{cart[product.id]} in cart</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {/* Always on the page, so that its first text is announced too. The count changes with each
          press, so adding the same product again is announced again. */}
      <p role="status">
        {lastAdded && `${lastAdded.name} added to your cart (${cart[lastAdded.id] ?? 0} in cart).`}
      </p>
      {itemCount(cart) > 0 && (
        <p>
          <Link to="/checkout">Go to checkout</Link>
        </p>
      )}
    </>
  )
}
