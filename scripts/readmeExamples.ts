// The TypeScript examples of the READMEs, as a merchant copies them: every ```ts, ```tsx and
// ```typescript block is compiled against the workspace packages, imported by their published
// names, under the workspace's strict options plus exactOptionalPropertyTypes (a merchant's
// project may have it on, and past audits found examples that broke under it).
//
// A block that cannot compile on its own says so in an HTML comment right before it, which the
// rendered README hides and its source shows:
//
//   <!-- example: fragment: why it cannot compile alone -->  not compiled; the reason is required
//   <!-- example: name pockyt-send -->                        names the block for `after`
//   <!-- example: after pockyt-send -->                       compiled after that block of the same
//                                                             README (and what it comes after), as
//                                                             one file: it uses the names it set up
//   <!-- example: given declare const order: Order -->        TypeScript put before the block: the
//                                                             names the merchant's own code provides
//
// `name`, `after` and `given` combine, one per line inside the comment; `given` comes last and
// runs to the end of the comment.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'

export interface ReadmeExample {
  /** The README, relative to the workspace root. */
  readme: string
  /** The 1-based line of the opening fence. */
  line: number
  lang: 'ts' | 'tsx'
  code: string
  /** Set when the block is a fragment: why it is not compiled. */
  fragment?: string
  /** TypeScript placed before the block: the `given` lines of the comment before it. */
  given: string
  /** The README line `given` starts on. */
  givenLine: number
  /** What `after` blocks call this one. */
  name?: string
  /** The named block this one is compiled after. */
  after?: string
}

export interface ExampleProblem {
  example: ReadmeExample
  /** Where in the README the problem is, `README.md:12`. */
  at: string
  message: string
}

const languages: Record<string, ReadmeExample['lang']> = { ts: 'ts', typescript: 'ts', tsx: 'tsx' }

/** The READMEs merchants read: the root one, every package's and every app's. */
export function readmePaths(root: string): string[] {
  const found = ['README.md']
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group)
    if (!existsSync(groupDir)) continue
    for (const name of readdirSync(groupDir).sort()) {
      if (existsSync(join(groupDir, name, 'README.md'))) found.push(`${group}/${name}/README.md`)
    }
  }
  return found.filter((file) => existsSync(join(root, file)))
}

type Directive = Pick<ReadmeExample, 'fragment' | 'given' | 'givenLine' | 'name' | 'after'>

const noDirective: Directive = { given: '', givenLine: 0 }

/**
 * What the `<!-- example: … -->` comment right before the fence at `index` says (blank lines
 * between allowed); no comment, no directive.
 */
function directiveBefore(lines: string[], index: number, where: string): Directive {
  let end = index - 1
  while (end >= 0 && lines[end]?.trim() === '') end--
  if (end < 0 || !lines[end]?.trim().endsWith('-->')) return noDirective
  let start = end
  while (start >= 0 && !lines[start]?.includes('<!--')) start--
  if (start < 0 || !/^\s*<!--\s*example:/.test(lines[start] ?? '')) return noDirective
  const body = lines.slice(start, end + 1)
  body[0] = (body[0] ?? '').replace(/^\s*<!--\s*example:/, '')
  body[body.length - 1] = (body.at(-1) ?? '').replace(/-->\s*$/, '')
  const text = body.join('\n').trim()
  const fragment = /^fragment\b:?\s*([\s\S]*)$/.exec(text)
  if (fragment) {
    const reason = fragment[1]?.trim() ?? ''
    if (reason === '') throw new Error(`${where}: 'example: fragment' needs a reason after it`)
    return { ...noDirective, fragment: reason }
  }
  const directive = { ...noDirective }
  const given: string[] = []
  body.forEach((line, offset) => {
    const trimmed = line.trim()
    const named = /^(name|after)\s+([\w-]+)$/.exec(trimmed)
    if (given.length === 0 && named?.[1] === 'name') directive.name = named[2]
    else if (given.length === 0 && named?.[1] === 'after') directive.after = named[2]
    else if (given.length === 0 && /^given\b/.test(trimmed)) {
      directive.givenLine = start + offset + 1
      given.push(line.replace(/^\s*given\s?/, ''))
    } else if (given.length > 0) given.push(line)
    else if (trimmed !== '') {
      throw new Error(
        `${where}: unknown example directive '${trimmed}' (fragment: <reason>, name <id>, after <id>, given <code>)`,
      )
    }
  })
  directive.given = given.join('\n').trimEnd()
  return directive
}

/** Every TypeScript block of one README, with what the comment before it says. */
export function extractExamples(readme: string, text: string): ReadmeExample[] {
  const lines = text.split(/\r?\n/)
  const examples: ReadmeExample[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index] ?? '')
    if (!open) continue
    const [, indent = '', fence = '```', info = ''] = open
    const body: string[] = []
    let close = index + 1
    for (; close < lines.length; close++) {
      const line = lines[close] ?? ''
      const closing = /^\s*(`{3,}|~{3,})\s*$/.exec(line)?.[1]
      if (closing && closing[0] === fence[0] && closing.length >= fence.length) break
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())
    }
    const lang = languages[info.toLowerCase()]
    if (lang) {
      const line = index + 1
      examples.push({
        readme,
        line,
        lang,
        code: body.join('\n'),
        ...directiveBefore(lines, index, `${readme}:${line}`),
      })
    }
    index = close
  }
  return examples
}

/** One generated module: its parts, in order, each with the README line its first line stands for. */
interface Part {
  text: string
  /** README line of the part's first line; undefined for the generated `export {}`. */
  readmeLine: number | undefined
  example: ReadmeExample
}

function partsOf(example: ReadmeExample, named: Map<string, Part[]>): Part[] {
  const parts: Part[] = []
  if (example.after !== undefined) {
    const before = named.get(`${example.readme}#${example.after}`)
    if (!before) {
      throw new Error(
        `${example.readme}:${example.line}: 'example: after ${example.after}', but no compiled block before it is named ${example.after}`,
      )
    }
    parts.push(...before)
  }
  if (example.given !== '') {
    parts.push({ text: example.given, readmeLine: example.givenLine, example })
  }
  parts.push({ text: example.code, readmeLine: example.line + 1, example })
  return parts
}

