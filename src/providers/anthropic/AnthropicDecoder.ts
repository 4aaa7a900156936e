/**
 * The body decoder of an Anthropic stream: SSE events named by type, `ping`s, events without data and unknown
 * events skipped, `event: error` a failure, `message_stop` the end-of-stream marker; each fragment carries the
 * content block it belongs to.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as CallIds from "../../core/fold/CallIds.js"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as LiveShapes from "../../core/framing/LiveShapes.js"
import * as Sse from "../../core/framing/Sse.js"
import * as Payload from "../../core/payload/Payload.js"
import * as AnthropicChunk from "./AnthropicChunk.js"
import * as AnthropicErrors from "./AnthropicErrors.js"
import * as AnthropicSchemas from "./AnthropicSchemas.js"
import * as AnthropicTextDelta from "./AnthropicTextDelta.js"

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

const isNullableIndex = (value: unknown): boolean => value === undefined || value === null || Payload.isIndex(value)

/** `undefined`, `null`, or an object whose `keys` are each a nullable token count. */
const isNullableCounts = (value: unknown, keys: ReadonlyArray<string>): boolean => {
  if (value === undefined || value === null) return true
  if (!Payload.isRecord(value)) return false
  for (const key of keys) if (!isNullableIndex(value[key])) return false
  return true
}

/** A usage object (or none) the `AnthropicUsage` Schema accepts; one with `iterations` is left to the Schema. */
const isUsage = (usage: unknown): boolean =>
  usage === undefined || usage === null || (Payload.isRecord(usage) &&
    (usage["type"] === undefined || typeof usage["type"] === "string") &&
    isNullableIndex(usage["input_tokens"]) && isNullableIndex(usage["output_tokens"]) &&
    isNullableIndex(usage["cache_read_input_tokens"]) && isNullableIndex(usage["cache_creation_input_tokens"]) &&
    isNullableCounts(usage["cache_creation"], ["ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"]) &&
    isNullableCounts(usage["output_tokens_details"], ["thinking_tokens"]) &&
    isNullableCounts(usage["server_tool_use"], ["web_search_requests", "web_fetch_requests"]) &&
    Payload.isNullableString(usage["service_tier"]) && Payload.isNullableString(usage["inference_geo"]) &&
    Payload.isNullableString(usage["speed"]) && usage["iterations"] === undefined)

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === "string"

/** No content blocks: absent, or the empty list a streamed answer's `message_start` has. */
const isNoContent = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.length === 0)

/**
 * The fast-path check of every event of a text or reasoning answer: the deltas, and the events around them
 * (`message_start`, a text or thinking `content_block_start`, `content_block_stop`, `message_delta`,
 * `message_stop`). `true` only for events the Schema accepts; tool blocks, server tools and anything unusual go
 * through the Schema. A call of a few chunks spends most of its decoding on the events around the text.
 */
export const isFrequentEvent = (json: unknown): boolean => {
  if (!Payload.isRecord(json)) return false
  switch (json["type"]) {
    case "content_block_delta":
      return isDeltaEvent(json)
    case "content_block_stop":
      return Payload.isIndex(json["index"])
    case "message_stop":
      return true
    case "content_block_start": {
      const block = json["content_block"]
      if (!Payload.isIndex(json["index"]) || !Payload.isRecord(block)) return false
      return block["type"] === "text"
        ? isOptionalString(block["text"])
        : block["type"] === "thinking" && isOptionalString(block["thinking"]) && isOptionalString(block["signature"])
    }
    case "message_start": {
      const message = json["message"]
      // Blocks a message starts with go through the Schema.
      return Payload.isRecord(message) && typeof message["id"] === "string" && typeof message["model"] === "string" &&
        isNoContent(message["content"]) && isOptionalString(message["role"]) &&
        Payload.isNullableString(message["stop_reason"]) &&
        Payload.isNullableString(message["stop_sequence"]) && isUsage(message["usage"])
    }
    case "message_delta": {
      const delta = json["delta"]
      return Payload.isRecord(delta) && Payload.isNullableString(delta["stop_reason"]) &&
        Payload.isNullableString(delta["stop_sequence"]) && isUsage(json["usage"])
    }
    default:
      return false
  }
}

const validateEvent = Payload.fastValidator(AnthropicSchemas.MessageStreamEvent, isFrequentEvent)

/** The event decoder of one Anthropic stream (a class kept alive by `LiveShapes`). */
class AnthropicEventDecoder implements BodyDecoder.EventDecoder<Sse.Event, AnthropicChunk.AnthropicCallResponseChunk> {
  #stopped = false
  /** The id of the message the stream is in, from its `message_start`. */
  #messageId: string | undefined = undefined
  /** Each block as it started, by index: its fragments do not say what kind of block they extend. */
  readonly #blocks = new Map<number, AnthropicSchemas.ContentBlock>()

