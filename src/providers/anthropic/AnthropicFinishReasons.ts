/**
 * Anthropic's stop reasons in the common set.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps Anthropic's stop reasons: `end_turn`, `stop_sequence` → stop, `max_tokens` and
 * `model_context_window_exceeded` → length (the output was cut short), `tool_use` → tool_calls, `refusal` →
 * content_filter, anything else (`pause_turn`, future values) → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter"
})
