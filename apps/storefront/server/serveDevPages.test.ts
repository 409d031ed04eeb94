import { expect, it } from 'vitest'
import { noncePlaceholder } from './contentSecurityPolicy.ts'
import { serveDevPages } from './serveDevPages.ts'

const rendered: string[] = []
const pages = serveDevPages({
  renderIndex: async (url) => {
    rendered.push(url)
    return `<script type="module" src="/@vite/client" nonce="${noncePlaceholder}"></script>`
  },
  contentSecurityPolicy: (nonce) => `script-src 'nonce-${nonce}'`,
})

const get = (path: string, method = 'GET') =>
  pages(new Request(`http://127.0.0.1:5173${path}`, { method }))

it('serves every page path as the page Vite renders, with a fresh nonce in the page and policy', async () => {
  const nonces = new Set<string>()
  for (const path of ['/', '/checkout?order=ord_1', '/result?paymentId=pay_1', '/index.html']) {
    const page = await get(path)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const nonce = /nonce="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(page.headers.get('content-security-policy')).toBe(`script-src 'nonce-${nonce}'`)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('referrer-policy')).toBe('same-origin')
    nonces.add(nonce)
  }
  expect(nonces.size).toBe(4)
  // Vite is asked for the page at the address the browser asked for (its hooks may depend on it).
  expect(rendered).toContain('/checkout?order=ord_1')
})

it('answers 404 for a file Vite did not serve, 405 for other methods, and HEAD without a body', async () => {
  const missing = await get('/assets/missing.js')
  expect(missing.status).toBe(404)
  expect(await missing.text()).not.toContain('<script')
  expect((await get('/', 'POST')).status).toBe(405)
  const head = await get('/', 'HEAD')
  expect(head.status).toBe(200)
  expect(head.headers.get('content-security-policy')).toMatch(/^script-src 'nonce-/)
  expect(await head.text()).toBe('')
})
