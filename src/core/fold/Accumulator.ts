/**
 * Folds a stream's chunks into a response: a mutable accumulator over the chunks' events (`StreamEvent`). Every view of a
 * stream reads it: `CallResponse.append` is one step of it on a copy of a response; `CallStream.accumulate`,
 * `scan`, `withCost`, `withToolCalls`, the telemetry span and metrics and the `effect/ai` stream parts run it
 * over the whole stream. Nothing else keeps state about a response.
 *
 * The rules (see `CallResponse`): content, reasoning and refusal concatenate; `id` and `model` keep the first
 * non-empty value; finish reasons keep the last non-empty list (a `stop` after a refusal is `content_filter`
 * in the common set); every usage field keeps its latest reported value; tool-call fragments are assembled by
 * their slot, and a call is complete when the provider says so (its block stopped, its choice finished, the next
 * parallel call of its choice started, the message finished); views that act on complete calls also take the
 * calls still open when the stream ends cleanly as complete (`end`).
 *
 * @internal
 */
import type * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as Provider from "../Provider.js"
import * as Tool from "../Tool.js"
import * as Usage from "../Usage.js"
import type * as ChunkCommon from "./ChunkCommon.js"
import * as ContentBlocks from "./ContentBlocks.js"
import * as StreamEvent from "./StreamEvent.js"
import * as ToolCallFragments from "./ToolCallFragments.js"

/** What a response holds. */
export interface Fields {
  /** The provider of the first chunk, `undefined` before any chunk. */
  readonly provider: Provider.Provider | undefined
  /** All generated text, in order. */
  readonly content: string
  /** All reasoning ("thinking") text, in order. */
  readonly reasoning: string
  /** All text of the model refusing to answer, in order (OpenAI's `refusal`); `""` when it did not refuse. */
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
  /** The tool calls for the program to answer, in the order they started. */
  readonly toolCalls: ReadonlyArray<Tool.ToolCall>
  /** Where each tool call of `toolCalls` came from in the stream. */
  readonly toolCallSlots: ReadonlyArray<ToolCallFragments.ToolCallSlot>
  /** Whether the provider has said each call of `toolCalls` is complete (the others' arguments may be cut anywhere). */
  readonly toolCallComplete: ReadonlyArray<boolean>
  /** The tool calls the provider ran itself (web search, code execution, MCP, ...), in the order they started. */
  readonly serverToolCalls: ReadonlyArray<Tool.ServerToolCall>
  /** Where each call of `serverToolCalls` came from in the stream. */
  readonly serverToolCallSlots: ReadonlyArray<ToolCallFragments.ToolCallSlot>
  /** The results of the provider's own tool calls, as it sent them. */
  readonly serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  /** Non-token cost facts reported by the provider (service tier, region, speed, provider-reported cost). */
  readonly costExtras: CostMetadata.Extras
  /** How many chunks were folded in. */
  readonly chunkCount: number
  /** Where each content block starts and stops (see `contentBlocks`). */
  readonly blockRecords: ReadonlyArray<ContentBlocks.Recorded>
}

/** The fields of a response before any chunk. */
export const emptyFields: Fields = {
  provider: undefined,
  content: "",
  reasoning: "",
  refusal: "",
  id: undefined,
  model: undefined,
  pricingModel: undefined,
  finishReasons: [],
  commonFinishReasons: [],
  usage: Usage.empty,
  toolCalls: [],
  toolCallSlots: [],
  toolCallComplete: [],
  serverToolCalls: [],
  serverToolCallSlots: [],
  serverToolResults: [],
  costExtras: {},
  chunkCount: 0,
  blockRecords: []
}

/** How an accumulator folds: with the positions of changed tool calls kept, without the text (see `keepsText`). */
interface Options {
  readonly trackUpdates?: boolean | undefined
  readonly keepsText?: boolean | undefined
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
  toolCallSlots: ReadonlyArray<ToolCallFragments.ToolCallSlot>
  toolCallComplete: ReadonlyArray<boolean>
  serverToolCalls: ReadonlyArray<Tool.ServerToolCall>
  serverToolCallSlots: ReadonlyArray<ToolCallFragments.ToolCallSlot>
  serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  costExtras: CostMetadata.Extras
  chunkCount: number
  blockRecords: ReadonlyArray<ContentBlocks.Recorded>
  /** Whether the arrays are this accumulator's own (copied), so they may change in place. */
  #ownCalls = false
  #ownServerCalls = false
  #ownResults = false
  #ownBlocks = false
  /** Positions in `toolCalls` completed since `takeCompleted` was last called, in the order they completed. */
  #completed: Array<number> = []
  /** Positions in `toolCalls` changed since `takeUpdated` was last called, when a view asked to know. */
  #updated: Array<number> | undefined
  /** The position in `toolCalls` of each slot (`choice:index`), made on first use. */
  #positions: Map<string, number> | undefined
  /** The same for `serverToolCalls`. */
  #serverPositions: Map<string, number> | undefined
  /** The position in `blockRecords` (this accumulator's own copy once made) of each block index. */
  #blockPositions: Map<number, number> | undefined
  /** Positions in `toolCalls` not complete yet, made on first use: completing calls never scans them all. */
  #open: Array<number> | undefined
  /** Whether `content` and `reasoning` are kept (a view that never reads them folds without; blocks need lengths). */
  readonly #keepsText: boolean
  #contentLength: number
  #reasoningLength: number

