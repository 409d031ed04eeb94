// The demo storefront is built by the storefront issue (#6); until then `npm start` says so.
export {}
