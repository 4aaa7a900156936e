/**
 * One streamed Bedrock event and its accessors. Bedrock's stream names no model (the chunk carries the
 * requested model id) and a fragment does not say what kind of block it extends, so the stream's decoder
 * attaches the block's start to every `contentBlockDelta` and `contentBlockStop`: that is how a server
 * tool call's input (`type: "server_tool_use"`) is told from a client tool call's.
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
import * as Blocks from "./Blocks.js"
import * as FinishReasons from "./FinishReasons.js"
import * as Schemas from "./Schemas.js"
import * as BedrockUsage from "./Usage.js"

const isServerCall = (start: Schemas.ContentBlockStart | undefined): boolean =>
  start?.toolUse?.type === "server_tool_use"

/**
 * The `toolUse` start (id, name, kind) or input fragment of an event, when its block is a server call
 * (`server`) or a call for the program (`!server`).
 */
const toolUseDeltas = (
  chunk: Schemas.ConverseStreamOutput,
  blockStart: Schemas.ContentBlockStart | undefined,
  server: boolean
): ReadonlyArray<Tool.ServerToolCallDelta> => {
  if ("contentBlockStart" in chunk) {
    const { contentBlockIndex, start } = chunk.contentBlockStart
    if (start.toolUse === undefined || isServerCall(start) !== server) return ChunkCommon.none
    const { name, toolUseId, type } = start.toolUse
    return [
      server
        ? { index: contentBlockIndex, id: toolUseId, name, type, arguments: "" }
        : { index: contentBlockIndex, id: toolUseId, name, arguments: "" }
    ]
  }
  if ("contentBlockDelta" in chunk) {
    const { contentBlockIndex, delta } = chunk.contentBlockDelta
    if (delta.toolUse !== undefined && isServerCall(blockStart) === server) {
      return [{ index: contentBlockIndex, arguments: delta.toolUse.input }]
    }
  }
  return ChunkCommon.none
}

/**
 * The `Open` update of a text or reasoning block, made once per block index (the first 64; an index
 * beyond them, which no real stream reaches, gets its own): every text delta carries one (Bedrock may
 * stream a block without starting it), so it is not allocated per event.
 */
const openUpdates = { text: [] as Array<ContentBlocks.Update>, reasoning: [] as Array<ContentBlocks.Update> }

const makeOpen = (kind: "text" | "reasoning", index: number): ContentBlocks.Update => ({
  _tag: "Open",
  format: "bedrock",
  index,
  block: kind === "text" ? Blocks.text : Blocks.reasoning,
  build: Blocks.build
})

const openUpdate = (kind: "text" | "reasoning", index: number): ContentBlocks.Update =>
  index < 64 ? (openUpdates[kind][index] ??= makeOpen(kind, index)) : makeOpen(kind, index)

/**
 * One streamed Bedrock event, wrapping the raw event in `chunk`, with the requested model id (the stream
 * names none), the request id of the response (`x-amzn-requestid`) and, for a fragment or the end of a
 * block, the block's start.
 */
