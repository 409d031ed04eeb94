import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// The component tests of @checkout-kit/react once more, on React 18 (its oldest peer). This folder
// is a workspace package of its own whose react, react-dom and the packages that import them
// (Testing Library, TanStack Query, qrcode.react) are the React 18 ones; `dedupe` resolves those packages from here even when the kit's sources import them.
const kitSources = fileURLToPath(new URL('../src/', import.meta.url))

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    conditions: ['@checkout-kit/source', ...defaultClientConditions],
    dedupe: [
      'react',
      'react-dom',
      '@testing-library/react',
      '@tanstack/react-query',
      'qrcode.react',
    ],
  },
  // For the tests that server-render in the node environment (serverRendering.test.tsx).
  ssr: { resolve: { conditions: ['@checkout-kit/source', ...defaultServerConditions] } },
  test: {
    name: 'dom-react18',
    environment: 'jsdom',
    dir: kitSources,
    include: ['**/*.test.{ts,tsx}'],
    env: { EXPECTED_REACT_MAJOR: '18' },
  },
})
