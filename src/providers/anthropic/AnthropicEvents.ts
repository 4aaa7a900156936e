/**
 * What an Anthropic stream event means: its events, read once from the payload. A fragment does not name the
 * kind of content block it extends, so the decoder gives each `content_block_delta` and `content_block_stop`
 * the block as it started: that is how a `server_tool_use` block's `input_json_delta` is told from a client
 * `tool_use` call's.
 *
 * @internal
 */
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Tool from "../../core/Tool.js"
import * as AnthropicBlocks from "./AnthropicBlocks.js"
import * as AnthropicFinishReasons from "./AnthropicFinishReasons.js"
import * as AnthropicSchemas from "./AnthropicSchemas.js"
import * as AnthropicUsage from "./AnthropicUsage.js"

/** Block types whose input the provider runs itself. */
const serverCallTypes: ReadonlySet<string> = new Set(["server_tool_use", "mcp_tool_use"])

const usageEvent = (usage: AnthropicSchemas.AnthropicUsage): StreamEvent.UsageReported =>
  StreamEvent.usage(usage, AnthropicUsage.normaliseUsage, {
    tier: usage.service_tier ?? undefined,
    region: usage.inference_geo ?? undefined,
    speed: usage.speed ?? undefined
  }, AnthropicUsage.foldUsage)

/**
 * The event of `input_transformations` (`@anthropic-ai/sdk` 1.14 `BetaInputTransformation`: `type`, `path` as
 * `messages.{i}.content.{j}`, `reason`), beta `thinking-binding-controls-2026-08-01`; final in `message_start`,
 * replaced by a `message_delta` after a server-side fallback.
 */
const transformedEvent = (raw: unknown, events: Array<StreamEvent.StreamEvent>): void => {
  const event = StreamEvent.inputTransformed(raw, (text) => ({
    kind: text("type") ?? "",
    path: text("path") ?? "",
    reason: text("reason")
  }))
  if (event !== undefined) events.push(event)
}

/** The event of a response's container (`{ id, expires_at }`), when it names one; any other shape is no container. */
const containerEvent = (container: unknown, events: Array<StreamEvent.StreamEvent>): void => {
  const id = typeof container === "object" && container !== null
    ? (container as { readonly id?: unknown }).id
    : undefined
  if (typeof id === "string" && id !== "") events.push({ _tag: "Container", id })
}

/**
 * The words of a refusal's `stop_details` (`@anthropic-ai/sdk` 1.14.0 `RefusalStopDetails.explanation`, "Human-readable
 * explanation of the refusal", `null` when there is none), told to the person as the refusal's text.
 */
const refusalWords = (details: unknown, events: Array<StreamEvent.StreamEvent>): void => {
  if (typeof details !== "object" || details === null) return
  const { explanation, type } = details as { readonly type?: unknown; readonly explanation?: unknown }
  if (type === "refusal" && typeof explanation === "string" && explanation.trim() !== "") {
    events.push(StreamEvent.refusal(explanation))
  }
}

/**
 * A refusal's `stop_details` as sent (`{ type: "refusal", category, explanation }`), the response's `policyDetails`,
 * whose `category` the profile names (`AnthropicProfile`); `undefined` for any other.
 */
const refusalDetails = (details: unknown): unknown =>
  typeof details === "object" && details !== null && (details as { readonly type?: unknown }).type === "refusal"
    ? details
    : undefined

const finish = (reason: string, details?: unknown): StreamEvent.Finish => {
  const event = StreamEvent.finish([reason], AnthropicFinishReasons.toCommonFinishReason)
  return details === undefined ? event : { ...event, details }
}

/**
 * The input a call's block starts with, as JSON text, when it is whole: a call made from code execution
 * (programmatic tool calling, a `tool_use` with `caller: { type: "code_execution_..." }`, or a server tool's)
 * arrives with its complete `input` and no `input_json_delta`. A streamed call starts with `input: {}`.
 */
