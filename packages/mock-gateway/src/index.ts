// @checkout-kit/mock-gateway has no public API yet; it is built by the emulator issue (#3): MSW handlers for the three gateways, hosted pages, mock SDK and risk scripts, notifications, the control API and the CLI.
export {}
