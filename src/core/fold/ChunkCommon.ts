/**
 * The accessors every chunk class has, and the base class that reads them from the events a provider's chunk
 * class reads from its payload (`readEvents`), once per chunk.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as Output from "../Output.js"
import * as RequestOutput from "../output/RequestOutput.js"
import type * as Provider from "../Provider.js"
import type * as Tool from "../Tool.js"
import type * as Usage from "../Usage.js"
import type * as ContentBlocks from "./ContentBlocks.js"
import * as StreamEvent from "./StreamEvent.js"
import * as ToolCallFragments from "./ToolCallFragments.js"

/**
 * The accessors every chunk class has, each read from the chunk's events.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Common {
  readonly provider: Provider.Name
  /** The raw provider payload this chunk was decoded from: the provider's whole object. */
  readonly chunk: unknown
  /** What this chunk means, provider-neutral, in order (see `StreamEvent`). */
  readonly events: ReadonlyArray<StreamEvent.StreamEvent>
  /** Text generated in this chunk (the first choice's, for OpenAI-style `n > 1`); `""` when none. */
  readonly content: string
  /** Reasoning ("thinking") text generated in this chunk; `""` when none. */
  readonly reasoning: string
  /** Text of the model refusing to answer, in this chunk; `""` when none. */
  readonly refusal: string
  /** The provider's raw finish reasons reported in this chunk; empty when none. */
  readonly finishReasons: ReadonlyArray<string>
  /**
   * `finishReasons` mapped to the common set; on the chunk that finishes an answer whose host never said why
   * (`ChatCompletionsChunk.finishUnsaid`), its common reason alone, `finishReasons` empty.
   */
  readonly commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  /** The model that produced the response, when this chunk names it. */
  readonly model: string | undefined
  /** The model prices are looked up by: `model`, but an Azure deployment's `baseModel`, or Bedrock's model id. */
  readonly pricingModel: string | undefined
  /** The response id, when this chunk carries it. */
  readonly id: string | undefined
  /** The provider's raw usage object, when this chunk carries one. */
  readonly usage: unknown
  /** Normalised usage reported by this chunk (see `Usage`), or `undefined` when it reports none. */
  readonly commonUsage: Usage.Usage | undefined
  /** All input tokens (cache reads and writes included), when this chunk reports usage. */
  readonly inputTokens: number | undefined
  /** Input tokens read from the prompt cache, when reported. */
  readonly cachedTokens: number | undefined
  /** All output tokens, when reported. */
  readonly outputTokens: number | undefined
  /** What the call's cost depends on, as far as this chunk reports it. */
  readonly costMetadata: CostMetadata.CostMetadata
  /** Fragments of the tool calls the program answers. */
  readonly toolCallDeltas: ReadonlyArray<ToolCallFragments.ToolCallDelta>
  /** The tool calls this chunk completes. */
  readonly toolCallsEnded: ReadonlyArray<ToolCallFragments.ToolCallsEnded>
  /**
   * Fragments of the tool calls the provider runs itself (Anthropic's and Bedrock's server tools, Groq's built-in
   * tools).
   */
  readonly serverToolCallDeltas: ReadonlyArray<ToolCallFragments.ServerToolCallDelta>
  /** Results of server tool calls carried by this chunk. */
  readonly serverToolResults: ReadonlyArray<Tool.ServerToolResult>
  /** What this chunk changes in the response's content blocks, if anything. */
  readonly contentBlockUpdate: ContentBlocks.Update | undefined
  /** What the provider changed in the request's input before the model read it, as this chunk lists it. */
  readonly inputTransformations: ReadonlyArray<StreamEvent.InputTransformation> | undefined
  /**
   * The output the request of this chunk asked for, which `CallStream.object` and `partialObjects` read:
   * `LanguageModel.stream` sets it on every chunk of a call with `output`, and to `"none"` on the first chunk of a
   * call without; `undefined` on a chunk that does not say (one made by hand). It is not enumerable, so encoding,
   * JSON and equality leave it out, and a copy of the chunk (`withEvents`) keeps it.
   *
   * @since 0.7.0
   */
  readonly requestedOutput?: Output.Input | "none" | undefined
}

/** Where a chunk keeps its events once read (not a field: it is derived from the fields). */
const eventsKey: unique symbol = Symbol.for("effect-llm-stream/Chunk/events")

type Events = ReadonlyArray<StreamEvent.StreamEvent>

/** Joins the text of every event of one kind (one event, in all real streams). */
const textOf = (events: Events, tag: "TextDelta" | "ReasoningDelta" | "RefusalDelta"): string => {
  let text = ""
  for (const event of events) {
    if (event._tag === tag) text += event.text
  }
  return text
}

/** Finds the first event of a kind. */
const find = <Tag extends StreamEvent.StreamEvent["_tag"]>(
  events: Events,
  tag: Tag
): Extract<StreamEvent.StreamEvent, { readonly _tag: Tag }> | undefined => {
  for (const event of events) {
    if (event._tag === tag) return event as Extract<StreamEvent.StreamEvent, { readonly _tag: Tag }>
  }
  return undefined
}