export class BedrockCallResponseChunk
  extends Schema.Class<BedrockCallResponseChunk>("effect-llm-stream/BedrockCallResponseChunk")({
    chunk: Schemas.ConverseStreamOutput,
    /** The model id the request named. */
    modelId: Schema.String,
    requestId: Schema.optionalKey(Schema.String),
    /** The start of the block a `contentBlockDelta` or `contentBlockStop` belongs to, when it had one. */
    blockStart: Schema.optionalKey(Schemas.ContentBlockStart)
  })
  implements ChunkCommon.Common
{
  /** The provider name. */
  get provider(): "bedrock" {
    return "bedrock"
  }

  /** Text of a `contentBlockDelta`; `""` for every other event. */
  get content(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.text ?? "" : ""
  }

  /** Reasoning text of a `reasoningContent` delta; `""` otherwise. */
  get reasoning(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.text ?? "" : ""
  }

  /** Bedrock streams no refusal apart from the text: `""`. */
  get refusal(): string {
    return ""
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

  /** The stop reason of `messageStop`. */
  get finishReasons(): ReadonlyArray<string> {
    const chunk = this.chunk
    return "messageStop" in chunk ? [chunk.messageStop.stopReason] : ChunkCommon.none
  }

  /** `finishReasons` in the common set. */
  get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
    return ChunkCommon.commonFinishReasons(this.finishReasons, FinishReasons.toCommonFinishReason)
  }

  /** The requested model id (Bedrock's stream does not name the model). */
  get model(): string | undefined {
    return this.modelId
  }

  /** The requested model id, which is what Bedrock prices (geo prefix included). */
  get pricingModel(): string | undefined {
    return this.modelId
  }

  /** The AWS request id of the response. */
  get id(): string | undefined {
    return this.requestId
  }

  /** The raw usage of the `metadata` event. */
  get usage(): Schemas.TokenUsage | undefined {
    const chunk = this.chunk
    return "metadata" in chunk ? chunk.metadata.usage : undefined
  }

  /** Normalised usage, when this event carries usage. */
  get commonUsage(): Usage.Usage | undefined {
    return ChunkCommon.commonUsage(this.usage, BedrockUsage.normaliseUsage)
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

  /**
   * What the call's cost depends on: the usage, the service tier (`serviceTier.type`: `default`, `priority`,
   * `flex`, `reserved`) and latency-optimized inference (`performanceConfig.latency: "optimized"`, speed
   * `optimized`), both priced apart.
   */
  get costMetadata(): CostMetadata.CostMetadata {
    return ChunkCommon.costMetadata(this.commonUsage, () => {
      const metadata = "metadata" in this.chunk ? this.chunk.metadata : undefined
      const tier = (metadata?.serviceTier as { readonly type?: unknown } | undefined)?.type
      const latency = (metadata?.performanceConfig as { readonly latency?: unknown } | undefined)?.latency
      return {
        tier: typeof tier === "string" ? tier : undefined,
        speed: latency === "optimized" ? "optimized" : undefined
      }
    })
  }

  /** A client tool-use block start (id and name) or an input fragment of one, by block index. */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    return toolUseDeltas(this.chunk, this.blockStart, false)
  }

  /** A `contentBlockStop` completes its block's tool call; `messageStop` completes every call. */
  get toolCallsEnded(): ReadonlyArray<Tool.ToolCallsEnded> {
    const chunk = this.chunk
    return "contentBlockStop" in chunk && !isServerCall(this.blockStart)
      ? [{ _tag: "CallEnded", index: chunk.contentBlockStop.contentBlockIndex }]
      : "messageStop" in chunk
      ? [{ _tag: "AllEnded" }]
      : ChunkCommon.none
  }

  /** A tool call Bedrock runs itself (`type: "server_tool_use"`) as it starts, or an input fragment of one. */
  get serverToolCallDeltas(): ReadonlyArray<Tool.ServerToolCallDelta> {
    return toolUseDeltas(this.chunk, this.blockStart, true)
  }

  /** The content of a server tool result, as it streams into its block. */
  get serverToolResults(): ReadonlyArray<Tool.ServerToolResult> {
    const chunk = this.chunk
    const result = this.blockStart?.toolResult
    if (!("contentBlockDelta" in chunk) || chunk.contentBlockDelta.delta.toolResult === undefined || !result) {
      return ChunkCommon.none
    }
    return [
      new Tool.ServerToolResult({
        toolUseId: result.toolUseId,
        type: result.type ?? "tool_result",
        content: chunk.contentBlockDelta.delta.toolResult,
        ...(result.status === undefined ? {} : { isError: result.status === "error" })
      }, { disableChecks: true })
    ]
  }

  /** What this event changes in the response's content blocks. */
  get contentBlockUpdate(): ContentBlocks.Update | undefined {
    const chunk = this.chunk
    if ("contentBlockStart" in chunk) {
      const { contentBlockIndex, start } = chunk.contentBlockStart
      return { _tag: "Start", format: "bedrock", index: contentBlockIndex, block: start, build: Blocks.build }
    }
    if ("contentBlockStop" in chunk) return { _tag: "Stop", index: chunk.contentBlockStop.contentBlockIndex }
    if (!("contentBlockDelta" in chunk)) return undefined
    const { contentBlockIndex: index, delta } = chunk.contentBlockDelta
    if (delta.text !== undefined) return openUpdate("text", index)
    const reasoning = delta.reasoningContent
    if (reasoning !== undefined) {
      if (reasoning.redactedContent !== undefined) {
        return {
          _tag: "Open",
          format: "bedrock",
          index,
          block: { reasoningContent: { redactedContent: reasoning.redactedContent } },
          build: Blocks.build
        }
      }
      if (reasoning.signature !== undefined) return { _tag: "Signature", index, signature: reasoning.signature }
      return openUpdate("reasoning", index)
    }
    if (delta.toolResult !== undefined) return { _tag: "Piece", index, piece: delta.toolResult }
    return undefined
  }
}
