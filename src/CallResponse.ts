/**
 * The response a stream adds up to.
 *
 * `append` is a pure fold step, and `CallStream.accumulate` folds a stream with it. The rules:
 * content and reasoning concatenate; `id` and `model` keep the first non-empty value; finish reasons keep
 * the last non-empty list (a trailing usage-only chunk never erases them); every usage field keeps its
 * latest reported value (usage is a snapshot, never summed); tool-call fragments are assembled by their
 * slot, the program's tool calls apart from the ones the provider runs itself.
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
import * as ContentBlocks from "./internal/ContentBlocks.js"
import * as Message from "./Message.js"
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
  /** All reasoning ("thinking") text, in order. */
  readonly reasoning: string
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
  /**
   * The tool calls for the program to answer, in the order they started; arguments are complete once the
   * stream has ended.
   */
  readonly toolCalls: ReadonlyArray<Tool.ToolCall>
  /** Where each tool call of `toolCalls` came from in the stream. */
  readonly toolCallSlots: ReadonlyArray<Tool.ToolCallSlot>
  /** The tool calls the provider ran itself (web search, code execution, MCP, ...), in the order they started. */
  readonly serverToolCalls: ReadonlyArray<Tool.ServerToolCall>
  /** Where each call of `serverToolCalls` came from in the stream. */
  readonly serverToolCallSlots: ReadonlyArray<Tool.ToolCallSlot>
  /** The results of the provider's own tool calls, as it sent them. */
  readonly serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  /** Non-token cost facts reported by the provider (service tier, provider-reported cost). */
  readonly costExtras: CostMetadata.Extras
  /** How many chunks were folded in. */
  readonly chunkCount: number
  /** The prices `cost` uses: the `PriceTable` in context when the stream was accumulated. */
  readonly priceTable: PriceTable.Service
  /** Where each content block starts and stops (see `contentBlocks`). */
  readonly blockRecords: ReadonlyArray<ContentBlocks.Recorded>
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

  /**
   * The assistant turn as the provider's own content blocks, for providers whose turn is sent back as
   * blocks (Anthropic, Bedrock): thinking with its signature, text with its citations, tool calls, server
   * tool calls and their results. Empty for the others.
   *
   * @since 0.2.0
   */
  get contentBlocks(): ReadonlyArray<unknown> {
    return ContentBlocks.build(this.blockRecords, {
      content: this.content,
      reasoning: this.reasoning,
      callArguments: (index) => {
        const client = this.toolCallSlots.findIndex((slot) => slot.index === index && slot.choice === undefined)
        if (client !== -1) return this.toolCalls[client]!.arguments
        const server = this.serverToolCallSlots.findIndex((slot) => slot.index === index)
        return server === -1 ? undefined : this.serverToolCalls[server]!.arguments
      }
    })
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
  reasoning: "",
  id: undefined,
  model: undefined,
  pricingModel: undefined,
  finishReasons: [],
  commonFinishReasons: [],
  usage: Usage.empty,
  toolCalls: [],
  toolCallSlots: [],
  serverToolCalls: [],
  serverToolCallSlots: [],
  serverToolResults: [],
  costExtras: {},
  chunkCount: 0,
  priceTable: PriceTable.bundled,
  blockRecords: []
})

