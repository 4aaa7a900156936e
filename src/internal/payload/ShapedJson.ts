/**
 * JSON parsing for a stream of payloads that repeat one shape: a provider sends thousands of events whose text
 * differs from the previous one's only in a few string and number values (the text delta, an obfuscation pad, a
 * sequence number). A text that matches a recent one's *template* — the same text between those values, JSON
 * whitespace allowed where that text had some — is not parsed again: its value is the template's value with the
 * new strings and numbers put in, every object and array copied (no two payloads share a container). Anything
 * else — a new shape, a new key, a changed literal, whitespace elsewhere, an invalid escape or control character —
 * is left to `JSON.parse` (the caller's), and becomes a template in turn.
 *
 * Equivalence with `JSON.parse` (the same values, the same key order, fresh containers) is what makes it safe; it
 * holds by construction (the constant parts of a template are text `JSON.parse` accepted, every new value is
 * checked against the JSON grammar) and test/ShapedJson.test.ts checks it on generated payloads and near misses.
 *
 * @internal
 */

/** Where a value goes in a copy of the template's value: a key of an object or an index of an array. */
type Key = string | number

/** A container of the template's value: copied whole, then its containers and values put in. */
interface Node {
  readonly value: Record<string, unknown> | Array<unknown>
  readonly isArray: boolean
  /** The containers in it, by key. */
  readonly childKeys: Array<Key>
  readonly children: Array<Node>
  /** The values put into it, by key: which hole's. */
  holeKeys: Array<Key>
  holeIndexes: Array<number>
}

/** A string or number of the template whose text may change. */
interface Hole {
  /** Its place in the values put into a copy (`Node.holeIndexes`). */
  index: number
  readonly isString: boolean
  /** Its text in the text the template was made of (with quotes for a string). */
  readonly source: string
  /** The text of its last value, and that value: reused when the text is the same. */
  text: string
  value: unknown
  /** Whether a text matched had another value here. */
  changed: boolean
}

interface Template {
  /**
   * The text, in order: constant parts without whitespace and holes. JSON whitespace may come before each item;
   * `spaced[i]` says whether the text the template was made of had some before item `i`.
   */
  items: Array<string | Hole>
  spaced: Array<boolean>
  /** The text it was made of, and where each item is in it. */
  readonly source: string
  starts: Array<number>
  ends: Array<number>
  /** How many holes. */
  holes: number
  readonly root: Node
  /** Texts matched so far: after a few, the holes that never changed become constant text (`settle`). */
  hits: number
  /** The values of the text being matched (copied into the new value at once, so one array serves). */
  readonly values: Array<unknown>
}

/** Hits after which a template's holes that kept their text become part of its constant text. */
const settleAfter = 3

/** The longest text a template is made of: long payloads seldom repeat, and a template holds its value. */
const maxTemplateText = 8 * 1024

/** Templates a parser keeps (most recent first): a stream interleaves a few shapes. */
const maxTemplates = 4

const SPACE = 32
const TAB = 9
const LF = 10
const CR = 13
const QUOTE = 34
const BACKSLASH = 92

const isWhitespace = (code: number): boolean => code === SPACE || code === LF || code === CR || code === TAB

