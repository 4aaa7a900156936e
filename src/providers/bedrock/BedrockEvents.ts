/**
 * What a Bedrock ConverseStream event means: its events, read once from the payload. Bedrock's stream names
 * no model (the chunk carries the requested model id; a prompt router's call is priced by the model the router
 * invoked, which the last event's trace names) and a fragment does not say what kind of block it extends, so the
 * decoder gives each `contentBlockDelta` and `contentBlockStop` its block's start: that is
 * how a server tool call's input (`type: "server_tool_use"`) is told from a client tool call's. A tool result is
 * one, whole at its block's end, which the decoder gives the content its deltas streamed.
 *
 * @internal
 */
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Tool from "../../core/Tool.js"
import * as BedrockBlocks from "./BedrockBlocks.js"
import * as BedrockFinishReasons from "./BedrockFinishReasons.js"
import type * as BedrockSchemas from "./BedrockSchemas.js"

/** The locations of a citation that name a document the request sent, by its position (`documentIndex`). */
const documentLocations = ["documentChar", "documentPage", "documentChunk"] as const

/**
 * The document a citation names: the request's document at its location's `documentIndex`, titled by the citation's
 * `title` (`@aws-sdk/client-bedrock-runtime` 3.1164.0 `Citation`, `CitationLocation`).
 */
export const documentOf = (citation: unknown): ContentBlocks.CitedDocument | undefined => {
  if (typeof citation !== "object" || citation === null) return undefined
  const { location, title } = citation as { readonly location?: unknown; readonly title?: unknown }
  if (typeof location !== "object" || location === null) return undefined
  for (const kind of documentLocations) {
    const at = (location as Readonly<Record<string, unknown>>)[kind]
    if (typeof at === "object" && at !== null) {
      return StreamEvent.documentAt((at as { documentIndex?: unknown }).documentIndex, title)
    }
  }
  return undefined
}
import * as BedrockUsage from "./BedrockUsage.js"

const isServerCall = (start: BedrockSchemas.ContentBlockStart | undefined): boolean =>
  start?.toolUse?.type === "server_tool_use"

/** A block starting (`Open`: unless one is open at `index` already, as Bedrock may stream a block without a start). */
const started = (
  _tag: "Start" | "Open",
  index: number,
  block: Readonly<Record<string, unknown>>
): StreamEvent.BlockUpdate =>
  StreamEvent.block({
    _tag,
    format: "bedrock",
    index,
    block,
    build: BedrockBlocks.build,
    read: BedrockBlocks.read,
    pairing: BedrockBlocks.pairing
  })

const makeOpen = (kind: "text" | "reasoning", index: number): StreamEvent.BlockUpdate =>
  started("Open", index, kind === "text" ? BedrockBlocks.text : BedrockBlocks.reasoning)

/** How many block indexes have their `Open` updates made at load (no real stream reaches beyond them). */
const madeOpens = 64

/**
 * The `Open` updates of text and reasoning blocks at the first block indexes, made when the module loads and never
 * changed: every text delta carries one (Bedrock may stream a block without starting it), so it is not allocated
 * per event.
 */
const openEvents = {
  text: Array.from({ length: madeOpens }, (_, index) => makeOpen("text", index)),
  reasoning: Array.from({ length: madeOpens }, (_, index) => makeOpen("reasoning", index))
}

const openEvent = (kind: "text" | "reasoning", index: number): StreamEvent.BlockUpdate =>
  index < madeOpens ? openEvents[kind][index]! : makeOpen(kind, index)

/** What the decoder knows of an event besides its payload. */
export interface Context {
  /** The model id the request named (Bedrock prices by it, geo prefix included). */
  readonly modelId: string
  /** The model behind a `modelId` that does not name it, as the request named it (`StreamRequest.baseModel`). */
  readonly baseModel?: string | undefined
  /** The AWS request id of the response. */
  readonly requestId?: string | undefined
  /** The start of the block a `contentBlockDelta` or `contentBlockStop` belongs to, when it had one. */
  readonly blockStart?: BedrockSchemas.ContentBlockStart | undefined
  /** At the end of a tool result's block, the result's whole content (`BedrockToolResults`). */
  readonly toolResultContent?: ReadonlyArray<unknown> | undefined
}

