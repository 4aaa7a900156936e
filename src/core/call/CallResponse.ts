/**
 * The response a stream adds up to.
 *
 * `append` is a pure fold step, and `CallStream.accumulate` folds a stream with it. The rules:
 * content, reasoning and refusals concatenate; `id` and `model` keep the first non-empty value; finish reasons keep
 * the last non-empty list (a trailing usage-only chunk never erases them); every usage field keeps its
 * latest reported value (usage is a snapshot, never summed); tool-call fragments are assembled by their
 * slot, the program's tool calls apart from the ones the provider runs itself.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import { dual } from "effect/Function"
import { NodeInspectSymbol } from "effect/Inspectable"
import type * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as CostMetadata from "../CostMetadata.js"
import type * as CallBasis from "../estimate/CallBasis.js"
import * as SpendUsage from "../estimate/SpendUsage.js"
import * as Accumulator from "../fold/Accumulator.js"
import * as ContentBlocks from "../fold/ContentBlocks.js"
import type * as ToolCallFragments from "../fold/ToolCallFragments.js"
import * as Message from "../Message.js"
import type * as Tool from "../Tool.js"
import * as Usage from "../Usage.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import * as Cost from "./Cost.js"
import * as PriceTable from "./PriceTable.js"
import * as UnendedTurn from "./UnendedTurn.js"

export type { InputTransformation } from "../fold/StreamEvent.js"

/**
 * What a response holds: the fold's fields, each documented where it is declared, and the prices `cost` uses.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Fields extends Accumulator.Fields {
  readonly priceTable: PriceTable.Service
}

/**
 * What an ending adds to its response, in a private field so that two responses of the same chunks stay equal:
 * the request and whether the stream was cut (for `spend`), and whether it completed (for `toMessage`).
 *
 * @internal
 */
export interface Ending {
  readonly spendBasis: CallBasis.Basis | undefined
  readonly cut: boolean
  readonly completed?: boolean | undefined
}

/** The spend of a call never sent: no tokens, and (for a priced model) a cost of exactly 0. */
const nothingSpent = (table: PriceTable.Service, basis: CallBasis.Basis): Spend => {
  const usage = Usage.make({ inputTokens: 0, outputTokens: 0 })
  const metadata = CostMetadata.fromUsage(usage, { requests: 0 })
  const sentAt = basis.sentAt === undefined ? undefined : new Date(basis.sentAt)
  const cost = Cost.price(table, basis.provider, basis.pricingModel, metadata, sentAt)
  return { usage, cost: Result.getSuccess(cost), estimated: false }
}

/**
 * What a call is billed for, as far as it is known: the provider's report when the stream completed with one
 * (`estimated: false`), else the totals it did not send estimated from the request and what arrived
 * (`estimated: true`). `cost` is `None` only for a model without a price.
 *
 * @example
 * ```ts
 * import { CallStream, Cost, LanguageModel } from "effect-llm-stream"
 * import { Console, Effect, Option } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ending = yield* CallStream.settle(LanguageModel.stream("Recommend a fantasy book"), { timeout: "2 seconds" })
 *   const { cost, estimated, usage } = ending.response.spend
 *   yield* Console.log(usage.outputTokens, Option.match(cost, { onNone: () => "unpriced", onSome: Cost.format }), estimated)
 * })
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export interface Spend {
  readonly usage: Usage.Usage
  readonly cost: Option.Option<Cost.Cost>
  readonly estimated: boolean
}

/**
 * A response: its `Fields`, its `cost`, and its `contentBlocks`.
 *
 * @since 0.1.0
 * @category Models
 */
export class CallResponse extends Data.Class<Fields> {
  constructor(fields: Fields, ending?: Ending | undefined) {
    super(fields)
    this.#ending = ending
  }

  #ending: Ending | undefined = undefined

  /**
   * Whether the stream it came from completed (`CallEnding`'s `Completed`).
   *
   * @internal
   */
  get streamCompleted(): boolean {
    return this.#ending?.completed === true
  }

  /**
   * The tool calls for the program to answer, in the order they started (their records' calls).
   *
   * @since 0.1.0
   */
  get toolCalls(): ReadonlyArray<Tool.ToolCall> {
    return this.#toolCalls ??= this.toolCallRecords.map((record) => record.call)
  }

  #toolCalls: ReadonlyArray<Tool.ToolCall> | undefined = undefined

  /**
   * The tool calls the provider ran itself (web search, code execution, MCP, ...), in the order they started.
   *
   * @since 0.2.0
   */
  get serverToolCalls(): ReadonlyArray<Tool.ServerToolCall> {
    return this.#serverToolCalls ??= this.serverToolCallRecords.map((record) => record.call)
  }

