/**
 * A chat request's text measured before it is parsed: its depth, its messages, their parts, its JSON values. One pass,
 * strings skipped with `indexOf`, that stops at the first bound passed: a body of millions of empty messages is
 * refused after its first few thousand characters, before `JSON.parse` builds an object for each.
 *
 * @internal
 */
import * as JsonDepth from "../../core/schema/JsonDepth.js"

/** The bounds a text is measured against. */
export interface Bounds {
  readonly maxMessages: number
  readonly maxParts: number
  readonly maxValues: number
}

/** What the scan found first past a bound, or `undefined` when the text is within them all. */
export type Excess =
  | { readonly _tag: "TooDeep" }
  | { readonly _tag: "TooManyMessages"; readonly count: number }
  | { readonly _tag: "TooManyParts"; readonly count: number }
  | { readonly _tag: "TooManyValues"; readonly count: number }

const { backslash, closeBrace, closeBracket, colon, comma, openBrace, openBracket, quote } = JsonDepth.jsonChar

/** The index of the quote closing the string whose opening quote is at `start` (`-1` when none does). */
const closingQuote = (text: string, start: number): number => {
  let at = text.indexOf("\"", start + 1)
  while (at !== -1) {
    let backslashes = 0
    for (let i = at - 1; text.charCodeAt(i) === backslash; i--) backslashes++
    if (backslashes % 2 === 0) return at
    at = text.indexOf("\"", at + 1)
  }
  return -1
}

/** The key between the quotes at `start` and `end`, its escapes decoded. */
const keyAt = (text: string, start: number, end: number): string => {
  const raw = text.slice(start + 1, end)
  if (!raw.includes("\\")) return raw
  try {
    return JSON.parse(text.slice(start, end + 1)) as string
  } catch {
    return ""
  }
}

/** The role of a container opening at `depth` (see `scan`), from its parent's and the key it is the value of. */
const roleOf = (object: boolean, depth: number, parentRole: number, rootIsObject: boolean, key: string): number => {
  if (object) return parentRole === 1 ? 2 : 0
  if (depth === 1 && parentRole === 0 && rootIsObject && key === "messages") return 1
  return parentRole === 2 && key === "parts" ? 3 : 0
}

/**
 * Measures a request's text: the root's `messages`, their `parts`, and every array element and object member. Text
 * that is not JSON is left for `JSON.parse` to refuse.
 */
export const scan = (text: string, bounds: Bounds): Excess | undefined => {
  // Per open container (index: depth - 1): whether it is an object, and the role it plays for the counts.
  const isObject: Array<boolean> = []
  // 1: the root's `messages` array; 2: a message object in it; 3: a message's `parts` array.
  const role: Array<number> = []
  let depth = 0
  let messages = 0
  let parts = 0
  let values = 0
  /** Whether the next string is an object key, and the last key read at depths 1 and 3. */
  let expectKey = false
  let key = ""
  /** Whether a value may start here: right after `[` or `,` in an array, or after `:` in an object. */
  let valueNext = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code <= 0x20) continue
    if (valueNext && code !== closeBracket) {
      valueNext = false
      if (++values > bounds.maxValues) return { _tag: "TooManyValues", count: values }
      const parent = depth === 0 ? 0 : role[depth - 1]!
      if (parent === 1 && ++messages > bounds.maxMessages) return { _tag: "TooManyMessages", count: messages }
      if (parent === 3 && ++parts > bounds.maxParts) return { _tag: "TooManyParts", count: parts }
    }
    if (code === quote) {
      const end = closingQuote(text, i)
      if (end === -1) return undefined
      if (expectKey) {
        expectKey = false
        // Only the keys that may name the arrays counted are read: short ones, at two depths (escapes decoded).
        key = (depth === 1 || depth === 3) && end - i <= 64 ? keyAt(text, i, end) : ""
      }
      i = end
    } else if (code === openBrace || code === openBracket) {
      if (depth >= JsonDepth.maxDepth) return { _tag: "TooDeep" }
      const object = code === openBrace
      isObject[depth] = object
      role[depth] = roleOf(object, depth, depth === 0 ? 0 : role[depth - 1]!, isObject[0] === true, key)
      depth++
      expectKey = object
      valueNext = !object
    } else if (code === closeBrace || code === closeBracket) {
      depth = Math.max(0, depth - 1)
      expectKey = false
      valueNext = false
    } else if (code === comma) {
      const inObject = depth > 0 && isObject[depth - 1]!
      expectKey = inObject
      valueNext = !inObject
    } else if (code === colon) {
      valueNext = true
    }
  }
  return undefined
}
