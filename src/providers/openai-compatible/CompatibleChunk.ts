/**
 * One streamed chunk of an OpenAI-compatible host: the `chat.completion.chunk` payload with what such hosts add at
 * its top (Groq's `x_groq`, Perplexity's `citations` and `search_results`), the host's name, and the accessors.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as CostMetadata from "../../core/CostMetadata.js"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Payload from "../../core/payload/Payload.js"
import * as Tool from "../../core/Tool.js"
import type * as Usage from "../../core/Usage.js"
import * as ChatChunk from "./ChatChunk.js"
import * as ChatDecoder from "./ChatDecoder.js"
import * as ChatEvents from "./ChatEvents.js"
import * as ChatFastPath from "./ChatFastPath.js"
import * as ChatSchemas from "./ChatSchemas.js"
import * as ChatUsage from "./ChatUsage.js"
import * as ExecutedTools from "./ExecutedTools.js"

/**
 * One source a host searched (Perplexity's `search_results[]`): its `url`, with its `title` and `date` when sent.
 *
 * @since 0.6.0
 * @category Schemas
 */
export const SearchResult = Schema.Struct({
  url: Schema.String,
  title: ChatSchemas.Nullable(Schema.String),
  date: ChatSchemas.Nullable(Schema.String)
})

/**
 * Groq's usage: the Chat Completions counts plus queue, prompt, completion and total times (seconds).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GroqUsage = Schema.Struct({
  ...ChatSchemas.CompletionUsage.fields,
  queue_time: ChatSchemas.Nullable(Schema.Finite),
  prompt_time: ChatSchemas.Nullable(Schema.Finite),
  completion_time: ChatSchemas.Nullable(Schema.Finite),
  total_time: ChatSchemas.Nullable(Schema.Finite)
})

/** @internal */
export type GroqUsage = typeof GroqUsage.Type

/**
 * Groq's `x_groq` extension: its request id (first and last chunk), the seed, the usage (last chunk, sent even
 * without `stream_options`) and an error string when a stream stops early (Groq's API reference, "Chat"), which
 * fails the stream at its end (`ChatDecoder`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const XGroq = Schema.Struct({
  id: ChatSchemas.Nullable(Schema.String),
  seed: ChatSchemas.Nullable(Schema.Finite),
  usage: ChatSchemas.Nullable(GroqUsage),
  error: ChatSchemas.Nullable(Schema.String),
  /**
   * What each model a compound system used spent (groq-sdk 1.6.0 `ChatCompletionChunk.XGroq.UsageBreakdown`:
   * `models: [{ model, usage }]`, `null` on a model's own call), read by hand: one not of that shape makes the
   * call's cost unavailable, never the stream's failure (`partsOf`).
   */
  usage_breakdown: Schema.optionalKey(Schema.Unknown)
})

/**
 * The JSON of one streamed event of a compatible host: a `chat.completion.chunk`, with Groq's `x_groq` and the
 * sources a search host cites (Perplexity's API reference, "Chat Completions": `citations`, the URLs `[1]`, `[2]`...
 * of the text refer to, and `search_results`).
 *
 * @since 0.6.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...ChatSchemas.chatCompletionChunkFields,
  usage: ChatSchemas.Nullable(GroqUsage),
  x_groq: ChatSchemas.Nullable(XGroq),
  citations: ChatSchemas.Nullable(Schema.Array(Schema.String)),
  search_results: ChatSchemas.Nullable(Schema.Array(SearchResult)),
  /**
   * A llama.cpp server's timings of the call, beside its usage (ggml-org/llama.cpp tools/server/server-task.cpp,
   * `result_timings::to_json`), read by hand where its row says (`ChatUsage.Rule`): one not of their shape is none.
   */
  timings: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.6.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * One streamed chunk of an OpenAI-compatible host, wrapping the raw payload in `chunk`, with the host's name as its
 * `provider` (`"deepseek"`, `"openrouter"`, a local server's), the common accessors, `reasoning` (from
 * `reasoning_content`, `reasoning` or `reasoning_details`), `reasoningDetails` and `citations`.
 *
 * @since 0.6.0
 * @category Models
 */
