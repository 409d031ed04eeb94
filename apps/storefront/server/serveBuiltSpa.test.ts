import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { noncePlaceholder } from './contentSecurityPolicy.ts'
import { serveBuiltSpa } from './serveBuiltSpa.ts'

let spa: (request: Request) => Promise<Response>

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'storefront-spa-'))
  const dist = join(root, 'dist')
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(
    join(dist, 'index.html'),
    `<meta content="__ORIGIN__"><script nonce="${noncePlaceholder}" src="/assets/index-abc.js"></script>`,
  )
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *')
  writeFileSync(join(root, 'secret.txt'), 'outside dist')
  spa = await serveBuiltSpa(dist, {
    renderIndex: (html) => html.replace('__ORIGIN__', 'http://127.0.0.1:4010'),
    contentSecurityPolicy: (nonce) => `script-src 'nonce-${nonce}'`,
  })
})

const get = (path: string) => spa(new Request(`http://shop.test${path}`))

it('serves built assets with a long cache, and the rendered page for every SPA path', async () => {
  const asset = await get('/assets/index-abc.js')
  expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  expect(asset.headers.get('cache-control')).toContain('immutable')
  expect(await asset.text()).toBe('console.log(1)')

  for (const path of ['/', '/orders', '/result?paymentId=pay_1', '/index.html']) {
    const page = await get(path)
    expect(await page.text()).toMatch(
      /^<meta content="http:\/\/127\.0\.0\.1:4010"><script nonce="[^"]+" src="\/assets\/index-abc\.js"><\/script>$/,
    )
  }
})

it('gives every page a nonce of its own, named by its Content-Security-Policy, and never caches it', async () => {
  const nonces = new Set<string>()
  for (const path of ['/', '/', '/orders']) {
    const page = await get(path)
    const nonce = /nonce="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(page.headers.get('content-security-policy')).toBe(`script-src 'nonce-${nonce}'`)
    // A page kept by a cache would hand the same nonce to the next visitor.
    expect(page.headers.get('cache-control')).toBe('no-store')
    nonces.add(nonce)
  }
  expect(nonces.size).toBe(3)
})

it('answers 404 for a missing asset and never serves a file outside dist', async () => {
  expect((await get('/assets/missing.js')).status).toBe(404)
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
    const response = await get(path)
    expect(await response.text()).not.toContain('outside dist')
  }
  expect((await spa(new Request('http://shop.test/', { method: 'POST' }))).status).toBe(405)
})

it("sends a file's type and the security headers, without its body for HEAD, and refuses a malformed path", async () => {
  const asset = await spa(new Request('http://shop.test/assets/index-abc.js', { method: 'HEAD' }))
  expect(asset.status).toBe(200)
  expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  expect(asset.headers.get('x-content-type-options')).toBe('nosniff')
  expect(asset.headers.get('referrer-policy')).toBe('same-origin')
  expect(await asset.text()).toBe('')

  const malformed = await get('/%E0%A4%A')
  expect(malformed.status).toBe(400)
  expect(await malformed.text()).not.toContain('<script')
})

it('lets a browser keep a file outside assets only until it asks again (its name does not change)', async () => {
  const robots = await get('/robots.txt')
  expect(await robots.text()).toBe('User-agent: *')
  expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8')
  expect(robots.headers.get('cache-control')).toBe('no-cache')
})
