/**
 * Streamed function-call arguments (`partialArgs`) put together: each piece sets a value at a JSON Path
 * (`$.location`, `$.items[0].name`, `$["a key"]`), a string's pieces appended while `willContinue` says
 * more of the same path follows.
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

const isContainer = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === "object" && value !== null

/** The arguments of one streamed call, as their pieces arrive. */
export class Assembler {
  private root: Record<string, unknown> = {}
  /** The path whose string is still streaming, and its text so far. */
  private continuing: string | undefined = undefined

  /** Applies one piece; `false` when its path cannot be followed. */
  apply(arg: GoogleSchemas.PartialArg): boolean {
    const segments = arg.jsonPath === undefined ? undefined : segmentsOf(arg.jsonPath)
    if (segments === undefined || segments.length === 0) return false
    let container: Record<string | number, unknown> = this.root
    for (let index = 0; index < segments.length - 1; index++) {
      const segment = segments[index]!
      let next = container[segment]
      if (!isContainer(next)) {
        next = typeof segments[index + 1] === "number" ? [] : {}
        container[segment] = next
      }
      container = next as Record<string | number, unknown>
    }
    const key = segments[segments.length - 1]!
    if (arg.stringValue !== undefined) {
      const current = container[key]
      container[key] = this.continuing === arg.jsonPath && typeof current === "string"
        ? current + arg.stringValue
        : arg.stringValue
    } else if (arg.numberValue !== undefined) container[key] = arg.numberValue
    else if (arg.boolValue !== undefined) container[key] = arg.boolValue
    else if (arg.nullValue !== undefined) container[key] = null
    else if (!(key in container)) container[key] = ""
    this.continuing = arg.willContinue === true ? arg.jsonPath : undefined
    return true
  }

  /** The arguments so far as JSON text. */
  json(): string {
    return JSON.stringify(this.root)
  }
}
