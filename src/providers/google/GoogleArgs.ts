/**
 * Streamed function-call arguments (`partialArgs`) as JSON text, written as the pieces arrive: each piece sets
 * a value at a JSON Path (`$.location`, `$.items[0].name`, `$["a key"]`), a string's pieces appended while
 * `willContinue` says more of the same path follows. Gemini streams the arguments in the order the model writes
 * them, so each piece extends the text so far: members in order, array elements from index 0 up. A piece that
 * goes back (a member already closed, an index out of order) cannot extend it, and is reported.
 *
 * @internal
 */
import type * as GoogleSchemas from "./GoogleSchemas.js"

type Segment = string | number

/** The segments of a JSON Path of names and indices, or `undefined` for a path this reader cannot follow. */
export const segmentsOf = (path: string): ReadonlyArray<Segment> | undefined => {
  if (!path.startsWith("$")) return undefined
  const segments: Array<Segment> = []
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y
  pattern.lastIndex = 1
  while (pattern.lastIndex < path.length) {
    const start = pattern.lastIndex
    const match = pattern.exec(path)
    if (match === null || match.index !== start) return undefined
    if (match[1] !== undefined) segments.push(match[1])
    else if (match[2] !== undefined) segments.push(Number(match[2]))
    else segments.push((match[3] ?? match[4])!.replace(/\\(.)/g, "$1"))
  }
  return segments
}

/** An open object or array, with the members it has. */
interface Frame {
  readonly array: boolean
  /** Where it sits in its parent (`undefined` for the arguments object itself). */
  readonly at: Segment | undefined
  count: number
  readonly keys: Set<string>
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

/** The JSON text of one streamed call's arguments. */
export class Writer {
  readonly #frames: Array<Frame> = [{ array: false, at: undefined, count: 0, keys: new Set() }]
  #started = false
  /** The path of the string still streaming. */
  #open: string | undefined = undefined
  /** A high surrogate held back until the piece with its low half. */
  #pending = ""

  /** The text a string piece adds (escaped as `JSON.stringify` escapes the whole string). */
  #chars(text: string, closes: boolean): string {
    let all = this.#pending + text
    this.#pending = ""
    if (!closes && all.length > 0 && isHighSurrogate(all.charCodeAt(all.length - 1))) {
      this.#pending = all.slice(-1)
      all = all.slice(0, -1)
    }
    return JSON.stringify(all).slice(1, -1)
  }

  /** The text that makes `segment` the next member of `frame`, or `undefined` if it cannot come next. */
  #member(frame: Frame, segment: Segment): string | undefined {
    const comma = frame.count > 0 ? "," : ""
    if (frame.array) {
      if (segment !== frame.count) return undefined
    } else {
      if (typeof segment !== "string" || frame.keys.has(segment)) return undefined
      frame.keys.add(segment)
    }
    frame.count++
    return frame.array ? comma : `${comma}${JSON.stringify(segment)}:`
  }

  #closeString(): string {
    if (this.#open === undefined) return ""
    this.#open = undefined
    const rest = this.#pending === "" ? "" : JSON.stringify(this.#pending).slice(1, -1)
    this.#pending = ""
    return `${rest}"`
  }

  /** The text a piece adds, or why it cannot be added. */
  write(arg: GoogleSchemas.PartialArg): { readonly text: string } | { readonly error: string } {
    const path = arg.jsonPath
    if (path !== undefined && path === this.#open) {
      if (arg.stringValue === undefined) {
        return { error: `the string at ${path} continues with a value that is not a string` }
      }
      const closes = arg.willContinue !== true
      const text = this.#chars(arg.stringValue, closes)
      if (!closes) return { text }
      this.#open = undefined
      return { text: `${text}"` }
    }
    const segments = path === undefined ? undefined : segmentsOf(path)
    if (segments === undefined || segments.length === 0) {
      return { error: `a function call argument has a JSON path this library cannot follow: ${path ?? "(none)"}` }
    }
    let text = this.#started ? "" : "{"
    this.#started = true
    text += this.#closeString()
    // The containers the path shares with the ones open stay open; the others are closed.
    let depth = 1
    while (
      depth < this.#frames.length && depth < segments.length && this.#frames[depth]!.at === segments[depth - 1]
    ) depth++
    while (this.#frames.length > depth) text += this.#frames.pop()!.array ? "]" : "}"
    for (let index = depth - 1; index < segments.length; index++) {
      const prefix = this.#member(this.#frames[this.#frames.length - 1]!, segments[index]!)
      if (prefix === undefined) {
        return { error: `a function call argument at ${path} comes after the members that follow it` }
      }
      text += prefix
      if (index < segments.length - 1) {
        const array = typeof segments[index + 1] === "number"
        this.#frames.push({ array, at: segments[index]!, count: 0, keys: new Set() })
        text += array ? "[" : "{"
      }
    }
    if (arg.stringValue !== undefined) {
      const closes = arg.willContinue !== true
      text += `"${this.#chars(arg.stringValue, closes)}`
      if (closes) text += "\""
      else this.#open = path
    } else if (arg.numberValue !== undefined) text += JSON.stringify(arg.numberValue)
    else if (arg.boolValue !== undefined) text += arg.boolValue ? "true" : "false"
    else if (arg.nullValue !== undefined) text += "null"
    else text += "\"\""
    return { text }
  }

  /** The text that completes the arguments. */
  end(): string {
    if (!this.#started) return "{}"
    let text = this.#closeString()
    while (this.#frames.length > 0) text += this.#frames.pop()!.array ? "]" : "}"
    return text
  }
}
