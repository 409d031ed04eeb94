// @checkout-kit/server has no public API yet; it is built by the merchant-server issue (#4): createCheckoutHandler, the gateway clients, notifications, refunds and the payment stores.
export {}
