/**
 * The body decoder of an Anthropic stream: SSE events named by type, `ping`s and unknown events skipped,
 * `event: error` a failure, `message_stop` the end-of-stream marker; each fragment carries the content
 * block it belongs to.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as Result from "effect/Result"
import * as BodyDecoder from "../framing/BodyDecoder.js"
import * as Sse from "../framing/Sse.js"
import * as Payload from "../payload/Payload.js"
import * as AnthropicChunk from "./AnthropicChunk.js"
import * as AnthropicErrors from "./AnthropicErrors.js"
import * as AnthropicSchemas from "./AnthropicSchemas.js"

/** The fast-path check for the most frequent event: a content block delta with string fields. */
export const isDeltaEvent = (json: unknown): boolean => {
  if (!Payload.isRecord(json) || json["type"] !== "content_block_delta" || !Payload.isIndex(json["index"])) return false
  const delta = json["delta"]
  return Payload.isRecord(delta) && typeof delta["type"] === "string" &&
    (delta["text"] === undefined || typeof delta["text"] === "string") &&
    (delta["partial_json"] === undefined || typeof delta["partial_json"] === "string") &&
    (delta["thinking"] === undefined || typeof delta["thinking"] === "string") &&
    (delta["signature"] === undefined || typeof delta["signature"] === "string")
}

const decodeEvent = Payload.fastDecoder(AnthropicSchemas.MessageStreamEvent, isDeltaEvent, identity)

const eventDecoder = (): BodyDecoder.EventDecoder<Sse.Event, AnthropicChunk.AnthropicCallResponseChunk> => {
  let stopped = false
  // Each block as it started, by index: its fragments do not say what kind of block they extend.
  const blocks = new Map<number, AnthropicSchemas.ContentBlock>()
  return {
    decode: (event) => {
      if (event.event === "ping") return BodyDecoder.skip
      if (event.event === "error") return new BodyDecoder.Failure(AnthropicErrors.streamError(event.data))
      const parsed = Payload.parseJson(event.data)
      if (parsed === Payload.invalidJson) {
        return Payload.malformed("anthropic", "a streamed event is not valid JSON", event.data)
      }
      const type = (parsed as { readonly type?: unknown } | null)?.type
      // Events this library does not know (and keep-alives sent as data) are skipped, not errors.
      if (typeof type !== "string" || !AnthropicSchemas.eventTypes.has(type)) {
        return typeof type === "string"
          ? BodyDecoder.skip
          : Payload.malformed("anthropic", "a streamed event has no `type`", event.data)
      }
      const decoded = decodeEvent(parsed)
      if (Result.isFailure(decoded)) {
        return Payload.malformed(
          "anthropic",
          `a \`${type}\` event does not match the expected schema: ${decoded.failure.message}`,
          event.data
        )
      }
      const chunk = decoded.success
      let block: AnthropicSchemas.ContentBlock | undefined
      if (chunk.type === "content_block_start") blocks.set(chunk.index, chunk.content_block)
      else if (chunk.type === "content_block_delta" || chunk.type === "content_block_stop") {
        block = blocks.get(chunk.index)
      } else if (chunk.type === "message_stop") stopped = true
      return Payload.instantiate(
        AnthropicChunk.AnthropicCallResponseChunk,
        block === undefined ? { chunk } : { chunk, block }
      )
    },
    complete: () => stopped
  }
}

/** The body decoder of an Anthropic stream (SSE framing and event decoding, without HTTP). */
export const bodyDecoder = (
  maxEventSize?: number | undefined
): BodyDecoder.BodyDecoder<AnthropicChunk.AnthropicCallResponseChunk> =>
  BodyDecoder.make("anthropic", Sse.framer("anthropic", maxEventSize), eventDecoder())
