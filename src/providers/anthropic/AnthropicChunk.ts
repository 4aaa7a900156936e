/**
 * One streamed Anthropic event: its payload, the content block it belongs to, and the accessors read from
 * its events (`AnthropicEvents`).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as ChunkCommon from "../../core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Payload from "../../core/payload/Payload.js"
import * as AnthropicEvents from "./AnthropicEvents.js"
import * as AnthropicSchemas from "./AnthropicSchemas.js"

/**
 * One streamed Anthropic event, wrapping the raw event in `chunk` and, for a fragment or the end of a
 * content block, the block as it started in `block`. Besides the common accessors: `thinking`,
 * `signature`, `blockType`, and the server tool calls the provider runs itself (`serverToolCallDeltas`,
 * `serverToolResults`), which are not tool calls for the program to answer.
 *
 * @since 0.1.0
 * @category Models
 */
export class AnthropicCallResponseChunk
  extends ChunkCommon.ChunkBase.extend<AnthropicCallResponseChunk>("effect-llm-stream/AnthropicCallResponseChunk")({
    chunk: AnthropicSchemas.MessageStreamEvent,
    /** The content block a `content_block_delta` or `content_block_stop` belongs to, as it started. */
    block: Schema.optionalKey(AnthropicSchemas.ContentBlock)
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "anthropic" {
    return "anthropic"
  }

  protected override readEvents(): ReadonlyArray<StreamEvent.StreamEvent> {
    return AnthropicEvents.eventsOf(this.chunk, this.block)
  }

  /** The type of the content block this event starts, extends or stops (`undefined` when not known). */
  get blockType(): string | undefined {
    const chunk = this.chunk
    return chunk.type === "content_block_start" ? chunk.content_block.type : this.block?.type
  }

  /** Text of a `thinking_delta`; `""` for every other event. */
  get thinking(): string {
    return this.reasoning
  }

  /** The signature of a thinking block (`signature_delta`); `""` for every other event. */
  get signature(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta"
      ? AnthropicSchemas.deltaOf(chunk.delta, "signature_delta")?.signature ?? ""
      : ""
  }

  /**
   * The `stop_details` of `message_delta`: why the output stopped, in detail (a refusal's `{ type:
   * "refusal", category, explanation }`), as sent; `undefined` when none.
   */
  get stopDetails(): unknown {
    const chunk = this.chunk
    return chunk.type === "message_delta" ? chunk.delta.stop_details ?? undefined : undefined
  }

  /** The raw usage of `message_start` or `message_delta` (cumulative). */
  override get usage(): AnthropicSchemas.AnthropicUsage | undefined {
    return super.usage as AnthropicSchemas.AnthropicUsage | undefined
  }
}

/**
 * Decodes the JSON of one streamed event into an `AnthropicCallResponseChunk` (without its `block`: a
 * lone event does not say which block it extends).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicCallResponseChunkFromPayload: Schema.Codec<
  AnthropicCallResponseChunk,
  typeof AnthropicSchemas.MessageStreamEvent.Encoded
> = Payload.chunkFromPayload(AnthropicSchemas.MessageStreamEvent, AnthropicCallResponseChunk)
