import { randomBytes } from 'node:crypto'
import type { ResolvedOrder } from '@checkout-kit/server'

/** A product of the demo shop. Prices live here, on the server, and nowhere else. */
export interface Product {
  id: string
  name: string
  description: string
  /** USD, two decimals. */
  price: string
}

export const catalogue: readonly Product[] = [
  {
    id: 'mug',
    name: 'Enamel camp mug',
    description: 'A 350 ml steel mug with a blue enamel finish.',
    price: '12.00',
  },
  {
    id: 'notebook',
    name: 'Dot-grid notebook',
    description: 'A5, 160 pages of 100 g/m² paper, lies flat.',
    price: '9.50',
  },
  {
    id: 'tote',
    name: 'Canvas tote bag',
    description: 'Heavy cotton canvas with an inside pocket.',
    price: '18.25',
  },
]

interface OrderLine {
  product: Product
  quantity: number
}

interface Order {
  id: string
  lines: OrderLine[]
  /** In cents, to add without rounding errors. */
  totalCents: number
}

function toCents(price: string): number {
  return Math.round(Number(price) * 100)
}

function fromCents(cents: number): string {
  return (cents / 100).toFixed(2)
}

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status })
}

/** The demo shop's orders (in memory) and its tiny API under `basePath`. */
export function createShop(basePath = '/api/shop') {
  const orders = new Map<string, Order>()

  function createOrder(body: unknown): Order | string {
    const items = (body as { items?: unknown } | null)?.items
    if (!Array.isArray(items) || items.length === 0) return 'The order needs at least one item.'
    const lines: OrderLine[] = []
    for (const item of items as { productId?: unknown; quantity?: unknown }[]) {
      const product = catalogue.find((candidate) => candidate.id === item?.productId)
      const quantity = item?.quantity
      if (!product) return `There is no product ${String(item?.productId)}.`
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
        return 'Each quantity must be a whole number of at least 1.'
      }
      if (quantity > 99) return 'At most 99 of each product.'
      lines.push({ product, quantity })
    }
    const totalCents = lines.reduce(
      (sum, line) => sum + toCents(line.product.price) * line.quantity,
      0,
    )
    const order: Order = { id: `ord${randomBytes(8).toString('hex')}`, lines, totalCents }
    orders.set(order.id, order)
    return order
  }

  /** What the checkout handler asks: the amount, the customer and the items, from the server. */
  function resolveOrder(orderId: string): ResolvedOrder | undefined {
    const order = orders.get(orderId)
    if (!order) return undefined
    return {
      amount: { value: fromCents(order.totalCents), currency: 'USD' },
      description: `Checkout Kit demo order ${order.id}`,
      customer: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        address: {
          line1: '12 St James Square',
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
        },
      },
      items: order.lines.map((line) => ({
        name: line.product.name,
        quantity: line.quantity,
        unitPrice: line.product.price,
        sku: line.product.id,
      })),
    }
  }

  async function handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname.slice(basePath.length)
    if (path === '/products' && request.method === 'GET') {
      return Response.json({ products: catalogue })
    }
    if (path === '/orders' && request.method === 'POST') {
      let body: unknown
      try {
        body = await request.json()
      } catch {
        return jsonError(400, 'INVALID_REQUEST', 'The body must be JSON.')
      }
      const order = createOrder(body)
      if (typeof order === 'string') return jsonError(400, 'INVALID_REQUEST', order)
      return Response.json(
        { orderId: order.id, amount: { value: fromCents(order.totalCents), currency: 'USD' } },
        { status: 201 },
      )
    }
    return jsonError(404, 'NOT_FOUND', `No ${request.method} ${basePath}${path}.`)
  }

  return { handle, resolveOrder }
}
