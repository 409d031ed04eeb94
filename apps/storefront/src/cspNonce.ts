/**
 * The page's CSP nonce, which the server writes into `<meta property="csp-nonce">` for each page
 * it serves (server/serveBuiltSpa.ts). The kit gives it to every script and style element it adds,
 * which the page's Content-Security-Policy would block otherwise. Read from the `nonce` property:
 * browsers hide the attribute's value from the DOM once the page is parsed.
 */
export function cspNonce(): string | undefined {
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce
  return nonce ? nonce : undefined
}