export class OpenAICompatibleCallResponseChunk extends ChatChunk.ChatCompletionsChunk.extend<
  OpenAICompatibleCallResponseChunk
>("effect-llm-stream/OpenAICompatibleCallResponseChunk")({
  chunk: ChatCompletionChunk,
  /** The host's name, as its layer was given it. */
  provider: Schema.String
}) implements ChunkCommon.Common {
  /** The raw usage object: the top-level `usage`, or Groq's `x_groq.usage` (sent even without `stream_options`). */
  protected override rawUsage(): GroqUsage | undefined {
    return this.chunk.usage ?? this.chunk.x_groq?.usage ?? undefined
  }
  /** The raw usage object: the top-level `usage`, or Groq's `x_groq.usage`. */
  override get usage(): GroqUsage | undefined {
    return super.usage as GroqUsage | undefined
  }
  /**
   * The sources a search host names (Perplexity's `search_results`, with their titles, else its `citations`:
   * docs.perplexity.ai/api-reference/chat-completions-post, response fields) as citations of the text: each a
   * `source-url` in the browser's UI message stream, once per URL.
   */
  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    const events = compoundEvents(this.chunk, this.answerId, this.answerChoice ?? 0, super.readEvents())
    const sources = this.chunk.search_results ?? this.chunk.citations?.map((url) => ({ url, title: undefined }))
    if (!sources || sources.length === 0) return events
    return [...events, ...sources.map(({ title, url }) => StreamEvent.pageCitation(0, url, title))]
  }
  /** The answer choice's structured reasoning in this chunk (OpenRouter's `reasoning_details`), as sent. */
  get reasoningDetails(): ReadonlyArray<typeof ChatSchemas.ReasoningDetail.Type> {
    return ChatEvents.choiceAt(this.chunk.choices, this.answerChoice ?? 0)?.delta?.reasoning_details ?? []
  }
  /** The URLs the text cites by number (Perplexity's `citations`), when this chunk carries them. */
  get citations(): ReadonlyArray<string> {
    return this.chunk.citations ?? this.chunk.search_results?.map((result) => result.url) ?? []
  }
}

/** The most models a usage breakdown names; more make it unreadable. */
const maxParts = 64

/** The id of the call a built-in tool's run is, at `index` of the answer `id` (Groq sends runs no id of their own). */
const runId = (id: string, index: number): string => `${id === "" ? "executed" : id}-tool-${index}`

/**
 * The events of the built-in tools a delta says the host ran (`ExecutedTools`): each run's `ToolRan` (its fee, once
 * per index), the call the host ran, with its whole arguments each time it is named, and once it carries its output,
 * its result and the pages it found, as citations (each a `source-url` in the browser's UI message stream). A run that
 * cannot be read is one of no type (index -1), which has no fee: the cost is never short of a run it cannot read.
 */
const executedEvents = (id: string, executed: unknown): ReadonlyArray<StreamEvent.StreamEvent> =>
  ExecutedTools.runsOf(executed).flatMap((run): ReadonlyArray<StreamEvent.StreamEvent> => {
    if (run === undefined) return [StreamEvent.toolRan(-1, "")]
    const { arguments: args, index, name, output, pages, type } = run
    const toolUseId = runId(id, index)
    const events: Array<StreamEvent.StreamEvent> = [
      StreamEvent.toolRan(index, type),
      StreamEvent.serverToolCallDelta({ index, id: toolUseId, name, type, arguments: args, whole: true })
    ]
    if (output === undefined) return events
    events.push({
      _tag: "ServerToolResult",
      result: new Tool.ServerToolResult({ toolUseId, type, content: output }, { disableChecks: true })
    })
    for (const page of pages) events.push(StreamEvent.pageCitation(0, page.url, page.title))
    return events
  })

