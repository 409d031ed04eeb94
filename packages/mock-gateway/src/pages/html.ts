// Pages are written as text on the server side. Every interpolated value is escaped unless it is
// markup this module produced itself, so merchant-supplied values (order numbers, URLs, names)
// can never inject markup into a page.

const rawMarker = Symbol('trusted markup')

export interface Markup {
  readonly [rawMarker]: true
  readonly text: string
}

function isMarkup(value: unknown): value is Markup {
  return typeof value === 'object' && value !== null && rawMarker in value
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

type Interpolation = string | number | Markup | undefined | null | false | readonly Interpolation[]

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  if (isMarkup(value)) return value.text
  return escapeHtml(String(value))
}

/** Markup from a template: literal parts are kept, interpolated values escaped. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let text = strings[0] ?? ''
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '')
  })
  return { [rawMarker]: true, text }
}

export interface PageOptions {
  title: string
  /** The gateway whose page this plays, shown in the header. */
  brand: string
  body: Markup
  lang?: 'en' | 'zh-CN'
  /**
   * A script the page runs (e.g. to submit a return form by itself). It gets a fresh nonce; the
   * page must still work without it.
   */
  script?: string
  status?: number
}

const styles = `
  :root { color-scheme: light; --accent: #1f5fd6; --danger: #b42318; --text: #1d2433; --muted: #5b6475; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); background: #f3f5f9; }
  header { background: #fff; border-bottom: 1px solid #dde2ea; padding: 12px 24px; display: flex; flex-wrap: wrap; column-gap: 12px; align-items: baseline; }
  header strong { font-size: 18px; }
  header span { color: var(--muted); font-size: 14px; }
  main { max-width: 460px; margin: 32px auto; background: #fff; border: 1px solid #dde2ea; border-radius: 12px; padding: 24px; }
  main.wide { max-width: 960px; }
  h1 { font-size: 22px; margin: 0 0 16px; }
  .amount { font-size: 28px; font-weight: 600; margin: 0 0 4px; }
  .muted { color: var(--muted); font-size: 14px; }
  form { display: grid; gap: 14px; margin-top: 16px; }
  label { display: grid; gap: 4px; font-weight: 500; }
  input { font: inherit; padding: 10px 12px; border: 1px solid #b7bfcc; border-radius: 8px; width: 100%; min-width: 0; }
  input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #8db4ff; outline-offset: 2px; }
  .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
  .actions { display: flex; gap: 12px; }
  button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  .error { color: var(--danger); margin: 0; }
  .notice { background: #fff8e6; border: 1px solid #f2d58a; border-radius: 8px; padding: 8px 12px; font-size: 14px; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6e9ef; vertical-align: top; }
  code { font-size: 13px; overflow-wrap: anywhere; }
  /* A phone, or the hosted SDK's frame inside a narrow checkout. */
  @media (max-width: 520px) {
    header { padding: 10px 16px; }
    main { margin: 12px; padding: 16px; }
    .actions { flex-wrap: wrap; }
  }
`

/** A complete, self-contained page (no external resources) in the emulator's look. */
export function page(options: PageOptions): Response {
  const nonce = crypto.randomUUID().replace(/-/g, '')
  const script = options.script
    ? html`<script nonce="${nonce}">${{ [rawMarker]: true, text: options.script } as Markup}</script>`
    : undefined
  const document = html`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${options.brand} (emulator)</title>
<style>${{ [rawMarker]: true, text: styles } as Markup}</style>
</head>
<body>
<header><strong>${options.brand}</strong><span>Checkout Kit gateway emulator — test mode</span></header>
${options.body}
${script}
</body>
</html>`
  return new Response(document.text, {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // Inline styles, and only the page's own script (by nonce).
      'content-security-policy':
        `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; ` +
        'form-action *; frame-ancestors *',
    },
  })
}
