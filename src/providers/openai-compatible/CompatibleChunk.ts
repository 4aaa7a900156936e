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
import * as ChatChunk from "./ChatChunk.js"
import * as ChatDecoder from "./ChatDecoder.js"
import * as ChatEvents from "./ChatEvents.js"
import * as ChatFastPath from "./ChatFastPath.js"
import * as ChatSchemas from "./ChatSchemas.js"

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
  queue_time: ChatSchemas.Nullable(Schema.Number),
  prompt_time: ChatSchemas.Nullable(Schema.Number),
  completion_time: ChatSchemas.Nullable(Schema.Number),
  total_time: ChatSchemas.Nullable(Schema.Number)
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
  seed: ChatSchemas.Nullable(Schema.Number),
  usage: ChatSchemas.Nullable(GroqUsage),
  error: ChatSchemas.Nullable(Schema.String)
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
  search_results: ChatSchemas.Nullable(Schema.Array(SearchResult))
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
    const events = super.readEvents()
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
