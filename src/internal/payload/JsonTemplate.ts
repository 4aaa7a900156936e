/**
 * The template of a JSON text, and texts matched against it (see `ShapedJson`): the text cut into constant parts
 * (without the whitespace between tokens) and holes (its string and number values), and its value, whose copy
 * with a matching text's values put into the holes is what `JSON.parse` makes of that text. After a few matches,
 * the holes whose value never changed are made constant text: fewer, longer parts to compare.
 *
 * @internal
 */

/** Where a value goes in a copy of the template's value: a key of an object or an index of an array. */
type Key = string | number

/** A container of the template's value: copied whole, then its containers and values put in. */
interface Node {
  readonly value: any
  /** How an object is copied (`copiers`); `undefined` for an array. */
  readonly copy: ((value: object) => object) | undefined
  /** The containers in it and the holes (by number) whose values go in it, by key. */
  readonly keys: Array<Key>
  readonly parts: Array<Node | number>
}

/** A string or number of the template whose value may change. */
interface Hole {
  readonly index: number
  readonly isString: boolean
  /** Its value in the text the template was made of, and whether a text matched had another one. */
  readonly value: unknown
  changed: boolean
}

export interface Template {
  /** The text, in order: constant parts without whitespace (JSON whitespace may come before each) and holes. */
  items: ReadonlyArray<string | Hole>
  root: Node
  /** The text it was made of, and its value (a private copy, never handed out). */
  readonly source: string
  readonly value: object
  /** Texts matched so far; at `settleAfter`, the holes that never changed become constant text. */
  hits: number
  /** The values of the text being matched (copied into the new value at once, so one array serves). */
  readonly values: Array<unknown>
}

const settleAfter = 3

const isWhitespace = (code: number): boolean => code === 32 || code === 10 || code === 13 || code === 9

const skipWhitespace = (text: string, at: number): number => {
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at++
  return at
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57

/** Set by `stringEnd`: whether the literal it read holds an escape (its value must then be read by `JSON.parse`). */
let escaped = false

/** The index after the string literal starting at `at` (a quote) when `JSON.parse` could accept it; -1 otherwise. */
const stringEnd = (text: string, at: number): number => {
  escaped = false
  for (let index = at + 1; index < text.length;) {
    const code = text.charCodeAt(index)
    if (code === 34) return index + 1
    if (code < 0x20) return -1
    if (code === 92) escaped = true
    index += code === 92 ? 2 : 1
  }
  return -1
}

const digitsEnd = (text: string, at: number): number => {
  while (isDigit(text.charCodeAt(at))) at++
  return at
}

/** The index after the JSON number starting at `at`, or -1 (the grammar of RFC 8259, nothing more). */
const numberEnd = (text: string, at: number): number => {
  let index = text.charCodeAt(at) === 45 ? at + 1 : at
  if (!isDigit(text.charCodeAt(index))) return -1
  index = text.charCodeAt(index) === 48 ? index + 1 : digitsEnd(text, index)
  if (text.charCodeAt(index) === 46) {
    if (!isDigit(text.charCodeAt(index + 1))) return -1
    index = digitsEnd(text, index + 1)
  }
  if ((text.charCodeAt(index) | 32) === 101) {
    index++
    if (text.charCodeAt(index) === 43 || text.charCodeAt(index) === 45) index++
    if (!isDigit(text.charCodeAt(index))) return -1
    index = digitsEnd(text, index)
  }
  return index
}

/**
 * A string literal's value, or `undefined` if it is not valid. A slice of 13 characters or more shares the text's
 * memory in V8 (a "sliced string"): a value kept that long (a chunk's text, in a response folded from it) would
 * keep the whole network piece alive, so such values are copied, as `JSON.parse` copies every value.
 */
const stringValue = (text: string, at: number, end: number): string | undefined => {
  if (!escaped) {
    const value = text.slice(at + 1, end - 1)
    // Joined to a character and cut again: a copy of its own (the join is flattened into a new string).
    return end - at < 15 ? value : (value + "\u0000").slice(0, -1)
  }
  try {
    return JSON.parse(text.slice(at, end))
  } catch {
    return undefined
  }
}

/**
 * Whether `part` is in `text` at `at`: a slice compared with `===` (the runtime compares flat strings in bulk),
 * several times faster than `startsWith(part, at)` on the long constant parts of a template.
 */
const textAt = (text: string, at: number, part: string): boolean => text.slice(at, at + part.length) === part

/**
 * Copiers of an object, one chosen by its keys: an object spread is fast only where it has seen few hidden
 * classes (V8 goes generic past four, several times slower), and one spread for every shape of every provider's
 * payloads would see dozens.
 */
const copiers: ReadonlyArray<(value: object) => object> = [
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value }),
  (value) => ({ ...value })
]

/** The copier of objects with the keys of `value` (one shape, one copier, whichever template it is in). */
const copierOf = (value: object): (value: object) => object => {
  let hash = 0
  for (const key of Object.keys(value)) {
    for (let index = 0; index < key.length; index++) hash = (hash * 31 + key.charCodeAt(index)) | 0
    hash = (hash * 31 + 44) | 0
  }
  return copiers[(hash >>> 0) % copiers.length]!
}

