/**
 * One streamed Bedrock event: its payload, the requested model id, the request id, the start of the block it
 * belongs to, and the accessors read from its events (`BedrockEvents`).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as BedrockEvents from "./BedrockEvents.js"
import * as BedrockSchemas from "./BedrockSchemas.js"

/**
 * One streamed Bedrock event, wrapping the raw event in `chunk`, with the requested model id and the request id
 * (`x-amzn-requestid`), which the stream names neither of, and, for a fragment or the end of a block, the block's
 * start (`blockStart`); the end of a tool result's block carries the whole result its fragments streamed
 * (`toolResultContent`). The tool calls Bedrock runs itself (`serverToolCallDeltas`, `serverToolResults`) are not
 * tool calls for the program to answer.
 *
 * @since 0.1.0
 * @category Models
 */
export class BedrockCallResponseChunk
  extends ChunkCommon.ChunkBase.extend<BedrockCallResponseChunk>("effect-llm-stream/BedrockCallResponseChunk")({
    chunk: BedrockSchemas.ConverseStreamOutput,
    /** The model id the request named. */
    modelId: Schema.String,
    /**
     * The model behind a `modelId` that does not name it (an application inference profile's ARN), as the request
     * named it with `baseModel`: the call is priced as it. @since 0.7.0
     */
    baseModel: Schema.optionalKey(Schema.String),
    requestId: Schema.optionalKey(Schema.String),
    /** The start of the block a `contentBlockDelta` or `contentBlockStop` belongs to, when it had one. */
    blockStart: Schema.optionalKey(BedrockSchemas.ContentBlockStart),
    /**
     * At the end of a tool result's block, the result's content: its fragments' items in order, consecutive texts
     * joined into one.
     */
    toolResultContent: Schema.optionalKey(Schema.Array(Schema.Unknown))
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "bedrock" {
    return "bedrock"
  }

  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    return BedrockEvents.eventsOf(this.chunk, this)
  }

  /** The signature of a reasoning block; `""` otherwise. */
  get signature(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.signature ?? "" : ""
  }

  /** Redacted reasoning (base64), when the model returned it encrypted. */
  get redactedReasoning(): string | undefined {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.redactedContent : undefined
  }

  /** The raw usage of the `metadata` event. */
  override get usage(): BedrockSchemas.TokenUsage | undefined {
    return super.usage as BedrockSchemas.TokenUsage | undefined
  }
}
