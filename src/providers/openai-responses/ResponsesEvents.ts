/**
 * What a Responses API stream event means: its events, read once from the payload. Text and refusal deltas
 * of messages, reasoning (summaries and reasoning text), function calls assembled by output index, the calls
 * of built-in tools the application executes (`computer_call`, `shell_call`, ...: see `ResponsesItems`) as tool
 * calls, whole, when their item is done, the built-in tools the service ran (web search, file search, code
 * interpreter, MCP, image generation, and items of unknown kind) as server tool calls, the citations of a message's
 * text, every finished output item kept as sent, and the finish reason and usage of the terminal event.
 *
 * @internal
 */
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Tool from "../../core/Tool.js"
import * as ResponsesBlocks from "./ResponsesBlocks.js"
import * as ResponsesFinishReasons from "./ResponsesFinishReasons.js"
import * as ResponsesItems from "./ResponsesItems.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * The document a file citation names (openai 7.59.0 `ResponseOutputText.FileCitation`, `ContainerFileCitation`:
 * `file_id`, `filename`): a file the provider holds, by its id, `text/plain` and titled by its file name as
 * `@ai-sdk/openai`'s `mapOpenAIResponsesAnnotationSource` makes it.
 */
export const documentOf = (annotation: unknown): ContentBlocks.CitedDocument | undefined => {
  if (typeof annotation !== "object" || annotation === null) return undefined
  const { file_id, filename, type } = annotation as Readonly<Record<string, unknown>>
  const file = StreamEvent.nonEmpty(file_id)
  if ((type !== "file_citation" && type !== "container_file_citation") || file === undefined) return undefined
  const name = StreamEvent.nonEmpty(filename)
  return { key: `file ${file}`, index: undefined, title: name, filename: name, mediaType: "text/plain" }
}
import * as ResponsesUsage from "./ResponsesUsage.js"

/**
 * Output items that are neither tool calls nor server tools: messages, reasoning, and the context's own items
 * (openai-node 7.5's `ResponseOutputItem`: a `compaction` of the conversation so far, with its
 * `encrypted_content`; `additional_tools`, the tools made available at that point), kept and sent back as sent.
 */
const modelItemTypes: ReadonlySet<string> = new Set(["message", "reasoning", "compaction", "additional_tools"])

/** The input a built-in tool call ran with, as JSON text. */
const serverCallArguments = (item: ResponsesSchemas.OutputItem): string => {
  const fields = item as Readonly<Record<string, unknown>>
  if (typeof fields["arguments"] === "string") return fields["arguments"]
  if (typeof fields["code"] === "string") return JSON.stringify({ code: fields["code"] })
  if (fields["action"] !== undefined) return JSON.stringify(fields["action"])
  if (fields["queries"] !== undefined) return JSON.stringify({ queries: fields["queries"] })
  if (fields["arguments"] !== undefined) return JSON.stringify(fields["arguments"])
  return "{}"
}

/** What the decoder knows of an event besides its payload. */
export interface Context {
  /** Who served the call (whose items the turn's are: `ResponsesBlocks.formatOf`). */
  readonly provider: "openai" | "azure"
  /** The real model behind an Azure deployment, as configured with `baseModel`. */
  readonly baseModel?: string | undefined
  /**
   * On a function call's `response.output_item.done`: no piece of its arguments came before (neither in
   * `response.output_item.added` nor in a `response.function_call_arguments.delta`), so the whole arguments
   * are this item's.
   */
  readonly wholeArguments?: boolean | undefined
  /** On a terminal event whose response lists no output items: the finish reason of the items the stream finished. */
  readonly streamedFinish?: string | undefined
}

/** A finished built-in tool call: a server tool call, whole, and its result. */
const serverItemEvents = (
  item: ResponsesSchemas.OutputItem,
  index: number,
  events: Array<StreamEvent.StreamEvent>
): void => {
  const status = ResponsesItems.stringField(item, "status")
  const failed = status === "failed" || status === "incomplete"
  const id = ResponsesItems.stringField(item, "id") ?? ""
  events.push({
    _tag: "ServerToolCallDelta",
    index,
    id,
    name: ResponsesItems.stringField(item, "name") ?? item.type,
    type: item.type,
    arguments: serverCallArguments(item)
  }, {
    _tag: "ServerToolResult",
    result: new Tool.ServerToolResult(
      { toolUseId: id, type: item.type, content: item, ...(failed ? { isError: true } : {}) },
      { disableChecks: true }
    )
  })
}

type Event = ResponsesSchemas.ResponseStreamEvent
/** `response.output_item.added` and `response.output_item.done`. */
type ItemEvent = Extract<Event, { readonly item: unknown }>

/** Makes a function call's fragment: its id and name, and the arguments the item holds. */
const functionCallDelta = (index: number, item: ResponsesSchemas.FunctionCallItem): StreamEvent.StreamEvent => ({
  _tag: "ToolCallDelta",
  index,
  id: item.call_id ?? undefined,
  name: item.name ?? undefined,
  arguments: item.arguments ?? ""
})

/**
 * Reads an item's start: a function call's first fragment, or the block that the text or reasoning streamed next
 * belongs to.
 */
const itemAdded = (event: ItemEvent, context: Context): ReadonlyArray<StreamEvent.StreamEvent> => {
  const item = event.item
  if (ResponsesItems.isFunctionCall(item)) return [functionCallDelta(event.output_index, item)]
  return ResponsesBlocks.streamsText(item.type)
    ? [StreamEvent.block(ResponsesBlocks.added(item, event.output_index, ResponsesBlocks.formatOf(context.provider)))]
    : StreamEvent.none
}

