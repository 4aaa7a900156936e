/**
 * Anthropic's stop reasons in the common set: one table, which Bedrock's extends (Converse names Claude's stop
 * reasons as Anthropic does: `model_context_window_exceeded` reached both under that name).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Anthropic's stop reasons and the common reason each is, every one `@anthropic-ai/sdk` 1.14.0 names
 * (`resources/messages/messages.d.ts` `StopReason`, `resources/beta/messages/messages.d.ts` `BetaStopReason`); a
 * value not here is `other`.
 */
export const table: Readonly<Record<string, FinishReason.FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
  // A server tool loop paused: the turn goes back as it is, and the model continues it.
  pause_turn: "other",
  // Beta: the context was compacted (a `compaction` block), and the turn goes on in the next request.
  compaction: "other"
}

/**
 * Maps Anthropic's stop reasons to the common set by `table`; anything else (future values) is `other`.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable(table)