  decode(event: Sse.Event): BodyDecoder.Decoded<AnthropicChunk.AnthropicCallResponseChunk> {
    const name = event.event
    if (name === "ping") return BodyDecoder.skip
    if (name === "error") return new BodyDecoder.Failure(AnthropicErrors.streamError(event.data))
    // An event without data, and one named with a type this library does not know (whatever its data), are skipped
    // unread: @anthropic-ai/sdk 1.14.0 core/streaming.js skips an event without data (`if (!sse.data) continue`).
    // An unnamed event (`message`) is read by its data's `type`.
    if (event.data === "" || (name !== "message" && !AnthropicSchemas.eventTypes.has(name))) return BodyDecoder.skip
    const textDelta = AnthropicTextDelta.read(event.data)
    return textDelta !== undefined ? this.#chunkOf(textDelta) : this.#parsed(event.data)
  }

  /** The chunk of an event read by parsing its data and checking it against the schema. */
  #parsed(data: string): BodyDecoder.Decoded<AnthropicChunk.AnthropicCallResponseChunk> {
    const parsed = Payload.parseJson(data)
    if (parsed === Payload.invalidJson) {
      return Payload.malformed(
        "anthropic",
        "a streamed event is not valid JSON (or nests deeper than 1000 levels)",
        data
      )
    }
    const type = (parsed as { readonly type?: unknown } | null)?.type
    // An error sent without its `event: error` line (a proxy that sends data alone) is the error its data says.
    if (type === "error") return new BodyDecoder.Failure(AnthropicErrors.streamError(data))
    // Events this library does not know (and keep-alives sent as data) are skipped, not errors.
    if (typeof type !== "string" || !AnthropicSchemas.eventTypes.has(type)) {
      return typeof type === "string"
        ? BodyDecoder.skip
        : Payload.malformed("anthropic", "a streamed event has no `type`", data)
    }
    const chunk = validateEvent(parsed)
    if (chunk instanceof Schema.SchemaError) {
      return Payload.malformed(
        "anthropic",
        `a \`${type}\` event does not match the expected schema: ${chunk.message}`,
        data
      )
    }
    if (chunk.type === "message_start") {
      const spliced = this.#spliced(chunk.message.id, data)
      if (spliced !== undefined) return spliced
    }
    return this.#chunkOf(chunk)
  }

  /**
   * The failure of a `message_start` of another message before the open one's `message_stop`: two answers spliced
   * into one stream (a proxy appending a retried answer to a cut one, vercel/ai issue #18331), whose blocks would
   * merge. `@anthropic-ai/sdk` 1.14.0 `lib/MessageStream.ts` throws on it ("Unexpected event order, got
   * message_start before receiving \"message_stop\""); a repeat of the open message's own start changes nothing.
   */
  #spliced(id: string, data: string): BodyDecoder.Failure | undefined {
    const open = this.#messageId
    this.#messageId ??= id
    return open === undefined || open === id || this.#stopped ? undefined : Payload.malformed(
      "anthropic",
      `a \`message_start\` of message ${id} arrived inside message ${open}: two answers spliced into one stream`,
      data
    )
  }

  /** The chunk of an event, with the content block its fragment extends. */
  #chunkOf(chunk: AnthropicSchemas.MessageStreamEvent): AnthropicChunk.AnthropicCallResponseChunk {
    let block: AnthropicSchemas.ContentBlock | undefined
    if (chunk.type === "content_block_start") this.#blocks.set(chunk.index, chunk.content_block)
    else if (chunk.type === "message_start") {
      chunk.message.content?.forEach((start, index) => this.#blocks.set(index, start))
    } else if (chunk.type === "content_block_delta" || chunk.type === "content_block_stop") {
      block = this.#blocks.get(chunk.index)
    } else if (chunk.type === "message_stop") this.#stopped = true
    return Payload.instance(AnthropicChunk.AnthropicCallResponseChunk, chunk, "block", block)
  }

  complete(): boolean {
    return this.#stopped
  }
}

/** The body decoder of an Anthropic stream (SSE framing and event decoding, without HTTP). */
export const bodyDecoder = (
  maxEventSize?: number | undefined
): BodyDecoder.BodyDecoder<AnthropicChunk.AnthropicCallResponseChunk> => {
  LiveShapes.keepOnce(AnthropicEventDecoder, () => new AnthropicEventDecoder())
  return BodyDecoder.make(
    "anthropic",
    Sse.framer("anthropic", maxEventSize),
    new AnthropicEventDecoder(),
    new CallIds.CallIds().given
  )
}
