/**
 * Bedrock's stop reasons in the common set.
 *
 * @internal
 */
import * as FinishReason from "../../FinishReason.js"

/**
 * `end_turn`, `stop_sequence` → stop, `max_tokens` → length, `tool_use` → tool_calls,
 * `content_filtered`, `guardrail_intervened` → content_filter, anything else (`malformed_model_output`,
 * `model_context_window_exceeded`, ...) → other.
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  content_filtered: "content_filter",
  guardrail_intervened: "content_filter"
})
