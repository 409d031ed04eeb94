#!/usr/bin/env node
// The README's quick start in one file: `npm start` and `npm test` call this script, which
// bootstraps pnpm (no global install needed), installs the workspace from the lockfile, finds a
// Chromium for the browser tests and then runs the requested task. It uses nothing but Node, so it
// works on a fresh machine that has only Node and npm.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const isWindows = process.platform === 'win32'
const systemChromium = '/usr/bin/chromium'

/**
 * The pnpm that wrote pnpm-lock.yaml. Pinned here rather than in package.json's `packageManager`
 * field: with that field pnpm 12 resolves its own executables for every platform before installing,
 * and one of them is missing from the registry, so the install fails.
 */
const pinnedPnpm = 'pnpm@12.21.0'

class StepFailed extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: isWindows,
    ...options,
    env: { ...process.env, ...options.env },
  })
  if (result.error) throw new StepFailed(`${command} could not start: ${result.error.message}`)
  if (result.status !== 0) {
    throw new StepFailed(
      `${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`,
    )
  }
}

function succeeds(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'ignore', shell: isWindows })
  return !result.error && result.status === 0
}

function bin(name) {
  return join(root, 'node_modules', '.bin', isWindows ? `${name}.cmd` : name)
}

/** pnpm itself when the pinned major is installed, otherwise the pinned version through npx. */
function pnpmCommand() {
  const wanted = pinnedPnpm.replace(/^pnpm@/, '')
  const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: isWindows })
  const installedMajor = installed.status === 0 ? installed.stdout.trim().split('.')[0] : undefined
  if (installedMajor === wanted.split('.')[0]) return ['pnpm']
  return ['npx', '--yes', pinnedPnpm]
}

function install() {
  const [command, ...prefix] = pnpmCommand()
  step('Install dependencies from pnpm-lock.yaml', () =>
    run(command, [...prefix, 'install', '--frozen-lockfile']),
  )
}

/**
 * Debian's Chromium when it is there or can be installed with apt-get (as root); otherwise
 * Playwright's own Chromium. Playwright's config picks the same browser (playwright.config.ts).
 */
function ensureChromium() {
  if (existsSync(systemChromium)) return
  const canUseApt =
    process.platform === 'linux' && process.getuid?.() === 0 && succeeds('apt-get', ['--version'])
  if (canUseApt) {
    step("Install Debian's chromium package", () => {
      const env = { DEBIAN_FRONTEND: 'noninteractive' }
      run('apt-get', ['update'], { env })
      run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env })
    })
    if (existsSync(systemChromium)) return
  }
  step("Install Playwright's Chromium", () => run(bin('playwright'), ['install', 'chromium']))
}

/** Every tsconfig of the workspace, each checked on its own: packages differ in `lib` and `types`. */
function tsconfigs() {
  const found = [join(root, 'tsconfig.json'), join(root, 'e2e', 'tsconfig.json')]
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group)
    if (!existsSync(groupDir)) continue
    for (const name of readdirSync(groupDir).sort()) {
      const dir = join(groupDir, name)
      if (!existsSync(dir)) continue
      for (const file of readdirSync(dir).sort()) {
        if (/^tsconfig(\.[\w-]+)?\.json$/.test(file) && file !== 'tsconfig.build.json') {
          found.push(join(dir, file))
        }
      }
    }
  }
  return found.filter((file) => existsSync(file))
}

function typecheck() {
  for (const config of tsconfigs()) {
    step(`Typecheck ${relative(root, config)}`, () => run(bin('tsc'), ['-p', config, '--noEmit']))
  }
}

/**
 * The packages that are published: every `packages/*` with a `tsconfig.build.json`, in dependency
 * order (a package after the workspace packages it depends on).
 */
function publishablePackages() {
  const groupDir = join(root, 'packages')
  const found = new Map()
  for (const name of readdirSync(groupDir).sort()) {
    const dir = join(groupDir, name)
    if (!existsSync(join(dir, 'tsconfig.build.json'))) continue
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    found.set(manifest.name, {
      name: manifest.name,
      dir,
      deps: Object.keys(manifest.dependencies ?? {}),
    })
  }
  const ordered = []
  const visit = (pkg) => {
    if (ordered.includes(pkg)) return
    for (const dep of pkg.deps) if (found.has(dep)) visit(found.get(dep))
    ordered.push(pkg)
  }
  for (const pkg of found.values()) visit(pkg)
  return ordered
}

function buildPackage(pkg) {
  step(`Build ${pkg.name} into ${relative(root, join(pkg.dir, 'dist'))}`, () => {
    rmSync(join(pkg.dir, 'dist'), { recursive: true, force: true })
    run(bin('tsc'), ['-p', join(pkg.dir, 'tsconfig.build.json')])
  })
}

/**
 * Compiles the publishable packages into their `dist/` (what `exports` points at outside the
 * workspace). From the root: all of them. From a package's folder (its `prepack`): that package,
 * after building the workspace packages it depends on that have no `dist/` yet; `pnpm -r pack`
 * packs in dependency order, so each one's dependencies are already built.
 */
function build() {
  const packages = publishablePackages()
  const here = packages.find((pkg) => pkg.dir === resolve(process.cwd()))
  if (!here) {
    for (const pkg of packages) buildPackage(pkg)
    return
  }
  const needed = new Set()
  const collect = (pkg) => {
    for (const dep of pkg.deps) {
      const found = packages.find((candidate) => candidate.name === dep)
      if (found && !needed.has(found)) {
        collect(found)
        needed.add(found)
      }
    }
  }
  collect(here)
  for (const pkg of packages) {
    if (needed.has(pkg) && !existsSync(join(pkg.dir, 'dist'))) buildPackage(pkg)
  }
  buildPackage(here)
}

