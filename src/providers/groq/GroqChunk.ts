/**
 * One streamed Groq chunk: a compatible host's chunk (Groq is a row of `CompatibleHosts`) under Groq's own class,
 * whose `provider` is always `"groq"`, with Groq's request id.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as Payload from "../../core/payload/Payload.js"
import * as CompatibleChunk from "../openai-compatible/CompatibleChunk.js"

/**
 * One streamed Groq chunk, wrapping the raw payload in `chunk`. Usage is read from the top-level `usage`
 * or, when absent, from `x_groq.usage`; `reasoning` holds reasoning text and `groqRequestId` Groq's id.
 *
 * @since 0.1.0
 * @category Models
 */
export class GroqCallResponseChunk extends CompatibleChunk.OpenAICompatibleCallResponseChunk.extend<
  GroqCallResponseChunk
>("effect-llm-stream/GroqCallResponseChunk")({
  /** Always `"groq"`. */
  provider: Schema.Literal("groq")
}) implements ChunkCommon.Common {
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
  typeof CompatibleChunk.ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(CompatibleChunk.ChatCompletionChunk, GroqCallResponseChunk, { provider: "groq" })

/** Decodes a parsed payload into a chunk, on the fast path when it can. */
export const decodeChunk = CompatibleChunk.decodeChunk("groq", GroqCallResponseChunk)

/** The body decoder of a Groq stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (maxEventSize?: number | undefined) =>
  CompatibleChunk.bodyDecoder("groq", maxEventSize, GroqCallResponseChunk)
