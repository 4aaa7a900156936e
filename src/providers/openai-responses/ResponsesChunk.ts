/**
 * One streamed Responses API event: its payload, who served it (OpenAI or Azure), the real model behind an
 * Azure deployment, and the accessors read from its events (`ResponsesEvents`).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ResponsesEvents from "./ResponsesEvents.js"
import * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * One streamed Responses API event, wrapping the raw event in `chunk`, with the common accessors and
 * `refusal` and `response` (the `Response` object of a lifecycle event). `provider` says who served it:
 * `"openai"` or `"azure"`.
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const chunk = Schema.decodeUnknownSync(OpenAIResponses.OpenAIResponsesCallResponseChunkFromPayload)({
 *   type: "response.output_text.delta",
 *   sequence_number: 4,
 *   output_index: 0,
 *   item_id: "msg_1",
 *   content_index: 0,
 *   delta: "Hello"
 * })
 * chunk.content // "Hello"
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export class OpenAIResponsesCallResponseChunk extends ChunkCommon.ChunkBase.extend<OpenAIResponsesCallResponseChunk>(
  "effect-llm-stream/OpenAIResponsesCallResponseChunk"
)({
  chunk: ResponsesSchemas.ResponseStreamEvent,
  /** Who served the call: OpenAI, or an Azure OpenAI resource. */
  provider: Schema.Literals(["openai", "azure"]),
  /** The real model behind an Azure deployment, as configured with `baseModel`. */
  baseModel: Schema.optionalKey(Schema.String),
  /**
   * On a function call's `response.output_item.done`, set by the stream's decoder: none of the call's
   * arguments streamed before, so the item's are taken whole.
   */
  wholeArguments: Schema.optionalKey(Schema.Boolean),
  /**
   * On a terminal event whose response lists no output items, set by the stream's decoder: the finish reason of the
   * items the stream finished (`response.output_item.done`).
   *
   * @since 0.7.0
   */
  streamedFinish: Schema.optionalKey(Schema.String)
}) implements ChunkCommon.Common {
  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    return ResponsesEvents.eventsOf(this.chunk, this)
  }
  /** The response of a lifecycle event (`response.created`, ..., `response.completed`). */
  get response(): ResponsesSchemas.Response | undefined {
    return "response" in this.chunk ? this.chunk.response : undefined
  }
  /** The raw usage object of the terminal event. */
  override get usage(): ResponsesSchemas.ResponseUsage | undefined {
    return super.usage as ResponsesSchemas.ResponseUsage | undefined
  }
}

/**
 * Decodes the JSON of one streamed event into an `OpenAIResponsesCallResponseChunk` (served by OpenAI).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const OpenAIResponsesCallResponseChunkFromPayload: Schema.Codec<
  OpenAIResponsesCallResponseChunk,
  typeof ResponsesSchemas.ResponseStreamEvent.Encoded
> = Payload.chunkFromPayload(ResponsesSchemas.ResponseStreamEvent, OpenAIResponsesCallResponseChunk, {
  provider: "openai"
})

/** Builds a chunk from a valid event. */
export const make = (
  chunk: ResponsesSchemas.ResponseStreamEvent,
  context: ResponsesEvents.Context,
  wholeArguments = false,
  streamedFinish?: string | undefined
): OpenAIResponsesCallResponseChunk =>
  Payload.instantiate(OpenAIResponsesCallResponseChunk, {
    chunk,
    provider: context.provider,
    ...(context.baseModel === undefined ? {} : { baseModel: context.baseModel }),
    ...(wholeArguments ? { wholeArguments } : {}),
    ...(streamedFinish === undefined ? {} : { streamedFinish })
  })
