#!/usr/bin/env node
// Starts the emulator's CLI. A published package runs its build (dist/cli.js). Inside the
// workspace (recognised by tsconfig.json, which is not published) it runs the TypeScript source
// through tsx with the workspace's `@checkout-kit/source` export condition, even when a
// `pnpm build` left a dist/ behind: the end-to-end tests must run the code as it is now.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const inWorkspace = existsSync(fileURLToPath(new URL('../tsconfig.json', import.meta.url)))
const built = new URL('../dist/cli.js', import.meta.url)
if (!inWorkspace) {
  await import(built.href)
} else {
  const source = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
  const child = spawn(
    process.execPath,
    [
      '--conditions=@checkout-kit/source',
      '--import',
      import.meta.resolve('tsx/esm'),
      source,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  )
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
