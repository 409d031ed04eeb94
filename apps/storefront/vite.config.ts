import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'
import { noncePlaceholder } from './server/contentSecurityPolicy.ts'

// Shared by `vite build` (the production SPA in dist/) and the dev server server/start.ts starts.
// The kit's packages are bundled from their TypeScript sources through the source condition.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['@checkout-kit/source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic' } },
  // Every script, style sheet and preload tag Vite writes gets this nonce, and the page a
  // <meta property="csp-nonce"> with it; the server replaces it per response (serveBuiltSpa.ts).
  html: { cspNonce: noncePlaceholder },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // The kit's components and TanStack Query mark their modules "use client" for React Server
      // Components; a client-only bundle has no use for the directive, so the notice that it is
      // dropped is noise.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
  },
  clearScreen: false,
})
