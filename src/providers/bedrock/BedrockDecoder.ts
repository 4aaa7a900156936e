/**
 * The body decoder of a ConverseStream response: AWS event-stream frames, one event per `event` frame
 * (keyed by `:event-type`), exception and error frames as failures; the stream is complete once
 * `messageStop` and the `metadata` after it have arrived. Each fragment carries its block's start.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as CallIds from "../../core/fold/CallIds.js"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as EventStream from "../../core/framing/EventStream.js"
import * as Payload from "../../core/payload/Payload.js"
import * as BedrockChunk from "./BedrockChunk.js"
import * as BedrockErrors from "./BedrockErrors.js"
import type * as BedrockEvents from "./BedrockEvents.js"
import * as BedrockSchemas from "./BedrockSchemas.js"

/** The model and request a response belongs to (the stream names neither). */
type Context = Omit<BedrockEvents.Context, "blockStart">

const validateEvent = Payload.keepIfValid(BedrockSchemas.ConverseStreamOutput)

/** The fast-path check for the most frequent event: a text delta. */
export const isTextDelta = (eventType: string, payload: unknown): boolean => {
  if (
    eventType !== "contentBlockDelta" || !Payload.isRecord(payload) || !Payload.isIndex(payload["contentBlockIndex"])
  ) {
    return false
  }
  const delta = payload["delta"]
  return Payload.isRecord(delta) && (delta["text"] === undefined || typeof delta["text"] === "string") &&
    delta["toolUse"] === undefined && delta["reasoningContent"] === undefined
}

/**
 * Decodes the JSON payload of one `event` frame of type `eventType` into a chunk (kept as Bedrock sent it,
 * fields the schema does not name included).
 */
export const decodeChunk = (
  eventType: string,
  payload: unknown,
  context: Context,
  blockStart?: BedrockSchemas.ContentBlockStart | undefined
): Result.Result<BedrockChunk.BedrockCallResponseChunk, Schema.SchemaError> => {
  if (isTextDelta(eventType, payload)) {
    return Result.succeed(
      chunkOf({ contentBlockDelta: payload } as BedrockSchemas.ConverseStreamOutput, context, blockStart)
    )
  }
  return Result.map(validateEvent({ [eventType]: payload }), (chunk) => chunkOf(chunk, context, blockStart))
}

const chunkOf = (
  chunk: BedrockSchemas.ConverseStreamOutput,
  context: Context,
  blockStart: BedrockSchemas.ContentBlockStart | undefined
): BedrockChunk.BedrockCallResponseChunk => {
  const fields: Record<string, unknown> = { chunk, modelId: context.modelId }
  if (context.requestId !== undefined) fields["requestId"] = context.requestId
  if (blockStart !== undefined) fields["blockStart"] = blockStart
  return Payload.instantiate(BedrockChunk.BedrockCallResponseChunk, fields)
}

const utf8 = new TextDecoder()

const headerString = (message: EventStream.Message, name: string): string | undefined => {
  const header = message.headers[name]
  return header !== undefined && typeof header.value === "string" ? header.value : undefined
}

type Chunk = BedrockChunk.BedrockCallResponseChunk

/** What one response's decoder remembers between frames. */
interface Progress {
  stopped: boolean
  metadata: boolean
  /** Each block's start, by index: its fragments do not say what kind of block they extend. */
  readonly starts: Map<number, BedrockSchemas.ContentBlockStart>
}

/** The start of the block a fragment or a block's end belongs to. */
const blockStartOf = (progress: Progress, eventType: string, parsed: unknown) =>
  (eventType === "contentBlockDelta" || eventType === "contentBlockStop") && Payload.isRecord(parsed) &&
    Payload.isIndex(parsed["contentBlockIndex"])
    ? progress.starts.get(parsed["contentBlockIndex"])
    : undefined

/** Decodes an `event` frame (skipping event types this library does not know) and notes what it starts or ends. */
const decodeEvent = (
  message: EventStream.Message,
  text: string,
  context: Context,
  progress: Progress
): BodyDecoder.Decoded<Chunk> => {
  const eventType = headerString(message, ":event-type") ?? ""
  if (!BedrockSchemas.eventTypes.has(eventType)) return BodyDecoder.skip
  const parsed = Payload.parseJson(text)
  if (parsed === Payload.invalidJson) {
    return Payload.malformed(
      "bedrock",
      `the payload of a \`${eventType}\` frame is not valid JSON (or nests deeper than 1000 levels)`,
      text
    )
  }
  const decoded = decodeChunk(eventType, parsed, context, blockStartOf(progress, eventType, parsed))
  if (Result.isFailure(decoded)) {
    return Payload.malformed(
      "bedrock",
      `a \`${eventType}\` event does not match the expected schema: ${decoded.failure.message}`,
      text
    )
  }
  const chunk = decoded.success.chunk
  if ("contentBlockStart" in chunk) {
    progress.starts.set(chunk.contentBlockStart.contentBlockIndex, chunk.contentBlockStart.start)
  }
  if (eventType === "messageStop") progress.stopped = true
  if (eventType === "metadata") progress.metadata = true
  return decoded.success
}

/** The failure an `exception` or `error` frame carries, or a malformed-frame failure for another type. */
const frameFailure = (
  messageType: string | undefined,
  message: EventStream.Message,
  text: string,
  context: Context
): BodyDecoder.Decoded<Chunk> => {
  if (messageType === "exception") {
    return new BodyDecoder.Failure(
      BedrockErrors.exceptionError(
        headerString(message, ":exception-type") ?? "unknownException",
        text,
        context.requestId
      )
    )
  }
  if (messageType === "error") {
    return new BodyDecoder.Failure(
      BedrockErrors.errorFrameError(
        headerString(message, ":error-code"),
        headerString(message, ":error-message"),
        context.requestId
      )
    )
  }
  return Payload.malformed("bedrock", `a frame has an unknown :message-type (${messageType})`, text)
}

/** Decodes each frame of one response; complete once `messageStop` and `metadata` have arrived. */
const eventDecoder = (context: Context): BodyDecoder.EventDecoder<EventStream.Message, Chunk> => {
  const progress: Progress = { stopped: false, metadata: false, starts: new Map() }
  return {
    decode: (message) => {
      const messageType = headerString(message, ":message-type")
      const text = utf8.decode(message.body)
      return messageType === "event"
        ? decodeEvent(message, text, context, progress)
        : frameFailure(messageType, message, text, context)
    },
    complete: () => progress.stopped && progress.metadata
  }
}

/** The body decoder of a ConverseStream response (event-stream framing and event decoding, without HTTP). */
export const bodyDecoder = (
  context: Context,
  maxFrameSize?: number | undefined
): BodyDecoder.BodyDecoder<BedrockChunk.BedrockCallResponseChunk> =>
  BodyDecoder.make(
    "bedrock",
    EventStream.framer("bedrock", maxFrameSize),
    eventDecoder(context),
    new CallIds.CallIds().given
  )
