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

/**
 * Each common finish reason under the name each protocol gives it: the AI SDK's UI message stream (`ui`, the
 * `finish` chunk's `finishReason`) and `effect/ai` (`ai`, `Response.FinishReason`), which name them alike. The one
 * list of them: a new common reason is a row here (the compiler asks for it), and every protocol reads it. A
 * protocol's own cases (a paused turn, a structured output answered through a tool) are its view's.
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