/** Maps every event of a kind. */
const collect = <Tag extends StreamEvent.StreamEvent["_tag"], B>(
  events: Events,
  tag: Tag,
  f: (event: Extract<StreamEvent.StreamEvent, { readonly _tag: Tag }>) => B
): ReadonlyArray<B> => {
  let out: Array<B> | undefined
  for (const event of events) {
    if (event._tag === tag) (out ??= []).push(f(event as Extract<StreamEvent.StreamEvent, { readonly _tag: Tag }>))
  }
  return out ?? StreamEvent.none
}

/** A copy of `chunk` with `fields` set and its events `events` (read again when `undefined`), its `requestedOutput`. */
const copyOf = <C extends ChunkBase>(chunk: C, fields: Partial<C>, events: Events | undefined): C => {
  const copy: C = Object.assign(Object.create(Object.getPrototypeOf(chunk)), chunk, fields)
  ;(copy as { [eventsKey]?: Events | undefined })[eventsKey] = events
  if (chunk.requestedOutput !== undefined) RequestOutput.set(copy, chunk.requestedOutput)
  void copy.events
  return copy
}

/**
 * A copy of `chunk` whose events are `events` (`extractReasoning`), with its `requestedOutput`; the chunk itself is
 * left as it was.
 */
export const withEvents = <C extends ChunkBase>(chunk: C, events: Events): C => copyOf(chunk, {}, events)

/**
 * A copy of `chunk` with `fields` changed, its events read again from them, with its `requestedOutput`; the chunk
 * itself is left as it was.
 */
export const withFields = <C extends ChunkBase>(chunk: C, fields: Partial<C>): C => copyOf(chunk, fields, undefined)

/** The base of every chunk class: the common accessors, read from the events its `readEvents` gives. */
export class ChunkBase extends Schema.Class<ChunkBase>("effect-llm-stream/Chunk")({})
  implements Omit<Common, "provider" | "chunk">
{
  /** See `Common`: set by `LanguageModel.stream` (`RequestOutput.set`), not a Schema field. */
  declare readonly requestedOutput?: Output.Input | "none" | undefined
  constructor(props: {}, options?: Schema.MakeOptions) {
    super(props, options)
    // What the payload means is read when the chunk is made.
    void this.events
  }
  /** The events of this chunk's payload; called once per chunk. */
  protected readEvents(): Events {
    return StreamEvent.none
  }
  /** What this chunk means, provider-neutral, in order; read from the payload once, on first use. */
  get events(): Events {
    const kept = (this as { readonly [eventsKey]?: Events })[eventsKey]
    if (kept !== undefined) return kept
    // A plain assignment (a symbol key, so not a field: encoding, JSON and Schema checks ignore it) costs a
    // fraction of a non-enumerable `defineProperty` on every chunk.
    const events = this.readEvents()
    ;(this as { [eventsKey]?: Events })[eventsKey] = events
    return events
  }
  get content(): string {
    return textOf(this.events, "TextDelta")
  }
  get reasoning(): string {
    return textOf(this.events, "ReasoningDelta")
  }
  get refusal(): string {
    return textOf(this.events, "RefusalDelta")
  }
  get finishReasons(): ReadonlyArray<string> {
    return find(this.events, "Finish")?.reasons ?? StreamEvent.none
  }
  get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
    return find(this.events, "Finish")?.common ?? StreamEvent.none
  }
  get model(): string | undefined {
    return find(this.events, "Metadata")?.model
  }
  get pricingModel(): string | undefined {
    return find(this.events, "Metadata")?.pricingModel
  }
  get id(): string | undefined {
    return find(this.events, "Metadata")?.id
  }
  get usage(): unknown {
    return find(this.events, "UsageReported")?.raw
  }
  get commonUsage(): Usage.Usage | undefined {
    return find(this.events, "UsageReported")?.usage
  }
  get inputTokens(): number | undefined {
    return this.commonUsage?.inputTokens
  }
  get cachedTokens(): number | undefined {
    return this.commonUsage?.cachedTokens
  }
  get outputTokens(): number | undefined {
    return this.commonUsage?.outputTokens
  }
  get costMetadata(): CostMetadata.CostMetadata {
    const reported = find(this.events, "UsageReported")
    return CostMetadata.fromUsage(reported?.usage, reported?.extras)
  }
  get toolCallDeltas(): ReadonlyArray<ToolCallFragments.ToolCallDelta> {
    return collect(this.events, "ToolCallDelta", (event) => event)
  }
  get toolCallsEnded(): ReadonlyArray<ToolCallFragments.ToolCallsEnded> {
    return collect(this.events, "ToolCallsEnded", (event) => event.ended)
  }
  get serverToolCallDeltas(): ReadonlyArray<ToolCallFragments.ServerToolCallDelta> {
    return collect(this.events, "ServerToolCallDelta", (event) => event)
  }
  get serverToolResults(): ReadonlyArray<Tool.ServerToolResult> {
    return collect(this.events, "ServerToolResult", (event) => event.result)
  }
  get contentBlockUpdate(): ContentBlocks.Update | undefined {
    return find(this.events, "BlockUpdate")?.update
  }
  get inputTransformations(): ReadonlyArray<StreamEvent.InputTransformation> | undefined {
    return find(this.events, "InputTransformed")?.entries
  }
}
