import { type Cart, itemCount, type Product } from './cart.ts'
import { Link } from './Link.tsx'

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
  return (
    <>
      <h1>Checkout Kit demo shop</h1>
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
                aria-label={`Add ${product.name} to cart`}
                onClick={() => onAdd(product.id)}
              >
                Add to cart
              </button>
              {cart[product.id] ? <span>{cart[product.id]} in cart</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {itemCount(cart) > 0 && (
        <p>
          <Link to="/checkout">Go to checkout</Link>
        </p>
      )}
    </>
  )
}
