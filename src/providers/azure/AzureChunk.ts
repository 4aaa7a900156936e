/**
 * One streamed Azure chunk: the `chat.completion.chunk` payload with content-filter annotations (its schemas), the
 * real model behind a deployment, and their accessors.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatChunk from "../openai-compatible/ChatChunk.js"
import * as ChatDecoder from "../openai-compatible/ChatDecoder.js"
import * as ChatEvents from "../openai-compatible/ChatEvents.js"
import * as ChatFastPath from "../openai-compatible/ChatFastPath.js"
import * as ChatSchemas from "../openai-compatible/ChatSchemas.js"

/**
 * A choice, with Azure's per-choice content-filter results (and, for the asynchronous filter, the
 * offsets they apply to: Azure OpenAI's "Content streaming" page). Annotation chunks carry a choice without `delta`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = Schema.Struct({
  ...ChatSchemas.Choice.fields,
  content_filter_results: Schema.optionalKey(Schema.Unknown),
  content_filter_offsets: Schema.optionalKey(Schema.Unknown)
})

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` with content-filter annotations.
 * The first event is usually a prompt annotation with empty `id` and `model` and `choices: []`
 * (`prompt_filter_results`, `prompt_annotations` in old API versions: Azure OpenAI's "Content filtering" page).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...ChatSchemas.chatCompletionChunkFields,
  choices: Schema.Array(Choice),
  prompt_filter_results: Schema.optionalKey(Schema.Unknown),
  prompt_annotations: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * One streamed Azure chunk, wrapping the raw payload in `chunk`, with the deployment's `baseModel` (the
 * model prices are looked up by) and the content-filter results (`contentFilterResults`,
 * `promptFilterResults`).
 *
 * @since 0.1.0
 * @category Models
 */
export class AzureCallResponseChunk
  extends ChatChunk.ChatCompletionsChunk.extend<AzureCallResponseChunk>("effect-llm-stream/AzureCallResponseChunk")({
    chunk: ChatCompletionChunk,
    /** The real model behind the deployment, as configured with `Azure.model(name, { baseModel })`. */
    baseModel: Schema.optionalKey(Schema.String)
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "azure" {
    return "azure"
  }
  /**
   * The configured `baseModel`, which prices are looked up by when there is one (a deployment name is not a
   * model name).
   */
  protected override baseModelName(): string | undefined {
    return this.baseModel
  }
  /** Azure's filter results of an answer it ends on `content_filter` (`filterResults`). */
  protected override policyDetails(): ChatEvents.PolicyDetails {
    return filterResults
  }
  /** The content-filter results of the answer's choice in this chunk (`answerChoice`), as Azure sent them. */
  get contentFilterResults(): unknown {
    return ChatEvents.choiceAt<typeof Choice.Type>(this.chunk.choices, this.answerChoice ?? 0)?.content_filter_results
  }
  /** The prompt's content-filter results (first event of the stream). */
  get promptFilterResults(): unknown {
    return this.chunk.prompt_filter_results ?? this.chunk.prompt_annotations
  }
}

/**
 * The results of the filter that ended the answer's choice on `content_filter` (which name the categories:
 * `AzureProfile`), as Azure sent them on the chunk that carries that finish; `undefined` for another finish.
 */
const filterResults: ChatEvents.PolicyDetails = (choice) =>
  choice.finish_reason === "content_filter" ? (choice as typeof Choice.Type).content_filter_results : undefined

/**
 * Decodes the JSON of one streamed event into an `AzureCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AzureCallResponseChunkFromPayload: Schema.Codec<
  AzureCallResponseChunk,
  typeof ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(ChatCompletionChunk, AzureCallResponseChunk)

const decodePayload = Payload.fastDecoder(ChatCompletionChunk, ChatFastPath.isTextChunk([]), identity)

/** Decodes a parsed payload into a chunk (on the fast path when it can), with the deployment's `baseModel`. */
export const decodeChunk = (json: unknown, request: { readonly baseModel?: string | undefined }) =>
  Result.map(decodePayload(json), (chunk) =>
    Payload.instantiate(
      AzureCallResponseChunk,
      request.baseModel === undefined ? { chunk } : { chunk, baseModel: request.baseModel }
    ))

/** The body decoder of an Azure stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (request: { readonly baseModel?: string | undefined }, maxEventSize?: number | undefined) =>
  ChatDecoder.bodyDecoder("azure", (json) => decodeChunk(json, request), maxEventSize)
