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
  byModel: Schema.optionalKey(Schema.Array(Usage.ModelUsage))
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
  for (const name of ["batchMode", "tier", "region", "speed", "cost", "statedCost", "requests"] as const) {
    if (extras[name] !== undefined) fields[name] = extras[name]
  }
  return new CostMetadata(fields as ConstructorParameters<typeof CostMetadata>[0], { disableChecks: true })
}
