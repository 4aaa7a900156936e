/**
 * One streamed Azure chunk: the `chat.completion.chunk` payload with content-filter annotations, the real
 * model behind a deployment, and their accessors.
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
import * as ChatFastPath from "../openai-compatible/ChatFastPath.js"
import * as AzureSchemas from "./AzureSchemas.js"

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
    chunk: AzureSchemas.ChatCompletionChunk,
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
  /** The content-filter results of the first choice in this chunk, as Azure sent them. */
  get contentFilterResults(): unknown {
    return this.chunk.choices.find((choice) => choice.index === 0)?.content_filter_results
  }
  /** The prompt's content-filter results (first event of the stream). */
  get promptFilterResults(): unknown {
    return this.chunk.prompt_filter_results ?? this.chunk.prompt_annotations
  }
}

/**
 * Decodes the JSON of one streamed event into an `AzureCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AzureCallResponseChunkFromPayload: Schema.Codec<
  AzureCallResponseChunk,
  typeof AzureSchemas.ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(AzureSchemas.ChatCompletionChunk, AzureCallResponseChunk)

const decodePayload = Payload.fastDecoder(AzureSchemas.ChatCompletionChunk, ChatFastPath.isTextChunk([]), identity)

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