const wholeInput = (block: AnthropicSchemas.CallBlock): string | undefined => {
  const input = block.input
  return typeof input === "object" && input !== null && Object.keys(input).length > 0
    ? JSON.stringify(input)
    : undefined
}

/**
 * The text a text or thinking block starts with: its deltas extend it (`@anthropic-ai/sdk` 1.14.0
 * `lib/MessageStream.ts`: `content_block_start` keeps the block as sent, each `text_delta` and `thinking_delta`
 * appends to its `text` or `thinking`): the text a block starts with is the first of its text.
 */
const startedText = (block: AnthropicSchemas.ContentBlock): ReadonlyArray<StreamEvent.StreamEvent> => {
  if (block.type === "text") {
    const text = (block as typeof AnthropicSchemas.TextBlock.Type).text
    return text ? [StreamEvent.text(text)] : StreamEvent.none
  }
  const thinking = block.type === "thinking" ? (block as typeof AnthropicSchemas.ThinkingBlock.Type).thinking : ""
  return thinking ? [StreamEvent.reasoning(thinking)] : StreamEvent.none
}

/** The citation kinds that name a document the request sent, by its position (`document_index`). */
const documentLocations: ReadonlySet<unknown> = new Set(["char_location", "page_location", "content_block_location"])

/**
 * The document a citation names: the request's document at its `document_index`, titled `document_title`
 * (`@anthropic-ai/sdk` 1.14.0 `CitationCharLocation`, `CitationPageLocation`, `CitationContentBlockLocation`).
 */
const documentOf = (citation: unknown): ContentBlocks.CitedDocument | undefined => {
  if (typeof citation !== "object" || citation === null) return undefined
  const { document_index, document_title, type } = citation as Readonly<Record<string, unknown>>
  return documentLocations.has(type) ? StreamEvent.documentAt(document_index, document_title) : undefined
}

const blockStarted = (
  event: AnthropicSchemas.MessageStreamEvent & { readonly type: "content_block_start" }
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const block = event.content_block
  const events: Array<StreamEvent.StreamEvent> = [
    StreamEvent.block({
      _tag: "Start",
      format: "anthropic",
      index: event.index,
      block,
      build: AnthropicBlocks.build,
      read: AnthropicBlocks.read
    })
  ]
  if (AnthropicSchemas.isCallBlock(block)) {
    const call = { index: event.index, id: block.id, name: block.name, arguments: wholeInput(block) ?? "" }
    events.push(
      block.type === "tool_use"
        ? { _tag: "ToolCallDelta", ...call }
        : { _tag: "ServerToolCallDelta", ...call, type: block.type }
    )
  } else if (AnthropicSchemas.isServerResultBlock(block)) {
    events.push({
      _tag: "ServerToolResult",
      result: new Tool.ServerToolResult(
        block.is_error === undefined
          ? { toolUseId: block.tool_use_id ?? "", type: block.type, content: block.content }
          : { toolUseId: block.tool_use_id ?? "", type: block.type, content: block.content, isError: block.is_error },
        { disableChecks: true }
      )
    })
  } else if (block.type === "redacted_thinking") {
    const data = (block as { readonly data?: string }).data
    if (data !== undefined) events.push({ _tag: "RedactedReasoning", data })
  } else {
    events.push(...startedText(block))
  }
  return events
}

/** The events of a block stopping: a client call's block stopping completes that call. */
const blockStopped = (
  index: number,
  block: AnthropicSchemas.ContentBlock | undefined
): ReadonlyArray<StreamEvent.StreamEvent> =>
  block === undefined || block.type === "tool_use"
    ? [StreamEvent.block({ _tag: "Stop", index }), StreamEvent.callEnded(index)]
    : [StreamEvent.block({ _tag: "Stop", index })]

