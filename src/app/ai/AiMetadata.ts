/**
 * What this library adds to `effect/ai` parts and errors, under one key of their provider metadata. Every shape is
 * JSON (no optional keys, `null` for "not known"), as `effect/ai` metadata must be.
 *
 * @internal
 */
import type * as Usage from "../../core/Usage.js"
import type * as TurnState from "../../providers/TurnState.js"

/**
 * The key under which this library's facts travel in `effect/ai` metadata: `finish.metadata[metadataKey]`
 * (cost, raw finish reasons, full usage), `reasoning-end` / reasoning prompt parts (signatures, redacted
 * reasoning) and `AiError` reasons (the original error's facts).
 *
 * @since 0.2.0
 * @category Constants
 */
export const metadataKey = "effect-llm-stream"

/**
 * The normalised usage of `FinishMetadata` (see `Usage.Usage`): cache reads and writes are part of
 * `inputTokens`, reasoning and audio part of `outputTokens`.
 *
 * @since 0.2.0
 * @category Models
 */
export type UsageMetadata = { readonly [Field in keyof typeof Usage.counts]: number | null }

/**
 * The facts this library puts on every `finish` part, under `metadataKey`: the cost of the call, or why there is
 * none; the provider's raw finish reasons; and the whole normalised usage (one-hour cache writes and audio tokens,
 * which `effect/ai`'s `Usage` has no place for).
 *
 * @since 0.2.0
 * @category Models
 */
export type FinishMetadata = {
  readonly provider: string
  /** The model the call was priced as (`null` when the stream named none). */
  readonly model: string | null
  /** The provider's own finish reasons (`end_turn`, `tool_calls`, ...), as it sent them. */
  readonly finishReasons: ReadonlyArray<string>
  readonly usage: UsageMetadata
  /** The cost in USD as an exact decimal string (`"0.000435"`), or `null` when unavailable. */
  readonly cost: string | null
  /** The cost in USD as a number, for display; `null` when unavailable. */
  readonly costUsd: number | null
  /** Why there is no cost (`Cost.CostUnavailable`), or `null` when there is one. */
  readonly costUnavailable: { readonly reason: string; readonly message: string } | null
  /** Where the price came from and when it was checked, when there is a cost. */
  readonly priceSource: string | null
  readonly priceCheckedAt: string | null
}

/**
 * The opaque state on `reasoning-end`, `text-end` and `tool-call` parts (and so on the parts of a `Chat`'s
 * history), under `metadataKey`: the state the provider put on that part (`signature`, `encrypted` reasoning, the
 * Responses API's `itemId` and `itemType`; see docs/reasoning.md) and whose it is (`format`). The adapter sends
 * each back on its part to an API of that format. Since 0.5.0 (before: `{ provider, signature, redactedData }`).
 *
 * @since 0.2.0
 * @category Models
 */
export type ReasoningMetadata = TurnState.Json

/**
 * The facts of the `ProviderError` an `AiError`'s reason was made from, under `metadataKey`: its class, provider,
 * status, error type, request id, retry hint and whether it is retryable.
 *
 * @since 0.2.0
 * @category Models
 */
export type ErrorMetadata = {
  /** The `ProviderError` class (`RateLimitError`, `TruncatedStreamError`, ...). */
  readonly error: string
  readonly provider: string
  /** Its message (a `RateLimitError` reason has no description: the provider's words are here). */
  readonly message: string
  readonly status: number | null
  readonly errorType: string | null
  readonly requestId: string | null
  readonly retryAfterMillis: number | null
  readonly retryable: boolean
}

/**
 * The key under which a part carries its response's whole turn (`TurnCarry`), when the parts alone would not write
 * it again (a provider's own tool calls and results, citations): on the turn's last text, reasoning or tool-call part.
 *
 * @since 0.5.0
 * @category Constants
 */
export const turnKey = "effect-llm-stream/turn"

/** Reads this library's entry of a metadata record, when it is an object. */
export const read = (metadata: unknown): Readonly<Record<string, unknown>> | undefined => {
  if (typeof metadata !== "object" || metadata === null) return undefined
  const entry = (metadata as Readonly<Record<string, unknown>>)[metadataKey]
  return typeof entry === "object" && entry !== null && !Array.isArray(entry)
    ? entry as Readonly<Record<string, unknown>>
    : undefined
}
