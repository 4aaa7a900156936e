/**
 * The finish reasons of Chat Completions, shared by OpenAI, Groq and Azure.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * `stop` → stop, `length` → length, `tool_calls` and the deprecated `function_call` → tool_calls,
 * `content_filter` → content_filter, anything else → other.
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
  content_filter: "content_filter"
})
