/**
 * Bedrock's stop reasons in the common set.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * `end_turn`, `stop_sequence` → stop; `max_tokens`, `model_context_window_exceeded` → length (the output was
 * cut short either way); `tool_use` → tool_calls; `content_filtered`, `guardrail_intervened` →
 * content_filter; anything else → other, among them `malformed_model_output` and `malformed_tool_use` (the
 * model produced output or a tool call Bedrock could not parse: neither a cut nor a filter).
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  content_filtered: "content_filter",
  guardrail_intervened: "content_filter"
})