/** Every file an `exports` map or `bin` points at, for each condition a consumer resolves. */
function publishedTargets(manifest) {
  const targets = new Set()
  const walk = (value) => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''))
    else if (value && typeof value === 'object') {
      for (const [condition, target] of Object.entries(value)) {
        // The workspace's own condition points at src/, which is not what consumers load.
        if (condition !== '@checkout-kit/source') walk(target)
      }
    }
  }
  walk(manifest.exports)
  walk(manifest.bin)
  return [...targets]
}

/**
 * The packages as a merchant installs them: built, each tarball's file list holding every file
 * its `exports` and `bin` name and no tests, and each entry point importable by plain Node (no
 * workspace condition, so from dist/). A tarball without its dist/ passed every other check.
 */
function checkPublishedPackages() {
  build()
  for (const pkg of publishablePackages()) {
    step(`Pack ${pkg.name} and import it as published`, () => {
      const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'))
      const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: pkg.dir,
        encoding: 'utf8',
        shell: isWindows,
      })
      if (packed.status !== 0) throw new StepFailed(`npm pack failed in ${pkg.dir}`)
      const files = new Set(JSON.parse(packed.stdout)[0].files.map((file) => file.path))
      const missing = publishedTargets(manifest).filter((target) => !files.has(target))
      if (missing.length > 0) {
        throw new StepFailed(`${pkg.name}'s tarball lacks ${missing.join(', ')}`)
      }
      const tests = [...files].filter((file) => /\.test\.tsx?$|(^|\/)testing\//.test(file))
      if (tests.length > 0) throw new StepFailed(`${pkg.name}'s tarball ships ${tests.join(', ')}`)
      const lostDirectives = clientModules(pkg.dir).filter(
        (file) => !startsWithUseClient(join(pkg.dir, 'dist', file.replace(/\.tsx?$/, '.js'))),
      )
      if (lostDirectives.length > 0) {
        throw new StepFailed(
          `${pkg.name}'s build dropped 'use client' from ${lostDirectives.join(', ')}: Next.js would render them as server components`,
        )
      }
      const entries = Object.keys(manifest.exports ?? {})
        .filter((entry) => !entry.endsWith('.json'))
        .map((entry) => `${manifest.name}${entry.slice(1)}`)
      // Imported from the package's own folder, where its dependencies resolve as installed.
      const script = `for (const entry of ${JSON.stringify(entries)}) await import(entry)`
      run(process.execPath, ['--input-type=module', '-e', script], { cwd: pkg.dir })
    })
  }
}

const startsWithUseClient = (file) =>
  existsSync(file) && /^['"]use client['"]/.test(readFileSync(file, 'utf8'))

/** The package's source files that are React client modules (`'use client'` first), relative to src/. */
function clientModules(dir) {
  const source = join(dir, 'src')
  if (!existsSync(source)) return []
  return readdirSync(source, { recursive: true })
    .map(String)
    .filter((file) => /\.tsx?$/.test(file) && startsWithUseClient(join(source, file)))
}

function step(title, action) {
  const started = Date.now()
  console.log(`\n▶ ${title}`)
  action()
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

const tasks = {
  /** The README's first command: the demo storefront with the gateway emulator. */
  start() {
    install()
    const storefront = JSON.parse(
      readFileSync(join(root, 'apps', 'storefront', 'package.json'), 'utf8'),
    )
    if (storefront.scripts?.start) {
      const [command, ...prefix] = pnpmCommand()
      run(command, [...prefix, '--filter', storefront.name, 'start'])
      return
    }
    console.log(
      '\nThe demo storefront is not built yet; starting the gateway emulator on its own.' +
        '\nOpen http://127.0.0.1:4010/ for its payments and test cards. Ctrl+C stops it.\n',
    )
    run(process.execPath, [
      join(root, 'packages', 'mock-gateway', 'bin', 'checkout-kit-mock-gateway.mjs'),
      '--port',
      '4010',
    ])
  },

  /** The README's second command, and what CI runs: every check, in order. */
  test() {
    install()
    step('Format and lint (biome ci)', () => run(bin('biome'), ['ci', '.']))
    typecheck()
    checkPublishedPackages()
    step('Unit and component tests (vitest)', () => run(bin('vitest'), ['run']))
    ensureChromium()
    // A few samples each, figures not checked: a benchmark nobody runs stops working unnoticed.
    // speed.mjs measures the dist/ that checkPublishedPackages built.
    step('Benchmarks still run (bench/)', () => {
      const quietly = { stdio: ['ignore', 'ignore', 'inherit'] }
      run(process.execPath, ['bench/size.mjs'], quietly)
      run(process.execPath, ['bench/speed.mjs', '--built', '--samples', '5'], quietly)
      run(process.execPath, ['bench/statusLatency.mjs', '--samples', '1'], quietly)
    })
    step('End-to-end tests (playwright)', () =>
      run(bin('playwright'), ['test', '--pass-with-no-tests']),
    )
  },

  typecheck,

  build,

  /** Builds and packs the published packages and imports each entry point from its dist/. */
  packages: checkPublishedPackages,
}

const taskName = process.argv[2]
const task = tasks[taskName]
if (!task) {
  console.error(`Usage: node scripts/checkout-kit.mjs <${Object.keys(tasks).join('|')}>`)
  process.exit(2)
}
try {
  task()
} catch (error) {
  if (!(error instanceof StepFailed)) throw error
  console.error(`\n✘ ${error.message}`)
  process.exit(1)
}
