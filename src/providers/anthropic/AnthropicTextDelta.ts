/**
 * Reads Anthropic's most frequent event, a text delta, without `JSON.parse` when it comes in the exact form
 * Anthropic writes it: `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"…"}}`, the last
 * brace often after a run of spaces.
 *
 * The event decoder tries this first and parses the line when it answers `undefined`; what it reads is the value
 * `JSON.parse` gives for the same line (`PlainJsonString`), so the two ways cannot disagree
 * (test/providers/anthropic/AnthropicTextDelta.test.ts checks it against `JSON.parse`). It pays on the decode of
 * long answers (bench/RESULTS.md, "Anthropic's text deltas without JSON.parse").
 *
 * @internal
 */
import * as PlainJsonString from "../../core/payload/PlainJsonString.js"
import type * as AnthropicSchemas from "./AnthropicSchemas.js"

const head = "{\"type\":\"content_block_delta\",\"index\":"
const middle = ",\"delta\":{\"type\":\"text_delta\",\"text\":\""

/**
 * Where the text of a delta ends: before the `"}` and `}` that close the line, with the spaces Anthropic pads the
 * last object with between them (`"}        }`); `-1` when the line does not end so.
 */
const textEnd = (data: string): number => {
  let end = data.length - 1
  if (data.charCodeAt(end) !== 0x7d) return -1
  end--
  while (end > 0 && data.charCodeAt(end) === 0x20) end--
  return data.charCodeAt(end) === 0x7d && data.charCodeAt(end - 1) === 0x22 ? end - 1 : -1
}

/** The text delta event `data` holds when it is written exactly as Anthropic writes one, otherwise `undefined`. */
export const read = (data: string): typeof AnthropicSchemas.ContentBlockDeltaEvent.Type | undefined => {
  if (!data.startsWith(head)) return undefined
  const indexEnd = PlainJsonString.indexEnd(data, head.length)
  if (indexEnd < 0 || !data.startsWith(middle, indexEnd)) return undefined
  const text = PlainJsonString.between(data, indexEnd + middle.length, textEnd(data))
  if (text === undefined) return undefined
  return {
    type: "content_block_delta",
    index: Number(data.slice(head.length, indexEnd)),
    delta: { type: "text_delta", text }
  }
}
