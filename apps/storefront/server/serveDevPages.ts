import { extname } from 'node:path'
import { pageResponse } from './serveBuiltSpa.ts'

export interface ServeDevPagesOptions {
  /** `index.html` as Vite's dev server transforms it for this address (its client, the hooks). */
  renderIndex: (url: string) => Promise<string>
  /** The page's Content-Security-Policy header, for the nonce this response's page carries. */
  contentSecurityPolicy: (nonce: string) => string
}

/**
 * What the dev server answers for whatever Vite's own middlewares did not serve: `index.html` for
 * every page path, with a fresh nonce and the Content-Security-Policy, as the production server
 * (serveBuiltSpa.ts) does. Vite writes its placeholder nonce on the tags it adds after every
 * `transformIndexHtml` hook has run, so the nonce can only be written here, on the way out.
 */
export function serveDevPages({ renderIndex, contentSecurityPolicy }: ServeDevPagesOptions) {
  return async (request: Request): Promise<Response> => {
    const { method } = request
    if (method !== 'GET' && method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
    }
    const { pathname, search } = new URL(request.url)
    // As in production: a missing file is a 404, not the page (a browser would run HTML as script).
    if (extname(pathname) !== '' && !pathname.endsWith('/index.html')) {
      return new Response('Not found', { status: 404 })
    }
    return pageResponse(await renderIndex(`${pathname}${search}`), method, contentSecurityPolicy)
  }
}