const decodeUsage = Schema.decodeUnknownResult(GroqUsage)

/**
 * The models a compound system's call is billed as (`x_groq.usage_breakdown.models`: each model's name and its
 * `CompletionUsage`), normalised as the call's usage is; `undefined` when it names none (`models: null`, a model's
 * own call: priced as its model), `"unreadable"` when the breakdown is not of that shape.
 */
const partsOf = (breakdown: unknown): CostMetadata.Parts | undefined => {
  if (breakdown === undefined || breakdown === null) return undefined
  const models = Payload.isRecord(breakdown) ? breakdown["models"] : []
  if (models === undefined || models === null || (Array.isArray(models) && models.length === 0)) return undefined
  if (!Array.isArray(models) || models.length > maxParts) return "unreadable"
  const parts: Array<Usage.ModelUsage> = []
  for (const entry of models) {
    const model = Payload.isRecord(entry) ? entry["model"] : undefined
    const usage = decodeUsage(Payload.isRecord(entry) ? entry["usage"] : undefined)
    if (typeof model !== "string" || model === "" || model.length > 256 || Result.isFailure(usage)) return "unreadable"
    parts.push({ model, ...ChatUsage.normaliseUsage(usage.success) })
  }
  return parts
}

/**
 * A chunk's events with what a compound system's chunk adds: the built-in tools the answer's delta says ran
 * (`executedEvents`, named by the answer's id: `answerId`, else the chunk's), and the models the call is billed as
 * (`partsOf`) in the extras of its usage.
 */
const compoundEvents = (
  chunk: ChatCompletionChunk,
  answerId: string | undefined,
  answer: number,
  events: ReadonlyArray<StreamEvent.StreamEvent>
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const executed = ChatEvents.choiceAt(chunk.choices, answer)?.delta?.executed_tools
  const parts = partsOf(chunk.x_groq?.usage_breakdown)
  if ((executed === undefined || executed === null) && parts === undefined) return events
  const withParts = parts === undefined ?
    events :
    events.map((event) => event._tag === "UsageReported" ? { ...event, extras: { ...event.extras, parts } } : event)
  return [...withParts, ...executedEvents(answerId ?? chunk.id, executed)]
}

/**
 * Where a host states what it charged for a call, in its usage object: OpenRouter's `usage.cost` (USD), xAI's
 * `usage.cost_in_usd_ticks` (ten-billionths of a USD).
 *
 * @since 0.7.0
 * @category Models
 */
export type StatedCostField = keyof typeof statements

/** Each way a host states its charge: the usage field, its unit (10^-scale USD), and the page that documents it. */
const statements = {
  // OpenRouter, "Usage Accounting" (openrouter.ai/docs/use-cases/usage-accounting): `usage.cost`, in credits (USD),
  // on the last SSE message of every response.
  "usage.cost": { field: "cost", scale: 0, checkedAt: "2026-11-27" },
  // xAI, "Cost Tracking" (docs.x.ai/developers/cost-tracking): `usage.cost_in_usd_ticks`, 1 USD = 10^10 ticks, the
  // amount billed after discounts, server-side tools included.
  "usage.cost_in_usd_ticks": { field: "cost_in_usd_ticks", scale: 10, checkedAt: "2026-11-27" }
} as const

/**
 * What a chunk's usage states of the call's charge in `field`: the statement (a finite amount ≥ 0), the value that is
 * none (`Invalid`: ignored, the table's price used), or nothing when it states nothing.
 */
