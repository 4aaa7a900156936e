/**
 * What a call's cost depends on, as reported by one chunk or accumulated over a stream: the fields of Mirascope's
 * `CostMetadata` that apply to streamed chat calls, with the counts of `Usage` (`Usage.counts` but web fetches).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Usage from "./Usage.js"

/** The counts of a `Usage` a cost depends on: all but the web fetches, which are billed as tokens. */
const { webFetchRequests: _, ...counts } = Usage.counts
const fieldNames = Object.keys(counts) as ReadonlyArray<keyof typeof counts>

/**
 * A host's statement of what it charged for a call: the amount in USD as an exact decimal string, where it was read
 * (`source`: the host, its field and the page that documents it) and when that page was checked.
 *
 * @since 0.7.0
 * @category Models
 */
export const StatedCost = Schema.Struct({
  usd: Schema.String.check(Schema.isPattern(/^\d+(\.\d+)?$/)),
  source: Schema.String,
  checkedAt: Schema.String
})

/**
 * @since 0.7.0
 * @category Models
 */
export type StatedCost = typeof StatedCost.Type

/**
 * The models a system's call is billed as (Groq's compound systems' `usage_breakdown`), each with the tokens it spent;
 * `"unreadable"` when the host's breakdown could not be read, which prices nothing rather than a part of the bill.
 *
 * @since 0.7.0
 * @category Models
 */
export const Parts = Schema.Union([Schema.Array(Usage.ModelUsage), Schema.Literal("unreadable")])

/**
 * @since 0.7.0
 * @category Models
 */
export type Parts = typeof Parts.Type

/**
 * @since 0.1.0
 * @category Models
 */
export class CostMetadata extends Schema.Class<CostMetadata>("effect-llm-stream/CostMetadata")({
  ...counts,
  /** Whether the streaming API was used (always `true` for this library's calls). */
  streamingMode: Schema.optionalKey(Schema.Boolean),
  /** Whether batch pricing applies. */
  batchMode: Schema.optionalKey(Schema.Boolean),
  /** The service tier the provider reports (`default`, `priority`, `flex`, `standard`, ...). */
  tier: Schema.optionalKey(Schema.String),
  /** The cloud region or inference geography, where it changes the price. */
  region: Schema.optionalKey(Schema.String),
  /** The speed the call ran at, where it changes the price (Anthropic's fast mode: `fast`). */
  speed: Schema.optionalKey(Schema.String),
  /** The cost in USD when the provider itself reports one (kept as reported; trusted only as `statedCost`). */
  cost: Schema.optionalKey(Schema.Number),
  /**
   * What the host stated it charged, where its row declares that it states it (OpenRouter's `usage.cost`, xAI's
   * `cost_in_usd_ticks`): the call's cost, in place of the table's price. @since 0.7.0
   */
  statedCost: Schema.optionalKey(StatedCost),
  /** The requests the call made, each billed the model's fee per request where it has one (default 1). @since 0.7.0 */
  requests: Schema.optionalKey(Schema.Natural),
  /** The tokens other models spent inside the call (`Usage.byModel`), each priced at its model's rates. */
  byModel: Schema.optionalKey(Schema.Array(Usage.ModelUsage)),
  /**
   * The models the call is billed as, in place of its own tokens, which are theirs summed (Groq's compound systems'
   * `usage_breakdown`): each model's tokens at its rates. @since 0.7.0
   */
  parts: Schema.optionalKey(Parts),
  /**
   * The built-in tools the host ran inside the call, by the type it names each by: how many times each ran (Groq's
   * `executed_tools`), each billed at the host's fee for it. @since 0.7.0
   */
  toolRuns: Schema.optionalKey(Schema.Record(Schema.String, Schema.Natural))
}) {}

/**
 * Extra, non-token facts a provider reports beside its usage.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Extras {
  readonly batchMode?: boolean | undefined
  readonly tier?: string | undefined
  readonly region?: string | undefined
  readonly speed?: string | undefined
  readonly cost?: number | undefined
  /** What the host stated it charged, read only where its row declares it (`CostMetadata.statedCost`). @since 0.7.0 */
  readonly statedCost?: StatedCost | undefined
  /** The requests the call made (`CostMetadata.requests`): 0 for a call never sent. @since 0.7.0 */
  readonly requests?: number | undefined
  /** The models the call is billed as (`CostMetadata.parts`). @since 0.7.0 */
  readonly parts?: Parts | undefined
  /**
   * The built-in tools the host ran inside the call so far, each one's type by its index in the call: a tool the
   * stream names again under its index is one run. @since 0.7.0
   */
  readonly toolRuns?: Readonly<Record<string, string>> | undefined
}

/** How many times each type of tool ran, from the runs by their index (any type an own key: `__proto__` too). */
const runsByType = (runs: Readonly<Record<string, string>>): Record<string, number> => {
  const counts = new Map<string, number>()
  for (const type of Object.values(runs)) counts.set(type, (counts.get(type) ?? 0) + 1)
  return Object.fromEntries(counts)
}

/**
 * Builds the cost metadata of a streamed call from its normalised usage.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromUsage = (usage: Usage.Usage | undefined, extras: Extras = {}): CostMetadata => {
  const fields: Record<string, unknown> = { streamingMode: true }
  if (usage !== undefined) {
    for (const name of [...fieldNames, "byModel"] as const) {
      if (usage[name] !== undefined) fields[name] = usage[name]
    }
  }
  for (const name of ["batchMode", "tier", "region", "speed", "cost", "statedCost", "requests", "parts"] as const) {
    if (extras[name] !== undefined) fields[name] = extras[name]
  }
  if (extras.toolRuns !== undefined) fields["toolRuns"] = runsByType(extras.toolRuns)
  return new CostMetadata(fields as ConstructorParameters<typeof CostMetadata>[0], { disableChecks: true })
}
