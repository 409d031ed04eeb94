/**
 * The gateway emulator's origin: its hosted pages, SDK and risk scripts are the only other origin
 * the kit may send the shopper to or load from. The server writes it into index.html when it
 * serves the page (server/start.ts), so one build runs against an emulator on any port.
 */
export function gatewayOrigins(): string[] {
  const origin = document
    .querySelector<HTMLMetaElement>('meta[name="checkout-kit-gateway-origin"]')
    ?.getAttribute('content')
  return origin?.startsWith('http') ? [origin] : []
}