/** A copy of the template's value with `values` put into its holes: every container new. */
const build = (node: Node, values: ReadonlyArray<unknown>): unknown => {
  const copy: any = node.copy === undefined ? node.value.slice() : node.copy(node.value)
  const { keys, parts } = node
  for (let index = 0; index < keys.length; index++) {
    const part = parts[index]!
    copy[keys[index]!] = typeof part === "number" ? values[part] : build(part, values)
  }
  return copy
}

/** The value of `text` if it matches `template`, else `undefined`. */
export const match = (template: Template, text: string): unknown => {
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
    let end: number
    let value: unknown
    if (item.isString) {
      end = text.charCodeAt(at) === 34 ? stringEnd(text, at) : -1
      value = end === -1 ? undefined : stringValue(text, at, end)
    } else {
      end = numberEnd(text, at)
      value = end === -1 ? undefined : Number(text.slice(at, end))
    }
    if (value === undefined) return undefined
    if (value !== item.value) item.changed = true
    values[item.index] = value
    at = end
  }
  if (skipWhitespace(text, at) !== text.length) return undefined
  const value = build(template.root, values)
  if (++template.hits === settleAfter) {
    const holes = items.filter((item): item is Hole => typeof item !== "string")
    const settled = scan(template.source, template.value, (index) => !holes[index]!.changed)!
    template.items = settled.items
    template.root = settled.root
  }
  return value
}

/** A container being read while a template is made, and where its next value goes. */
interface Frame {
  readonly node: Node
  key: Key
  /** The keys of an object seen so far (no template is made of an object with a key twice). */
  readonly seen: Set<string> | undefined
}

/**
 * The template of `text`, whose value is `value` (a private copy: never handed out), or `undefined` when it is
 * not worth one (a value that is not a container, a key used twice, `__proto__`).
 */
export const of = (text: string, value: unknown): Template | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const made = scan(text, value, () => false)
  return made && { ...made, source: text, value, hits: 0, values: [] }
}

/**
 * The parts and containers of `text` read with `value`: each string and number value a hole, unless `constant`
 * says the hole of that number keeps the text it has.
 */
const scan = (
  text: string,
  value: object,
  constant: (hole: number) => boolean
): { items: Array<string | Hole>; root: Node } | undefined => {
  const items: Array<string | Hole> = []
  /** Where the constant text read since the last item starts (-1: none), and how many values were read. */
  let run = -1
  let holes = 0
  let kept = 0
  let root: Node | undefined
  const stack: Array<Frame> = []
  // A slice of the text (not a string built by concatenation): the runtime compares it with the next texts fastest.
  const flush = (at: number) => {
    if (run !== -1) items.push(text.slice(run, at))
    run = -1
  }
  /** After `{` or `,` in an object, a key comes next; anything else is a value. */
  let expectKey = false
  let at = 0
  while (at < text.length) {
    const code = text.charCodeAt(at)
    const frame = stack[stack.length - 1]
    const current = frame?.node.value[frame.key]
    let end = at + 1
    if (isWhitespace(code)) {
      // Whitespace between tokens: any JSON whitespace may stand in its place.
      flush(at)
    } else if (code === 123 || code === 91) {
      if (frame === undefined && root !== undefined) return undefined
      const node: Node = {
        value: frame === undefined ? value : current,
        copy: code === 91 ? undefined : copierOf(frame === undefined ? value : current),
        keys: [],
        parts: []
      }
      if (frame === undefined) root = node
      else {
        frame.node.keys.push(frame.key)
        frame.node.parts.push(node)
      }
      stack.push({ node, key: 0, seen: code === 91 ? undefined : new Set() })
      expectKey = code === 123
    } else if (frame === undefined) {
      return undefined
    } else if (code === 34 && expectKey) {
      end = stringEnd(text, at)
      const key = end === -1 ? undefined : stringValue(text, at, end)
      if (key === undefined || key === "__proto__" || frame.seen!.has(key)) return undefined
      frame.seen!.add(key)
      frame.key = key
      expectKey = false
    } else if (code === 34 || code === 45 || isDigit(code)) {
      end = code === 34 ? stringEnd(text, at) : numberEnd(text, at)
      if (end === -1) return undefined
      if (!constant(holes++)) {
        flush(at)
        items.push({ index: kept, isString: code === 34, value: current, changed: false })
        frame.node.keys.push(frame.key)
        frame.node.parts.push(kept++)
        at = end
        continue
      }
    } else if (code === 125 || code === 93) {
      stack.pop()
    } else if (code === 44) {
      if (frame.node.copy === undefined) frame.key = (frame.key as number) + 1
      else expectKey = true
    }
    // Anything else (`:`, the letters of `true`, `false`, `null`, a constant value) stays in the run.
    if (run === -1 && !isWhitespace(code)) run = at
    at = end
  }
  flush(at)
  return stack.length === 0 && root !== undefined ? { items, root } : undefined
}