const skipWhitespace = (text: string, at: number): number => {
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at++
  return at
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57

/** Set by `stringEnd`: whether the literal it read holds an escape (its value must then be read by `JSON.parse`). */
const escapedString = { value: false }

/** The index after the string literal starting at `at` (a quote) when `JSON.parse` could accept it; -1 otherwise. */
const stringEnd = (text: string, at: number): number => {
  const length = text.length
  let index = at + 1
  escapedString.value = false
  while (index < length) {
    const code = text.charCodeAt(index)
    if (code === QUOTE) return index + 1
    if (code === BACKSLASH) {
      escapedString.value = true
      index += 2
    } else if (code < 0x20) {
      return -1
    } else {
      index++
    }
  }
  return -1
}

/** The index after the JSON number starting at `at`, or -1 (the grammar of RFC 8259, nothing more). */
const numberEnd = (text: string, at: number): number => {
  let index = at
  if (text.charCodeAt(index) === 45) index++
  if (text.charCodeAt(index) === 48) index++
  else if (isDigit(text.charCodeAt(index))) {
    while (isDigit(text.charCodeAt(index))) index++
  } else return -1
  if (text.charCodeAt(index) === 46) {
    index++
    if (!isDigit(text.charCodeAt(index))) return -1
    while (isDigit(text.charCodeAt(index))) index++
  }
  const exponent = text.charCodeAt(index)
  if (exponent === 101 || exponent === 69) {
    index++
    const sign = text.charCodeAt(index)
    if (sign === 43 || sign === 45) index++
    if (!isDigit(text.charCodeAt(index))) return -1
    while (isDigit(text.charCodeAt(index))) index++
  }
  return index
}

/**
 * Whether `part` is in `text` at `at`. A slice compared with `===` (the runtime compares flat strings in bulk):
 * several times faster than `startsWith(part, at)` on the long constant parts of a template.
 */
const textAt = (text: string, at: number, part: string): boolean => text.slice(at, at + part.length) === part

/**
 * Strings this long that are sliced out of a text share its memory (a V8 "sliced string"): a value kept that long
 * (a chunk's text, in the response folded from it) would keep the whole network piece alive. Such values are
 * copied, as `JSON.parse` copies every value.
 */
const sharedSliceLength = 13

/** A string literal's value: read directly, or by `JSON.parse` when it has escapes; `undefined` if invalid. */
const stringValue = (text: string, at: number, end: number): string | undefined => {
  if (!escapedString.value && end - at - 2 < sharedSliceLength) return text.slice(at + 1, end - 1)
  try {
    return JSON.parse(text.slice(at, end)) as string
  } catch {
    return undefined
  }
}

/** A copy of the template's value with `values` put into its holes: every container new. */
const build = (node: Node, values: ReadonlyArray<unknown>): unknown => {
  const copy: any = node.isArray ? (node.value as Array<unknown>).slice() : { ...node.value }
  const { childKeys, children, holeIndexes, holeKeys } = node
  for (let index = 0; index < children.length; index++) copy[childKeys[index]!] = build(children[index]!, values)
  for (let index = 0; index < holeKeys.length; index++) copy[holeKeys[index]!] = values[holeIndexes[index]!]
  return copy
}

/**
 * The template with its holes that kept their text (an id, a model name, an index) made constant text, joined to
 * the constant text beside them where no whitespace came between: fewer, longer parts to compare.
 */
const settle = (template: Template): void => {
  const items: Array<string | Hole> = []
  const starts: Array<number> = []
  const ends: Array<number> = []
  const spaced: Array<boolean> = []
  let holes = 0
  for (let index = 0; index < template.items.length; index++) {
    const item = template.items[index]!
    const constant = typeof item === "string" || !item.changed
    const last = items.length - 1
    if (constant && last >= 0 && typeof items[last] === "string" && !template.spaced[index]) {
      // Joined to the constant text before it: one slice of the text the template was made of.
      ends[last] = template.ends[index]!
      items[last] = template.source.slice(starts[last]!, ends[last])
      continue
    }
    if (!constant) {
      item.index = holes++
      // It changes: the last text is no longer compared, nor kept.
      item.text = ""
    }
    items.push(constant && typeof item !== "string" ? item.source : item)
    starts.push(template.starts[index]!)
    ends.push(template.ends[index]!)
    spaced.push(template.spaced[index]!)
  }
  const kept = new Set(items.filter((item): item is Hole => typeof item !== "string"))
  const renumber = (node: Node, all: ReadonlyArray<Hole>): void => {
    const keys: Array<Key> = []
    const indexes: Array<number> = []
    for (let index = 0; index < node.holeKeys.length; index++) {
      const hole = all[node.holeIndexes[index]!]!
      if (kept.has(hole)) {
        keys.push(node.holeKeys[index]!)
        indexes.push(hole.index)
      }
    }
    node.holeKeys = keys
    node.holeIndexes = indexes
    for (const child of node.children) renumber(child, all)
  }
  renumber(template.root, template.items.filter((item): item is Hole => typeof item !== "string"))
  template.items = items
  template.starts = starts
  template.ends = ends
  template.spaced = spaced
  template.holes = holes
}

/** The value of `text` if it matches `template`, else `undefined`. */
const match = (template: Template, text: string): unknown => {
  const { items, values } = template
  let at = 0
  for (let index = 0; index < items.length; index++) {
    at = skipWhitespace(text, at)
    const item = items[index]!
    if (typeof item === "string") {
      if (!textAt(text, at, item)) return undefined
      at += item.length
      continue
    }
    const last = item.text
    // The same text as last time is the same value (a number must not go on with more of a number).
    if (last !== "" && textAt(text, at, last)) {
      const after = at + last.length
      const next = text.charCodeAt(after)
      if (item.isString || !(isDigit(next) || next === 46 || next === 101 || next === 69)) {
        values[item.index] = item.value
        at = after
        continue
      }
    }
    let end: number
    let value: unknown
    if (item.isString) {
      if (text.charCodeAt(at) !== QUOTE) return undefined
      end = stringEnd(text, at)
      if (end === -1) return undefined
      value = stringValue(text, at, end)
      if (value === undefined) return undefined
    } else {
      end = numberEnd(text, at)
      if (end === -1) return undefined
      value = Number(text.slice(at, end))
    }
    if (last !== "") {
      item.text = text.slice(at, end)
      item.value = value
      item.changed = true
    }
    values[item.index] = value
    at = end
  }
  if (skipWhitespace(text, at) !== text.length) return undefined
  const value = build(template.root, values)
  if (++template.hits === settleAfter) settle(template)
  return value
}

/** A container being read while a template is made, and where its next value goes. */
interface Frame {
  readonly node: Node
  key: Key
  /** The keys of an object seen so far (no template is made of an object with a key twice). */
  readonly keys: Set<string> | undefined
}

/**
 * The template of `text`, whose value is `value` (a private copy: never handed out), or `undefined` when it is
 * not worth one (a value that is not a container, a key used twice, `__proto__`).
 */
const templateOf = (text: string, value: unknown): Template | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const items: Array<string | Hole> = []
  const spaced: Array<boolean> = []
  let holes = 0
  /** Where each item is in `text`. */
  const starts: Array<number> = []
  const ends: Array<number> = []
  /** Where the constant text read since the last item starts (-1: none), and whether whitespace came before it. */
  let run = -1
  let space = false
  /** An item, from `start` to `at`. */
  const push = (item: string | Hole, start: number) => {
    items.push(item)
    starts.push(start)
    ends.push(at)
    spaced.push(space)
    space = false
  }
  // A slice of the text (not a string built by concatenation): the runtime compares it with the next texts fastest.
  const flush = () => {
    if (run !== -1) push(text.slice(run, at), run)
    run = -1
  }
  const stack: Array<Frame> = []
  let root: Node | undefined
  /** The value at the current key of the container being read. */
  const current = (): unknown => {
    const frame = stack[stack.length - 1]!
    return (frame.node.value as any)[frame.key]
  }
  /** A string or number value of the container being read, from `at` to `end`: a hole of the template. */
  const hole = (isString: boolean, end: number, frame: Frame) => {
    flush()
    const source = text.slice(at, end)
    const start = at
    at = end
    push({ index: holes, isString, source, text: source, value: current(), changed: false }, start)
    frame.node.holeKeys.push(frame.key)
    frame.node.holeIndexes.push(holes++)
  }
  /** After `{` or `,` in an object, a key comes next; anything else is a value. */
  let expectKey = false
  let at = 0
  while (at < text.length) {
    const code = text.charCodeAt(at)
    if (isWhitespace(code)) {
      // Whitespace between tokens: any JSON whitespace may stand in its place.
      flush()
      space = true
      at++
      continue
    }
    const frame = stack[stack.length - 1]
    if (code === 123 || code === 91) {
      if (frame === undefined && root !== undefined) return undefined
      const container = (frame === undefined ? value : current()) as Record<string, unknown> | Array<unknown>
      const node: Node = {
        value: container,
        isArray: code === 91,
        childKeys: [],
        children: [],
        holeKeys: [],
        holeIndexes: []
      }
      if (frame === undefined) root = node
      else {
        frame.node.childKeys.push(frame.key)
        frame.node.children.push(node)
      }
      stack.push({ node, key: 0, keys: code === 91 ? undefined : new Set() })
      expectKey = code === 123
      if (run === -1) run = at
      at++
      continue
    }
    if (frame === undefined) return undefined
    if (code === QUOTE) {
      const end = stringEnd(text, at)
      if (end === -1) return undefined
      if (expectKey) {
        const key = stringValue(text, at, end)
        if (key === undefined || key === "__proto__" || frame.keys!.has(key)) return undefined
        frame.keys!.add(key)
        frame.key = key
        if (run === -1) run = at
        expectKey = false
        at = end
      } else {
        hole(true, end, frame)
      }
      continue
    }
    if (code === 45 || isDigit(code)) {
      const end = numberEnd(text, at)
      if (end === -1) return undefined
      hole(false, end, frame)
      continue
    }
    if (run === -1) run = at
    at++
    if (code === 125 || code === 93) stack.pop()
    else if (code === 44) {
      if (frame.node.isArray) frame.key = (frame.key as number) + 1
      else expectKey = true
    }
    // `:`, and the letters of `true`, `false`, `null`, stay in the run.
  }
  flush()
  return stack.length === 0 && root !== undefined
    ? { source: text, items, starts, ends, spaced, holes, root, hits: 0, values: [] }
    : undefined
}

