/**
 * One streamed Responses API event and its accessors: text and refusal deltas of messages, reasoning
 * (summaries and reasoning text), function calls assembled by output index, the calls of built-in tools the
 * application executes (`computer_call`, `shell_call`, ...: see `Items`) as tool calls, whole, when their
 * item is done, the built-in tools the service ran (web search, file search, code interpreter, MCP, image
 * generation, and items of unknown kind) as server tool calls, and the finish reason and usage of the
 * terminal event.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import type * as CostMetadata from "../../CostMetadata.js"
import type * as FinishReason from "../../FinishReason.js"
import * as Tool from "../../Tool.js"
import type * as Usage from "../../Usage.js"
import * as ChunkCommon from "../ChunkCommon.js"
import type * as ContentBlocks from "../ContentBlocks.js"
import * as Payload from "../Payload.js"
import * as FinishReasons from "./FinishReasons.js"
import * as Items from "./Items.js"
import * as Schemas from "./Schemas.js"
import * as ResponsesUsage from "./Usage.js"

/** Output items that are the model's own (messages, reasoning): neither tool calls nor server tools. */
const modelItemTypes: ReadonlySet<string> = new Set(["message", "reasoning"])

/** The input a built-in tool call ran with, as JSON text. */
const serverCallArguments = (item: Schemas.OutputItem): string => {
  const fields = item as Readonly<Record<string, unknown>>
  if (typeof fields["arguments"] === "string") return fields["arguments"]
  if (typeof fields["code"] === "string") return JSON.stringify({ code: fields["code"] })
  if (fields["action"] !== undefined) return JSON.stringify(fields["action"])
  if (fields["queries"] !== undefined) return JSON.stringify({ queries: fields["queries"] })
  if (fields["arguments"] !== undefined) return JSON.stringify(fields["arguments"])
  return "{}"
}

const buildItem: ContentBlocks.Builder = (record) => record.block

