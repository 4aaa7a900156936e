/**
 * The body decoder of a ConverseStream response: AWS event-stream frames, one event per `event` frame
 * (keyed by `:event-type`), exception and error frames as failures; the stream is complete once
 * `messageStop` and the `metadata` after it have arrived. Each fragment carries its block's start, and the end of a
 * tool result's block the whole result its fragments streamed.
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
import * as BedrockToolResults from "./BedrockToolResults.js"

/** The model and request a response belongs to (the stream names neither). */
type Context = Omit<BedrockEvents.Context, keyof Block>

/** What the decoder knows of the block an event belongs to: its start, and a tool result's whole content. */
type Block = Pick<BedrockEvents.Context, "blockStart" | "toolResultContent">

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
  block: Block = {}
): Result.Result<BedrockChunk.BedrockCallResponseChunk, Schema.SchemaError> => {
  if (isTextDelta(eventType, payload)) {
    return Result.succeed(
      chunkOf({ contentBlockDelta: payload } as BedrockSchemas.ConverseStreamOutput, context, block)
    )
  }
  return Result.map(validateEvent({ [eventType]: payload }), (chunk) => chunkOf(chunk, context, block))
}

const chunkOf = (
  chunk: BedrockSchemas.ConverseStreamOutput,
  context: Context,
  block: Block
): BedrockChunk.BedrockCallResponseChunk => {
  const fields: Record<string, unknown> = { chunk, modelId: context.modelId }
  if (context.baseModel !== undefined) fields["baseModel"] = context.baseModel
  if (context.requestId !== undefined) fields["requestId"] = context.requestId
  if (block.blockStart !== undefined) fields["blockStart"] = block.blockStart
  if (block.toolResultContent !== undefined) fields["toolResultContent"] = block.toolResultContent
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
  /** The content of each tool result streaming, by index: it is one result, whole at its block's end. */
  readonly results: Map<number, BedrockToolResults.Content>
}

/** What the decoder knows of the block a fragment or a block's end belongs to (a result's end takes its content). */
const blockOf = (progress: Progress, eventType: string, parsed: unknown): Block => {
  if (eventType !== "contentBlockDelta" && eventType !== "contentBlockStop") return {}
  const index = Payload.isRecord(parsed) ? parsed["contentBlockIndex"] : undefined
  if (!Payload.isIndex(index)) return {}
  const blockStart = progress.starts.get(index)
  const result = eventType === "contentBlockStop" ? progress.results.get(index) : undefined
  if (result === undefined) return { blockStart }
  progress.results.delete(index)
  return { blockStart, toolResultContent: BedrockToolResults.whole(result) }
}

/** Notes what a chunk starts, or adds to a tool result streaming. */
const note = (progress: Progress, chunk: BedrockSchemas.ConverseStreamOutput, block: Block): void => {
  if ("contentBlockStart" in chunk) {
    const { contentBlockIndex: index, start } = chunk.contentBlockStart
    progress.starts.set(index, start)
    if (start.toolResult !== undefined) progress.results.set(index, BedrockToolResults.empty())
    else progress.results.delete(index)
  } else if ("contentBlockDelta" in chunk && block.blockStart?.toolResult !== undefined) {
    const { contentBlockIndex: index, delta } = chunk.contentBlockDelta
    const result = progress.results.get(index)
    if (result !== undefined && delta.toolResult !== undefined) BedrockToolResults.add(result, delta.toolResult)
  }
}

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
  const block = blockOf(progress, eventType, parsed)
  const decoded = decodeChunk(eventType, parsed, context, block)
  if (Result.isFailure(decoded)) {
    return Payload.malformed(
      "bedrock",
      `a \`${eventType}\` event does not match the expected schema: ${decoded.failure.message}`,
      text
    )
  }
  note(progress, decoded.success.chunk, block)
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
  const progress: Progress = { stopped: false, metadata: false, starts: new Map(), results: new Map() }
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