  constructor(from: Fields = emptyFields, options?: Options) {
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
    this.toolCallComplete = from.toolCallComplete
    this.serverToolCalls = from.serverToolCalls
    this.serverToolCallSlots = from.serverToolCallSlots
    this.serverToolResults = from.serverToolResults
    this.costExtras = from.costExtras
    this.chunkCount = from.chunkCount
    this.blockRecords = from.blockRecords
    if (options?.trackUpdates === true) this.#updated = []
    this.#keepsText = options?.keepsText !== false
    this.#contentLength = from.content.length
    this.#reasoningLength = from.reasoning.length
  }

  /** Folds one chunk in; `each`, when given, sees every event right after it was folded in (and the state then). */
  push(chunk: ChunkCommon.Common, each?: (event: StreamEvent.StreamEvent) => void): this {
    this.provider ??= chunk.provider
    const events = chunk.events
    for (let i = 0; i < events.length; i++) {
      this.#apply(events[i]!)
      if (each !== undefined) each(events[i]!)
    }
    this.chunkCount++
    return this
  }

  /** Folds one event in. */
  #apply(event: StreamEvent.StreamEvent): void {
    switch (event._tag) {
      case "TextDelta":
        if (this.#keepsText) this.content += event.text
        this.#contentLength += event.text.length
        return
      case "ReasoningDelta":
        if (this.#keepsText) this.reasoning += event.text
        this.#reasoningLength += event.text.length
        return
      case "RefusalDelta":
        this.refusal += event.text
        return
      case "Metadata":
        this.#metadata(event)
        return
      case "Finish":
        this.#finish(event)
        return
      case "UsageReported":
        this.usage = Usage.merge(this.usage, event.usage)
        this.costExtras = StreamEvent.mergeExtras(this.costExtras, event.extras)
        return
      case "ToolCallDelta":
        this.#callDelta(event)
        return
      case "ToolCallsEnded":
        this.#complete((slot) => ToolCallFragments.isEndedBy(slot, event.ended))
        return
      case "ServerToolCallDelta":
        this.#serverCallDelta(event)
        return
      case "ServerToolResult":
        this.#serverToolResult(event.result)
        return
      case "BlockUpdate":
        this.#blockUpdate(event.update)
        return
      case "ReasoningSignature":
      case "RedactedReasoning":
      case "AudioDelta":
        // Signatures and redacted reasoning are kept in the content block records (the `BlockUpdate` beside
        // them); audio stays in its chunks.
        return
    }
  }

  /** Keeps the first non-empty `id`, `model` and `pricingModel`. */
  #metadata(event: StreamEvent.Metadata): void {
    if (!this.id) this.id = event.id || this.id
    if (!this.model) this.model = event.model || this.model
    if (!this.pricingModel) this.pricingModel = event.pricingModel || this.pricingModel
  }

