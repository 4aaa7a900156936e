/**
 * Newline-delimited JSON-RPC messages read within a bound; of a longer line only the first and last bytes are kept,
 * where a response's id is (`{"jsonrpc":"2.0","id":1,...}`; the official SDK writes `{...,"jsonrpc":"2.0","id":1}`).
 * A longer line with a top-level `method` there (the official SDK writes `{"method":...}`) is the server's own request
 * or notification: it answers no request, and is dropped unread.
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import { concatBytes as concat } from "../../core/framing/BodyWriter.js"

/**
 * What a reader is told: each line within the bound, and each answer skipped (with its id, when it could be read).
 */
export interface Handlers {
  readonly line: (text: string) => void
  readonly skipped: (id: McpSchema.RequestId | undefined) => void
}

const decoder = /* @__PURE__ */ new TextDecoder()
/** How many bytes of a skipped line's start and end are kept to find its id. */
const keep = 160
const headId = /^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/
const tailId = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$/

const idValue = String.raw`(?:-?\d+|"(?:[^"\\]|\\.)*")`
/** A top-level `method` at the start of a line: first, or after `jsonrpc` and `id`. */
const headMethod = new RegExp(
  String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?(?:"id"\s*:\s*${idValue}\s*,\s*)?"method"\s*:`
)
/** A top-level `method` at the end of a line: last, or before `jsonrpc` and `id`. */
const tailMethod = new RegExp(
  String.raw`"method"\s*:\s*"(?:[^"\\]|\\.)*"\s*(?:,\s*"(?:jsonrpc|id)"\s*:\s*${idValue}\s*){0,2}\}\s*$`
)

/** Whether a skipped line is the server's request or notification, by a top-level `method` at its start or end. */
const isServerMessage = (head: Uint8Array, tail: Uint8Array): boolean =>
  headMethod.test(decoder.decode(head)) || tailMethod.test(decoder.decode(tail))

/** The id of a skipped message, from the start or the end of its line. */
const skippedId = (head: Uint8Array, tail: Uint8Array): McpSchema.RequestId | undefined => {
  const match = headId.exec(decoder.decode(head)) ?? tailId.exec(decoder.decode(tail))
  if (match === null) return undefined
  try {
    return JSON.parse(match[1]!) as McpSchema.RequestId
  } catch {
    return undefined
  }
}

/** The first `keep` bytes of a line that arrived in `pieces`, however short the first ones. */
const headOf = (pieces: ReadonlyArray<Uint8Array>): Uint8Array => {
  const head: Array<Uint8Array> = []
  let size = 0
  for (const piece of pieces) {
    if (size >= keep) break
    head.push(piece.subarray(0, keep - size))
    size += head[head.length - 1]!.byteLength
  }
  return concat(head)
}

/** A reader of lines of at most `maxBytes`: feed it the bytes as they arrive. */
export const reader = (maxBytes: number, handlers: Handlers): (bytes: Uint8Array) => void => {
  // The current line: copies of its pieces while within the bound; past it, only its first and last bytes.
  let pieces: Array<Uint8Array> = []
  let size = 0
  let skipped: { head: Uint8Array; tail: Uint8Array } | undefined
  const append = (piece: Uint8Array) => {
    if (piece.byteLength === 0) return
    if (skipped !== undefined) {
      skipped.tail = concat([skipped.tail, piece.subarray(-keep)]).subarray(-keep)
    } else if (size + piece.byteLength > maxBytes) {
      skipped = { head: headOf([...pieces, piece]), tail: piece.slice(-keep) }
      pieces = []
      size = 0
    } else {
      pieces.push(piece.slice())
      size += piece.byteLength
    }
  }
  const endLine = () => {
    if (skipped !== undefined) {
      const { head, tail } = skipped
      skipped = undefined
      return isServerMessage(head, tail) ? undefined : handlers.skipped(skippedId(head, tail))
    }
    const text = decoder.decode(concat(pieces))
    pieces = []
    size = 0
    if (text.trim() !== "") handlers.line(text)
  }
  return (bytes) => {
    let start = 0
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      append(bytes.subarray(start, end))
      endLine()
      start = end + 1
    }
    append(bytes.subarray(start))
  }
}
