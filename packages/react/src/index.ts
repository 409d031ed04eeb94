// @checkout-kit/react has no public API yet; it is built by the browser-kit issue (#5): CheckoutProvider, HostedCheckout, CardPayment, LocalPayment, PaymentResult and the hooks.
export {}
