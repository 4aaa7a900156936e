/**
 * What this library adds to `effect/ai` parts and errors, under one key of their provider metadata: the
 * cost and the raw finish reasons on `finish`, the provider's opaque state on reasoning, text and tool-call parts,
 * the original error's facts on an `AiError` reason. Every shape is JSON (no optional keys, `null` for
 * "not known"), as `effect/ai` metadata must be.
 *
 * @internal
 */
import type * as Usage from "../../core/Usage.js"
import type * as TurnState from "../../providers/TurnState.js"

/** The metadata key (and prompt-options key) of this library. */
export const key = "effect-llm-stream"

/** The normalised usage of the call (see `Usage`), field by field; `null` for what the provider did not report. */
export type UsageMetadata = { readonly [Field in keyof typeof Usage.Usage.fields]: number | null }

/** Why no cost could be computed (`Cost.CostUnavailable`). */
export type CostUnavailableMetadata = {
  readonly reason: string
  readonly message: string
}

/** On every `finish` part: the call's cost, exact, and what it was computed from. */
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
  /** Why there is no cost (unknown model, no usage, ...), or `null` when there is one. */
  readonly costUnavailable: CostUnavailableMetadata | null
  /** Where the price came from and when it was checked, when there is a cost. */
  readonly priceSource: string | null
  readonly priceCheckedAt: string | null
}

/**
 * On `reasoning-end`, `text-end` and `tool-call` (and so on the reasoning, text and tool-call parts of a `Chat`'s
 * history): the opaque state the provider put on that part (`AssistantTurn.State`: a thinking signature, reasoning
 * returned encrypted, Gemini's `thoughtSignature`, a Responses item's id), which it needs back on that part on the
 * next turn, and whose it is (`format`). Only parts with state carry it.
 */
export type StateMetadata = TurnState.Json

/** On an `AiError` reason: the facts of the `ProviderError` it was made from. */
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

/** Reads this library's entry of a metadata record, when it is an object. */
export const read = (metadata: unknown): Readonly<Record<string, unknown>> | undefined => {
  if (typeof metadata !== "object" || metadata === null) return undefined
  const entry = (metadata as Readonly<Record<string, unknown>>)[key]
  return typeof entry === "object" && entry !== null && !Array.isArray(entry)
    ? entry as Readonly<Record<string, unknown>>
    : undefined
}
