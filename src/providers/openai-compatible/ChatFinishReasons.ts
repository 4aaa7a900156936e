/**
 * The finish reasons of Chat Completions, shared by OpenAI, Groq and Azure.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps the finish reasons of OpenAI's Chat Completions (and of Azure and Groq, which send the same):
 * `stop`, `length`, `tool_calls`, `content_filter`; anything else → other. The deprecated `function_call` is other
 * too: it ends a legacy `delta.function_call`, which this library does not read as a tool call, so `tool_calls` would
 * promise a call that never comes.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 *
 * OpenAI.toCommonFinishReason("tool_calls") // "tool_calls"
 * OpenAI.toCommonFinishReason("something_new") // "other"
 * ```
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  // openai-node src/resources/chat/completions/completions.ts, `ChatCompletionChunk.Choice.finish_reason`:
  // "`function_call` (deprecated) if the model called a function", with the call in `Choice.Delta.function_call`
  // (deprecated, "replaced by `tool_calls`"), which is not read: no tool call comes, so the reason is other.
  function_call: "other",
  content_filter: "content_filter"
})
