/**
 * The finish reasons of Chat Completions, shared by OpenAI, Groq and Azure.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps the finish reasons of OpenAI's Chat Completions (and of Azure and Groq, which send the same):
 * `stop`, `length`, `tool_calls` (and the deprecated `function_call`), `content_filter`; anything else → other.
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
  function_call: "tool_calls",
  content_filter: "content_filter"
})