  /** Keeps the last non-empty list of finish reasons. */
  #finish(event: StreamEvent.Finish): void {
    if (event.reasons.length === 0) return
    this.finishReasons = event.reasons
    // A refusal ends with the provider's plain `stop` (Chat Completions): it is a refusal all the same.
    this.commonFinishReasons = this.refusal !== "" && event.common.includes("stop")
      ? event.common.map((reason) => reason === "stop" ? "content_filter" : reason)
      : event.common
  }

  #serverToolResult(result: Tool.ServerToolResult): void {
    if (!this.#ownResults) {
      this.serverToolResults = this.serverToolResults.slice()
      this.#ownResults = true
    }
    ;(this.serverToolResults as Array<Tool.ServerToolResult>).push(result)
  }

  /** Records where a content block starts or stops: at the length of the text folded so far. */
  #blockUpdate(update: ContentBlocks.Update): void {
    if (!this.#ownBlocks) this.blockRecords = this.blockRecords.slice()
    this.#ownBlocks = true
    const lengths = { content: this.#contentLength, reasoning: this.#reasoningLength }
    const records = this.blockRecords as Array<ContentBlocks.Recorded>
    ContentBlocks.applyInPlace(records, this.#blocksByIndex(), update, lengths)
  }

  /** The record of the content block at `index`, when the provider streamed one there (a lookup, not a scan). */
  blockRecord(index: number): ContentBlocks.Recorded | undefined {
    const position = this.#blocksByIndex().get(index)
    return position === undefined ? undefined : this.blockRecords[position]
  }

  #blocksByIndex(): Map<number, number> {
    return this.#blockPositions ??= new Map(this.blockRecords.map((record, position) => [record.index, position]))
  }

  /** The stream ended cleanly: every call still open is complete. */
  end(): this {
    this.#complete(() => true)
    return this
  }

  /** Positions in `toolCalls` completed since the last call, in the order they completed. */
  takeCompleted(): ReadonlyArray<number> {
    if (this.#completed.length === 0) return this.#completed
    const completed = this.#completed
    this.#completed = []
    return completed
  }

  /** Positions in `toolCalls` changed since the last call (with `trackUpdates`), in the order they started. */
  takeUpdated(): ReadonlyArray<number> {
    const updated = this.#updated
    if (updated === undefined || updated.length === 0) return []
    this.#updated = []
    return [...new Set(updated)].sort((a, b) => a - b)
  }

  /** The fields of the response so far. The arrays are given away: pushing more chunks copies them again first. */
  fields(): Fields {
    this.#ownCalls = false
    this.#ownServerCalls = false
    this.#ownResults = false
    this.#ownBlocks = false
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
      toolCallComplete: this.toolCallComplete,
      serverToolCalls: this.serverToolCalls,
      serverToolCallSlots: this.serverToolCallSlots,
      serverToolResults: this.serverToolResults,
      costExtras: this.costExtras,
      chunkCount: this.chunkCount,
      blockRecords: this.blockRecords
    }
  }

  #ownToolCalls(): void {
    if (this.#ownCalls) return
    this.toolCalls = this.toolCalls.slice()
    this.toolCallSlots = this.toolCallSlots.slice()
    this.toolCallComplete = this.toolCallComplete.slice()
    this.#ownCalls = true
  }

  /** The position in `toolCalls` of the call in `slot`, or -1 (a lookup: many parallel calls fold in linear time). */
  positionOf(slot: ToolCallFragments.ToolCallSlot): number {
    this.#positions ??= ToolCallFragments.positionsOf(this.toolCallSlots)
    return this.#positions.get(ToolCallFragments.slotKey(slot)) ?? -1
  }

  /** The position in `serverToolCalls` of the call in `slot`, or -1 (a lookup, as `positionOf`). */
  serverPositionOf(slot: ToolCallFragments.ToolCallSlot): number {
    this.#serverPositions ??= ToolCallFragments.positionsOf(this.serverToolCallSlots)
    return this.#serverPositions.get(ToolCallFragments.slotKey(slot)) ?? -1
  }

  #callDelta(delta: ToolCallFragments.ToolCallDelta): void {
    this.#ownToolCalls()
    const calls = this.toolCalls as Array<Tool.ToolCall>
    const slots = this.toolCallSlots as Array<ToolCallFragments.ToolCallSlot>
    const position = this.positionOf(delta)
    if (position === -1) {
      // A new parallel call of the same choice means the earlier ones have all their arguments.
      const choice = delta.choice
      if (choice !== undefined) this.#complete((slot) => slot.choice === choice)
      const slot = { index: delta.index, choice: delta.choice, custom: delta.custom }
      slots.push(slot)
      this.#positions!.set(ToolCallFragments.slotKey(slot), calls.length)
      this.#open?.push(calls.length)
      calls.push(ToolCallFragments.appendDelta(undefined, delta))
      ;(this.toolCallComplete as Array<boolean>).push(false)
      this.#updated?.push(calls.length - 1)
    } else {
      // A custom tool's call whose first fragment did not say so.
      if (delta.custom && !slots[position]!.custom) slots[position] = { ...slots[position]!, custom: true }
      calls[position] = ToolCallFragments.appendDelta(calls[position], delta)
      this.#updated?.push(position)
    }
  }

  #serverCallDelta(delta: ToolCallFragments.ServerToolCallDelta): void {
    if (!this.#ownServerCalls) {
      this.serverToolCalls = this.serverToolCalls.slice()
      this.serverToolCallSlots = this.serverToolCallSlots.slice()
      this.#ownServerCalls = true
    }
    const calls = this.serverToolCalls as Array<Tool.ServerToolCall>
    const slots = this.serverToolCallSlots as Array<ToolCallFragments.ToolCallSlot>
    const position = this.serverPositionOf(delta)
    if (position === -1) {
      const slot = { index: delta.index, choice: delta.choice }
      this.#serverPositions!.set(ToolCallFragments.slotKey(slot), slots.length)
      slots.push(slot)
      calls.push(ToolCallFragments.appendServerDelta(undefined, delta))
    } else {
      calls[position] = ToolCallFragments.appendServerDelta(calls[position], delta)
    }
  }

  /** Marks the open calls whose slot `isDone` accepts as complete. */
  #complete(isDone: (slot: ToolCallFragments.ToolCallSlot) => boolean): void {
    if (this.#open === undefined) {
      this.#open = []
      this.toolCallComplete.forEach((complete, position) => complete || this.#open!.push(position))
    }
    if (this.#open.length === 0) return
    const stillOpen: Array<number> = []
    for (const position of this.#open) {
      if (!isDone(this.toolCallSlots[position]!)) {
        stillOpen.push(position)
        continue
      }
      this.#ownToolCalls()
      ;(this.toolCallComplete as Array<boolean>)[position] = true
      // A custom tool's input is whole: its JSON string closes.
      const calls = this.toolCalls as Array<Tool.ToolCall>
      if (this.toolCallSlots[position]!.custom) calls[position] = ToolCallFragments.closeCustom(calls[position]!)
      this.#completed.push(position)
    }
    this.#open = stillOpen
  }
}
