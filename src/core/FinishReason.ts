/**
 * Provider-agnostic finish reasons: each provider's own words (`end_turn`, `max_tokens`, ...) map onto this small
 * set; anything unmapped becomes `"other"`, the raw value staying on the chunk and the response.
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

/**
 * Each common finish reason under the name the AI SDK's UI message stream and `effect/ai` give it (alike): a new
 * common reason is a row here (the compiler asks for it), and every protocol reads it.
 *
 * @since 0.6.0
 * @category Models
 */
export const protocolNames = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  content_filter: "content-filter",
  other: "other"
} as const satisfies { readonly [K in FinishReason]: string }
