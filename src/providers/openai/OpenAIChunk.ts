/**
 * One streamed OpenAI chunk: the `chat.completion.chunk` payload and its accessors.
 *
 * @internal
 */
import type * as Schema from "effect/Schema"
import type * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatChunk from "../openai-compatible/ChatChunk.js"
import * as ChatDecoder from "../openai-compatible/ChatDecoder.js"
import * as ChatEvents from "../openai-compatible/ChatEvents.js"
import * as ChatFastPath from "../openai-compatible/ChatFastPath.js"
import type * as ChatFinishReasons from "../openai-compatible/ChatFinishReasons.js"
import * as ChatSchemas from "../openai-compatible/ChatSchemas.js"

/**
 * One streamed OpenAI chunk, wrapping the raw `chat.completion.chunk` payload in `chunk`, with the common
 * accessors (`content`, `finishReasons`, `usage`, `inputTokens`, ...) and OpenAI's own: `refusal`,
 * `reasoning`, `audio` and `audioTranscript`.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const chunk = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)({
 *   id: "chatcmpl-1",
 *   model: "gpt-4o-mini",
 *   choices: [{ index: 0, delta: { content: "Hello" } }]
 * })
 * chunk.content // "Hello"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export class OpenAICallResponseChunk
  extends ChatChunk.ChatCompletionsChunk.extend<OpenAICallResponseChunk>("effect-llm-stream/OpenAICallResponseChunk")(
    {}
  )
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "openai" {
    return "openai"
  }
  /**
   * The audio bytes of the answer choice's audio fragment (`delta.audio.data`, base64-decoded), when the
   * call asked for audio output.
   */
  get audio(): Uint8Array | undefined {
    return ChatEvents.audio(this.chunk, this.answerChoice ?? 0)
  }
  /** The transcript fragment of the answer choice's audio, when present. */
  get audioTranscript(): string | undefined {
    return ChatEvents.audioTranscript(this.chunk, this.answerChoice ?? 0)
  }
}

/**
 * Decodes the JSON of one streamed event into an `OpenAICallResponseChunk` (fields the schema does not
 * name are dropped, as Schema does; the provider streams keep them).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OpenAICallResponseChunkFromPayload: Schema.Codec<
  OpenAICallResponseChunk,
  typeof ChatSchemas.ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(ChatSchemas.ChatCompletionChunk, OpenAICallResponseChunk)

/** Decodes a parsed payload into a chunk, on the fast path when it can. */
export const decodeChunk = Payload.fastDecoder(
  ChatSchemas.ChatCompletionChunk,
  ChatFastPath.isTextChunk([]),
  (chunk) => Payload.instance(OpenAICallResponseChunk, chunk)
)

/**
 * What an answer is whose stream ended with no choice saying why it finished (`ChatFinishReasons.Unsaid`): on OpenAI's
 * own API, cut short (openai-node 7.59 src/lib/ChatCompletionStream.ts `finalizeChatCompletion`, "missing
 * finish_reason for choice"); at another `baseUrl` (a compatible or local server the OpenAI client is pointed at, whose
 * servers omit it: vllm-project/vllm#27572), a finished answer whose reason was not said, as on `OpenAICompatible`.
 */
export const unsaidAt = (baseUrl: string): ChatFinishReasons.Unsaid =>
  URL.canParse(baseUrl) && new URL(baseUrl).hostname === "api.openai.com" ? "cut" : "other"

/** The body decoder of an OpenAI stream (SSE framing and chunk decoding, without HTTP). */
export const bodyDecoder = (maxEventSize?: number | undefined) =>
  ChatDecoder.bodyDecoder("openai", decodeChunk, maxEventSize, "cut")
