/**
 * One streamed Groq chunk: the `chat.completion.chunk` payload with `x_groq`, and its accessors.
 *
 * @internal
 */
import type * as Schema from "effect/Schema"
import * as ChatChunk from "../chat/Chunk.js"
import * as Decoder from "../chat/Decoder.js"
import * as FastPath from "../chat/FastPath.js"
import type * as ChunkCommon from "../ChunkCommon.js"
import * as Payload from "../Payload.js"
import * as Schemas from "./Schemas.js"

/** One streamed Groq chunk, wrapping the raw `chat.completion.chunk` payload (with `x_groq`) in `chunk`. */
export class GroqCallResponseChunk
  extends ChatChunk.ChatCompletionsChunk.extend<GroqCallResponseChunk>("effect-llm-stream/GroqCallResponseChunk")({
    chunk: Schemas.ChatCompletionChunk
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "groq" {
    return "groq"
  }
  /** The raw usage object: the top-level `usage`, or `x_groq.usage` (sent even without `stream_options`). */
  override get usage(): Schemas.GroqUsage | undefined {
    return this.chunk.usage ?? this.chunk.x_groq?.usage ?? undefined
  }
  /** Groq's request id (`x_groq.id`, on the first and the last chunk). */
  get groqRequestId(): string | undefined {
    return this.chunk.x_groq?.id ?? undefined
  }
}

/** Decodes the JSON of one streamed event into a `GroqCallResponseChunk`. */
export const GroqCallResponseChunkFromPayload: Schema.Codec<
  GroqCallResponseChunk,
  typeof Schemas.ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(Schemas.ChatCompletionChunk, GroqCallResponseChunk)

/** Decodes a parsed payload into a chunk, on the fast path when it can. */
export const decodeChunk = Payload.fastDecoder(
  Schemas.ChatCompletionChunk,
  FastPath.isTextChunk(["x_groq"]),
  (chunk) => Payload.instantiate(GroqCallResponseChunk, { chunk })
)

/** The body decoder of a Groq stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (maxEventSize?: number | undefined) => Decoder.bodyDecoder("groq", decodeChunk, maxEventSize)
