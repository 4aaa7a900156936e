/**
 * The fold of chunks into a response, as one mutable accumulator: `CallResponse.append` is one step of it
 * on a copy of a response, and `CallStream.accumulate` runs it over a whole stream without building a
 * response per chunk (which costs more than the rest of the fold).
 *
 * The rules (see `CallResponse`): content, reasoning and refusals concatenate; `id` and `model` keep the
 * first non-empty value; finish reasons keep the last non-empty list (a `stop` after a refusal is
 * `content_filter` in the common set); every usage field keeps its latest reported value; tool-call
 * fragments are assembled by their slot.
 *
 * @internal
 */
import type * as CallResponseChunk from "../CallResponseChunk.js"
import type * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as PriceTable from "../PriceTable.js"
import type * as Provider from "../Provider.js"
import * as Tool from "../Tool.js"
import * as Usage from "../Usage.js"
import * as ContentBlocks from "./ContentBlocks.js"

/** What a response holds. */
export interface Fields {
  /** The provider of the first chunk, `undefined` before any chunk. */
  readonly provider: Provider.Provider | undefined
  /** All generated text, in order. */
  readonly content: string
  /** All reasoning ("thinking") text, in order. */
  readonly reasoning: string
  /** All refusal text, in order (OpenAI's refusals: the model declined, and this is what it said). */
  readonly refusal: string
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
}

/** Adds fragments to the calls they belong to (in place), starting the calls that are new. */
const appendCalls = <Call, Delta extends Tool.ToolCallDelta>(
  calls: Array<Call>,
  slots: Array<Tool.ToolCallSlot>,
  deltas: ReadonlyArray<Delta>,
  appendDelta: (call: Call | undefined, delta: Delta) => Call
): void => {
  for (const delta of deltas) {
    const index = slots.findIndex((slot) => Tool.isSameSlot(slot, delta))
    if (index === -1) {
      slots.push({ index: delta.index, choice: delta.choice })
      calls.push(appendDelta(undefined, delta))
    } else {
      calls[index] = appendDelta(calls[index], delta)
    }
  }
}

/**
 * A response being folded. The arrays it starts from are the response's own: each is copied before it is
 * first changed (a response is immutable; most chunks change none of them).
 */
export class Accumulator {
  provider: Provider.Provider | undefined
  content: string
  reasoning: string
  refusal: string
  id: string | undefined
  model: string | undefined
  pricingModel: string | undefined
  finishReasons: ReadonlyArray<string>
  commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  usage: Usage.Usage
  toolCalls: ReadonlyArray<Tool.ToolCall>
  toolCallSlots: ReadonlyArray<Tool.ToolCallSlot>
  serverToolCalls: ReadonlyArray<Tool.ServerToolCall>
  serverToolCallSlots: ReadonlyArray<Tool.ToolCallSlot>
  serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  costExtras: CostMetadata.Extras
  chunkCount: number
  readonly priceTable: PriceTable.Service
  blockRecords: ReadonlyArray<ContentBlocks.Recorded>
  /** Whether the call arrays are this accumulator's own (copied), so they may change in place. */
  private ownCalls = false
  private ownServerCalls = false
  private ownResults = false

  constructor(from: Fields) {
    this.provider = from.provider
    this.content = from.content
    this.reasoning = from.reasoning
    this.refusal = from.refusal
    this.id = from.id
    this.model = from.model
    this.pricingModel = from.pricingModel
    this.finishReasons = from.finishReasons
    this.commonFinishReasons = from.commonFinishReasons
    this.usage = from.usage
    this.toolCalls = from.toolCalls
    this.toolCallSlots = from.toolCallSlots
    this.serverToolCalls = from.serverToolCalls
    this.serverToolCallSlots = from.serverToolCallSlots
    this.serverToolResults = from.serverToolResults
    this.costExtras = from.costExtras
    this.chunkCount = from.chunkCount
    this.priceTable = from.priceTable
    this.blockRecords = from.blockRecords
  }

