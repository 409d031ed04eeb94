import { randomBytes } from 'node:crypto'
import {
  CheckoutError,
  type CheckoutHandler,
  type PaymentRecord,
  type ResolvedOrder,
  readBodyText,
  refundSummary,
} from '@checkout-kit/server'
import { eventStream } from './eventStream.ts'
import type { Order, OrderLine, OrderStore } from './orderStore.ts'
import { type PaymentView, toPaymentView } from './paymentView.ts'
import { createShopChanges } from './shopChanges.ts'

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

/** An order as the shop's pages see it: its lines, its total and every payment attempt. */
export interface OrderView {
  id: string
  createdAt: string
  lines: OrderLine[]
  total: { value: string; currency: string }
  payments: PaymentView[]
}

/** How many orders the orders page lists, newest first. */
const ordersShown = 10

/** How many payment attempts an order shows, newest first. */
const attemptsShown = 20

const isOpen = (payment: { status: PaymentRecord['status'] }) =>
  payment.status === 'requires_action' || payment.status === 'processing'

function toCents(price: string): number {
  return Math.round(Number(price) * 100)
}

function fromCents(cents: number): string {
  return (cents / 100).toFixed(2)
}

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status })
}

/** Validates a cart sent by the browser and prices it from the catalogue. */
export function priceOrder(body: unknown): Order | string {
  const items = (body as { items?: unknown } | null)?.items
  if (!Array.isArray(items) || items.length === 0) return 'The order needs at least one item.'
  if (items.length > catalogue.length) {
    return `An order has at most ${catalogue.length} lines, one per product.`
  }
  const lines: OrderLine[] = []
  for (const item of items as { productId?: unknown; quantity?: unknown }[]) {
    const product = catalogue.find((candidate) => candidate.id === item?.productId)
    const quantity = item?.quantity
    if (!product) return `There is no product ${String(item?.productId)}.`
    if (lines.some((line) => line.productId === product.id)) {
      return `The product ${product.id} is in the order twice: send one line with its whole quantity.`
    }
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      return 'Each quantity must be a whole number of at least 1.'
    }
    if (quantity > 99) return 'At most 99 of each product.'
    lines.push({ productId: product.id, name: product.name, unitPrice: product.price, quantity })
  }
  return {
    id: `ord${randomBytes(8).toString('hex')}`,
    createdAt: new Date().toISOString(),
    lines,
    totalCents: lines.reduce((sum, line) => sum + toCents(line.unitPrice) * line.quantity, 0),
    currency: 'USD',
  }
}

/** What the checkout handler asks: the amount, the customer and the items, from the server. */
export function orderResolver(orders: Pick<OrderStore, 'get'>) {
  return async (orderId: string): Promise<ResolvedOrder | undefined> => {
    const order = await orders.get(orderId)
    if (!order) return undefined
    return {
      amount: { value: fromCents(order.totalCents), currency: order.currency },
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
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        sku: line.productId,
      })),
    }
  }
}

/** The body as JSON; `undefined` when there is none, which each route judges for itself. */
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export type RefundRequest =
  | { kind: 'all' }
  | { kind: 'amount'; amount: { value: string; currency: string } }
  | { kind: 'invalid'; message: string }

/**
 * Reads a refund request strictly, so that a typo never refunds everything: `{}` asks for all that
 * is left, `{ amount: { value: "5.00", currency: "USD" } }` for that amount, anything else is
 * answered with the reason.
 */
export function parseRefundRequest(body: unknown): RefundRequest {
  const invalid = (message: string): RefundRequest => ({ kind: 'invalid', message })
  if (!isPlainObject(body)) {
    return invalid(
      'The refund request must be a JSON object: {} for all that is left, or { "amount": { "value": "5.00", "currency": "USD" } }.',
    )
  }
  const unknown = Object.keys(body).filter((key) => key !== 'amount')
  if (unknown.length > 0) {
    return invalid(`A refund request takes only "amount", not ${JSON.stringify(unknown[0])}.`)
  }
  if (!('amount' in body)) return { kind: 'all' }
  const { amount } = body
  if (
    !isPlainObject(amount) ||
    Object.keys(amount).sort().join() !== 'currency,value' ||
    typeof amount.value !== 'string' ||
    !/^\d{1,9}\.\d{2}$/.test(amount.value) ||
    typeof amount.currency !== 'string' ||
    !/^[A-Z]{3}$/.test(amount.currency)
  ) {
    return invalid(
      'The refund amount must be { "value": "5.00", "currency": "USD" }: two decimals, in the payment\'s currency. Send {} to refund all that is left.',
    )
  }
  return { kind: 'amount', amount: { value: amount.value, currency: amount.currency } }
}

