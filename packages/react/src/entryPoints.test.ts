import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const sourceDirectory = dirname(fileURLToPath(import.meta.url))
const importPattern = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm

/** The files of this package an entry reaches, and the packages they import (type-only excluded). */
function moduleGraph(entry: string): { files: Set<string>; packages: Set<string>; text: string } {
  const files = new Set<string>()
  const packages = new Set<string>()
  let text = ''
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(join(sourceDirectory, file), 'utf8')
    text += source
    for (const match of source.matchAll(importPattern)) {
      const statement = match[0]
      const specifier = match[1] ?? ''
      if (/^\s*(?:import|export)\s+type\s/.test(statement)) continue
      if (specifier.startsWith('./')) visit(specifier.slice(2))
      else packages.add(specifier)
    }
  }
  visit(entry)
  return { files, packages, text }
}

describe('entry points', () => {
  it.each(['redirect.ts', 'hosted.ts', 'result.ts'])(
    '%s leaves out the card form, the risk plugin and the QR code library',
    (entry) => {
      const { files, packages, text } = moduleGraph(entry)
      expect([...files]).not.toContain('CardPayment.tsx')
      expect([...files]).not.toContain('LocalPayment.tsx')
      expect([...files]).not.toContain('useRiskPlugin.ts')
      expect([...packages]).not.toContain('qrcode.react')
      expect(text).not.toContain('createPingPongRiskPlugin')
    },
  )

  it.each(['HostedCheckout.tsx', 'CheckoutProvider.tsx'])(
    '%s leaves out TanStack Query (loaded only by the hooks that query)',
    (entry) => {
      const { files, packages } = moduleGraph(entry)
      expect([...packages]).not.toContain('@tanstack/react-query')
      expect([...packages]).not.toContain('@tanstack/query-core')
      expect([...files]).not.toContain('kitQueryClient.ts')
    },
  )

  // What the bundler then drops (the hosted SDK loader, status watching) is measured by
  // bench/size.mjs, on a built page.
  it('redirect.ts offers HostedRedirect alone, without TanStack Query', async () => {
    expect([...moduleGraph('redirect.ts').packages]).not.toContain('@tanstack/react-query')
    const redirect = await import('./redirect.ts')
    expect(redirect).toHaveProperty('HostedRedirect')
    expect(redirect).not.toHaveProperty('HostedCheckout')
  })

  it('redirect.ts reaches neither the attempt store, the contract client nor status watching', () => {
    const { files, text } = moduleGraph('redirect.ts')
    expect([...files]).not.toContain('useAttempt.ts')
    expect([...files]).not.toContain('kitServices.ts')
    for (const engine of ['createCheckoutClient', 'createPaymentAttempt', 'watchPaymentStatus']) {
      expect(text).not.toContain(engine)
    }
  })

  it('card.ts has no QR code library, local.ts no card form', () => {
    expect([...moduleGraph('card.ts').packages]).not.toContain('qrcode.react')
    expect([...moduleGraph('local.ts').files]).not.toContain('CardPayment.tsx')
  })

  it('exports what each entry promises', async () => {
    const [everything, hosted, card, local, result] = await Promise.all([
      import('./index.ts'),
      import('./hosted.ts'),
      import('./card.ts'),
      import('./local.ts'),
      import('./result.ts'),
    ])
    for (const name of [
      'CheckoutProvider',
      'HostedCheckout',
      'CardPayment',
      'LocalPayment',
      'PaymentResult',
      'useCheckout',
      'usePaymentStatus',
      'usePaymentResult',
      'queryKeys',
      'en',
      'zhCN',
    ]) {
      expect(everything, name).toHaveProperty(name)
    }
    expect(Object.keys(hosted)).not.toContain('CardPayment')
    expect(Object.keys(hosted)).not.toContain('LocalPayment')
    expect(card).toHaveProperty('CardPayment')
    expect(local).toHaveProperty('LocalPayment')
    expect(Object.keys(result).sort()).toEqual(
      [
        'CheckoutProvider',
        'PaymentResult',
        'en',
        'queryKeys',
        'usePaymentResult',
        'usePaymentStatus',
        'zhCN',
      ].sort(),
    )
    expect(everything.queryKeys.payment('pay_1')).toEqual(['checkout-kit', 'payment', 'pay_1'])
    expect(everything.queryKeys.config).toEqual(['checkout-kit', 'config'])
  })
})

/**
 * The modules an entry re-exports values from (through `export * from` of another entry too),
 * each with the value names it gives the entry.
 */
function reExportedValues(entry: string): Map<string, string[]> {
  const modules = new Map<string, string[]>()
  const source = readFileSync(join(sourceDirectory, entry), 'utf8')
  for (const [, names = '', file = ''] of source.matchAll(
    /^export \{([^}]*)\} from '\.\/([^']+)'/gm,
  )) {
    const values = names
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '' && !name.startsWith('type '))
    if (values.length > 0) modules.set(file, [...(modules.get(file) ?? []), ...values])
  }
  for (const [, file = ''] of source.matchAll(/^export \* from '\.\/([^']+)'/gm)) {
    for (const [module, values] of reExportedValues(file)) modules.set(module, values)
  }
  return modules
}

const startsWithUseClient = (file: string) =>
  /^'use client'\n/.test(readFileSync(join(sourceDirectory, file), 'utf8'))

// Next.js renders a page as a React Server Component unless its file says "use client"; a kit
// component imported there failed the build with "createContext is not a function". The kit's
// component and hook modules are client modules, so a server page can render them (Next passes
// their props across). The entries and plain values (zhCN, queryKeys) stay out of it: a server
// page spreading `{ ...zhCN, pay: '下单' }` must get the object, not a reference to it.
describe('React Server Components', () => {
  const entries = ['index.ts', 'hosted.ts', 'redirect.ts', 'card.ts', 'local.ts', 'result.ts']
  const modules = new Map(entries.flatMap((entry) => [...reExportedValues(entry)]))
  const isComponentOrHook = (name: string) => /^(?:[A-Z]|use[A-Z])/.test(name)

  it('finds every component and hook module the entries re-export', () => {
    const clientModules = [...modules].filter(([, values]) => values.some(isComponentOrHook))
    expect(clientModules.map(([file]) => file).sort()).toEqual([
      'CardPayment.tsx',
      'CheckoutProvider.tsx',
      'HostedCheckout.tsx',
      'HostedRedirect.tsx',
      'LocalPayment.tsx',
      'PaymentResult.tsx',
      'useCheckout.ts',
      'useCheckoutConfig.ts',
      'useCheckoutContext.ts',
      'usePaymentResult.ts',
      'usePaymentStatus.ts',
    ])
  })

  it.each([...modules])(
    '%s is a client module exactly when it gives the entries a component or hook',
    (file, values) => {
      const client = values.some(isComponentOrHook)
      expect(startsWithUseClient(file)).toBe(client)
      // Everything a client module exports is a client reference on the server: nothing else.
      if (client) expect(values.filter((name) => !isComponentOrHook(name))).toEqual([])
    },
  )

  it.each(entries)('the entry %s is not a client module itself', (entry) => {
    expect(startsWithUseClient(entry)).toBe(false)
  })
})