/**
 * The response before any chunk, priced with `priceTable`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const emptyWith = (priceTable: PriceTable.Service): CallResponse =>
  priceTable === PriceTable.bundled ? empty : new CallResponse({ ...empty, priceTable })

/** Adds fragments to the calls they belong to, starting the calls that are new. */
const appendCalls = <Call, Delta extends Tool.ToolCallDelta>(
  calls: ReadonlyArray<Call>,
  slots: ReadonlyArray<Tool.ToolCallSlot>,
  deltas: ReadonlyArray<Delta>,
  appendDelta: (call: Call | undefined, delta: Delta) => Call
): { readonly calls: ReadonlyArray<Call>; readonly slots: ReadonlyArray<Tool.ToolCallSlot> } => {
  if (deltas.length === 0) return { calls, slots }
  const nextCalls = calls.slice()
  const nextSlots = slots.slice()
  for (const delta of deltas) {
    const index = nextSlots.findIndex((slot) => Tool.isSameSlot(slot, delta))
    if (index === -1) {
      nextSlots.push({ index: delta.index, choice: delta.choice })
      nextCalls.push(appendDelta(undefined, delta))
    } else {
      nextCalls[index] = appendDelta(nextCalls[index], delta)
    }
  }
  return { calls: nextCalls, slots: nextSlots }
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
  const client = appendCalls(self.toolCalls, self.toolCallSlots, chunk.toolCallDeltas, Tool.appendDelta)
  const server = appendCalls(
    self.serverToolCalls,
    self.serverToolCallSlots,
    chunk.serverToolCallDeltas,
    Tool.appendServerDelta
  )
  const results = chunk.serverToolResults
  const blockUpdate = chunk.contentBlockUpdate
  let costExtras = self.costExtras
  if (usage !== undefined) {
    const { batchMode, cost, region, speed, tier } = chunk.costMetadata
    costExtras = {
      batchMode: batchMode ?? costExtras.batchMode,
      cost: cost ?? costExtras.cost,
      region: region ?? costExtras.region,
      speed: speed ?? costExtras.speed,
      tier: tier ?? costExtras.tier
    }
  }
  return new CallResponse({
    provider: self.provider ?? chunk.provider,
    content: self.content + chunk.content,
    reasoning: self.reasoning + chunk.reasoning,
    id: self.id || chunk.id || self.id,
    model: self.model || chunk.model || self.model,
    pricingModel: self.pricingModel || chunk.pricingModel || self.pricingModel,
    finishReasons: finishReasons.length > 0 ? finishReasons : self.finishReasons,
    commonFinishReasons: finishReasons.length > 0 ? chunk.commonFinishReasons : self.commonFinishReasons,
    usage: usage === undefined ? self.usage : Usage.merge(self.usage, usage),
    toolCalls: client.calls,
    toolCallSlots: client.slots,
    serverToolCalls: server.calls,
    serverToolCallSlots: server.slots,
    serverToolResults: results.length === 0 ? self.serverToolResults : [...self.serverToolResults, ...results],
    costExtras,
    chunkCount: self.chunkCount + 1,
    priceTable: self.priceTable,
    blockRecords: blockUpdate === undefined
      ? self.blockRecords
      : ContentBlocks.apply(self.blockRecords, blockUpdate, {
        content: self.content.length,
        reasoning: self.reasoning.length
      })
  })
})

/**
 * The response as the assistant turn of a conversation: its text, the tool calls for the program to
 * answer, and (for Anthropic and Bedrock) the provider's own content blocks, which a turn sent back to
 * the same provider needs (thinking signatures with tool calls, server tool calls of a turn paused with
 * `pause_turn`).
 *
 * @example
 * ```ts
 * import { CallResponse, CallStream, LanguageModel, Message } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const twoTurns = Effect.gen(function*() {
 *   const first = yield* CallStream.accumulate(LanguageModel.stream("Recommend a fantasy book"))
 *   return yield* CallStream.accumulate(LanguageModel.stream({
 *     messages: [Message.user("Recommend a fantasy book"), CallResponse.toMessage(first), Message.user("Why?")]
 *   }))
 * })
 * ```
 *
 * @since 0.2.0
 * @category Conversions
 */
export const toMessage = (self: CallResponse): Message.Message => {
  const format = self.blockRecords[0]?.format
  const content = format === undefined
    ? undefined
    : new Message.ProviderContent({ provider: format, blocks: self.contentBlocks }, { disableChecks: true })
  return Message.assistant(self.content, { toolCalls: self.toolCalls, content })
}
