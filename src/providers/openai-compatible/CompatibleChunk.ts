/**
 * One streamed chunk of an OpenAI-compatible host: the `chat.completion.chunk` payload with what such hosts add at
 * its top (Perplexity's `citations` and `search_results`), the host's name, and the accessors.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatChunk from "./ChatChunk.js"
import * as ChatDecoder from "./ChatDecoder.js"
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
 * The JSON of one streamed event of a compatible host: a `chat.completion.chunk`, with the sources a search host
 * cites (Perplexity's API reference, "Chat Completions": `citations`, the URLs `[1]`, `[2]`... of the text refer to,
 * and `search_results`).
 *
 * @since 0.6.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...ChatSchemas.chatCompletionChunkFields,
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
  /** The first choice's structured reasoning in this chunk (OpenRouter's `reasoning_details`), as sent. */
  get reasoningDetails(): ReadonlyArray<typeof ChatSchemas.ReasoningDetail.Type> {
    return this.chunk.choices.find((choice) => choice.index === 0)?.delta?.reasoning_details ?? []
  }
  /** The URLs the text cites by number (Perplexity's `citations`), when this chunk carries them. */
  get citations(): ReadonlyArray<string> {
    return this.chunk.citations ?? this.chunk.search_results?.map((result) => result.url) ?? []
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
  ChatCompletionChunk.pipe(Schema.decodeTo(Schema.toType(OpenAICompatibleCallResponseChunk), {
    decode: SchemaGetter.transform((chunk: ChatCompletionChunk) =>
      new OpenAICompatibleCallResponseChunk({ chunk, provider }, { disableChecks: true })
    ),
    encode: SchemaGetter.transform((instance: OpenAICompatibleCallResponseChunk) => instance.chunk)
  }))

/** Decodes a parsed payload of the host named `provider` into a chunk, on the fast path when it can. */
export const decodeChunk = (provider: string) => {
  const decode = Payload.fastDecoder(
    ChatCompletionChunk,
    ChatFastPath.isTextChunk(["citations", "search_results"]),
    (chunk) => Payload.instance(OpenAICompatibleCallResponseChunk, chunk, "provider", provider)
  )
  return (json: unknown): Result.Result<OpenAICompatibleCallResponseChunk, Schema.SchemaError> => decode(json)
}

/** The body decoder of a compatible host's stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (provider: string, maxEventSize?: number | undefined) =>
  ChatDecoder.bodyDecoder(provider, decodeChunk(provider), maxEventSize)
