import { type EntityDecoderOptions, XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { type ParseResult, parsed, parseError } from '../shared/parseResult.ts'
import { isRecord } from '../shared/records.ts'

// Oceanpayment's XML is one flat element of text children: `<respon>` for sendTrade, an unnamed
// root for notices. Both directions live here so that the parser and the emulator's builder agree
// on the details (declaration, escaping, whitespace).

const predefinedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  )
}

/**
 * Decodes what an XML parser without a DTD decodes — the five predefined entities and character
 * references — in one pass, so `&amp;#65;` stays `&#65;`. PHP's SimpleXML (the plugins) decodes
 * character references before signing, so leaving them would reject genuine notices. DOCTYPE
 * entities are never honoured (`setExternalEntities`/`addInputEntities` ignore them).
 */
function decodeReferences(text: string): string {
  return text.replace(
    /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g,
    (reference: string, hex?: string, decimal?: string, name?: string): string => {
      if (name !== undefined) return predefinedEntities[name] ?? reference
      const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal)
      return isXmlCharacter(codePoint) ? String.fromCodePoint(codePoint) : reference
    },
  )
}

const entityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: decodeReferences,
}

const parser = new XMLParser({
  // Every value stays the exact text sent: "0.01" must not become 0.01, "" must stay "", and
  // whitespace is part of what the gateway signed.
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder,
})

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false })

const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'

// XML 1.0 cannot carry these at all, escaped or not: most control characters, lone surrogates.
function hasCharacterOutsideXml(value: string): boolean {
  for (const character of value) {
    if (!isXmlCharacter(character.codePointAt(0) ?? 0)) return true
  }
  return false
}

/**
 * The root element's text children as fields, whatever the root is called. Never throws.
 *
 * - A DOCTYPE is refused outright: Oceanpayment never sends one, and refusing it removes every
 *   entity-expansion trick instead of relying on limits.
 * - A field that repeats, or that has child elements, is `MALFORMED` when `known` names it (its
 *   value would be ambiguous); unknown structured elements are skipped, so an element the gateway
 *   adds later does not break parsing.
 */
export function readXmlFields(
  xml: unknown,
  known: ReadonlySet<string>,
): ParseResult<Record<string, string>> {
  if (typeof xml !== 'string') {
    return parseError('MALFORMED', `Expected the XML body as a string, got ${describe(xml)}`)
  }
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml
  if (/<!DOCTYPE/i.test(text)) {
    return parseError('MALFORMED', 'XML with a DOCTYPE is refused: Oceanpayment never sends one')
  }
  let document: unknown
  try {
    const validation = XMLValidator.validate(text)
    if (validation !== true) {
      const { msg, line } = validation.err
      return parseError('MALFORMED', `Not well-formed XML (line ${line}): ${msg}`)
    }
    document = parser.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable'
    return parseError('MALFORMED', `Not well-formed XML: ${reason}`)
  }
  if (!isRecord(document)) return parseError('MALFORMED', 'XML has no root element')
  const roots = Object.keys(document)
  const rootName = roots[0]
  if (roots.length !== 1 || rootName === undefined) {
    return parseError('MALFORMED', `XML must have exactly one root element, found ${roots.length}`)
  }
  const root = document[rootName]
  if (!isRecord(root)) {
    return parseError('MALFORMED', `XML root <${rootName}> has no field elements`)
  }
  const fields = new Map<string, string>()
  for (const [name, value] of Object.entries(root)) {
    if (name === '#text') continue
    if (typeof value === 'string') {
      fields.set(name, value)
    } else if (known.has(name)) {
      const shape = Array.isArray(value) ? 'repeats' : 'has child elements'
      return parseError('MALFORMED', `XML field <${name}> ${shape}; expected one text value`)
    }
  }
  return parsed(Object.fromEntries(fields))
}

/**
 * Flat XML text: the declaration, then `<root>` with one child per field, values escaped.
 * Throws a `TypeError` for a value XML cannot carry (control characters).
 */
export function buildXml(root: string, fields: ReadonlyArray<readonly [string, string]>): string {
  for (const [name, value] of fields) {
    if (hasCharacterOutsideXml(value)) {
      throw new TypeError(
        `Field ${name} contains a character XML 1.0 cannot carry (a control character or a ` +
          'lone surrogate): remove it',
      )
    }
  }
  return declaration + builder.build({ [root]: Object.fromEntries(fields) })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