/** The events of a content block fragment (a fragment of a kind this library does not read has none). */
const deltaEvents = (
  delta: AnthropicSchemas.ContentBlockDelta,
  index: number,
  block: AnthropicSchemas.ContentBlock | undefined
): ReadonlyArray<StreamEvent.StreamEvent> => {
  switch (delta.type) {
    case "text_delta": {
      const text = AnthropicSchemas.deltaOf(delta, "text_delta")?.text
      return text ? [StreamEvent.text(text)] : StreamEvent.none
    }
    case "thinking_delta": {
      const thinking = AnthropicSchemas.deltaOf(delta, "thinking_delta")?.thinking
      return thinking ? [StreamEvent.reasoning(thinking)] : StreamEvent.none
    }
    case "signature_delta": {
      const signature = AnthropicSchemas.deltaOf(delta, "signature_delta")?.signature ?? ""
      return [
        { _tag: "ReasoningSignature", signature },
        StreamEvent.block({ _tag: "Signature", index, signature })
      ]
    }
    case "citations_delta": {
      const citation = AnthropicSchemas.deltaOf(delta, "citations_delta")?.citation
      return [StreamEvent.documentCitation(index, citation, documentOf(citation))]
    }
    case "input_json_delta": {
      const fragment = { index, arguments: AnthropicSchemas.deltaOf(delta, "input_json_delta")?.partial_json ?? "" }
      // A call that started whole has its input: a fragment would only repeat it.
      if (block !== undefined && AnthropicSchemas.isCallBlock(block) && wholeInput(block) !== undefined) {
        return StreamEvent.none
      }
      if (block === undefined || block.type === "tool_use") return [{ _tag: "ToolCallDelta", ...fragment }]
      return serverCallTypes.has(block.type) ? [{ _tag: "ServerToolCallDelta", ...fragment }] : StreamEvent.none
    }
    case "compaction_delta":
      // The compaction block's final value (its summary, its opaque content), which the turn sends back.
      return [StreamEvent.block({ _tag: "Piece", index, piece: delta })]
    default:
      return StreamEvent.none
  }
}

/**
 * The events of one stream event; `block` is the content block a `content_block_delta` or
 * `content_block_stop` belongs to, as it started (`undefined` for a chunk decoded alone: its fragments are
 * then taken for a client call's).
 */
export const eventsOf = (
  event: AnthropicSchemas.MessageStreamEvent,
  block: AnthropicSchemas.ContentBlock | undefined
): ReadonlyArray<StreamEvent.StreamEvent> => {
  switch (event.type) {
    case "content_block_delta":
      return deltaEvents(event.delta, event.index, block)
    case "content_block_start":
      return blockStarted(event)
    case "content_block_stop":
      return blockStopped(event.index, block)
    case "message_start": {
      const message = event.message
      const events: Array<StreamEvent.StreamEvent> = [{
        _tag: "Metadata",
        id: message.id || undefined,
        model: message.model || undefined,
        pricingModel: message.model || undefined
      }]
      if (message.usage) events.push(usageEvent(message.usage))
      // The blocks the message starts with whole: each starts and stops at its position.
      message.content?.forEach((content_block, index) =>
        events.push(
          ...blockStarted({ type: "content_block_start", index, content_block }),
          ...blockStopped(index, content_block)
        )
      )
      if (message.stop_reason) events.push(finish(message.stop_reason))
      containerEvent(message.container, events)
      transformedEvent(message.input_transformations, events)
      return events
    }
    case "message_delta": {
      const events: Array<StreamEvent.StreamEvent> = []
      if (event.usage) events.push(usageEvent(event.usage))
      containerEvent(event.delta.container, events)
      transformedEvent(event.input_transformations, events)
      refusalWords(event.delta.stop_details, events)
      const reason = event.delta.stop_reason
      // The stop reason completes every call.
      if (reason) events.push(finish(reason, refusalDetails(event.delta.stop_details)), StreamEvent.allCallsEnded)
      return events
    }
    default:
      return StreamEvent.none
  }
}