/** The events of a tool result's block ending: its whole content, kept for the turn sent back, and the result. */
const resultEvents = (
  index: number,
  start: NonNullable<BedrockSchemas.ContentBlockStart["toolResult"]>,
  content: ReadonlyArray<unknown>,
  events: Array<StreamEvent.StreamEvent>
): void => {
  events.push(StreamEvent.block({ _tag: "Piece", index, piece: content }), {
    _tag: "ServerToolResult",
    result: new Tool.ServerToolResult({
      toolUseId: start.toolUseId,
      type: start.type ?? "tool_result",
      content,
      ...(start.status === undefined ? {} : { isError: start.status === "error" })
    }, { disableChecks: true })
  })
}

/** The events of a reasoning fragment: its text, its signature, or reasoning returned encrypted (redacted). */
const reasoningEvents = (
  reasoning: NonNullable<typeof BedrockSchemas.ContentBlockDeltaEvent.Type["delta"]["reasoningContent"]>,
  index: number,
  events: Array<StreamEvent.StreamEvent>
): void => {
  if (reasoning.redactedContent !== undefined) {
    events.push(
      started("Open", index, { reasoningContent: { redactedContent: reasoning.redactedContent } }),
      { _tag: "RedactedReasoning", data: reasoning.redactedContent }
    )
  } else if (reasoning.signature !== undefined) {
    events.push(
      StreamEvent.block({ _tag: "Signature", index, signature: reasoning.signature }),
      { _tag: "ReasoningSignature", signature: reasoning.signature }
    )
  } else {
    events.push(openEvent("reasoning", index))
  }
  if (reasoning.text) events.push(StreamEvent.reasoning(reasoning.text))
}

const deltaEvents = (
  delta: typeof BedrockSchemas.ContentBlockDeltaEvent.Type["delta"],
  index: number,
  blockStart: BedrockSchemas.ContentBlockStart | undefined,
  events: Array<StreamEvent.StreamEvent>
): void => {
  if (delta.text !== undefined) {
    // Bedrock may stream a block without starting it.
    events.push(openEvent("text", index))
    if (delta.text !== "") events.push(StreamEvent.text(delta.text))
    return
  }
  if (delta.reasoningContent !== undefined) return reasoningEvents(delta.reasoningContent, index, events)
  if (delta.toolUse !== undefined) {
    const fragment = { index, arguments: delta.toolUse.input }
    events.push(
      isServerCall(blockStart) ? { _tag: "ServerToolCallDelta", ...fragment } : { _tag: "ToolCallDelta", ...fragment }
    )
    return
  }
  if (delta.citation !== undefined) {
    // A citation of the text block: it goes back with the text (`citationsContent`). It may come before the text it
    // cites (Claude on Bedrock sends it first), so it opens the block.
    events.push(
      openEvent("text", index),
      StreamEvent.documentCitation(index, delta.citation, documentOf(delta.citation))
    )
    return
  }
  if (delta.image !== undefined) {
    // The image's source, in pieces: the block that goes back is built of them.
    events.push(StreamEvent.block({ _tag: "Piece", index, piece: delta.image }))
    return
  }
  // A tool result's deltas are its content in pieces: it is one result, whole at its block's end.
}

/**
 * What the price depends on besides the tokens: the service tier (`serviceTier.type`: `default`, `priority`,
 * `flex`, `reserved`) and latency-optimized inference (`performanceConfig.latency: "optimized"`, speed
 * `optimized`), both priced apart.
 */
const costExtras = (metadata: { readonly serviceTier?: unknown; readonly performanceConfig?: unknown }) => {
  const tier = (metadata.serviceTier as { readonly type?: unknown } | undefined)?.type
  const latency = (metadata.performanceConfig as { readonly latency?: unknown } | undefined)?.latency
  return {
    tier: typeof tier === "string" ? tier : undefined,
    speed: latency === "optimized" ? "optimized" : undefined
  }
}

const metadataOf = (id: string | undefined, model: string, pricingModel: string | undefined): StreamEvent.Metadata => ({
  _tag: "Metadata",
  id,
  model,
  pricingModel
})

