/**
 * The response a stream adds up to.
 *
 * `append` is a pure fold step, and `CallStream.accumulate` folds a stream with it. The rules:
 * content concatenates; `id` and `model` keep the first non-empty value; finish reasons keep the last
 * non-empty list (a trailing usage-only chunk never erases them); every usage field keeps its latest
 * reported value (usage is a snapshot, never summed); tool-call fragments are assembled by their key.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import { dual } from "effect/Function"
import type * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import * as Cost from "./Cost.js"
import * as CostMetadata from "./CostMetadata.js"
import type * as FinishReason from "./FinishReason.js"
import * as PriceTable from "./PriceTable.js"
import * as Tool from "./Tool.js"
import * as Usage from "./Usage.js"

/**
 * @since 0.1.0
 * @category Models
 */
export class CallResponse extends Data.Class<{
  /** The provider of the first chunk, `undefined` before any chunk. */
  readonly provider: CallResponseChunk.Provider | undefined
  /** All generated text, in order. */
  readonly content: string
  readonly id: string | undefined
  readonly model: string | undefined
  /** The model prices are looked up by (see `CallResponseChunk.Common.pricingModel`). */
  readonly pricingModel: string | undefined
  /** The last non-empty list of raw finish reasons. */
  readonly finishReasons: ReadonlyArray<string>
  /** `finishReasons` in the common set. */
  readonly commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  /** Normalised usage: the latest reported value of each field. */
  readonly usage: Usage.Usage
  /** Tool calls in the order they started; arguments are complete once the stream has ended. */
  readonly toolCalls: ReadonlyArray<Tool.ToolCall>
  /** The stream-local key of each tool call, in the order of `toolCalls` (see `Tool.ToolCallDelta`). */
  readonly toolCallKeys: ReadonlyArray<string>
  /** Non-token cost facts reported by the provider (service tier, provider-reported cost). */
  readonly costExtras: CostMetadata.Extras
  /** How many chunks were folded in. */
  readonly chunkCount: number
  /** The prices `cost` uses: the `PriceTable` in context when the stream was accumulated. */
  readonly priceTable: PriceTable.Service
}> {
  /**
   * The cost of the call so far, or why it cannot be computed (unknown model, no usage reported yet,
   * inconsistent usage, a missing rate).
   *
   * @since 0.1.0
   */
  get costResult(): Result.Result<Cost.Cost, Cost.CostUnavailable> {
    return Cost.price(this.priceTable, this.provider, this.pricingModel, this.costMetadata)
  }

  /**
   * The cost of the call so far; `None` when it cannot be computed (`costResult` says why), never 0.
   *
   * @since 0.1.0
   */
  get cost(): Option.Option<Cost.Cost> {
    return Result.getSuccess(this.costResult)
  }

  /**
   * What the call's cost depends on.
   *
   * @since 0.1.0
   */
  get costMetadata(): CostMetadata.CostMetadata {
    return CostMetadata.fromUsage(this.usage, this.costExtras)
  }
}

/**
 * The response before any chunk.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const empty: CallResponse = new CallResponse({
  provider: undefined,
  content: "",
  id: undefined,
  model: undefined,
  pricingModel: undefined,
  finishReasons: [],
  commonFinishReasons: [],
  usage: Usage.empty,
  toolCalls: [],
  toolCallKeys: [],
  costExtras: {},
  chunkCount: 0,
  priceTable: PriceTable.bundled
})

/**
 * The response before any chunk, priced with `priceTable`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const emptyWith = (priceTable: PriceTable.Service): CallResponse =>
  priceTable === PriceTable.bundled ? empty : new CallResponse({ ...empty, priceTable })

const appendToolCalls = (
  calls: ReadonlyArray<Tool.ToolCall>,
  keys: ReadonlyArray<string>,
  deltas: ReadonlyArray<Tool.ToolCallDelta>
): { readonly calls: ReadonlyArray<Tool.ToolCall>; readonly keys: ReadonlyArray<string> } => {
  const nextCalls = calls.slice()
  const nextKeys = keys.slice()
  for (const delta of deltas) {
    const index = nextKeys.indexOf(delta.key)
    if (index === -1) {
      nextKeys.push(delta.key)
      nextCalls.push(Tool.appendDelta(undefined, delta))
    } else {
      nextCalls[index] = Tool.appendDelta(nextCalls[index], delta)
    }
  }
  return { calls: nextCalls, keys: nextKeys }
}

/**
 * Folds one chunk into a response.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const append: {
  (chunk: CallResponseChunk.Common): (self: CallResponse) => CallResponse
  (self: CallResponse, chunk: CallResponseChunk.Common): CallResponse
} = dual(2, (self: CallResponse, chunk: CallResponseChunk.Common): CallResponse => {
  const finishReasons = chunk.finishReasons
  const usage = chunk.commonUsage
  const deltas = chunk.toolCallDeltas
  let toolCalls = self.toolCalls
  let keys = self.toolCallKeys
  if (deltas.length > 0) {
    const next = appendToolCalls(toolCalls, keys, deltas)
    toolCalls = next.calls
    keys = next.keys
  }
  let costExtras = self.costExtras
  if (usage !== undefined) {
    const { batchMode, cost, region, tier } = chunk.costMetadata
    costExtras = {
      batchMode: batchMode ?? costExtras.batchMode,
      cost: cost ?? costExtras.cost,
      region: region ?? costExtras.region,
      tier: tier ?? costExtras.tier
    }
  }
  return new CallResponse({
    provider: self.provider ?? chunk.provider,
    content: self.content + chunk.content,
    id: self.id || chunk.id || self.id,
    model: self.model || chunk.model || self.model,
    pricingModel: self.pricingModel || chunk.pricingModel || self.pricingModel,
    finishReasons: finishReasons.length > 0 ? finishReasons : self.finishReasons,
    commonFinishReasons: finishReasons.length > 0 ? chunk.commonFinishReasons : self.commonFinishReasons,
    usage: usage === undefined ? self.usage : Usage.merge(self.usage, usage),
    toolCalls,
    toolCallKeys: keys,
    costExtras,
    chunkCount: self.chunkCount + 1,
    priceTable: self.priceTable
  })
})
