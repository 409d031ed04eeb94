import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Tests run straight from `src`: the workspace packages' `@checkout-kit/source` export condition
// points at their TypeScript entry, so no package has to be built before its dependents are tested.
const sourceCondition = '@checkout-kit/source'

export default defineConfig({
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/server/**/*.test.ts',
            // The storefront's pure browser modules (no DOM); its pages' tests are `*.test.tsx`.
            'apps/*/src/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['packages/react/**', '**/*.dom.test.ts'],
        },
      },
      {
        // Components and DOM-touching browser modules: a DOM per test file.
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: [
            'packages/react/src/**/*.test.{ts,tsx}',
            'packages/*/src/**/*.dom.test.ts',
            // The storefront's pages: the whole app, rendered in jsdom.
            'apps/*/src/**/*.test.tsx',
          ],
        },
      },
      // The same component tests on React 18, the oldest peer @checkout-kit/react supports.
      'packages/react/react18/vitest.config.ts',
    ],
  },
})
