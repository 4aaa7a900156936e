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

  /**
   * What the API did to the request's thinking blocks before the model read them, as `message_start` reports it (or
   * a `message_delta` after a server-side fallback, which replaces it): each entry's `type` (`thinking_dropped`: the
   * block was not read, nor billed; `thinking_mismatch_allowed`: it failed the prefix check and was read), `path`
   * (`messages.{i}.content.{j}`, the block's place in the request) and `reason` (`model_binding_mismatch`,
   * `prefix_binding_mismatch`, ...), as sent. Reported with the `thinking-binding-controls-2026-08-01` beta
   * (`Anthropic.layer({ betas })`); `undefined` on every other event. Sources: Anthropic's "Preserved thinking"
   * guide, `@anthropic-ai/sdk` 1.14's `BetaInputTransformation`.
   *
   * @since 0.5.0
   */
  get inputTransformations(): ReadonlyArray<InputTransformation> | undefined {
    const chunk = this.chunk
    const entries = chunk.type === "message_start"
      ? chunk.message.input_transformations
      : chunk.type === "message_delta"
      ? chunk.input_transformations
      : undefined
    return Array.isArray(entries) ? entries.flatMap(transformationOf) : undefined
  }

  /** The raw usage of `message_start` or `message_delta` (cumulative). */
  override get usage(): AnthropicSchemas.AnthropicUsage | undefined {
    return super.usage as AnthropicSchemas.AnthropicUsage | undefined
  }
}

/**
 * One change the API made to a request's thinking blocks before the model read them (see `inputTransformations`).
 *
 * @since 0.5.0
 * @category Models
 */
export interface InputTransformation {
  /** `thinking_dropped`, `thinking_mismatch_allowed`, or a newer kind. */
  readonly type: string
  /** The block's place in the request, as `messages.{i}.content.{j}`. */
  readonly path: string | undefined
  /** Which check it failed: `model_binding_mismatch`, `prefix_binding_mismatch`, or another. */
  readonly reason: string | undefined
}

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** An entry of `input_transformations` that has a type, read; others are left out. */
const transformationOf = (entry: unknown): Array<InputTransformation> => {
  if (typeof entry !== "object" || entry === null) return []
  const fields = entry as Readonly<Record<string, unknown>>
  const type = stringOf(fields["type"])
  return type === undefined ? [] : [{ type, path: stringOf(fields["path"]), reason: stringOf(fields["reason"]) }]
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
