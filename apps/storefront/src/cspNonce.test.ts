// @vitest-environment jsdom
import { afterEach, expect, it } from 'vitest'
import { cspNonce } from './cspNonce.ts'

afterEach(() => {
  document.head.replaceChildren()
})

it("reads the nonce the server wrote into the page's csp-nonce meta tag", () => {
  const meta = document.createElement('meta')
  meta.setAttribute('property', 'csp-nonce')
  meta.nonce = 'r4nd0m+nonce=='
  document.head.append(meta)
  expect(cspNonce()).toBe('r4nd0m+nonce==')
})

it('gives none when the page has no nonce, so the kit adds its elements without one', () => {
  expect(cspNonce()).toBeUndefined()
  const meta = document.createElement('meta')
  meta.setAttribute('property', 'csp-nonce')
  document.head.append(meta)
  expect(cspNonce()).toBeUndefined()
})
