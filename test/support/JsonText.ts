/**
 * JSON texts for the incremental parser's tests, written from a value with varied but valid syntax
 * (whitespace between tokens, escapes of any character, numbers in exponent form), and two checks that
 * know nothing of the parser: `expected`, the partial value a prefix of the text must show (computed from
 * where each value's tokens lie in the text, not by parsing), and `grows`, whether one partial extends
 * another by the rules (a string only gets longer, an array only gains elements or extends its last one,
 * an object keeps every field and changes at most one, anything else stays as it was).
 */
import * as Util from "node:util"

/** Where a value lies in the text: its first character and the offset after its last. */
export type Node =
  | { readonly kind: "scalar"; readonly value: unknown; readonly start: number; readonly end: number }
  | { readonly kind: "number"; readonly value: number; readonly start: number; readonly end: number }
  | {
    readonly kind: "string"
    readonly start: number
    readonly end: number
    /** Each decoded UTF-16 code unit, with the offset after its (possibly escaped) form. */
    readonly units: ReadonlyArray<readonly [unit: string, end: number]>
  }
  | { readonly kind: "array"; readonly start: number; readonly end: number; readonly items: ReadonlyArray<Node> }
  | {
    readonly kind: "object"
    readonly start: number
    readonly end: number
    readonly fields: ReadonlyArray<readonly [key: string, node: Node]>
  }

export interface Written {
  readonly text: string
  readonly root: Node
}

const shortEscapes: Record<number, string> = {
  8: "\\b",
  9: "\\t",
  10: "\\n",
  12: "\\f",
  13: "\\r",
  34: "\\\"",
  92: "\\\\"
}
const spaces = ["", "", " ", "\n", "\t", "\r\n", " \n  "]

const hex = (unit: number, upper: boolean) => {
  const digits = unit.toString(16).padStart(4, "0")
  return `\\u${upper ? digits.toUpperCase() : digits}`
}

/**
 * Writes `value` as JSON. `choices` (any naturals, used in turn) pick the syntax: with `varied`,
 * whitespace between tokens, which characters are escaped and how, and each number's form.
 */
export const write = (value: unknown, choices: ReadonlyArray<number>, varied: boolean): Written => {
  const parts: Array<string> = []
  let offset = 0
  let turn = 0
  const choose = (count: number) => (varied && choices.length > 0 ? choices[turn++ % choices.length]! : 0) % count
  const emit = (text: string) => {
    parts.push(text)
    offset += text.length
  }
  const space = () => emit(spaces[choose(spaces.length)]!)
  const string = (text: string): Node => {
    const start = offset
    const units: Array<readonly [string, number]> = []
    emit("\"")
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      const how = choose(4)
      if (unit < 32 || unit === 34 || unit === 92) {
        emit(how === 0 || !(unit in shortEscapes) ? hex(unit, how === 1) : shortEscapes[unit]!)
      } else if (how === 1 || how === 2) emit(hex(unit, how === 2))
      else if (how === 3 && unit === 47) emit("\\/")
      else emit(text[i]!)
      units.push([text[i]!, offset])
    }
    emit("\"")
    return { kind: "string", start, end: offset, units }
  }
  const number = (n: number): Node => {
    const exponent = ["e", "E", "e+", "E+"][choose(4)]!
    const forms = [JSON.stringify(n), n.toExponential().replace("e+", exponent).replace("e-", exponent[0] + "-")]
    const start = offset
    const form = forms[choose(forms.length)]!
    emit(form)
    return { kind: "number", value: JSON.parse(form), start, end: offset }
  }
  const node = (value: unknown): Node => {
    space()
    const start = offset
    let result: Node
    if (typeof value === "string") result = string(value)
    else if (typeof value === "number") result = number(value)
    else if (Array.isArray(value)) {
      emit("[")
      const items = value.map((item, index) => {
        if (index > 0) emit(",")
        return node(item)
      })
      if (items.length === 0) space()
      emit("]")
      result = { kind: "array", start, end: offset, items }
    } else if (value !== null && typeof value === "object") {
      emit("{")
      const fields = Object.entries(value).map(([key, item], index) => {
        if (index > 0) emit(",")
        space()
        string(key)
        space()
        emit(":")
        return [key, node(item)] as const
      })
      if (fields.length === 0) space()
      emit("}")
      result = { kind: "object", start, end: offset, fields }
    } else {
      emit(JSON.stringify(value))
      result = { kind: "scalar", value, start, end: offset }
    }
    space()
    return result
  }
  const root = node(value)
  return { text: parts.join(""), root }
}

const define = (object: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })

/**
 * The partial value the first `length` characters of the text show, by the rules: a value shows once
 * its first character has arrived if it is a string (the code units whose escapes are complete, without
 * a trailing high surrogate while the string is open), an array or an object, a number once the character
 * after it has arrived, `true`/`false`/`null` once complete; a field shows when its value does.
 */
export const expected = (node: Node, length: number): unknown => {
  switch (node.kind) {
    case "scalar":
      return length >= node.end ? node.value : undefined
    case "number":
      return length > node.end ? node.value : undefined
    case "string": {
      if (length <= node.start) return undefined
      let units = node.units.filter(([, end]) => end <= length).map(([unit]) => unit)
      const last = units.length > 0 ? units[units.length - 1]!.charCodeAt(0) : 0
      if (length < node.end && last >= 0xd800 && last <= 0xdbff) units = units.slice(0, -1)
      return units.join("")
    }
    case "array":
      return length <= node.start
        ? undefined
        : node.items.map((item) => expected(item, length)).filter((item) => item !== undefined)
    case "object": {
      if (length <= node.start) return undefined
      const object: Record<string, unknown> = {}
      for (const [key, item] of node.fields) {
        const value = expected(item, length)
        if (value !== undefined) define(object, key, value)
      }
      return object
    }
  }
}

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80)

/** Why `next` does not extend `previous` (`undefined` when it does). */
export const grows = (previous: unknown, next: unknown, path = "$"): string | undefined => {
  if (previous === undefined) return undefined
  const wrong = () => `${path}: ${show(previous)} became ${show(next)}`
  if (typeof previous === "string") return typeof next === "string" && next.startsWith(previous) ? undefined : wrong()
  if (previous === null || typeof previous !== "object") return Object.is(previous, next) ? undefined : wrong()
  if (Array.isArray(previous)) {
    if (!Array.isArray(next) || next.length < previous.length) return wrong()
    for (let i = 0; i < previous.length - 1; i++) {
      if (!Util.isDeepStrictEqual(previous[i], next[i])) return `${path}[${i}] changed, and it is not the last element`
    }
    return previous.length === 0
      ? undefined
      : grows(previous.at(-1), next[previous.length - 1], `${path}[${previous.length - 1}]`)
  }
  if (next === null || typeof next !== "object" || Array.isArray(next)) return wrong()
  const changed = Object.keys(previous).filter((key) =>
    !Object.hasOwn(next, key) || !Util.isDeepStrictEqual((previous as any)[key], (next as any)[key])
  )
  if (changed.length > 1) return `${path}: fields ${changed.join(", ")} all changed`
  return changed.length === 0
    ? undefined
    : Object.hasOwn(next, changed[0]!)
    ? grows((previous as any)[changed[0]!], (next as any)[changed[0]!], `${path}.${changed[0]}`)
    : `${path}.${changed[0]} disappeared`
}