/**
 * Reads an item's end: the item kept as sent (a turn sent back to the Responses API sends its items), a
 * call the application executes (whole now), and the end of a call or a built-in tool's call and result.
 */
const itemDone = (
  event: ItemEvent,
  context: Context
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const item = event.item
  const format = ResponsesBlocks.formatOf(context.provider)
  const events: Array<StreamEvent.StreamEvent> = [
    StreamEvent.block(ResponsesBlocks.done(item, event.output_index, format))
  ]
  if (ResponsesItems.isClientCall(item)) {
    // A call the application executes (`computer_call`, `shell_call`, ...) arrives whole when it is done.
    events.push({ _tag: "ToolCallDelta", ...ResponsesItems.clientCallDelta(event.output_index, item) })
  } else if (ResponsesItems.isApprovalRequest(item)) {
    // The service asks before it runs an MCP server's call: a call the program answers with its approval.
    events.push({ _tag: "ToolCallDelta", ...ResponsesItems.approvalDelta(event.output_index, item) })
  } else if (context.wholeArguments === true && ResponsesItems.isFunctionCall(item)) {
    // A function call whose arguments did not stream: they are whole in the finished item.
    events.push(functionCallDelta(event.output_index, item))
  }
  if (ResponsesItems.isProgramCall(item)) events.push(StreamEvent.callEnded(event.output_index))
  else if (!modelItemTypes.has(item.type)) serverItemEvents(item, event.output_index, events)
  return events
}

/**
 * The finish of a response; on an answer Azure's filter stopped (`content_filter`), with its `content_filters` as
 * sent, the response's `policyDetails` whose categories Azure's profile names.
 */
const finishOf = (reason: string, response: ResponsesSchemas.Response): StreamEvent.Finish => {
  const event = StreamEvent.finish([reason], ResponsesFinishReasons.toCommonFinishReason)
  const details = reason === "content_filter" ? response.content_filters : undefined
  return details === undefined ? event : { ...event, details }
}

/** Reads an event that carries the response: its id and model, the usage, and on the last event the finish reason. */
const responseEvents = (
  event: Extract<Event, { readonly response: unknown }>,
  context: Context
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const response = event.response
  const events: Array<StreamEvent.StreamEvent> = [{
    _tag: "Metadata",
    id: response.id || undefined,
    model: response.model || undefined,
    pricingModel: context.baseModel ?? (response.model || undefined)
  }]
  if (event.type === "response.completed" || event.type === "response.incomplete") {
    const reason = context.streamedFinish ?? ResponsesFinishReasons.finishReasonOf(response)
    if (reason !== undefined) events.push(finishOf(reason, response))
  }
  // Reasoning inputs withheld from the model (openai-node 7.57 `Response.InputTransformation`: `id`, `type`,
  // `action`, `reason`): the item named by its id.
  const transformed = StreamEvent.inputTransformed(response.input_transformations, (text) => ({
    kind: [text("type") ?? "", text("action")].filter((part) => part !== undefined).join("_"),
    path: text("id") ?? "",
    reason: text("reason")
  }))
  if (transformed !== undefined) events.push(transformed)
  const usage = response.usage
  if (usage) {
    events.push(
      StreamEvent.usage(usage, (raw) => ResponsesUsage.usageOf(raw, response), {
        tier: response.service_tier ?? undefined
      })
    )
  }
  return events
}

/** Reads the stream events (text, tool-call fragments, finish reason, usage, ...) of one provider event. */
export const eventsOf = (event: Event, context: Context): ReadonlyArray<StreamEvent.StreamEvent> => {
  switch (event.type) {
    case "response.output_text.delta":
      return event.delta === "" ? StreamEvent.none : [StreamEvent.text(event.delta)]
    case "response.refusal.delta":
      return event.delta === "" ? StreamEvent.none : [StreamEvent.refusal(event.delta)]
    case "response.reasoning_summary_text.delta":
    case "response.reasoning_text.delta":
      return event.delta === "" ? StreamEvent.none : [StreamEvent.reasoning(event.delta)]
    case "response.reasoning_summary_part.added":
      // The first summary part starts with its item; each next one is a part of the item's reasoning of its own.
      return event.summary_index === undefined || event.summary_index === 0 || event.output_index === undefined
        ? StreamEvent.none
        : [StreamEvent.block({ _tag: "Part", index: event.output_index })]
    case "response.audio.delta":
      return event.delta === "" ? StreamEvent.none : [{ _tag: "AudioDelta", data: event.delta, transcript: undefined }]
    case "response.audio.transcript.delta":
      return event.delta === "" ? StreamEvent.none : [{ _tag: "AudioDelta", data: undefined, transcript: event.delta }]
    case "response.function_call_arguments.delta":
      return [{ _tag: "ToolCallDelta", index: event.output_index, arguments: event.delta }]
    case "response.output_text.annotation.added":
      // A citation of the message's text, on the message's block: a `url_citation` (its `url` and `title`) is a
      // `source-url` in the UI message stream. The finished item carries its annotations too, sent back as sent.
      return event.annotation === null || event.annotation === undefined
        ? StreamEvent.none
        : [StreamEvent.documentCitation(event.output_index, event.annotation, documentOf(event.annotation))]
    case "response.output_item.added":
      return itemAdded(event, context)
    case "response.output_item.done":
      return itemDone(event, context)
    default:
      return "response" in event ? responseEvents(event, context) : StreamEvent.none
  }
}
