/**
 * Folds a stream's chunks into a response: a mutable accumulator over the chunks' events, which every view of a
 * stream runs (nothing else keeps state about a response). The rules are `CallResponse`'s; a tool call is complete
 * when the provider says so (its block stopped, its choice finished, the next parallel call) or at a clean `end`.
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

/** A tool call for the program as the fold holds it: the call so far, its slot, and whether it is complete. */
export interface ToolCallRecord {
  readonly call: Tool.ToolCall
  readonly slot: ToolCallFragments.ToolCallSlot
  readonly complete: boolean
}

/** A tool call the provider ran itself as the fold holds it: the call so far, and where it came from in the stream. */
export interface ServerToolCallRecord {
  readonly call: Tool.ServerToolCall
  readonly slot: ToolCallFragments.ToolCallSlot
}

/** What a response holds. */
export interface Fields {
  /** The provider of the first chunk, `undefined` before any chunk. */
  readonly provider: Provider.Name | undefined
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
  /** The program's tool calls, in the order they started: each call, its slot, whether it is complete. */
  readonly toolCallRecords: ReadonlyArray<ToolCallRecord>
  /** The tool calls the provider ran itself (web search, code execution, MCP, ...), in the order they started. */
  readonly serverToolCallRecords: ReadonlyArray<ServerToolCallRecord>
  /** The results of the provider's own tool calls, as it sent them. */
  readonly serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  /** Non-token cost facts reported by the provider (service tier, region, speed, provider-reported cost). */
  readonly costExtras: CostMetadata.Extras
  /** How many chunks were folded in. */
  readonly chunkCount: number
  /** Where each content block starts and stops (see `contentBlocks`). */
  readonly blockRecords: ReadonlyArray<ContentBlocks.Recorded>
  /** The id of the container the provider ran the response's code in (Anthropic's code execution), if it said. */
  readonly container?: string | undefined
  /** The transcript of what the model said aloud (OpenAI's audio output), in order, when it spoke. */
  readonly audioTranscript?: string | undefined
  /** What the provider changed in the request's input before the model read it, its latest list, when it said. */
  readonly inputTransformations?: ReadonlyArray<StreamEvent.InputTransformation> | undefined
  /**
   * What the provider said of the policy it stopped the answer on, as it sent it, with the last finish reasons, when
   * it said more than a reason (Azure OpenAI's `content_filter_results` of a `content_filter` finish, Claude's
   * `stop_details` of a `refusal`; since 0.7.0).
   */
  readonly policyDetails?: unknown
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
  toolCallRecords: [],
  serverToolCallRecords: [],
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
 * first changed (a response is immutable; most chunks change none of them), and a tool call's record is replaced,
 * never changed in place.
 */
export class Accumulator {
  provider: Provider.Name | undefined
  content: string
  reasoning: string
  refusal: string
  id: string | undefined
  model: string | undefined
  pricingModel: string | undefined
  finishReasons: ReadonlyArray<string>
  commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  usage: Usage.Usage
  toolCallRecords: ReadonlyArray<ToolCallRecord>
  serverToolCallRecords: ReadonlyArray<ServerToolCallRecord>
  serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  costExtras: CostMetadata.Extras
  chunkCount: number
  blockRecords: ReadonlyArray<ContentBlocks.Recorded>
  container: string | undefined
  audioTranscript: string | undefined
  inputTransformations: ReadonlyArray<StreamEvent.InputTransformation> | undefined
  policyDetails: unknown
  /** Whether the arrays are this accumulator's own (copied), so they may change in place. */
  #ownCalls = false
  #ownServerCalls = false
  #ownResults = false
  #ownBlocks = false
  /** Positions in `toolCallRecords` completed since `takeCompleted` was last called, in the order they completed. */
  #completed: Array<number> = []
  /** Positions in `toolCallRecords` changed since `takeUpdated` was last called, when a view asked to know. */
  #updated: Array<number> | undefined
  /** The position in `toolCallRecords` of each slot (`choice:index`), made on first use. */
  #positions: Map<string, number> | undefined
  /** The position `positionOf` found last, or -1. */
  #lastPosition = -1
  /** The same for `serverToolCallRecords`. */
  #serverPositions: Map<string, number> | undefined
  /** The block records this accumulator made since it last gave its fields away: their lists may change in place. */
  #ownRecords = new Set<ContentBlocks.Recorded>()
  /** The position in `blockRecords` (this accumulator's own copy once made) of each block index. */
  #blockPositions: Map<number, number> | undefined
  /** Positions in `toolCallRecords` not complete yet, made on first use: completing calls never scans them all. */
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
    this.toolCallRecords = from.toolCallRecords
    this.serverToolCallRecords = from.serverToolCallRecords
    this.serverToolResults = from.serverToolResults
    this.costExtras = from.costExtras
    this.chunkCount = from.chunkCount
    this.blockRecords = from.blockRecords
    this.container = from.container
    this.audioTranscript = from.audioTranscript
    this.inputTransformations = from.inputTransformations
    this.policyDetails = from.policyDetails
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
      case "Container":
        this.container = event.id
        return
      case "Finish":
        this.#finish(event)
        return
      case "UsageReported":
        this.usage = event.fold === undefined
          ? Usage.merge(this.usage, event.usage)
          : event.fold(this.usage, event.raw)
        this.costExtras = StreamEvent.mergeExtras(this.costExtras, event.extras)
        return
      case "ToolRan":
        this.costExtras = StreamEvent.mergeExtras(this.costExtras, { toolRuns: { [event.index]: event.type } })
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
      case "AudioDelta":
        // The audio itself stays in its chunks; its transcript is what the model said.
        if (event.transcript) this.audioTranscript = (this.audioTranscript ?? "") + event.transcript
        return
      case "InputTransformed":
        this.inputTransformations = event.entries
        return
      case "ReasoningSignature":
      case "RedactedReasoning":
        // Kept in the content block records (the `BlockUpdate` beside them), as a file the model made is (its
        // `FileOutput`, which no case reads).
        return
    }
  }

  /** Keeps the first non-empty `id`, `model` and `pricingModel`. */
  #metadata(event: StreamEvent.Metadata): void {
    if (!this.id) this.id = event.id || this.id
    if (!this.model) this.model = event.model || this.model
    if (!this.pricingModel) this.pricingModel = event.pricingModel || this.pricingModel
  }

  /**
   * Keeps the last non-empty list of finish reasons; a finish with no raw reason but a common one (a host that never
   * said why its answer finished: `other`) is kept too.
   */
  #finish(event: StreamEvent.Finish): void {
    if (event.reasons.length === 0 && event.common.length === 0) return
    this.finishReasons = event.reasons
    this.policyDetails = event.details
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
    ContentBlocks.applyInPlace(records, this.#blocksByIndex(), update, lengths, this.#ownRecords)
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

  /** Positions in `toolCallRecords` completed since the last call, in the order they completed. */
  takeCompleted(): ReadonlyArray<number> {
    if (this.#completed.length === 0) return this.#completed
    const completed = this.#completed
    this.#completed = []
    return completed
  }

  /** Positions in `toolCallRecords` changed since the last call (with `trackUpdates`), in the order they started. */
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
    this.#ownRecords.clear()
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
      toolCallRecords: this.toolCallRecords,
      serverToolCallRecords: this.serverToolCallRecords,
      serverToolResults: this.serverToolResults,
      costExtras: this.costExtras,
      chunkCount: this.chunkCount,
      blockRecords: this.blockRecords,
      ...(this.container === undefined ? {} : { container: this.container }),
      ...(this.audioTranscript === undefined ? {} : { audioTranscript: this.audioTranscript }),
      ...(this.inputTransformations === undefined ? {} : { inputTransformations: this.inputTransformations }),
      ...(this.policyDetails === undefined ? {} : { policyDetails: this.policyDetails })
    }
  }

  /** The position in `toolCallRecords` of the call in `slot`, or -1 (a lookup: parallel calls fold in linear time). */
  positionOf(slot: ToolCallFragments.ToolCallSlot): number {
    // A call's fragments mostly come one after another: the call found last is tried before the lookup.
    const last = this.toolCallRecords[this.#lastPosition]?.slot
    if (last !== undefined && last.index === slot.index && last.choice === slot.choice) return this.#lastPosition
    this.#positions ??= ToolCallFragments.positionsOf(this.toolCallRecords)
    const position = this.#positions.get(ToolCallFragments.slotKey(slot)) ?? -1
    if (position !== -1) this.#lastPosition = position
    return position
  }

  /** The position in `serverToolCallRecords` of the call in `slot`, or -1 (a lookup, as `positionOf`). */
  serverPositionOf(slot: ToolCallFragments.ToolCallSlot): number {
    this.#serverPositions ??= ToolCallFragments.positionsOf(this.serverToolCallRecords)
    return this.#serverPositions.get(ToolCallFragments.slotKey(slot)) ?? -1
  }

  /** The records of the program's calls, this accumulator's own copy (a record given away is replaced, not changed). */
  #ownToolCalls(): Array<ToolCallRecord> {
    if (!this.#ownCalls) this.toolCallRecords = this.toolCallRecords.slice()
    this.#ownCalls = true
    return this.toolCallRecords as Array<ToolCallRecord>
  }

  #callDelta(delta: ToolCallFragments.ToolCallDelta): void {
    const position = this.positionOf(delta)
    if (position === -1) {
      // A new parallel call of the same choice means the earlier ones have all their arguments.
      const choice = delta.choice
      if (choice !== undefined) this.#complete((slot) => slot.choice === choice)
      const records = this.#ownToolCalls()
      const slot = { index: delta.index, choice: delta.choice, custom: delta.custom }
      this.#positions!.set(ToolCallFragments.slotKey(slot), records.length)
      this.#lastPosition = records.length
      this.#open?.push(records.length)
      this.#updated?.push(records.length)
      records.push({ call: ToolCallFragments.appendDelta(undefined, delta), slot, complete: false })
    } else {
      const records = this.#ownToolCalls()
      const record = records[position]!
      // A custom tool's call whose first fragment did not say so.
      const slot = delta.custom && !record.slot.custom ? { ...record.slot, custom: true } : record.slot
      records[position] = { call: ToolCallFragments.appendDelta(record.call, delta), slot, complete: record.complete }
      this.#updated?.push(position)
    }
  }

  #serverCallDelta(delta: ToolCallFragments.ServerToolCallDelta): void {
    if (!this.#ownServerCalls) this.serverToolCallRecords = this.serverToolCallRecords.slice()
    this.#ownServerCalls = true
    const records = this.serverToolCallRecords as Array<ServerToolCallRecord>
    const position = this.serverPositionOf(delta)
    if (position === -1) {
      const slot = { index: delta.index, choice: delta.choice }
      this.#serverPositions!.set(ToolCallFragments.slotKey(slot), records.length)
      records.push({ call: ToolCallFragments.appendServerDelta(undefined, delta), slot })
    } else {
      const record = records[position]!
      records[position] = { call: ToolCallFragments.appendServerDelta(record.call, delta), slot: record.slot }
    }
  }

  /** Marks the open calls whose slot `isDone` accepts as complete. */
  #complete(isDone: (slot: ToolCallFragments.ToolCallSlot) => boolean): void {
    if (this.#open === undefined) {
      this.#open = []
      this.toolCallRecords.forEach((record, position) => record.complete || this.#open!.push(position))
    }
    if (this.#open.length === 0) return
    const stillOpen: Array<number> = []
    for (const position of this.#open) {
      const { call, slot } = this.toolCallRecords[position]!
      if (!isDone(slot)) {
        stillOpen.push(position)
        continue
      }
      // A custom tool's input is whole: its JSON string closes.
      const closed = slot.custom ? ToolCallFragments.closeCustom(call) : call
      this.#ownToolCalls()[position] = { call: closed, slot, complete: true }
      this.#completed.push(position)
    }
    this.#open = stillOpen
  }
}
