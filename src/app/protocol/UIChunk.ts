/**
 * The chunks of the AI SDK's UI message stream protocol (`ai` 7), as plain objects: the shapes of `ai`'s
 * `uiMessageChunkSchema` (its `UIMessageChunk` type). The client ignores fields it does not know.
 *
 * @internal
 */

/**
 * The name (and call id) of the part the UI message stream asks a budget's question as: a dynamic tool part, since
 * the `ai` client has no part of its own for a question. The name is this mapping's alone: `ChatEndpoint` refuses a
 * tool of the same name at startup.
 *
 * @since 0.7.0
 * @category Constants
 */
export const budgetQuestionPart: string = "budget_question"

/** JSON, as the protocol's metadata fields take it. */
export type JsonValue =
  | null
  | string
  | number
  | boolean
  | { readonly [key: string]: JsonValue | undefined }
  | ReadonlyArray<JsonValue>

/** Metadata per provider: `{ [provider]: { [key]: JSON } }`. */
export type ProviderMetadata = { readonly [provider: string]: { readonly [key: string]: JsonValue | undefined } }

export type ToolMetadata = { readonly [key: string]: JsonValue | undefined }

/** Why a message finished, as the protocol names it. */
export type FinishReason = "stop" | "length" | "content-filter" | "tool-calls" | "error" | "interrupted" | "other"

/** A source a text cites. */
export type Citation = {
  readonly source:
    | {
      readonly type: "source"
      readonly sourceType: "url"
      readonly id: string
      readonly url: string
      readonly title?: string
      readonly providerMetadata?: ProviderMetadata
    }
    | {
      readonly type: "source"
      readonly sourceType: "document"
      readonly id: string
      readonly mediaType: string
      readonly title: string
      readonly filename?: string
      readonly providerMetadata?: ProviderMetadata
    }
  readonly startIndex?: number
  readonly endIndex?: number
  readonly citedText?: string
}

/** A part of a steering message. */
export type SteeringPart =
  | { readonly type: "text"; readonly text: string; readonly providerMetadata?: ProviderMetadata }
  | {
    readonly type: "file"
    readonly mediaType: string
    readonly url: string
    readonly filename?: string
    readonly providerReference?: { readonly [key: string]: string }
    readonly providerMetadata?: ProviderMetadata
  }

/** The fields tool chunks share. */
interface ToolFields {
  readonly toolCallId: string
  readonly providerExecuted?: boolean
  readonly providerMetadata?: ProviderMetadata
  readonly toolMetadata?: ToolMetadata
  readonly dynamic?: boolean
}

/** The message starts; `messageId` names it. */
export interface Start {
  readonly type: "start"
  readonly messageId?: string
  readonly messageMetadata?: unknown
}

export interface StartStep {
  readonly type: "start-step"
}

export interface FinishStep {
  readonly type: "finish-step"
}

/** Removes every part the current step added. */
export interface ResetStep {
  readonly type: "reset-step"
}

export interface TextStart {
  readonly type: "text-start"
  readonly id: string
  readonly providerMetadata?: ProviderMetadata
}

export interface TextDelta {
  readonly type: "text-delta"
  readonly id: string
  readonly delta: string
  readonly providerMetadata?: ProviderMetadata
}

export interface TextEnd {
  readonly type: "text-end"
  readonly id: string
  readonly citations?: ReadonlyArray<Citation>
  readonly providerMetadata?: ProviderMetadata
}

export interface ReasoningStart {
  readonly type: "reasoning-start"
  readonly id: string
  readonly providerMetadata?: ProviderMetadata
}

export interface ReasoningDelta {
  readonly type: "reasoning-delta"
  readonly id: string
  readonly delta: string
  readonly providerMetadata?: ProviderMetadata
}

export interface ReasoningEnd {
  readonly type: "reasoning-end"
  readonly id: string
  readonly providerMetadata?: ProviderMetadata
}

/** A tool call starts: its id and the tool's name. */
export interface ToolInputStart extends ToolFields {
  readonly type: "tool-input-start"
  readonly toolName: string
  /** How the input deltas are encoded (JSON when absent). */
  readonly inputEncoding?: "json" | "text"
  readonly title?: string
}

/** A piece of a tool call's input (JSON text). */
export interface ToolInputDelta {
  readonly type: "tool-input-delta"
  readonly toolCallId: string
  readonly inputTextDelta: string
}

/** A tool call is complete, with its input. */
export interface ToolInputAvailable extends ToolFields {
  readonly type: "tool-input-available"
  readonly toolName: string
  readonly input: unknown
  readonly title?: string
}

/** A tool call whose input cannot be used (not JSON, or not what the tool takes). */
export interface ToolInputError extends ToolFields {
  readonly type: "tool-input-error"
  readonly toolName: string
  readonly input: unknown
  readonly errorText: string
  readonly title?: string
}

/** A tool call waits for the user's approval. */
export interface ToolApprovalRequest {
  readonly type: "tool-approval-request"
  readonly approvalId: string
  readonly toolCallId: string
  readonly approvalDescriptor?: unknown
  readonly inputSchemaInput?: unknown
  readonly reason?: string
  readonly isAutomatic?: boolean
  readonly signature?: string
}

