import { trustedTypesPolicyName } from '@checkout-kit/core'
import { expect, it } from 'vitest'
import { contentSecurityPolicy, createNonce } from './contentSecurityPolicy.ts'

const policy = contentSecurityPolicy({ nonce: 'n0nce', gatewayOrigin: 'http://127.0.0.1:4010' })
const directives = new Map(
  policy.split('; ').map((directive) => {
    const [name = '', ...sources] = directive.split(' ')
    return [name, sources]
  }),
)

it("needs the page's nonce for scripts and style elements that are not the shop's own files", () => {
  expect(directives.get('script-src')).toEqual(["'self'", "'nonce-n0nce'"])
  expect(directives.get('style-src')).toEqual(["'self'", "'nonce-n0nce'"])
  for (const [name, sources] of directives) {
    expect(sources, name).not.toContain("'unsafe-inline'")
    expect(sources, name).not.toContain("'unsafe-eval'")
  }
})

it("enforces Trusted Types, allowing only the kit's policy", () => {
  expect(directives.get('require-trusted-types-for')).toEqual(["'script'"])
  expect(directives.get('trusted-types')).toEqual([trustedTypesPolicyName])
})

it("lets the page reach, frame and post to the gateway's origin and no other", () => {
  for (const name of ['connect-src', 'form-action']) {
    expect(directives.get(name)).toEqual(["'self'", 'http://127.0.0.1:4010'])
  }
  expect(directives.get('frame-src')).toEqual(['http://127.0.0.1:4010'])
  expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'http://127.0.0.1:4010'])
  // No other site may frame the checkout (clickjacking).
  expect(directives.get('frame-ancestors')).toEqual(["'none'"])
  expect(directives.get('default-src')).toEqual(["'self'"])
  expect(directives.get('object-src')).toEqual(["'none'"])
  expect(directives.get('base-uri')).toEqual(["'none'"])
})

it('makes a fresh 128-bit nonce each time', () => {
  const nonces = new Set(Array.from({ length: 50 }, createNonce))
  expect(nonces.size).toBe(50)
  for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
})
