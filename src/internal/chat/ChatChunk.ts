/**
 * The chunk class OpenAI, Groq and Azure share: one `chat.completion.chunk` payload and the accessors every
 * Chat Completions host reads the same way. Each provider extends it with its own name and extras.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import type * as CostMetadata from "../../CostMetadata.js"
import type * as FinishReason from "../../FinishReason.js"
import type * as Tool from "../../Tool.js"
import type * as Usage from "../../Usage.js"
import * as ChunkCommon from "../fold/ChunkCommon.js"
import type * as ContentBlocks from "../fold/ContentBlocks.js"
import * as ChatAccessors from "./ChatAccessors.js"
import * as ChatFinishReasons from "./ChatFinishReasons.js"
import * as ChatSchemas from "./ChatSchemas.js"
import * as ChatUsage from "./ChatUsage.js"

/** A streamed Chat Completions chunk, wrapping the raw `chat.completion.chunk` payload in `chunk`. */
export class ChatCompletionsChunk extends Schema.Class<ChatCompletionsChunk>("effect-llm-stream/ChatCompletionsChunk")({
  chunk: ChatSchemas.ChatCompletionChunk
}) {
  /** Text of the first choice (`choices[].index === 0`) in this chunk; `""` when none. */
  get content(): string {
    return ChatAccessors.content(this.chunk)
  }
  /** Refusal text of the first choice in this chunk; `""` when none. */
  get refusal(): string {
    return ChatAccessors.refusal(this.chunk)
  }
  /** Reasoning text of the first choice, from hosts that stream it; `""` when none. */
  get reasoning(): string {
    return ChatAccessors.reasoning(this.chunk)
  }
  /** The raw `finish_reason` of every choice that finished in this chunk. */
  get finishReasons(): ReadonlyArray<string> {
    return ChatAccessors.finishReasons(this.chunk)
  }
  /** `finishReasons` in the common set. */
  get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
    return ChunkCommon.commonFinishReasons(this.finishReasons, ChatFinishReasons.toCommonFinishReason)
  }
  /** The model named by the chunk (a resolved snapshot name such as `gpt-4o-2024-08-06`). */
  get model(): string | undefined {
    return ChatAccessors.model(this.chunk)
  }
  /** The model prices are looked up by. */
  get pricingModel(): string | undefined {
    return this.model
  }
  /** The response id (`chatcmpl-...`). */
  get id(): string | undefined {
    return ChatAccessors.id(this.chunk)
  }
  /** The raw usage object of the final chunk (`stream_options.include_usage`). */
  get usage(): ChatSchemas.CompletionUsage | undefined {
    return this.chunk.usage ?? undefined
  }
  /** Normalised usage, when this chunk carries usage. */
  get commonUsage(): Usage.Usage | undefined {
    return ChunkCommon.commonUsage(this.usage, ChatUsage.normaliseUsage)
  }
  /** All input tokens, cached tokens included. */
  get inputTokens(): number | undefined {
    return this.commonUsage?.inputTokens
  }
  /** Input tokens read from the prompt cache. */
  get cachedTokens(): number | undefined {
    return this.commonUsage?.cachedTokens
  }
  /** All output tokens, reasoning and audio included. */
  get outputTokens(): number | undefined {
    return this.commonUsage?.outputTokens
  }
  /** What the call's cost depends on: the usage and the service tier. */
  get costMetadata(): CostMetadata.CostMetadata {
    return ChunkCommon.costMetadata(this.commonUsage, () => ({ tier: this.chunk.service_tier ?? undefined }))
  }
  /** Tool-call fragments of every choice. */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    return ChatAccessors.toolCallDeltas(this.chunk)
  }
  /** A choice that finishes completes its tool calls. */
  get toolCallsEnded(): ReadonlyArray<Tool.ToolCallsEnded> {
    return ChatAccessors.toolCallsEnded(this.chunk)
  }
  /** Chat Completions has no server tools. */
  get serverToolCallDeltas(): ReadonlyArray<Tool.ServerToolCallDelta> {
    return ChunkCommon.none
  }
  /** Chat Completions has no server tools. */
  get serverToolResults(): ReadonlyArray<Tool.ServerToolResult> {
    return ChunkCommon.none
  }
  /** Chat Completions turns are not sent back as blocks. */
  get contentBlockUpdate(): ContentBlocks.Update | undefined {
    return undefined
  }
}
