/**
 * Generated JSON texts for differential tests against `JSON.parse`: a *shape* (the tree of a text: its keys, its
 * containers, its literals, and the places of its strings and numbers) written out several times with other
 * strings, numbers and whitespace, as a provider repeats one payload shape with new values. The texts cover what a
 * parser may get wrong: escapes (`\u` forms, `\/`, surrogate pairs), every number form (`-0`, exponents, digits
 * past a double's precision, `1e400`), whitespace between any two tokens (including line breaks), keys in any
 * order, keys used twice (the first value a container), empty containers followed by any value, `__proto__`.
 */
import * as FastCheck from "fast-check"

/** The tree of a JSON text; keys are written as they appear in the text (escapes included). */
export type Shape =
  | { readonly kind: "object"; readonly entries: ReadonlyArray<readonly [key: string, value: Shape]> }
  | { readonly kind: "array"; readonly items: ReadonlyArray<Shape> }
  /** A string or a number that changes from one writing of the shape to the next. */
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  /** A text that stays: `true`, `false`, `null`, `{}`, `[]`, or a string or number kept. */
  | { readonly kind: "literal"; readonly text: string }

/** What one writing of a shape puts into it: string and number texts and whitespace, each used in turn. */
export interface Fill {
  readonly strings: ReadonlyArray<string>
  readonly numbers: ReadonlyArray<string>
  readonly spaces: ReadonlyArray<string>
}

export const object = (entries: ReadonlyArray<readonly [string, Shape]>): Shape => ({ kind: "object", entries })
export const array = (items: ReadonlyArray<Shape>): Shape => ({ kind: "array", items })
export const literal = (text: string): Shape => ({ kind: "literal", text })
export const string: Shape = { kind: "string" }
export const number: Shape = { kind: "number" }

/** The text of `shape` with the values and whitespace of `fill`. */
export const write = (shape: Shape, fill: Fill): string => {
  const used = { strings: 0, numbers: 0, spaces: 0 }
  const next = (list: ReadonlyArray<string>, key: keyof typeof used) => list[used[key]++ % list.length]!
  const space = () => fill.spaces.length === 0 ? "" : next(fill.spaces, "spaces")
  const go = (node: Shape): string => {
    switch (node.kind) {
      case "literal":
        return node.text
      case "string":
        return next(fill.strings, "strings")
      case "number":
        return next(fill.numbers, "numbers")
      case "array":
        return `[${space()}${node.items.map((item) => `${go(item)}${space()}`).join(`,${space()}`)}]`
      case "object":
        return `{${space()}${
          node.entries.map(([key, value]) => `${key}${space()}:${space()}${go(value)}${space()}`).join(`,${space()}`)
        }}`
    }
  }
  return `${space()}${go(shape)}${space()}`
}

/**
 * A string's JSON text, written in one of three ways: as `JSON.stringify` writes it; every code unit outside
 * printable ASCII as `\u` (surrogates one by one); `a` as `\u0061` and `/` as `\/`.
 */
const encode = (value: string, style: number): string => {
  if (style === 0) return JSON.stringify(value)
  let text = "\""
  for (let index = 0; index < value.length; index++) {
    const unit = value.charAt(index)
    const code = value.charCodeAt(index)
    if (style === 1 && (code < 0x20 || code > 0x7e)) text += `\\u${code.toString(16).padStart(4, "0")}`
    else if (style === 2 && unit === "a") text += "\\u0061"
    else if (style === 2 && unit === "/") text += "\\/"
    else text += JSON.stringify(unit).slice(1, -1)
  }
  return `${text}"`
}

/** String texts: any characters, graphemes, what JSON escapes, lone and paired surrogates, long ones. */
export const stringTexts: FastCheck.Arbitrary<string> = FastCheck.tuple(
  FastCheck.oneof(
    FastCheck.string({ maxLength: 12 }),
    FastCheck.string({ unit: "grapheme", maxLength: 6 }),
    FastCheck.string({ unit: "binary", maxLength: 6 }),
    FastCheck.constantFrom(
      "",
      "\"",
      "\\",
      "/",
      "\n",
      "a\u0000b",
      "\u2028",
      "caf\u00e9",
      "\ud83d\ude42",
      "\ud800",
      "x".repeat(40)
    )
  ),
  FastCheck.integer({ min: 0, max: 2 })
).map(([value, style]) => encode(value, style))

/** Number texts in every form the grammar allows. */
export const numberTexts: FastCheck.Arbitrary<string> = FastCheck.oneof(
  FastCheck.integer().map(String),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  FastCheck.constantFrom("0", "-0", "0.0", "1e5", "1E+2", "-1.5e-3", "2.50", "12345678901234567890", "1e400", "-1e400")
)

