/**
 * Provider-agnostic finish reasons.
 *
 * Every provider reports why generation stopped in its own words (`end_turn`, `max_tokens`, `stop`,
 * `guardrail_intervened`, ...). They map onto this small common set; anything unmapped becomes
 * `"other"` and is never dropped (the raw value stays on the chunk and the response).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FinishReason = Schema.Literals(["stop", "length", "tool_calls", "content_filter", "other"])

/**
 * @since 0.1.0
 * @category Models
 */
export type FinishReason = typeof FinishReason.Type

/**
 * Builds a total mapping from a provider's raw finish reasons: values in `table` map to their entry,
 * everything else (including `"constructor"` and other `Object.prototype` names) maps to `"other"`.
 *
 * @example
 * ```ts
 * import { FinishReason } from "effect-llm-stream"
 *
 * const toCommon = FinishReason.fromTable({ end_turn: "stop", max_tokens: "length" })
 * toCommon("max_tokens") // "length"
 * toCommon("pause_turn") // "other"
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromTable = (
  table: Readonly<Record<string, FinishReason>>
): (raw: string) => FinishReason =>
(raw) => Object.hasOwn(table, raw) ? table[raw]! : "other"
