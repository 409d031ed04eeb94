import { zhCN as kitZhCN, type Messages } from '@checkout-kit/react/redirect'
import type { PaymentView } from '../server/paymentView.ts'
import type { PaymentMode } from './CheckoutPage.tsx'
import { type Language, useLanguage } from './language.ts'
import type { StatusName } from './paymentLabels.ts'

// The storefront's own texts in each language. The kit's components bring theirs (App.tsx gives
// <CheckoutProvider> the kit's zhCN); the server's error messages and the timeline's summaries
// come from the server, in English. A failed payment's reason is the kit's for its code, as the
// result page says it. Product names come from the server too, and are translated
// here by product id (a shop with a real catalogue would keep them there, per language).

/** A product's words in one language. */
interface ProductWords {
  name: string
  description: string
}

type Failure = NonNullable<PaymentView['failure']>

/** The kit's text for a failure code in `messages`, else the server's (English) message. */
function failureIn(messages: Messages, failure: Failure): string {
  const key = `failure.${failure.code}`
  return key in messages ? messages[key as keyof Messages] : failure.message
}

const en = {
  languageName: 'English',
  /** By product id; a product not listed keeps the server's (English) words. */
  productWords: {} as Readonly<Record<string, ProductWords | undefined>>,
  languageLabel: 'Language',
  shopName: 'Checkout Kit demo shop',
  pageTitle: (page: string) => `${page} — Checkout Kit demo shop`,
  navLabel: 'Shop',
  navCatalogue: 'Catalogue',
  navCart: (count: number) => `Cart (${count} ${count === 1 ? 'item' : 'items'})`,
  navOrders: 'Orders',
  connection: 'Connection',
  reconnecting: 'The live connection to the shop dropped; reconnecting…',
  liveStopped: 'Live updates stopped; reload the page to see later changes.',
  unreachable: 'The shop could not be reached: check your connection and try again.',
  answered: (status: number) => `The shop answered ${status}.`,
  usd: (value: string) => `${value} USD`,

  loadingCatalogue: 'Loading the catalogue…',
  products: 'Products',
  addToCart: 'Add to cart',
  inCart: (count: number) => `${count} in cart`,
  addedToCart: (name: string, count: number) => `${name} added to your cart (${count} in cart).`,
  goToCheckout: 'Go to checkout',
  browseCatalogue: 'Browse the catalogue',

  checkoutHeading: 'Checkout',
  cartEmpty: 'Your cart is empty.',
  cartHeading: 'Your cart',
  orderLinesHeading: 'Your order',
  loadingOrder: 'Loading the order…',
  alreadyPaid: (orderId: string) => `Order ${orderId} is already paid.`,
  seeThisOrder: 'See this order',
  cartLine: (quantity: number, name: string, price?: string) =>
    `${quantity} × ${name}${price === undefined ? '' : ` — ${price} USD each`}`,
  placeOrder: 'Place order',
  paymentHeading: 'Payment',
  orderTotal: (orderId: string, total: string) => `Order ${orderId}: total ${total}`,
  paymentMethod: 'Payment method',
  modes: {
    'pingpong-sdk': 'PingPong hosted (embedded SDK)',
    'pingpong-redirect': 'PingPong hosted (redirect)',
    'pingpong-card': 'PingPong card',
    'pingpong-qr': 'PingPong local payment (QR)',
    'pingpong-apm-redirect': 'PingPong local payment (redirect)',
    'pockyt-hosted': 'Pockyt hosted',
    'oceanpayment-hosted': 'Oceanpayment hosted',
  } satisfies Record<PaymentMode, string>,
  stillOpen: (open: string, next: string) =>
    `Your ${open} payment is still open below. To pay with ${next} instead, cancel it first.`,
  cancelAndPay: (next: string) => `Cancel it and pay with ${next}`,
  closingAttempt: 'Closing the previous payment attempt…',
  attemptCancelled: (open: string, next: string) =>
    `The ${open} payment was cancelled. Pay with ${next} below.`,
  attemptProcessing:
    'A payment of this order is still being processed. Wait for its result before paying another way.',
  attemptStillOpen: (method: string) =>
    `This order has a payment attempt still open (${method}), started earlier or in another tab. Finish it there, or cancel it to pay here.`,
  attemptLeft: (method: string) =>
    `You left your ${method} payment without finishing it. Pay goes back to it, or choose another method.`,
  cardAttemptLeft:
    "You left your card payment at your bank's verification. Pay starts it again with the card you enter, or choose another method.",
  checkAgain: 'Check again',

  resultHeading: 'Payment result',
  payAgain: 'Pay for this order again',
  seeOrders: 'See your orders',
  continueShopping: 'Continue shopping',
  flowTimeline: 'Flow timeline',
  timelineKinds: {
    request: 'request',
    response: 'response',
    redirect: 'redirect',
    notification: 'notification',
    return: 'return',
    query: 'query',
    status: 'status',
    refund: 'refund',
  } satisfies Record<PaymentView['timeline'][number]['kind'], string>,

  ordersHeading: 'Orders',
  updates: 'Updates',
  showAllOrders: 'Show all orders',
  loadingOrders: 'Loading the orders…',
  noOrders: 'No orders yet.',
  mostRecent: (count: number) => `The ${count} most recent orders.`,
  orderHeading: (orderId: string) => `Order ${orderId}`,
  placed: 'Placed',
  showOnlyOrder: 'Show only this order',
  items: 'Items',
  product: 'Product',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  total: 'Total',
  noAttempt: 'No payment attempt yet.',
  paidTwice:
    'This order was paid more than once: a payment page given up was paid anyway. Refund the extra payment below.',
  payments: 'Payments',
  paymentsOf: (orderId: string) => `Payments of order ${orderId}`,
  payment: 'Payment',
  status: 'Status',
  amount: 'Amount',
  refunded: 'Refunded',
  refund: 'Refund',
  timelineOf: (method: string, paymentId: string) => `Flow timeline of ${method} ${paymentId}`,
  statusChanged: (orderId: string, method: string, status: string) =>
    `Order ${orderId}, ${method}: ${status}.`,
  refundRequested: (amount: string, paymentId: string) =>
    `Refund of ${amount} requested for payment ${paymentId}.`,
  refundRefused: (reason: string) => `The refund was not made: ${reason}`,
  /** The server writes a failure's message for the shopper, in English. */
  failureReason: (failure: Failure) => failure.message,
  refundAmount: (currency: string) => `Refund amount (${currency})`,
  refundAmountInvalid: 'Enter an amount above zero, such as 5 or 5.50.',
  refundAllPlaceholder: (value: string) => `${value} (all)`,
  refundAll: (amount: string) => `Refund all ${amount}?`,
  keepIt: 'Keep it',
  flows: {
    'hosted-sdk': 'hosted (embedded SDK)',
    'hosted-redirect': 'hosted (redirect)',
    card: 'card',
    apm: 'local payment',
  } satisfies Record<PaymentView['flow'], string>,
  statuses: {
    requires_action: 'Awaiting the shopper',
    processing: 'Processing',
    succeeded: 'Succeeded',
    failed: 'Failed',
    cancelled: 'Cancelled',
    expired: 'Expired',
    refund_pending: 'Refund pending',
    refunded: 'Refunded',
    partially_refunded: 'Partially refunded',
  } satisfies Record<StatusName, string>,
}