/** The user's answer to an approval request. */
export interface ToolApprovalResponse {
  readonly type: "tool-approval-response"
  readonly approvalId: string
  readonly approved: boolean
  readonly reason?: string
  readonly providerExecuted?: boolean
  readonly providerMetadata?: ProviderMetadata
}

/** A tool call's output (`preliminary` for an output that a later one replaces). */
export interface ToolOutputAvailable extends ToolFields {
  readonly type: "tool-output-available"
  readonly output: unknown
  readonly preliminary?: boolean
}

export interface ToolOutputError extends ToolFields {
  readonly type: "tool-output-error"
  readonly errorText: string
}

export interface ToolOutputDenied {
  readonly type: "tool-output-denied"
  readonly toolCallId: string
}

/** A URL the answer cites. */
export interface SourceUrl {
  readonly type: "source-url"
  readonly sourceId: string
  readonly url: string
  readonly title?: string
  readonly providerMetadata?: ProviderMetadata
}

/** A document the answer cites. */
export interface SourceDocument {
  readonly type: "source-document"
  readonly sourceId: string
  readonly mediaType: string
  readonly title: string
  readonly filename?: string
  readonly providerMetadata?: ProviderMetadata
}

/** A file the model generated. */
export interface File {
  readonly type: "file"
  readonly url: string
  readonly mediaType: string
  readonly providerMetadata?: ProviderMetadata
}

/** A file that is part of the model's reasoning. */
export interface ReasoningFile {
  readonly type: "reasoning-file"
  readonly url: string
  readonly mediaType: string
  readonly providerMetadata?: ProviderMetadata
}

/** A provider's own kind of content. */
export interface Custom {
  readonly type: "custom"
  readonly kind: `${string}.${string}`
  readonly providerMetadata?: ProviderMetadata
}

/** Application data (`data-<name>`); a `transient` one is not added to the message. */
export interface Data {
  readonly type: `data-${string}`
  readonly id?: string
  readonly data: unknown
  readonly transient?: boolean
}

/** The parts of a user message steered into an answer, as a `steering-message` chunk shows them: its text. */
export const steeringParts = (message: { readonly text: string }): ReadonlyArray<SteeringPart> => [
  { type: "text", text: message.text }
]

/** The type of the data part that tells a message sent into an answer was not delivered: the answer ended first. */
export const notDeliveredPart = "data-steering-not-delivered"

/** The data chunk telling that the message `id` sent into the answer was not delivered, and why the answer ended. */
export const notDelivered = (id: string, kind: "steer" | "queue", reason: string): Data => ({
  type: notDeliveredPart,
  id: `not-delivered-${id}`,
  data: { id, kind, reason }
})

/** A user message added to the run while it streams. */
export interface SteeringMessage {
  readonly type: "steering-message"
  readonly id: string
  readonly parts: ReadonlyArray<SteeringPart>
}

/** An error the user is shown; the stream ends after it. */
export interface Error {
  readonly type: "error"
  readonly errorText: string
}

export interface Finish {
  readonly type: "finish"
  readonly finishReason?: FinishReason
  readonly messageMetadata?: unknown
}

/** The stream was stopped before its end. */
export interface Abort {
  readonly type: "abort"
  readonly reason?: string
}

/**
 * The chunks that end a stream the server stopped (a stop asked of it, a stop signal, a shutdown): a `finish` whose
 * `finishReason` is `interrupted`, then `abort`. The `ai` client (7.0.173, `AbstractChat.makeRequestImpl`) reads an
 * `abort` the server sent as a stream that ended (its `isAbort` is its own abort alone): `sendAutomaticallyWhen` looks
 * again, and an approval whose tool the stop interrupted is sent on by itself, one more model request after the stop.
 * An `interrupted` finish adds the message to `interruptedMessageIds` (`shouldSendAutomatically`): nothing is sent for
 * it until the person sends. Every stopped UI message stream ends with these.
 */
export const interrupted: ReadonlyArray<Chunk> = [{ type: "finish", finishReason: "interrupted" }, { type: "abort" }]

/** Whether `chunk` is the `finish` of a stream the server stopped (`interrupted`). */
export const isInterrupted = (chunk: Chunk): boolean => chunk.type === "finish" && chunk.finishReason === "interrupted"

/** Metadata of the message (merged into what the client has). */
export interface MessageMetadata {
  readonly type: "message-metadata"
  readonly messageMetadata: unknown
}

export type Chunk =
  | Start
  | StartStep
  | FinishStep
  | ResetStep
  | TextStart
  | TextDelta
  | TextEnd
  | ReasoningStart
  | ReasoningDelta
  | ReasoningEnd
  | ToolInputStart
  | ToolInputDelta
  | ToolInputAvailable
  | ToolInputError
  | ToolApprovalRequest
  | ToolApprovalResponse
  | ToolOutputAvailable
  | ToolOutputError
  | ToolOutputDenied
  | SourceUrl
  | SourceDocument
  | File
  | ReasoningFile
  | Custom
  | Data
  | SteeringMessage
  | Error
  | Finish
  | Abort
  | MessageMetadata
