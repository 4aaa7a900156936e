/**
 * The shape of a durable step's response and prices as `StepRecord` stores them, made of the library's own Schemas
 * (`Usage`, `FinishReason`, `Tool`'s calls and results, `CostMetadata`'s facts, the price table's rates): what the
 * engine's storage gives back is decoded with it before it becomes a response, so a record changed on disk, or one
 * this library did not write, is a `SchemaError`, never a response with fields of the wrong type. The shape is the
 * one every version since 0.4 writes (a response's fields, its calls, their slots and completeness side by side).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as PriceTableCore from "../../core/call/PriceTableCore.js"
import * as CostMetadata from "../../core/CostMetadata.js"
import * as FinishReason from "../../core/FinishReason.js"
import * as Message from "../../core/Message.js"
import * as Tool from "../../core/Tool.js"
import * as Usage from "../../core/Usage.js"

const Position = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** Where a tool call came from in its stream (`ToolCallFragments.ToolCallSlot`). */
const Slot = Schema.Struct({
  index: Position,
  choice: Schema.optionalKey(Position),
  custom: Schema.optionalKey(Schema.Boolean)
})

/** A content block's record as stored: `ContentBlocks.Recorded` without its builder and reader (code). */
const BlockRecord = Schema.Struct({
  format: Message.ProviderContent.fields.provider,
  index: Position,
  block: Schema.Record(Schema.String, Schema.Unknown),
  contentFrom: Position,
  contentTo: Schema.optionalKey(Position),
  reasoningFrom: Position,
  reasoningTo: Schema.optionalKey(Position),
  citations: Schema.Array(Schema.Unknown),
  signature: Schema.String,
  pieces: Schema.Array(Schema.Unknown)
})

const { batchMode, cost, parts, region, requests, speed, statedCost, tier } = CostMetadata.CostMetadata.fields

/** A response's fields as stored, with `blocks`, its content blocks as built (`null`: a block that cannot go back). */
export const Response = Schema.Struct({
  provider: Schema.optionalKey(Schema.String),
  content: Schema.String,
  reasoning: Schema.String,
  refusal: Schema.String,
  id: Schema.optionalKey(Schema.String),
  model: Schema.optionalKey(Schema.String),
  pricingModel: Schema.optionalKey(Schema.String),
  finishReasons: Schema.Array(Schema.String),
  commonFinishReasons: Schema.Array(FinishReason.FinishReason),
  usage: Usage.Usage,
  toolCalls: Schema.Array(Tool.ToolCall),
  toolCallSlots: Schema.optionalKey(Schema.Array(Slot)),
  toolCallComplete: Schema.optionalKey(Schema.Array(Schema.Boolean)),
  serverToolCalls: Schema.Array(Tool.ServerToolCall),
  serverToolCallSlots: Schema.optionalKey(Schema.Array(Slot)),
  serverToolResults: Schema.Array(Tool.ServerToolResult),
  costExtras: Schema.Struct({
    batchMode,
    tier,
    region,
    speed,
    cost,
    statedCost,
    requests,
    parts,
    // The built-in tools the host ran, each one's type by its index in the call (`CostMetadata.Extras.toolRuns`).
    toolRuns: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
  }),
  chunkCount: Schema.Natural,
  blockRecords: Schema.Array(BlockRecord),
  blocks: Schema.Array(Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown))),
  container: Schema.optionalKey(Schema.String),
  audioTranscript: Schema.optionalKey(Schema.String),
  inputTransformations: Schema.optionalKey(Schema.Array(Schema.Struct({
    kind: Schema.String,
    path: Schema.String,
    reason: Schema.optionalKey(Schema.String)
  })))
})

export type Response = typeof Response.Type

const { checkedAt, model, provider, source } = PriceTableCore.Entry.fields
const { batchMultiplier, fastMultiplier, flexMultiplier, residency, ultrafastMultiplier } = PriceTableCore.Entry.fields
const { fileSearch, priority, rates, webSearch } = PriceTableCore.Period.fields

/** The prices a response was priced with (`PriceTableCore.ModelPrice`), `null` when its model had none. */
export const Price = Schema.NullOr(Schema.Struct({
  provider,
  model,
  source,
  checkedAt,
  rates,
  tiers: Schema.Array(PriceTableCore.Tier),
  priority,
  batchMultiplier,
  flexMultiplier,
  residency,
  fastMultiplier,
  ultrafastMultiplier,
  webSearch,
  fileSearch,
  requests: PriceTableCore.Period.fields.requests
}))

export type Price = typeof Price.Type
