/**
 * One streamed Groq chunk: the `chat.completion.chunk` payload with `x_groq`, and its accessors.
 *
 * @internal
 */
import type * as Schema from "effect/Schema"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatChunk from "../openai-compatible/ChatChunk.js"
import * as ChatDecoder from "../openai-compatible/ChatDecoder.js"
import * as ChatFastPath from "../openai-compatible/ChatFastPath.js"
import * as GroqSchemas from "./GroqSchemas.js"

/**
 * One streamed Groq chunk, wrapping the raw payload in `chunk`. Usage is read from the top-level `usage`
 * or, when absent, from `x_groq.usage`; `reasoning` holds reasoning text and `groqRequestId` Groq's id.
 *
 * @since 0.1.0
 * @category Models
 */
export class GroqCallResponseChunk
  extends ChatChunk.ChatCompletionsChunk.extend<GroqCallResponseChunk>("effect-llm-stream/GroqCallResponseChunk")({
    chunk: GroqSchemas.ChatCompletionChunk
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "groq" {
    return "groq"
  }
  /** The raw usage object: the top-level `usage`, or `x_groq.usage` (sent even without `stream_options`). */
  protected override rawUsage(): GroqSchemas.GroqUsage | undefined {
    return this.chunk.usage ?? this.chunk.x_groq?.usage ?? undefined
  }
  /** The raw usage object: the top-level `usage`, or `x_groq.usage`. */
  override get usage(): GroqSchemas.GroqUsage | undefined {
    return super.usage as GroqSchemas.GroqUsage | undefined
  }
  /** Groq's request id (`x_groq.id`, on the first and the last chunk). */
  get groqRequestId(): string | undefined {
    return this.chunk.x_groq?.id ?? undefined
  }
}

/**
 * Decodes the JSON of one streamed event into a `GroqCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GroqCallResponseChunkFromPayload: Schema.Codec<
  GroqCallResponseChunk,
  typeof GroqSchemas.ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(GroqSchemas.ChatCompletionChunk, GroqCallResponseChunk)

/** Decodes a parsed payload into a chunk, on the fast path when it can. */
export const decodeChunk = Payload.fastDecoder(
  GroqSchemas.ChatCompletionChunk,
  ChatFastPath.isTextChunk(["x_groq"]),
  (chunk) => Payload.instance(GroqCallResponseChunk, chunk)
)

/** The body decoder of a Groq stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (maxEventSize?: number | undefined) =>
  ChatDecoder.bodyDecoder("groq", decodeChunk, maxEventSize)