/** JSON whitespace, line breaks included (an SSE writer splits the text into `data:` lines there). */
export const spaceTexts: FastCheck.Arbitrary<string> = FastCheck.constantFrom("", "", " ", "\t", "\n", "\r\n", " \n\t")

/** Keys, few enough to repeat: one written two ways (`"a"` and `"\u0061"`), `__proto__`, a provider's `type`. */
const keys = FastCheck.constantFrom("\"a\"", "\"\\u0061\"", "\"b\"", "\"type\"", "\"__proto__\"", "\"x y\"", "\"\"")

/** A shape of any JSON value, at most `depth` containers deep. */
export const shapes = (depth: number): FastCheck.Arbitrary<Shape> =>
  FastCheck.letrec<{ node: Shape }>((tie) => ({
    node: FastCheck.oneof(
      { depthSize: "small", maxDepth: depth },
      FastCheck.constantFrom(
        string,
        number,
        literal("true"),
        literal("false"),
        literal("null"),
        literal("{}"),
        literal("[]")
      ),
      FastCheck.array(tie("node"), { maxLength: 4 }).map(array),
      FastCheck.array(FastCheck.tuple(keys, tie("node")), { maxLength: 4 }).map(object)
    )
  })).node

/** The fills of `count` writings of a shape. */
export const fills = (
  count: { readonly min: number; readonly max: number }
): FastCheck.Arbitrary<ReadonlyArray<Fill>> =>
  FastCheck.array(
    FastCheck.record({
      strings: FastCheck.array(stringTexts, { minLength: 1, maxLength: 4 }),
      numbers: FastCheck.array(numberTexts, { minLength: 1, maxLength: 4 }),
      spaces: FastCheck.oneof(FastCheck.constant([]), FastCheck.array(spaceTexts, { minLength: 1, maxLength: 5 }))
    }),
    { minLength: count.min, maxLength: count.max }
  )

/**
 * A payload's shape: `known` entries (what the provider's schema reads) in any order, unknown entries of any
 * shape among them, and, before some known entries, the same key with a container first (`JSON.parse` keeps the
 * last value).
 */
export const payloads = (known: ReadonlyArray<readonly [string, Shape]>): FastCheck.Arbitrary<Shape> =>
  FastCheck.tuple(
    FastCheck.array(FastCheck.tuple(FastCheck.constantFrom("\"extra\"", "\"x_new\"", "\"a\""), shapes(3)), {
      maxLength: 3
    }),
    FastCheck.array(FastCheck.option(containers, { nil: undefined }), {
      minLength: known.length,
      maxLength: known.length
    }),
    FastCheck.array(FastCheck.nat(), { minLength: 2 * known.length + 3, maxLength: 2 * known.length + 3 })
  ).map(([unknown, shadows, ranks]) => {
    const entries: Array<readonly [string, Shape]> = []
    known.forEach(([key, value], index) => {
      const shadow = shadows[index]
      if (shadow !== undefined) entries.push([key, shadow])
      entries.push([key, value])
    })
    return object(shuffle([...entries, ...unknown], ranks))
  })

/** A container of any shape (a value that is not one is put in an array). */
const containers: FastCheck.Arbitrary<Shape> = shapes(2).map((shape) =>
  shape.kind === "array" || shape.kind === "object" ? shape : array([shape])
)

/** `entries` reordered by `ranks`, each key's entries kept in their order (a shadow stays before its value). */
const shuffle = (
  entries: ReadonlyArray<readonly [string, Shape]>,
  ranks: ReadonlyArray<number>
): Array<readonly [string, Shape]> => {
  const byKey = new Map<string, Array<readonly [string, Shape]>>()
  for (const entry of entries) byKey.set(entry[0], [...(byKey.get(entry[0]) ?? []), entry])
  return entries.map((entry, index) => ({ key: entry[0], rank: ranks[index]! }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ key }) => byKey.get(key)!.shift()!)
}

/** A near miss of `text`: one character inserted, dropped or replaced (never a line break: SSE would cut there). */
export const nearMiss = (text: string, where: number, what: number): string => {
  const at = where % (text.length + 1)
  const char = "\"\\{}[],: 0a-\u0001e.t".charAt(what % 18)
  switch (what % 3) {
    case 0:
      return text.slice(0, at) + char + text.slice(at)
    case 1:
      return text.slice(0, at) + text.slice(at + 1)
    default:
      return text.slice(0, at) + char + text.slice(at + 1)
  }
}

/** `JSON.parse(text)`, or `invalid`. */
export const invalid: unique symbol = Symbol("invalid")
export const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return invalid
  }
}

/** An SSE event whose data is `text` (one `data:` line per line of it) and, when given, its `event` name. */
export const sseEvent = (text: string, event?: string): string =>
  `${event === undefined ? "" : `event: ${event}\n`}${
    text.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join("\n")
  }\n\n`
