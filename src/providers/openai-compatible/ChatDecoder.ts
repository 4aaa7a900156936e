/**
 * The body decoder of a Chat Completions stream: SSE events, `data: [DONE]` as the end-of-stream
 * marker, in-stream `{"error": ...}` events (and `event: error`) as failures, every other event a chunk.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as LiveShapes from "../../core/framing/LiveShapes.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatErrors from "./ChatErrors.js"

/** The event decoder of a Chat Completions stream. */
export const eventDecoder = <C>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>
): BodyDecoder.EventDecoder<Sse.Event, C> => {
  LiveShapes.keepOnce(ChatEvents, () => new ChatEvents("", () => Result.fail(undefined as never)))
  return new ChatEvents(provider, decodeChunk)
}

/** The event decoder of one Chat Completions stream (a class kept alive by `LiveShapes`). */
class ChatEvents<C> implements BodyDecoder.EventDecoder<Sse.Event, C> {
  readonly #provider: string
  readonly #decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>
  constructor(provider: string, decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>) {
    this.#provider = provider
    this.#decodeChunk = decodeChunk
  }

  decode(event: Sse.Event): BodyDecoder.Decoded<C> {
    const provider = this.#provider
    const data = event.data
    if (data === "[DONE]") return BodyDecoder.done
    if (event.event !== "message" && event.event !== "error") return BodyDecoder.skip
    const json = Payload.parseJson(data)
    if (json === Payload.invalidJson) {
      return Payload.malformed(provider, "a streamed event is not valid JSON (or nests deeper than 1000 levels)", data)
    }
    if (
      event.event === "error" ||
      (typeof json === "object" && json !== null && "error" in json && json.error != null)
    ) {
      return new BodyDecoder.Failure(ChatErrors.streamError(provider, json))
    }
    const decoded = this.#decodeChunk(json)
    return Result.isSuccess(decoded)
      ? decoded.success
      : Payload.malformed(
        provider,
        `a streamed chunk does not match the expected schema: ${decoded.failure.message}`,
        data
      )
  }
}

/** The body decoder of a Chat Completions stream. */
export const bodyDecoder = <C>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>,
  maxEventSize?: number | undefined
): BodyDecoder.BodyDecoder<C> =>
  BodyDecoder.make(provider, Sse.framer(provider, maxEventSize), eventDecoder(provider, decodeChunk))