/** How a parser has done: texts matched to a template, and the rest. */
export interface Stats {
  hits: number
  misses: number
}

/**
 * A parser for the payloads of one stream: `parse(text)` gives `JSON.parse(text)`'s value for a text that
 * matches a recent template, else `parseSlow(text)`'s (`invalid` for a text that is not JSON), a template made of
 * it when it is an object or an array.
 */
export const make = <Invalid>(
  parseSlow: (text: string) => unknown,
  invalid: Invalid
): { readonly parse: (text: string) => unknown; readonly stats: Stats } => {
  const templates: Array<Template> = []
  const stats: Stats = { hits: 0, misses: 0 }
  const parse = (text: string): unknown => {
    for (let index = 0; index < templates.length; index++) {
      const value = match(templates[index]!, text)
      if (value !== undefined) {
        stats.hits++
        if (index > 0) templates.unshift(templates.splice(index, 1)[0]!)
        return value
      }
    }
    stats.misses++
    const value = parseSlow(text)
    // A stream whose texts seldom repeat a shape stops making templates (each costs a second parse).
    if (
      value !== invalid && typeof value === "object" && value !== null && text.length <= maxTemplateText &&
      (stats.misses < 16 || stats.hits >= stats.misses)
    ) {
      const template = templateOf(text, JSON.parse(text))
      if (template !== undefined) {
        templates.unshift(template)
        if (templates.length > maxTemplates) templates.pop()
      }
    }
    return value
  }
  return { parse, stats }
}
