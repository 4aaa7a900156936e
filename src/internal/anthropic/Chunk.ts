/**
 * One streamed Anthropic event and its accessors. A fragment belongs to a content block it does not name
 * the type of, so the stream's decoder attaches the block (as it started) to every `content_block_delta`
 * and `content_block_stop`: that is how a `server_tool_use` block's `input_json_delta` is told from a
 * client `tool_use` call's.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import type * as CostMetadata from "../../CostMetadata.js"
import type * as FinishReason from "../../FinishReason.js"
import * as Tool from "../../Tool.js"
import type * as Usage from "../../Usage.js"
import * as ChunkCommon from "../ChunkCommon.js"
import type * as ContentBlocks from "../ContentBlocks.js"
import * as Payload from "../Payload.js"
import * as Blocks from "./Blocks.js"
import * as FinishReasons from "./FinishReasons.js"
import * as Schemas from "./Schemas.js"
import * as AnthropicUsage from "./Usage.js"

/** Block types whose input the provider runs itself. */
const serverCallTypes: ReadonlySet<string> = new Set(["server_tool_use", "mcp_tool_use"])

/** One streamed Anthropic event, wrapping the raw event in `chunk` (and its content block in `block`). */
export class AnthropicCallResponseChunk
  extends Schema.Class<AnthropicCallResponseChunk>("effect-llm-stream/AnthropicCallResponseChunk")({
    chunk: Schemas.MessageStreamEvent,
    /** The content block a `content_block_delta` or `content_block_stop` belongs to, as it started. */
    block: Schema.optionalKey(Schemas.ContentBlock)
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "anthropic" {
    return "anthropic"
  }

  /** The type of the content block this event starts, extends or stops (`undefined` when not known). */
  get blockType(): string | undefined {
    const chunk = this.chunk
    return chunk.type === "content_block_start" ? chunk.content_block.type : this.block?.type
  }

  /** Text of a `text_delta`; `""` for every other event. */
  get content(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" ? Schemas.deltaOf(chunk.delta, "text_delta")?.text ?? "" : ""
  }

  /** Text of a `thinking_delta`; `""` for every other event. */
  get thinking(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" ? Schemas.deltaOf(chunk.delta, "thinking_delta")?.thinking ?? "" : ""
  }

  /** The thinking text (Anthropic's reasoning). */
  get reasoning(): string {
    return this.thinking
  }

  /** Anthropic streams a refusal as text (and says so with `stop_reason: "refusal"`): `""`. */
  get refusal(): string {
    return ""
  }

  /** The signature of a thinking block (`signature_delta`); `""` for every other event. */
  get signature(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" ? Schemas.deltaOf(chunk.delta, "signature_delta")?.signature ?? "" : ""
  }

  /** The stop reason, read from `message_delta` (and from `message_start` should it ever carry one). */
  get finishReasons(): ReadonlyArray<string> {
    const chunk = this.chunk
    const reason = chunk.type === "message_delta"
      ? chunk.delta.stop_reason
      : chunk.type === "message_start"
      ? chunk.message.stop_reason
      : undefined
    return reason ? [reason] : ChunkCommon.none
  }

  /**
   * The `stop_details` of `message_delta`: why the output stopped, in detail (a refusal's `{ type:
   * "refusal", category, explanation }`), as sent; `undefined` when none.
   */
  get stopDetails(): unknown {
    const chunk = this.chunk
    return chunk.type === "message_delta" ? chunk.delta.stop_details ?? undefined : undefined
  }

  /** `finishReasons` in the common set. */
  get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
    return ChunkCommon.commonFinishReasons(this.finishReasons, FinishReasons.toCommonFinishReason)
  }

  /** The model, named by `message_start`. */
  get model(): string | undefined {
    return this.chunk.type === "message_start" ? this.chunk.message.model || undefined : undefined
  }

  /** The model prices are looked up by. */
  get pricingModel(): string | undefined {
    return this.model
  }

  /** The message id, named by `message_start`. */
  get id(): string | undefined {
    return this.chunk.type === "message_start" ? this.chunk.message.id || undefined : undefined
  }

  /** The raw usage of `message_start` or `message_delta` (cumulative). */
  get usage(): Schemas.AnthropicUsage | undefined {
    const chunk = this.chunk
    return chunk.type === "message_start"
      ? chunk.message.usage ?? undefined
      : chunk.type === "message_delta"
      ? chunk.usage ?? undefined
      : undefined
  }

  /** Normalised usage, when this event carries usage. */
  get commonUsage(): Usage.Usage | undefined {
    return ChunkCommon.commonUsage(this.usage, AnthropicUsage.normaliseUsage)
  }

  /** All input tokens, cache reads and writes included. */
  get inputTokens(): number | undefined {
    return this.commonUsage?.inputTokens
  }

  /** Input tokens read from the prompt cache. */
  get cachedTokens(): number | undefined {
    return this.commonUsage?.cachedTokens
  }

  /** All output tokens. */
  get outputTokens(): number | undefined {
    return this.commonUsage?.outputTokens
  }

  /** What the call's cost depends on: the usage, the service tier and the inference geography. */
  get costMetadata(): CostMetadata.CostMetadata {
    return ChunkCommon.costMetadata(this.commonUsage, () => ({
      tier: this.usage?.service_tier ?? undefined,
      region: this.usage?.inference_geo ?? undefined,
      speed: this.usage?.speed ?? undefined
    }))
  }

  /**
   * A client `tool_use` block start (id and name) or one of its `input_json_delta` fragments, by block
   * index. Fragments of server tool calls are not the program's to answer (see `serverToolCallDeltas`).
   */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    const chunk = this.chunk
    if (
      chunk.type === "content_block_start" && Schemas.isCallBlock(chunk.content_block) &&
      chunk.content_block.type === "tool_use"
    ) {
      return [{ index: chunk.index, id: chunk.content_block.id, name: chunk.content_block.name, arguments: "" }]
    }
    if (chunk.type === "content_block_delta" && this.isClientCall()) {
      const json = Schemas.deltaOf(chunk.delta, "input_json_delta")
      if (json !== undefined) return [{ index: chunk.index, arguments: json.partial_json ?? "" }]
    }
    return ChunkCommon.none
  }

  /** A `content_block_stop` completes its block's tool call; the stop reason completes every call. */
  get toolCallsEnded(): ReadonlyArray<Tool.ToolCallsEnded> {
    const chunk = this.chunk
    return chunk.type === "content_block_stop" && this.isClientCall()
      ? [{ _tag: "CallEnded", index: chunk.index }]
      : chunk.type === "message_delta" && chunk.delta.stop_reason
      ? [{ _tag: "AllEnded" }]
      : ChunkCommon.none
  }

  /**
   * A server tool call (`server_tool_use`: web search, web fetch, code execution, tool search;
   * `mcp_tool_use`: the MCP connector) as it starts, or a fragment of its input.
   */
  get serverToolCallDeltas(): ReadonlyArray<Tool.ServerToolCallDelta> {
    const chunk = this.chunk
    if (
      chunk.type === "content_block_start" && Schemas.isCallBlock(chunk.content_block) &&
      serverCallTypes.has(chunk.content_block.type)
    ) {
      const block = chunk.content_block
      // A call made from code execution arrives with its whole input and no fragments.
      const input = block.input
      const started = typeof input === "object" && input !== null && Object.keys(input).length > 0
      return [{
        index: chunk.index,
        id: block.id,
        name: block.name,
        type: block.type,
        arguments: started ? JSON.stringify(input) : ""
      }]
    }
    if (chunk.type === "content_block_delta" && this.block !== undefined && serverCallTypes.has(this.block.type)) {
      const json = Schemas.deltaOf(chunk.delta, "input_json_delta")
      if (json !== undefined) return [{ index: chunk.index, arguments: json.partial_json ?? "" }]
    }
    return ChunkCommon.none
  }

  /** The result of a server tool call, which arrives whole when its block starts. */
  get serverToolResults(): ReadonlyArray<Tool.ServerToolResult> {
    const chunk = this.chunk
    if (chunk.type !== "content_block_start" || !Schemas.isServerResultBlock(chunk.content_block)) {
      return ChunkCommon.none
    }
    const block = chunk.content_block
    return [
      new Tool.ServerToolResult(
        block.is_error === undefined
          ? { toolUseId: block.tool_use_id ?? "", type: block.type, content: block.content }
          : { toolUseId: block.tool_use_id ?? "", type: block.type, content: block.content, isError: block.is_error },
        { disableChecks: true }
      )
    ]
  }

  /** What this event changes in the response's content blocks. */
  get contentBlockUpdate(): ContentBlocks.Update | undefined {
    const chunk = this.chunk
    switch (chunk.type) {
      case "content_block_start":
        return {
          _tag: "Start",
          format: "anthropic",
          index: chunk.index,
          block: chunk.content_block,
          build: Blocks.build
        }
      case "content_block_stop":
        return { _tag: "Stop", index: chunk.index }
      case "content_block_delta":
        return chunk.delta.type === "signature_delta"
          ? { _tag: "Signature", index: chunk.index, signature: this.signature }
          : chunk.delta.type === "citations_delta"
          ? {
            _tag: "Citation",
            index: chunk.index,
            citation: Schemas.deltaOf(chunk.delta, "citations_delta")?.citation
          }
          : undefined
      default:
        return undefined
    }
  }

  /** Whether this event's block is a client `tool_use` (or of an unknown block: a chunk decoded alone). */
  private isClientCall(): boolean {
    return this.block === undefined || this.block.type === "tool_use"
  }
}

/** Decodes the JSON of one streamed event into an `AnthropicCallResponseChunk` (without its block). */
export const AnthropicCallResponseChunkFromPayload: Schema.Codec<
  AnthropicCallResponseChunk,
  typeof Schemas.MessageStreamEvent.Encoded
> = Payload.chunkFromPayload(Schemas.MessageStreamEvent, AnthropicCallResponseChunk)