/** The largest body the shop reads, as the checkout handler: a cart or a refund is far smaller. */
const maxBodyBytes = 64 * 1024

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request, maxBodyBytes)
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new CheckoutError('INVALID_REQUEST', 'The body must be JSON.')
  }
}

/**
 * The demo shop's API, with the checkout handler mounted beside it: everything under `/api` goes
 * through `handle`, and requests under `checkoutPath` go to the handler untouched. The live pages
 * hear of every payment change, new attempts included, through `checkout.subscribeRecords`.
 *
 * There is no sign-in: the orders page and refunds are open to anyone who reaches this demo on
 * loopback. A real shop puts them behind its back-office authentication.
 */
export function createShop(options: {
  orders: OrderStore
  checkout: CheckoutHandler
  basePath?: string
  checkoutPath?: string
}) {
  const { orders, checkout } = options
  const basePath = options.basePath ?? '/api/shop'
  const checkoutPath = options.checkoutPath ?? '/api/checkout'
  const changes = createShopChanges(checkout)

  async function paymentView(paymentId: string): Promise<PaymentView> {
    // getPayment asks the gateway first when the payment's notification is late.
    const record = await checkout.getPayment(paymentId)
    if (!record) throw new CheckoutError('PAYMENT_NOT_FOUND', 'No payment has this id.')
    return toPaymentView(record)
  }

  /** The orders with their payment attempts, all read in one query. */
  async function orderViews(list: Order[]): Promise<OrderView[]> {
    const records = await checkout.listPayments({
      orderIds: list.map((order) => order.id),
      limit: list.length * attemptsShown,
    })
    const payments = await Promise.all(
      records.map((record) => (isOpen(record) ? paymentView(record.id) : toPaymentView(record))),
    )
    return list.map((order) => ({
      id: order.id,
      createdAt: order.createdAt,
      lines: order.lines,
      total: { value: fromCents(order.totalCents), currency: order.currency },
      // Oldest attempt first, as they happened.
      payments: payments
        .filter((payment) => payment.orderId === order.id)
        .slice(0, attemptsShown)
        .reverse(),
    }))
  }

  /**
   * Reads the open payments among `payments` through `getPayment`, which asks the gateway when a
   * notification is overdue: what it finds reaches the live pages as a change.
   */
  async function checkLatePayments(payments: PaymentView[]): Promise<void> {
    await Promise.all(payments.filter(isOpen).map((payment) => checkout.getPayment(payment.id)))
  }

  async function requireOrder(orderId: string): Promise<Order> {
    const order = await orders.get(orderId)
    if (!order) throw new CheckoutError('ORDER_NOT_FOUND', 'No order has this id.')
    return order
  }

  async function placeOrder(request: Request): Promise<Response> {
    const order = priceOrder(await readJson(request))
    if (typeof order === 'string') return jsonError(400, 'INVALID_REQUEST', order)
    await orders.create(order)
    changes.emit({ orderId: order.id })
    return Response.json(
      {
        orderId: order.id,
        amount: { value: fromCents(order.totalCents), currency: order.currency },
      },
      { status: 201 },
    )
  }

  async function refund(request: Request, paymentId: string): Promise<Response> {
    const wanted = parseRefundRequest(await readJson(request))
    if (wanted.kind === 'invalid') return jsonError(400, 'INVALID_REQUEST', wanted.message)
    const record = await checkout.getPayment(paymentId)
    if (!record) throw new CheckoutError('PAYMENT_NOT_FOUND', 'No payment has this id.')
    if (wanted.kind === 'amount' && wanted.amount.currency !== record.amount.currency) {
      return jsonError(
        400,
        'INVALID_REQUEST',
        `The refund amount must be in the payment's currency, ${record.amount.currency}.`,
      )
    }
    const amount = wanted.kind === 'all' ? refundSummary(record).refundable : wanted.amount
    const refunded = await checkout.refund({ paymentId, amount })
    return Response.json(
      {
        refund: { reference: refunded.reference, amount: refunded.amount, status: refunded.status },
      },
      { status: 202 },
    )
  }

  async function route(request: Request, path: string): Promise<Response> {
    const method = request.method
    // `?order=<id>`: the orders list and its stream hold that one order only.
    const onlyOrder = new URL(request.url).searchParams.get('order') ?? undefined
    const segments = path.split('/').filter(Boolean)
    let decoded: string[]
    try {
      decoded = segments.map(decodeURIComponent)
    } catch {
      return jsonError(
        400,
        'INVALID_REQUEST',
        `The path ${basePath}${path} is not valid URL encoding.`,
      )
    }
    const [first, id, action, ...rest] = decoded
    if (rest.length > 0) return jsonError(404, 'NOT_FOUND', `No ${method} ${basePath}${path}.`)
    if (first === 'products' && !id && method === 'GET') {
      return Response.json({ products: catalogue })
    }
    if (first === 'orders' && !id && method === 'POST') return placeOrder(request)
    if (first === 'orders' && !id && method === 'GET') {
      return Response.json(await listOrders(onlyOrder))
    }
    if (first === 'orders' && id === 'events' && !action && method === 'GET') {
      // A missing order is a 404 before the stream starts, which ends the page's EventSource.
      if (onlyOrder !== undefined) await requireOrder(onlyOrder)
      return eventStream(request, {
        event: 'orders',
        read: () => listOrders(onlyOrder),
        listen: (changed) => changes.listen(changed),
        recheck: (last) => checkLatePayments(last.orders.flatMap((order) => order.payments)),
      })
    }
    if (first === 'orders' && id && !action && method === 'GET') {
      const [order] = await orderViews([await requireOrder(id)])
      return Response.json(order)
    }
    if (first === 'payments' && id && !action && method === 'GET') {
      return Response.json(await paymentView(id))
    }
    if (first === 'payments' && id && action === 'events' && method === 'GET') {
      await paymentView(id)
      return eventStream(request, {
        event: 'payment',
        read: () => paymentView(id),
        listen: (changed) =>
          changes.listen((change) => {
            if ('paymentId' in change && change.paymentId === id) changed()
          }),
        recheck: (last) => checkLatePayments([last]),
      })
    }
    if (first === 'payments' && id && action === 'refunds' && method === 'POST') {
      return refund(request, id)
    }
    const allowed = methodsOf(first, id, action)
    if (allowed) {
      return Response.json(
        {
          error: {
            code: 'METHOD_NOT_ALLOWED',
            message: `${basePath}${path} takes ${allowed.join(' or ')}, not ${method}.`,
          },
        },
        { status: 405, headers: { allow: allowed.join(', ') } },
      )
    }
    return jsonError(404, 'NOT_FOUND', `No ${method} ${basePath}${path}.`)
  }

  /** The methods a path of the API takes, for a 405's `Allow`; `undefined` for no such path. */
  function methodsOf(first?: string, id?: string, action?: string): string[] | undefined {
    if (first === 'products' && !id) return ['GET']
    if (first === 'orders' && !id) return ['GET', 'POST']
    if (first === 'orders' && !action) return ['GET']
    if (first === 'payments' && id && (!action || action === 'events')) return ['GET']
    if (first === 'payments' && id && action === 'refunds') return ['POST']
    return undefined
  }

  /**
   * The most recent orders, and whether there are older ones: a page, not the whole history. With
   * `orderId`, that order alone, however old.
   */
  async function listOrders(orderId?: string): Promise<{ orders: OrderView[]; more: boolean }> {
    if (orderId !== undefined) {
      return { orders: await orderViews([await requireOrder(orderId)]), more: false }
    }
    const recent = await orders.list({ limit: ordersShown + 1 })
    return {
      orders: await orderViews(recent.slice(0, ordersShown)),
      more: recent.length > ordersShown,
    }
  }

  async function handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    if (pathname === checkoutPath || pathname.startsWith(`${checkoutPath}/`)) {
      return checkout(request)
    }
    if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
      return jsonError(404, 'NOT_FOUND', `No ${request.method} ${pathname}.`)
    }
    try {
      return await route(request, pathname.slice(basePath.length))
    } catch (error) {
      if (error instanceof CheckoutError) return error.toResponse()
      console.error('[storefront] shop API failed', String(error))
      return jsonError(500, 'SHOP_ERROR', 'Something went wrong in the shop. Please try again.')
    }
  }

  return { handle }
}