/** One streamed Responses API event, wrapping the raw event in `chunk`. */
export class OpenAIResponsesCallResponseChunk
  extends Schema.Class<OpenAIResponsesCallResponseChunk>("effect-llm-stream/OpenAIResponsesCallResponseChunk")({
    chunk: Schemas.ResponseStreamEvent,
    /** Who served the call: OpenAI, or an Azure OpenAI resource. */
    provider: Schema.Literals(["openai", "azure"]),
    /** The real model behind an Azure deployment, as configured with `baseModel`. */
    baseModel: Schema.optionalKey(Schema.String)
  })
  implements ChunkCommon.Common
{
  /** Text of a message in this event (`response.output_text.delta`); `""` when none. */
  get content(): string {
    return this.chunk.type === "response.output_text.delta" ? this.chunk.delta : ""
  }
  /** Refusal text in this event (`response.refusal.delta`); `""` when none. */
  get refusal(): string {
    return this.chunk.type === "response.refusal.delta" ? this.chunk.delta : ""
  }
  /** Reasoning in this event: a piece of a reasoning summary or of reasoning text; `""` when none. */
  get reasoning(): string {
    return this.chunk.type === "response.reasoning_summary_text.delta" ||
        this.chunk.type === "response.reasoning_text.delta"
      ? this.chunk.delta
      : ""
  }
  /** The response of a lifecycle event (`response.created`, ..., `response.completed`). */
  get response(): Schemas.Response | undefined {
    return "response" in this.chunk ? this.chunk.response : undefined
  }
  /**
   * How the response ended, in the terminal event: the incomplete reason (`max_output_tokens`,
   * `content_filter`), `function_call` for a completed response that calls a function, else its status.
   */
  get finishReasons(): ReadonlyArray<string> {
    if (this.chunk.type !== "response.completed" && this.chunk.type !== "response.incomplete") {
      return ChunkCommon.none
    }
    const reason = FinishReasons.finishReasonOf(this.chunk.response)
    return reason === undefined ? ChunkCommon.none : [reason]
  }
  /** `finishReasons` in the common set. */
  get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
    return ChunkCommon.commonFinishReasons(this.finishReasons, FinishReasons.toCommonFinishReason)
  }
  /** The model, in the lifecycle events (on Azure, the deployment name). */
  get model(): string | undefined {
    return this.response?.model
  }
  /** The configured `baseModel` when there is one, else `model`. */
  get pricingModel(): string | undefined {
    return this.baseModel ?? this.model
  }
  /** The response id (`resp_...`), in the lifecycle events. */
  get id(): string | undefined {
    return this.response?.id
  }
  /** The raw usage object of the terminal event. */
  get usage(): Schemas.ResponseUsage | undefined {
    return this.response?.usage ?? undefined
  }
  /** Normalised usage, when this event carries usage. */
  get commonUsage(): Usage.Usage | undefined {
    return ChunkCommon.commonUsage(this.usage, ResponsesUsage.normaliseUsage)
  }
  /** All input tokens, cached tokens included. */
  get inputTokens(): number | undefined {
    return this.commonUsage?.inputTokens
  }
  /** Input tokens read from the prompt cache. */
  get cachedTokens(): number | undefined {
    return this.commonUsage?.cachedTokens
  }
  /** All output tokens, reasoning included. */
  get outputTokens(): number | undefined {
    return this.commonUsage?.outputTokens
  }
  /** What the call's cost depends on: the usage and the service tier. */
  get costMetadata(): CostMetadata.CostMetadata {
    return ChunkCommon.costMetadata(this.commonUsage, () => ({ tier: this.response?.service_tier ?? undefined }))
  }
  /**
   * Tool-call fragments: a function call's id and name when its item is added, then its arguments'
   * pieces; a client call (`computer_call`, `shell_call`, ...) whole, when its item is done.
   */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    const chunk = this.chunk
    if (chunk.type === "response.function_call_arguments.delta") {
      return [{ index: chunk.output_index, arguments: chunk.delta }]
    }
    if (chunk.type === "response.output_item.added" && Items.isFunctionCall(chunk.item)) {
      return [{
        index: chunk.output_index,
        id: chunk.item.call_id ?? undefined,
        name: chunk.item.name ?? undefined,
        arguments: chunk.item.arguments ?? ""
      }]
    }
    if (chunk.type === "response.output_item.done" && Items.isClientCall(chunk.item)) {
      return [Items.clientCallDelta(chunk.output_index, chunk.item)]
    }
    return ChunkCommon.none
  }
  /** A function call or a client call is complete when its item is done. */
  get toolCallsEnded(): ReadonlyArray<Tool.ToolCallsEnded> {
    const chunk = this.chunk
    return chunk.type === "response.output_item.done" && Items.isProgramCall(chunk.item)
      ? [{ _tag: "CallEnded", index: chunk.output_index }]
      : ChunkCommon.none
  }
  /** A built-in tool call the service ran (web search, file search, code interpreter, MCP, ...), whole, when done. */
  get serverToolCallDeltas(): ReadonlyArray<Tool.ServerToolCallDelta> {
    const item = this.serverItem
    if (item === undefined) return ChunkCommon.none
    return [{
      index: (this.chunk as typeof Schemas.OutputItemEvent.Type).output_index,
      id: Items.stringField(item, "id") ?? "",
      name: Items.stringField(item, "name") ?? item.type,
      type: item.type,
      arguments: serverCallArguments(item)
    }]
  }
  /** What a built-in tool call produced: its whole item, when done. */
  get serverToolResults(): ReadonlyArray<Tool.ServerToolResult> {
    const item = this.serverItem
    if (item === undefined) return ChunkCommon.none
    const status = Items.stringField(item, "status")
    const failed = status === "failed" || status === "incomplete"
    const id = Items.stringField(item, "id") ?? ""
    return [
      new Tool.ServerToolResult(
        failed
          ? { toolUseId: id, type: item.type, content: item, isError: true }
          : { toolUseId: id, type: item.type, content: item },
        { disableChecks: true }
      )
    ]
  }
  /** A finished output item, kept as sent: a turn sent back to the Responses API sends its items. */
  get contentBlockUpdate(): ContentBlocks.Update | undefined {
    const chunk = this.chunk
    return chunk.type === "response.output_item.done"
      ? { _tag: "Start", format: "openai-responses", index: chunk.output_index, block: chunk.item, build: buildItem }
      : undefined
  }
  /** The finished item of an `output_item.done` event, when it is a tool the service ran. */
  private get serverItem(): Schemas.OutputItem | undefined {
    const chunk = this.chunk
    return chunk.type === "response.output_item.done" && !modelItemTypes.has(chunk.item.type) &&
        !Items.isProgramCall(chunk.item)
      ? chunk.item
      : undefined
  }
}

/** Decodes the JSON of one streamed event into an `OpenAIResponsesCallResponseChunk` served by OpenAI. */
export const OpenAIResponsesCallResponseChunkFromPayload: Schema.Codec<
  OpenAIResponsesCallResponseChunk,
  typeof Schemas.ResponseStreamEvent.Encoded
> = Schemas.ResponseStreamEvent.pipe(
  Schema.decodeTo(Schema.toType(OpenAIResponsesCallResponseChunk), {
    decode: SchemaGetter.transform((chunk) =>
      new OpenAIResponsesCallResponseChunk({ chunk, provider: "openai" }, { disableChecks: true })
    ),
    encode: SchemaGetter.transform((instance: OpenAIResponsesCallResponseChunk) => instance.chunk)
  })
)

/** Builds a chunk from a valid event. */
export const make = (
  chunk: Schemas.ResponseStreamEvent,
  context: { readonly provider: "openai" | "azure"; readonly baseModel?: string | undefined }
): OpenAIResponsesCallResponseChunk =>
  Payload.instantiate(
    OpenAIResponsesCallResponseChunk,
    context.baseModel === undefined
      ? { chunk, provider: context.provider }
      : { chunk, provider: context.provider, baseModel: context.baseModel }
  )
