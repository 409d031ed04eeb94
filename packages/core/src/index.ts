// @checkout-kit/core has no public API yet; it is built by the browser-kit issue (#5): the contract client, the attempt state machine, performAction, the script loader, status watching, card utilities and the PingPong risk-plugin adapter.
export {}