  #serverToolCalls: ReadonlyArray<Tool.ServerToolCall> | undefined = undefined

  /**
   * Where each call of `toolCalls` came from in the stream.
   *
   * @deprecated Read `toolCallRecords` (each record's `slot`).
   * @since 0.2.0
   */
  get toolCallSlots(): ReadonlyArray<ToolCallFragments.ToolCallSlot> {
    return this.toolCallRecords.map((record) => record.slot)
  }

  /**
   * Whether the provider has said each call of `toolCalls` is complete (the others' arguments may be cut anywhere).
   *
   * @deprecated Read `toolCallRecords` (each record's `complete`).
   * @since 0.3.0
   */
  get toolCallComplete(): ReadonlyArray<boolean> {
    return this.toolCallRecords.map((record) => record.complete)
  }

  /**
   * Where each call of `serverToolCalls` came from in the stream.
   *
   * @deprecated Read `serverToolCallRecords` (each record's `slot`).
   * @since 0.2.0
   */
  get serverToolCallSlots(): ReadonlyArray<ToolCallFragments.ToolCallSlot> {
    return this.serverToolCallRecords.map((record) => record.slot)
  }

  /**
   * The cost of the call so far, or why it cannot be computed (unknown model, no usage reported yet,
   * inconsistent usage, a missing rate).
   *
   * @since 0.1.0
   */
  get costResult(): Result.Result<Cost.Cost, Cost.CostUnavailable> {
    return this.#costResult ??= Cost.price(
      this.priceTable,
      this.provider,
      this.pricingModel,
      this.costMetadata,
      this.#sentAt
    )
  }

  /** When the call was sent, where its ending knows (the prices in force then: a date's, a time of day's). */
  get #sentAt(): Date | undefined {
    const sentAt = this.#ending?.spendBasis?.sentAt
    return sentAt === undefined ? undefined : new Date(sentAt)
  }

  /** Priced on first use: a loop, its span and its `finish` all read it. */
  #costResult: Result.Result<Cost.Cost, Cost.CostUnavailable> | undefined = undefined

  /**
   * The cost of the call so far; `None` when it cannot be computed (`costResult` says why), never 0.
   *
   * @since 0.1.0
   */
  get cost(): Option.Option<Cost.Cost> {
    return Result.getSuccess(this.costResult)
  }

  /**
   * What the call is billed for (`Spend`): the provider's usage and cost when it reported them and the stream
   * completed, else estimated from the request and what arrived. `usage` and `cost` stay what the provider said.
   *
   * @since 0.4.0
   */
  get spend(): Spend {
    const ended = this.#ending
    const basis = ended?.spendBasis
    // Refused before it was sent (a spend limit without room, a bad option): nothing was spent.
    if (basis !== undefined && !basis.sent) return nothingSpent(this.priceTable, basis)
    const billed = SpendUsage.of(this, basis, ended?.cut === true)
    if (!billed.estimated) return { usage: this.usage, cost: this.cost, estimated: false }
    const cost = Cost.price(
      this.priceTable,
      this.provider ?? basis?.provider,
      this.pricingModel ?? basis?.pricingModel,
      CostMetadata.fromUsage(billed.usage, this.costExtras),
      this.#sentAt
    )
    return { usage: billed.usage, cost: Result.getSuccess(cost), estimated: true }
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
   * The assistant turn as the provider's own content blocks, for providers whose turn is sent back as blocks
   * (Anthropic, Bedrock); empty for the others.
   *
   * @since 0.2.0
   */
  get contentBlocks(): ReadonlyArray<unknown> {
    return ContentBlocks.sendable(ContentBlocks.build(this.blockRecords, ContentBlocks.textsOf(this)))
  }

  /**
   * The response as plain values, for `JSON.stringify` and `console.log` (the price table and the fold's
   * bookkeeping left out).
   *
   * @since 0.3.0
   */
  toJSON(): Readonly<Record<string, unknown>> {
    const cost = this.costResult
    return {
      provider: this.provider,
      id: this.id,
      model: this.model,
      content: this.content,
      ...(this.reasoning === "" ? {} : { reasoning: this.reasoning }),
      ...(this.audioTranscript === undefined ? {} : { audioTranscript: this.audioTranscript }),
      finishReasons: this.finishReasons,
      commonFinishReasons: this.commonFinishReasons,
      usage: { ...this.usage },
      ...(this.toolCalls.length === 0 ? {} : { toolCalls: this.toolCalls.map((call) => ({ ...call })) }),
      ...(this.serverToolCalls.length === 0
        ? {}
        : { serverToolCalls: this.serverToolCalls.map((call) => ({ ...call })) }),
      ...(Result.isSuccess(cost)
        ? { cost: cost.success.toJSON() }
        : { costUnavailable: unavailableJson(cost.failure) }),
      ...(this.inputTransformations === undefined ? {} : { inputTransformations: this.inputTransformations }),
      chunkCount: this.chunkCount
    }
  }

  /**
   * `toJSON` as indented JSON.
   *
   * @since 0.3.0
   */
  override toString(): string {
    return JSON.stringify(this.toJSON(), null, 2)
  }

  /** @since 0.3.0 */
  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}