export type ShopText = typeof en

const zhCN: ShopText = {
  languageName: '简体中文',
  productWords: {
    mug: { name: '搪瓷露营杯', description: '350 毫升钢制杯，蓝色搪瓷外层。' },
    notebook: { name: '点阵笔记本', description: 'A5，160 页 100 克纸，可平摊。' },
    tote: { name: '帆布托特包', description: '厚棉帆布，带内袋。' },
  },
  languageLabel: '语言',
  shopName: 'Checkout Kit 演示商店',
  pageTitle: (page) => `${page} — Checkout Kit 演示商店`,
  navLabel: '商店',
  navCatalogue: '商品目录',
  navCart: (count) => `购物车（${count} 件）`,
  navOrders: '订单',
  connection: '连接',
  reconnecting: '与商店的实时连接已断开，正在重新连接…',
  liveStopped: '实时更新已停止；请刷新页面查看之后的变化。',
  unreachable: '无法连接到商店：请检查网络连接后重试。',
  answered: (status) => `商店返回了 ${status}。`,
  usd: (value) => `${value} USD`,

  loadingCatalogue: '正在加载商品目录…',
  products: '商品',
  addToCart: '加入购物车',
  inCart: (count) => `购物车中有 ${count} 件`,
  addedToCart: (name, count) => `已将 ${name} 加入购物车（购物车中有 ${count} 件）。`,
  goToCheckout: '去结账',
  browseCatalogue: '浏览商品目录',

  checkoutHeading: '结账',
  cartEmpty: '您的购物车是空的。',
  cartHeading: '您的购物车',
  orderLinesHeading: '您的订单',
  loadingOrder: '正在加载订单…',
  alreadyPaid: (orderId) => `订单 ${orderId} 已支付。`,
  seeThisOrder: '查看此订单',
  cartLine: (quantity, name, price) =>
    `${quantity} × ${name}${price === undefined ? '' : ` — 每件 ${price} USD`}`,
  placeOrder: '下单',
  paymentHeading: '支付',
  orderTotal: (orderId, total) => `订单 ${orderId}：合计 ${total}`,
  paymentMethod: '支付方式',
  modes: {
    'pingpong-sdk': 'PingPong 托管收银台（嵌入式 SDK）',
    'pingpong-redirect': 'PingPong 托管收银台（跳转）',
    'pingpong-card': 'PingPong 银行卡',
    'pingpong-qr': 'PingPong 本地支付（二维码）',
    'pingpong-apm-redirect': 'PingPong 本地支付（跳转）',
    'pockyt-hosted': 'Pockyt 托管收银台',
    'oceanpayment-hosted': 'Oceanpayment 托管收银台',
  },
  stillOpen: (open, next) =>
    `您的「${open}」付款仍在下方等待完成。如需改用「${next}」支付，请先取消它。`,
  cancelAndPay: (next) => `取消它并改用「${next}」支付`,
  closingAttempt: '正在关闭上一次支付尝试…',
  attemptCancelled: (open, next) => `「${open}」付款已取消。请在下方使用「${next}」支付。`,
  attemptProcessing: '此订单有一笔付款仍在处理中。请等待其结果，再使用其他方式支付。',
  attemptStillOpen: (method) =>
    `此订单之前（或在其他标签页中）发起的「${method}」付款仍未完成。请在那里完成，或取消它后在这里支付。`,
  attemptLeft: (method) =>
    `您离开了尚未完成的「${method}」付款。点击「支付」返回继续，或选择其他支付方式。`,
  cardAttemptLeft:
    '您在银行验证环节离开了银行卡付款。点击「支付」将用您填写的卡重新付款，或选择其他支付方式。',
  checkAgain: '重新检查',

  resultHeading: '支付结果',
  payAgain: '重新支付此订单',
  seeOrders: '查看您的订单',
  continueShopping: '继续购物',
  flowTimeline: '流程时间线',
  timelineKinds: {
    request: '请求',
    response: '响应',
    redirect: '跳转',
    notification: '通知',
    return: '返回',
    query: '查询',
    status: '状态',
    refund: '退款',
  },

  ordersHeading: '订单',
  updates: '更新',
  showAllOrders: '显示全部订单',
  loadingOrders: '正在加载订单…',
  noOrders: '还没有订单。',
  mostRecent: (count) => `最近的 ${count} 个订单。`,
  orderHeading: (orderId) => `订单 ${orderId}`,
  placed: '下单时间',
  showOnlyOrder: '只显示此订单',
  items: '商品',
  product: '商品',
  quantity: '数量',
  unitPrice: '单价',
  total: '合计',
  noAttempt: '尚无支付尝试。',
  paidTwice: '此订单被重复支付：一个已放弃的支付页面仍被支付。请在下方退还多付的款项。',
  payments: '支付记录',
  paymentsOf: (orderId) => `订单 ${orderId} 的支付记录`,
  payment: '支付',
  status: '状态',
  amount: '金额',
  refunded: '已退款',
  refund: '退款',
  timelineOf: (method, paymentId) => `${method} ${paymentId} 的流程时间线`,
  statusChanged: (orderId, method, status) => `订单 ${orderId}，${method}：${status}。`,
  refundRequested: (amount, paymentId) => `已为支付 ${paymentId} 申请退款 ${amount}。`,
  refundRefused: (reason) => `退款未完成：${reason}`,
  failureReason: (failure) => failureIn(kitZhCN, failure),
  refundAmount: (currency) => `退款金额（${currency}）`,
  refundAmountInvalid: '请输入大于零的金额，例如 5 或 5.50。',
  refundAllPlaceholder: (value) => `${value}（全部）`,
  refundAll: (amount) => `全额退款 ${amount}？`,
  keepIt: '暂不退款',
  flows: {
    'hosted-sdk': '托管收银台（嵌入式 SDK）',
    'hosted-redirect': '托管收银台（跳转）',
    card: '银行卡',
    apm: '本地支付',
  },
  statuses: {
    requires_action: '等待顾客操作',
    processing: '处理中',
    succeeded: '成功',
    failed: '失败',
    cancelled: '已取消',
    expired: '已过期',
    refund_pending: '退款处理中',
    refunded: '已全额退款',
    partially_refunded: '部分退款',
  },
}

export const shopText: Record<Language, ShopText> = { en, 'zh-CN': zhCN }

/** A product's name in the page's language: the translation, else the server's. */
export function productName(text: ShopText, productId: string, serverName: string): string {
  return text.productWords[productId]?.name ?? serverName
}

export function useShopText(): ShopText {
  return shopText[useLanguage()]
}