  /** Folds one chunk in. */
  push(chunk: CallResponseChunk.Common): this {
    // Block boundaries are recorded as offsets into the text before this chunk's.
    const blockUpdate = chunk.contentBlockUpdate
    if (blockUpdate !== undefined) {
      this.blockRecords = ContentBlocks.apply(this.blockRecords, blockUpdate, {
        content: this.content.length,
        reasoning: this.reasoning.length
      })
    }
    this.provider ??= chunk.provider
    const content = chunk.content
    if (content !== "") this.content += content
    const reasoning = chunk.reasoning
    if (reasoning !== "") this.reasoning += reasoning
    const refusal = chunk.refusal
    if (refusal !== "") this.refusal += refusal
    if (!this.id) this.id = chunk.id || this.id
    if (!this.model) this.model = chunk.model || this.model
    if (!this.pricingModel) this.pricingModel = chunk.pricingModel || this.pricingModel
    const finishReasons = chunk.finishReasons
    if (finishReasons.length > 0) {
      this.finishReasons = finishReasons
      // A refusal ends with the provider's plain `stop` (Chat Completions): it is a refusal all the same.
      const common = chunk.commonFinishReasons
      this.commonFinishReasons = this.refusal !== "" && common.includes("stop")
        ? common.map((reason) => reason === "stop" ? "content_filter" : reason)
        : common
    }
    const usage = chunk.commonUsage
    if (usage !== undefined) {
      this.usage = Usage.merge(this.usage, usage)
      const { batchMode, cost, region, speed, tier } = chunk.costMetadata
      const extras = this.costExtras
      this.costExtras = {
        batchMode: batchMode ?? extras.batchMode,
        cost: cost ?? extras.cost,
        region: region ?? extras.region,
        speed: speed ?? extras.speed,
        tier: tier ?? extras.tier
      }
    }
    const deltas = chunk.toolCallDeltas
    if (deltas.length > 0) {
      if (!this.ownCalls) {
        this.toolCalls = this.toolCalls.slice()
        this.toolCallSlots = this.toolCallSlots.slice()
        this.ownCalls = true
      }
      appendCalls(
        this.toolCalls as Array<Tool.ToolCall>,
        this.toolCallSlots as Array<Tool.ToolCallSlot>,
        deltas,
        Tool.appendDelta
      )
    }
    const serverDeltas = chunk.serverToolCallDeltas
    if (serverDeltas.length > 0) {
      if (!this.ownServerCalls) {
        this.serverToolCalls = this.serverToolCalls.slice()
        this.serverToolCallSlots = this.serverToolCallSlots.slice()
        this.ownServerCalls = true
      }
      appendCalls(
        this.serverToolCalls as Array<Tool.ServerToolCall>,
        this.serverToolCallSlots as Array<Tool.ToolCallSlot>,
        serverDeltas,
        Tool.appendServerDelta
      )
    }
    const results = chunk.serverToolResults
    if (results.length > 0) {
      if (!this.ownResults) {
        this.serverToolResults = this.serverToolResults.slice()
        this.ownResults = true
      }
      ;(this.serverToolResults as Array<Tool.ServerToolResult>).push(...results)
    }
    this.chunkCount++
    return this
  }

  /**
   * The fields of the response folded so far. The accumulator gives its arrays away: pushing more
   * chunks after this copies them again first.
   */
  fields(): Fields {
    this.ownCalls = false
    this.ownServerCalls = false
    this.ownResults = false
    return {
      provider: this.provider,
      content: this.content,
      reasoning: this.reasoning,
      refusal: this.refusal,
      id: this.id,
      model: this.model,
      pricingModel: this.pricingModel,
      finishReasons: this.finishReasons,
      commonFinishReasons: this.commonFinishReasons,
      usage: this.usage,
      toolCalls: this.toolCalls,
      toolCallSlots: this.toolCallSlots,
      serverToolCalls: this.serverToolCalls,
      serverToolCallSlots: this.serverToolCallSlots,
      serverToolResults: this.serverToolResults,
      costExtras: this.costExtras,
      chunkCount: this.chunkCount,
      priceTable: this.priceTable,
      blockRecords: this.blockRecords
    }
  }
}
