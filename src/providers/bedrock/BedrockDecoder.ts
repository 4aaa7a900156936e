/**
 * The body decoder of a ConverseStream response: AWS event-stream frames, one event per `event` frame
 * (keyed by `:event-type`), exception and error frames as failures; the stream is complete once
 * `messageStop` and the `metadata` after it have arrived. Each fragment carries its block's start.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as BodyDecoder from "../../core/framing/BodyDecoder.js"
import * as EventStream from "../../core/framing/EventStream.js"
import * as Payload from "../../core/payload/Payload.js"
import * as BedrockChunk from "./BedrockChunk.js"
import * as BedrockErrors from "./BedrockErrors.js"
import * as BedrockSchemas from "./BedrockSchemas.js"

/** The model and request a response belongs to (the stream names neither). */
export interface Context {
  readonly modelId: string
  readonly requestId?: string | undefined
}

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

const indexOf = (payload: unknown): number | undefined =>
  Payload.isRecord(payload) && Payload.isIndex(payload["contentBlockIndex"]) ? payload["contentBlockIndex"] : undefined

const eventDecoder = (
  context: Context
): BodyDecoder.EventDecoder<EventStream.Message, BedrockChunk.BedrockCallResponseChunk> => {
  let stopped = false
  let metadata = false
  // Each block's start, by index: its fragments do not say what kind of block they extend.
  const starts = new Map<number, BedrockSchemas.ContentBlockStart>()
  return {
    decode: (message) => {
      const messageType = headerString(message, ":message-type")
      const text = utf8.decode(message.body)
      if (messageType === "event") {
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
        const index = indexOf(parsed)
        const blockStart = eventType === "contentBlockDelta" || eventType === "contentBlockStop"
          ? index === undefined ? undefined : starts.get(index)
          : undefined
        const decoded = decodeChunk(eventType, parsed, context, blockStart)
        if (Result.isFailure(decoded)) {
          return Payload.malformed(
            "bedrock",
            `a \`${eventType}\` event does not match the expected schema: ${decoded.failure.message}`,
            text
          )
        }
        const chunk = decoded.success.chunk
        if ("contentBlockStart" in chunk) {
          starts.set(chunk.contentBlockStart.contentBlockIndex, chunk.contentBlockStart.start)
        }
        if (eventType === "messageStop") stopped = true
        if (eventType === "metadata") metadata = true
        return decoded.success
      }
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
    },
    complete: () => stopped && metadata
  }
}

/** The body decoder of a ConverseStream response (event-stream framing and event decoding, without HTTP). */
export const bodyDecoder = (
  context: Context,
  maxFrameSize?: number | undefined
): BodyDecoder.BodyDecoder<BedrockChunk.BedrockCallResponseChunk> =>
  BodyDecoder.make("bedrock", EventStream.framer("bedrock", maxFrameSize), eventDecoder(context))
