import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { createNonce, noncePlaceholder } from './contentSecurityPolicy.ts'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** Sent with every page and file. */
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * A page with a fresh CSP nonce, written over the placeholder Vite put in its `nonce` attributes
 * and named in its policy header. Used by this server and by the dev server (serveDevPages.ts).
 */
export function pageResponse(
  html: string,
  method: string,
  contentSecurityPolicy: (nonce: string) => string,
): Response {
  const nonce = createNonce()
  return new Response(method === 'HEAD' ? null : html.replaceAll(noncePlaceholder, nonce), {
    headers: {
      'content-type': contentTypes['.html'] as string,
      // A nonce must not be reused, so neither may the page that carries it.
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy(nonce),
      ...securityHeaders,
    },
  })
}

export interface ServeBuiltSpaOptions {
  /**
   * Writes runtime settings (the emulator's origin) into `index.html`, once per start, so they are
   * not baked in at build time.
   */
  renderIndex: (html: string) => string
  /** The page's Content-Security-Policy header, for the nonce this response's page carries. */
  contentSecurityPolicy: (nonce: string) => string
}

/**
 * Serves the SPA Vite built into `distDir`: its files, and `index.html` for every other page path
 * (`/result`, `/orders`…), which the SPA routes itself. Each page gets a fresh CSP nonce, written
 * over the placeholder Vite put in its `nonce` attributes and named in its policy header.
 */
export async function serveBuiltSpa(
  distDir: string,
  { renderIndex, contentSecurityPolicy }: ServeBuiltSpaOptions,
) {
  const root = normalize(distDir + sep)
  const indexHtml = renderIndex(await readFile(join(root, 'index.html'), 'utf8'))

  const index = (method: string) => pageResponse(indexHtml, method, contentSecurityPolicy)

  return async (request: Request): Promise<Response> => {
    const { method } = request
    if (method !== 'GET' && method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname)
    } catch {
      return new Response('Bad request', { status: 400 })
    }
    const file = normalize(join(root, pathname))
    if (!file.startsWith(root) || pathname.endsWith('/index.html')) return index(method)
    if (await isFile(file)) {
      const body = method === 'HEAD' ? null : await readFile(file)
      return new Response(body, {
        headers: {
          'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
          // Vite names built assets by their content hash: they never change under one name.
          'cache-control': pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
          ...securityHeaders,
        },
      })
    }
    // A missing asset is a 404, not the page: a browser would try to run HTML as a script.
    if (extname(pathname) !== '') return new Response('Not found', { status: 404 })
    return index(method)
  }
}