/**
 * Whether the requested id is a prompt router's ARN (`arn:aws:bedrock:<region>:<account>:default-prompt-router/…`:
 * Bedrock API reference, `GetPromptRouter` `promptRouterArn` pattern), which is not the model billed: the model it
 * invoked is named last, in the `metadata` event's trace.
 */
const isPromptRouter = (modelId: string): boolean => modelId.startsWith("arn:") && modelId.includes("prompt-router/")

/**
 * The model id in a foundation-model or inference-profile ARN (`…:foundation-model/<id>`, `…:inference-profile/<id>`:
 * Bedrock API reference, `PromptRouterTrace.invokedModelId` pattern), as the price table lists it; another id as is.
 */
const modelIdOf = (id: string): string =>
  /^arn:aws[^:]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(id)?.[1] ?? id

/**
 * The model a prompt router invoked (@aws-sdk/client-bedrock-runtime 3.1164 models_0.d.ts
 * `ConverseStreamTrace.promptRouter: PromptRouterTrace { invokedModelId? }`), priced instead of the router.
 */
const invokedModelOf = (trace: unknown): string | undefined => {
  const id = (trace as { readonly promptRouter?: { readonly invokedModelId?: unknown } } | undefined)?.promptRouter
    ?.invokedModelId
  return typeof id === "string" && id !== "" ? modelIdOf(id) : undefined
}

/**
 * The model an event prices the call by: the model a prompt router invoked, which only the last event (`metadata`)
 * names (a response keeps the first pricing model named, so the router's other events name none); else the model
 * behind the requested id (`baseModel`), else the model id the requested ARN holds, else the requested id.
 */
const pricingModelOf = (event: BedrockSchemas.ConverseStreamOutput, context: Context): string | undefined => {
  const last = "metadata" in event
  if (!last && isPromptRouter(context.modelId)) return undefined
  return (last ? invokedModelOf(event.metadata.trace) : undefined) ?? context.baseModel ?? modelIdOf(context.modelId)
}

/** Reads the stream events (text, tool-call fragments, finish reason, usage, ...) of one provider event. */
export const eventsOf = (
  event: BedrockSchemas.ConverseStreamOutput,
  context: Context
): ReadonlyArray<StreamEvent.StreamEvent> => {
  // Every event names the model and the request: the stream itself names neither.
  const pricingModel = pricingModelOf(event, context)
  const events: Array<StreamEvent.StreamEvent> = [metadataOf(context.requestId, context.modelId, pricingModel)]
  if ("contentBlockDelta" in event) {
    const { contentBlockIndex, delta } = event.contentBlockDelta
    deltaEvents(delta, contentBlockIndex, context.blockStart, events)
  } else if ("contentBlockStart" in event) {
    const { contentBlockIndex: index, start } = event.contentBlockStart
    events.push(started("Start", index, start))
    const toolUse = start.toolUse
    if (toolUse !== undefined) {
      const { name, toolUseId: id, type } = toolUse
      events.push(
        isServerCall(start)
          ? { _tag: "ServerToolCallDelta", index, id, name, type, arguments: "" }
          : { _tag: "ToolCallDelta", index, id, name, arguments: "" }
      )
    }
  } else if ("contentBlockStop" in event) {
    const index = event.contentBlockStop.contentBlockIndex
    const result = context.blockStart?.toolResult
    if (result !== undefined && context.toolResultContent !== undefined) {
      resultEvents(index, result, context.toolResultContent, events)
    }
    events.push(StreamEvent.block({ _tag: "Stop", index }))
    // A client call's block stopping completes that call.
    if (!isServerCall(context.blockStart)) events.push(StreamEvent.callEnded(index))
  } else if ("messageStop" in event) {
    // The stop reason completes every call.
    events.push(
      StreamEvent.finish([event.messageStop.stopReason], BedrockFinishReasons.toCommonFinishReason),
      StreamEvent.allCallsEnded
    )
  } else if ("metadata" in event && event.metadata.usage !== undefined) {
    events.push(StreamEvent.usage(event.metadata.usage, BedrockUsage.normaliseUsage, costExtras(event.metadata)))
  }
  return events
}