/** Why a response has no cost, as plain values: the reason, the message, and the part of the bill known, if any. */
const unavailableJson = ({ message, partial, reason }: Cost.CostUnavailable) => ({
  reason,
  message,
  ...(partial === undefined ? {} : { partial: partial.toJSON() })
})

// A call, not an object literal with a spread at the top level: a bundle that never prices drops `empty`,
// and with it the bundled price table.
const emptyPricedWith = (priceTable: PriceTable.Service): CallResponse =>
  new CallResponse({ ...Accumulator.emptyFields, priceTable })

/**
 * The response before any chunk.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const empty: CallResponse = /* @__PURE__ */ emptyPricedWith(PriceTable.bundled)

/**
 * The response before any chunk, priced with `priceTable`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const emptyWith = (priceTable: PriceTable.Service): CallResponse => emptyPricedWith(priceTable)

/**
 * Folds one chunk into a response.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const append: {
  (chunk: CallResponseChunk.Common): (self: CallResponse) => CallResponse
  (self: CallResponse, chunk: CallResponseChunk.Common): CallResponse
} = /* @__PURE__ */ dual(
  2,
  (self: CallResponse, chunk: CallResponseChunk.Common): CallResponse =>
    fromAccumulator(new Accumulator.Accumulator(self).push(chunk), self.priceTable)
)

/**
 * Makes the response an accumulator has folded so far, priced with `priceTable`.
 *
 * @internal
 */
export const fromAccumulator = (
  accumulator: Accumulator.Accumulator,
  priceTable: PriceTable.Service,
  ended?: Ending | undefined
): CallResponse => new CallResponse({ ...accumulator.fields(), priceTable }, ended)

/**
 * The assistant turn of `blocks`: the response's text, `toolCalls`, the blocks as the provider's content, and how the
 * model ended it (its first common finish reason, as the finish metadata reports it), where it said.
 */
const assistantTurn = (
  self: CallResponse,
  blocks: ReadonlyArray<unknown>,
  toolCalls: ReadonlyArray<Tool.ToolCall>
): Message.Message => {
  const format = self.blockRecords[0]?.format
  const content = format === undefined || blocks.length === 0
    ? undefined
    : new Message.ProviderContent(
      { provider: format, blocks, ...(self.container === undefined ? {} : { container: self.container }) },
      { disableChecks: true }
    )
  // An answer without text still said something: what the model spoke (OpenAI's audio output, its transcript), or
  // its refusal (Chat Completions' `refusal`).
  const text = self.content !== "" ? self.content : self.audioTranscript ?? self.refusal
  return Message.assistant(text, { toolCalls, content, finishReason: self.commonFinishReasons[0] })
}

/**
 * Turns a response whose stream completed into the assistant turn it leaves, with its calls, whatever finish reason
 * its provider sent (a server that sends none still ended the turn).
 *
 * @internal
 */
export const endedTurn = (self: CallResponse): Message.Message =>
  assistantTurn(self, self.contentBlocks, self.toolCalls)

/**
 * Turns a response that did not end (stopped, failed, cut at a budget's cap) into the assistant turn it leaves,
 * without the calls that will get no result (`UnendedTurn`).
 *
 * @internal
 */
export const unendedTurn = (self: CallResponse): Message.Message => assistantTurn(self, UnendedTurn.blocks(self), [])

/**
 * Turns the response into the assistant turn of a conversation: its text, the tool calls for the program to
 * answer, and the provider's own content blocks, which a turn sent back to the same provider needs (thinking
 * signatures with tool calls, server tool calls of a turn paused with `pause_turn`).
 *
 * A response that did not end (stopped or failed) goes on without the calls that will get no result (every API
 * refuses a call sent back without one), nor the reasoning that only led to them. A spoken answer goes on as its
 * transcript (the API keeps the audio only until `expires_at`), a refused one as its refusal.
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
export const toMessage = (self: CallResponse): Message.Message =>
  self.finishReasons.length === 0 && !self.streamCompleted ? unendedTurn(self) : endedTurn(self)
