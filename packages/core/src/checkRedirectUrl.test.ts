import { describe, expect, it } from 'vitest'
import { CheckoutError } from './checkoutError.ts'
import { checkRedirectUrl } from './checkRedirectUrl.ts'

const allowed = ['https://shop.example', 'https://pay.gateway.example', 'http://127.0.0.1:4010']

function blockedError(run: () => unknown): CheckoutError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CheckoutError)
    expect((error as CheckoutError).code).toBe('redirect_blocked')
    return error as CheckoutError
  }
  throw new Error('expected the URL to be blocked')
}

describe('checkRedirectUrl', () => {
  it.each([
    ['https://shop.example/return?paymentId=p_1', 'https://shop.example/return?paymentId=p_1'],
    ['https://shop.example', 'https://shop.example/'],
    [
      'https://pay.gateway.example/v3/checkout?token=EU:abc',
      'https://pay.gateway.example/v3/checkout?token=EU:abc',
    ],
    // Same origin, spelled differently: the parser normalises case and the default port.
    ['HTTPS://SHOP.EXAMPLE/Pay', 'https://shop.example/Pay'],
    ['https://Shop.Example:443/pay', 'https://shop.example/pay'],
    // http only because this exact origin is listed (local emulator).
    ['http://127.0.0.1:4010/pingpong/v3/checkout', 'http://127.0.0.1:4010/pingpong/v3/checkout'],
  ])('allows %s', (url, href) => {
    expect(checkRedirectUrl(url, allowed).href).toBe(href)
  })

  it('compares listed origins after normalising them too', () => {
    expect(checkRedirectUrl('https://shop.example/a', ['HTTPS://SHOP.EXAMPLE:443/']).href).toBe(
      'https://shop.example/a',
    )
    // An IDN origin listed in Unicode matches the punycode the parser produces, and back.
    expect(
      checkRedirectUrl('https://bücher.example/a', ['https://xn--bcher-kva.example']).host,
    ).toBe('xn--bcher-kva.example')
    expect(
      checkRedirectUrl('https://xn--bcher-kva.example/a', ['https://bücher.example']).host,
    ).toBe('xn--bcher-kva.example')
  })

  it.each([
    // Suffix, prefix and subdomain tricks.
    'https://shop.example.evil.com/',
    'https://evilshop.example/',
    'https://pay.shop.example/',
    'https://shop.example.evil.com@shop.example.evil.com/',
    'https://SHOP.EXAMPLE.EVIL.COM/',
    'https://shop.example./',
    // Userinfo, with and without a password, and empty.
    'https://evil.com@shop.example/',
    'https://shop.example@evil.com/',
    'https://user:pass@shop.example/',
    'https://@shop.example/',
    'https://:@shop.example/',
    'https://shop.example%40evil.com/',
    // Scheme-relative and relative.
    '//evil.com/',
    '//shop.example/',
    '/return',
    'shop.example/return',
    // Other ports and schemes.
    'https://shop.example:444/',
    'https://shop.example:8443/',
    'http://shop.example/',
    'http://127.0.0.1:4011/',
    'http://localhost:4010/',
    'https://127.0.0.1:4010/',
    'ftp://shop.example/',
    'wss://shop.example/',
    'https:shop.example/return',
    'https:/shop.example/return',
    // Script and data URLs, however spelled.
    'javascript:alert(1)',
    'JavaScript:alert(document.domain)',
    'javascript://shop.example/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:https://shop.example/0b2f7c47-1c7c-4bb5-8b52-2c4e4d11a0a3',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    // Look-alike hosts: Cyrillic "о" and a punycode host.
    'https://shоp.example/',
    'https://xn--shp-zed.example/',
    // Backslashes, whitespace and control characters.
    'https://shop.example\\@evil.com/',
    'https:\\\\evil.com/',
    '/\\evil.com/',
    'https://evil.com\\.shop.example/',
    // On an allowed origin: a backslash is refused, not read as "/" the way URL parsers do.
    'https://shop.example\\return',
    'https://shop.example/return\\..\\admin',
    ' https://shop.example/',
    'https://shop.example/ ',
    'https://shop.example/\n',
    'https://shop.\nexample/',
    '\thttps://shop.example/',
    'https://shop.example/%0d%0a\r\nSet-Cookie:x',
    '\u0000https://shop.example/',
    'java\tscript:alert(1)',
    // Not URLs at all.
    '',
    'not a url',
    'https://',
    'https://[::1',
  ])('blocks %j', (url) => {
    blockedError(() => checkRedirectUrl(url, allowed))
  })

  it('blocks everything when nothing is allowed, and ignores unusable allowlist entries', () => {
    blockedError(() => checkRedirectUrl('https://shop.example/', []))
    blockedError(() =>
      checkRedirectUrl('https://shop.example/', ['shop.example', '*', 'data:text/plain,x', 'null']),
    )
    // A wildcard entry is just a host that never matches.
    blockedError(() => checkRedirectUrl('https://a.shop.example/', ['https://*.shop.example']))
  })

  it('blocks https when only the http origin is listed, and the other way round', () => {
    blockedError(() => checkRedirectUrl('https://127.0.0.1:4010/', ['http://127.0.0.1:4010']))
    blockedError(() => checkRedirectUrl('http://shop.example/', ['https://shop.example']))
  })

  it('says what to do, naming only the refused origin', () => {
    const offList = blockedError(() =>
      checkRedirectUrl('https://evil.com/path?token=secret-token', allowed),
    )
    expect(offList.message).toContain('https://evil.com')
    expect(offList.message).toContain('allowedOrigins')
    expect(offList.message).not.toContain('secret-token')
    const insecure = blockedError(() => checkRedirectUrl('http://shop.example/', allowed))
    expect(insecure.message).toMatch(/https/)
    const script = blockedError(() => checkRedirectUrl('javascript:alert(1)', allowed))
    expect(script.message).toContain('javascript:')
    expect(script.message).not.toContain('alert')
  })
})