/**
 * The workspace's installed packages as one `node_modules` beside the generated files: the
 * workspace packages by their names, then every dependency the root, the packages and the apps
 * have installed (first found wins). Symlinks, so each package's own imports resolve from its
 * real folder, as they do for a merchant.
 */
function linkNodeModules(root: string, dir: string) {
  const target = join(dir, 'node_modules')
  const linked = new Set<string>()
  const link = (name: string, from: string) => {
    if (linked.has(name)) return
    linked.add(name)
    mkdirSync(dirname(join(target, name)), { recursive: true })
    symlinkSync(from, join(target, name), 'junction')
  }
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const manifest = join(root, 'packages', name, 'package.json')
    if (!existsSync(manifest)) continue
    link(JSON.parse(readFileSync(manifest, 'utf8')).name, join(root, 'packages', name))
  }
  const installs = [join(root, 'node_modules')]
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      installs.push(join(root, group, name, 'node_modules'))
    }
  }
  for (const modules of installs.filter((dir) => existsSync(dir))) {
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(join(modules, entry))) {
          link(`${entry}/${scoped}`, join(modules, entry, scoped))
        }
      } else {
        link(entry, join(modules, entry))
      }
    }
  }
}

/**
 * Modules a merchant's project has that this workspace does not install, declared with just what
 * the examples use of them: Vite's React plugin, and the module of a Next.js app that creates the
 * handler.
 */
const merchantModules = `declare module '@vitejs/plugin-react' {
  export default function react(): import('vite').PluginOption
}
declare module '@/lib/checkout' {
  export const checkout: import('@checkout-kit/server').CheckoutHandler
}
`

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = join(root, 'tsconfig.base.json')
  const config = ts.readConfigFile(configFile, ts.sys.readFile)
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'))
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    config.config.compilerOptions,
    root,
    configFile,
  )
  if (errors.length > 0) {
    throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join())
  }
  return {
    ...options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    exactOptionalPropertyTypes: true,
    // Browser and server examples alike: the DOM for the pages, Node for the servers.
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
  }
}

/**
 * Compiles every example that is not a fragment, all in one program, in `dir` (an empty folder
 * the caller owns). Answers the problems found, each placed at its README line.
 */
export function compileExamples(
  root: string,
  dir: string,
  examples: ReadmeExample[],
): ExampleProblem[] {
  linkNodeModules(root, dir)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const files = new Map<string, Part[]>()
  const named = new Map<string, Part[]>()
  for (const example of examples) {
    if (example.fragment !== undefined) continue
    const parts = partsOf(example, named)
    if (example.name !== undefined) named.set(`${example.readme}#${example.name}`, parts)
    const name = `${example.readme.replace(/[^\w]+/g, '_')}_L${example.line}.${example.lang}`
    // Each block its own module, so one block's top-level names never meet another's.
    files.set(join(dir, name), [...parts, { text: 'export {}', readmeLine: undefined, example }])
    writeFileSync(
      join(dir, name),
      `${[...parts.map((part) => part.text), 'export {}'].join('\n')}\n`,
    )
  }
  writeFileSync(join(dir, 'merchant-modules.d.ts'), merchantModules)
  const program = ts.createProgram(
    [...files.keys(), join(dir, 'merchant-modules.d.ts')],
    compilerOptions(root),
  )
  const problems: ExampleProblem[] = []
  // Only the examples' own diagnostics: the packages' sources are not written for
  // exactOptionalPropertyTypes, and a merchant compiles them as declarations with skipLibCheck.
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...files.keys()].flatMap((file) => {
      const source = program.getSourceFile(file)
      return source
        ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
        : []
    }),
  ]
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    const fileName = diagnostic.file?.fileName
    const parts = fileName === undefined ? undefined : files.get(fileName)
    if (!parts || !diagnostic.file || diagnostic.start === undefined) {
      // Not in an example (the options, or a package's own source): the check itself is broken.
      const where = fileName ? relative(root, fileName) : 'compiler'
      throw new Error(`README examples: ${where}: TS${diagnostic.code}: ${message}`)
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    let first = 0
    for (const part of parts) {
      const count = part.text.split('\n').length
      if (line < first + count) {
        const readmeLine =
          part.readmeLine === undefined ? part.example.line : part.readmeLine + (line - first)
        const at = `${part.example.readme}:${readmeLine}`
        const text = `TS${diagnostic.code}: ${message}`
        // A block that others come after is in their files too: a problem of its own is reported
        // once, from its own file (which comes first); one that only the blocks after it meet is
        // theirs.
        if (!problems.some((problem) => problem.at === at && problem.message === text)) {
          problems.push({ example: parts.at(-1)?.example ?? part.example, at, message: text })
        }
        break
      }
      first += count
    }
  }
  return problems
}
