/**
 * The AG-UI 1.0 events this library sends (`@ag-ui/core` 1.0's `EventSchema` members), with exactly the members the
 * schema describes: a 1.0 client strips any other, so extra information travels in `metadata`, which the client folds
 * into the message, tool call or tool message an event builds.
 *
 * @internal
 */

/** Extra information on an event, folded by the client into what the event builds (key by key, last write wins). */
export type Metadata = { readonly [key: string]: unknown }

interface Base {
  readonly metadata?: Metadata
}

/** Token counts for one provider and model: totals and their named parts, a count never reported absent. */
export interface TokenUsage {
  readonly provider?: string
  readonly model?: string
  readonly inputTokens?: number
  readonly outputTokens?: number
  readonly totalTokens?: number
  readonly reasoningTokens?: number
  readonly cachedInputTokens?: number
  readonly cacheWriteInputTokens?: number
}

/** Something a run needs from outside before it can continue: here, the approval of a tool call. */
export interface Interrupt {
  readonly id: string
  readonly reason: string
  readonly message?: string
  readonly toolCallId?: string
  readonly expiresAt?: string
  /** The JSON Schema of the answer `resume` gives: a budget's question (`{ approved }`) or a tool's form. */
  readonly responseSchema?: Record<string, unknown>
  readonly metadata?: Metadata
}

/** Why a run ended: completed (naming the calls left for the client), paused for interrupts, or stopped. */
export type Outcome =
  | { readonly type: "success"; readonly pendingToolCallIds?: ReadonlyArray<string> }
  | { readonly type: "interrupt"; readonly interrupts: ReadonlyArray<Interrupt> }
  | { readonly type: "cancelled" }

export interface RunStarted extends Base {
  readonly type: "RUN_STARTED"
  readonly threadId: string
  readonly runId: string
  readonly parentRunId?: string
  readonly protocolVersion?: string
}

export interface RunFinished extends Base {
  readonly type: "RUN_FINISHED"
  readonly threadId: string
  readonly runId: string
  readonly outcome?: Outcome
  readonly usage?: ReadonlyArray<TokenUsage>
}

export interface RunError extends Base {
  readonly type: "RUN_ERROR"
  readonly message: string
  readonly code?: string
}

export interface StepStarted extends Base {
  readonly type: "STEP_STARTED"
  readonly stepName: string
}

export interface StepFinished extends Base {
  readonly type: "STEP_FINISHED"
  readonly stepName: string
}

export interface TextMessageStart extends Base {
  readonly type: "TEXT_MESSAGE_START"
  readonly messageId: string
  /** `user` for a message steered into the run (since 0.7.0). */
  readonly role?: "assistant" | "user"
}

export interface TextMessageContent extends Base {
  readonly type: "TEXT_MESSAGE_CONTENT"
  readonly messageId: string
  readonly delta: string
}

export interface TextMessageEnd extends Base {
  readonly type: "TEXT_MESSAGE_END"
  readonly messageId: string
}

export interface ReasoningStart extends Base {
  readonly type: "REASONING_START"
  readonly messageId: string
}

export interface ReasoningMessageStart extends Base {
  readonly type: "REASONING_MESSAGE_START"
  readonly messageId: string
  readonly role: "reasoning"
}

export interface ReasoningMessageContent extends Base {
  readonly type: "REASONING_MESSAGE_CONTENT"
  readonly messageId: string
  readonly delta: string
}

export interface ReasoningMessageEnd extends Base {
  readonly type: "REASONING_MESSAGE_END"
  readonly messageId: string
}

export interface ReasoningEnd extends Base {
  readonly type: "REASONING_END"
  readonly messageId: string
}

/**
 * A provider's opaque state on a part of a turn (`TurnState.toJson`, as JSON), for the message (`subtype: "message"`:
 * a reasoning message, or the assistant message for its text) or tool call (`"tool-call"`) `entityId`, which the client
 * keeps as its `encryptedValue` and returns in the next input.
 */
export interface ReasoningEncryptedValue extends Base {
  readonly type: "REASONING_ENCRYPTED_VALUE"
  readonly subtype: "message" | "tool-call"
  readonly entityId: string
  readonly encryptedValue: string
}

export interface ToolCallStart extends Base {
  readonly type: "TOOL_CALL_START"
  readonly toolCallId: string
  readonly toolCallName: string
  readonly parentMessageId?: string
}

export interface ToolCallArgs extends Base {
  readonly type: "TOOL_CALL_ARGS"
  readonly toolCallId: string
  readonly delta: string
}

export interface ToolCallEnd extends Base {
  readonly type: "TOOL_CALL_END"
  readonly toolCallId: string
}

/** Where a media part's bytes are: inline (base64, with their media type), or at a URL. */
export type PartSource =
  | { readonly type: "data"; readonly value: string; readonly mimeType: string }
  | { readonly type: "url"; readonly value: string; readonly mimeType?: string }

/** One part of a tool message's content (`@ag-ui/core` 1.0.0 `ContentPart`, less video and a provider's file). */
export type ContentPart =
  | { readonly type: "text"; readonly text: string; readonly metadata?: Metadata }
  | {
    readonly type: "image" | "audio" | "document"
    readonly source: PartSource
    readonly metadata?: Metadata
  }

/** What a tool returned, text or parts: a tool message of its own (`messageId`), answering `toolCallId`. */
export interface ToolCallResult extends Base {
  readonly type: "TOOL_CALL_RESULT"
  readonly messageId: string
  readonly toolCallId: string
  readonly content: string | ReadonlyArray<ContentPart>
  readonly role?: "tool"
}

/**
 * An application event: `name` and its `value`. This library sends `effect-llm-stream/steering-not-delivered`, a
 * message sent into the run that it ended without (`{ id, kind, reason }`). Since 0.7.0.
 */
export interface Custom extends Base {
  readonly type: "CUSTOM"
  readonly name: string
  readonly value: unknown
}

/** Every event this library sends. */
export type Event =
  | Custom
  | RunStarted
  | RunFinished
  | RunError
  | StepStarted
  | StepFinished
  | TextMessageStart
  | TextMessageContent
  | TextMessageEnd
  | ReasoningStart
  | ReasoningMessageStart
  | ReasoningMessageContent
  | ReasoningMessageEnd
  | ReasoningEnd
  | ReasoningEncryptedValue
  | ToolCallStart
  | ToolCallArgs
  | ToolCallEnd
  | ToolCallResult
