import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  compileExamples,
  type ExampleProblem,
  extractExamples,
  readmePaths,
} from './readmeExamples.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const examples = readmePaths(root).flatMap((readme) =>
  extractExamples(readme, readFileSync(join(root, readme), 'utf8')),
)

describe('the README examples compile as a merchant copies them', () => {
  let dir: string
  let problems: ExampleProblem[] = []

  // One program for every block: the workspace packages are checked once, not once per block.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkout-kit-readme-examples-'))
    problems = compileExamples(root, dir, examples)
  }, 120_000)

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  for (const example of examples) {
    const name = `${example.readme}:${example.line} (${example.lang})`
    if (example.fragment !== undefined) {
      it.skip(`${name}, a fragment: ${example.fragment}`, () => {})
      continue
    }
    it(name, () => {
      const found = problems.filter((problem) => problem.example === example)
      if (found.length > 0) {
        expect.fail(
          `The ${example.lang} block at ${example.readme}:${example.line} does not compile:\n` +
            found.map((problem) => `  ${problem.at}: ${problem.message}`).join('\n'),
        )
      }
    })
  }
})

describe('extractExamples', () => {
  it('reads ts, tsx and typescript blocks, indented ones too, and nothing else', () => {
    const readme = [
      '```ts',
      'const a = 1',
      '```',
      '```sh',
      'pnpm add x',
      '```',
      '- a list item:',
      '',
      '  ```tsx',
      '  const b = <p />',
      '  ```',
      '````typescript',
      '```',
      '````',
    ].join('\n')
    expect(
      extractExamples('R.md', readme).map(({ line, lang, code }) => [line, lang, code]),
    ).toEqual([
      [1, 'ts', 'const a = 1'],
      [9, 'tsx', 'const b = <p />'],
      [12, 'ts', '```'],
    ])
  })

  it('reads the comment before a block: fragment, name, after, given', () => {
    const readme = [
      '<!-- example: fragment: a JSX element for your page -->',
      '```tsx',
      '<Pay />',
      '```',
      '<!-- example: name setup -->',
      '```ts',
      'export {}',
      '```',
      '<!-- example: after setup',
      'given declare const order: { id: string }',
      'declare function navigate(to: string): void -->',
      '',
      '```ts',
      'navigate(order.id)',
      '```',
    ].join('\n')
    const [fragment, setup, given] = extractExamples('R.md', readme)
    expect(fragment?.fragment).toBe('a JSX element for your page')
    expect(setup?.name).toBe('setup')
    expect(given).toMatchObject({
      after: 'setup',
      given: 'declare const order: { id: string }\ndeclare function navigate(to: string): void',
      givenLine: 10,
    })
  })

  it('refuses a fragment without a reason, and a directive it does not know', () => {
    expect(() => extractExamples('R.md', '<!-- example: fragment -->\n```ts\nx\n```')).toThrow(
      "R.md:2: 'example: fragment' needs a reason",
    )
    expect(() => extractExamples('R.md', '<!-- example: skip -->\n```ts\nx\n```')).toThrow(
      "R.md:2: unknown example directive 'skip'",
    )
  })
})