export const statedCostOf = (
  chunk: OpenAICompatibleCallResponseChunk,
  field: StatedCostField
): { readonly _tag: "Stated"; readonly cost: CostMetadata.StatedCost } | {
  readonly _tag: "Invalid"
  readonly value: unknown
} | undefined => {
  const usage: Record<string, unknown> | undefined = chunk.chunk.usage ?? undefined
  const { checkedAt, field: name, scale } = statements[field]
  const value = usage?.[name]
  if (value === undefined || value === null) return undefined
  const amount = typeof value === "number" && value >= 0 ? BigDecimal.fromNumber(value) : Option.none()
  if (Option.isNone(amount)) return { _tag: "Invalid", value }
  const usd = BigDecimal.normalize(BigDecimal.make(amount.value.value, amount.value.scale + scale))
  return {
    _tag: "Stated",
    cost: { usd: BigDecimal.format(usd), source: `${chunk.provider}'s stated charge (${field})`, checkedAt }
  }
}

/** The chunk class of a host that states its charge in `field`: its usage's charge is the call's cost. */
const stating = (field: StatedCostField) =>
  class StatingChunk extends OpenAICompatibleCallResponseChunk {
    protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
      const events = super.readEvents()
      const stated = statedCostOf(this, field)
      if (stated?._tag !== "Stated") return events
      return events.map((event) =>
        event._tag === "UsageReported" ? { ...event, extras: { ...event.extras, statedCost: stated.cost } } : event
      )
    }
  }

/** The chunk class of each way a host states its charge (made once). */
export const statingChunks: Readonly<Record<StatedCostField, typeof OpenAICompatibleCallResponseChunk>> = {
  "usage.cost": stating("usage.cost"),
  "usage.cost_in_usd_ticks": stating("usage.cost_in_usd_ticks")
}

/**
 * The chunk class of a host whose usage its row's `rule` reads (`ChatUsage.Rule`), over `base` (a stating host's, or
 * the plain one): its usage is normalised by the rule, with the chunk's `timings`. Made once per layer.
 */
export const counting = (
  base: typeof OpenAICompatibleCallResponseChunk,
  rule: ChatUsage.Rule
): typeof OpenAICompatibleCallResponseChunk =>
  class CountingChunk extends base {
    protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
      return super.readEvents().map((event) =>
        event._tag === "UsageReported"
          ? { ...event, usage: ChatUsage.normaliseUsage(event.raw as GroqUsage, rule, this.chunk.timings) }
          : event
      )
    }
  }

/**
 * Decodes the JSON of one streamed event of the host named `provider` into an `OpenAICompatibleCallResponseChunk`.
 *
 * @since 0.6.0
 * @category Schemas
 */
export const OpenAICompatibleCallResponseChunkFromPayload = (
  provider: string
): Schema.Codec<OpenAICompatibleCallResponseChunk, typeof ChatCompletionChunk.Encoded> =>
  Payload.chunkFromPayload(ChatCompletionChunk, OpenAICompatibleCallResponseChunk, { provider })

/**
 * Decodes a parsed payload of the host named `provider` into a chunk (of `chunkClass`: Groq's has its own), on the
 * fast path when it can.
 */
export const decodeChunk = <C extends OpenAICompatibleCallResponseChunk = OpenAICompatibleCallResponseChunk>(
  provider: string,
  chunkClass: abstract new(...args: Array<any>) => C = OpenAICompatibleCallResponseChunk as any
) => {
  const decode = Payload.fastDecoder(
    ChatCompletionChunk,
    ChatFastPath.isTextChunk(["x_groq", "citations", "search_results"]),
    (chunk) => Payload.instance(chunkClass, chunk, "provider", provider)
  )
  return (json: unknown): Result.Result<C, Schema.SchemaError> => decode(json)
}

/** The body decoder of a compatible host's stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = <C extends OpenAICompatibleCallResponseChunk>(
  provider: string,
  maxEventSize?: number | undefined,
  chunkClass?: abstract new(...args: Array<any>) => C
) => ChatDecoder.bodyDecoder(provider, decodeChunk(provider, chunkClass), maxEventSize)
