/**
 * What an AG-UI 1.0 client (`@ag-ui/client`'s `HttpAgent`) POSTs to run an agent, a `RunAgentInput`, as Schemas:
 * messages decoded one by one by their `role`, content parts by their `type`, so that a refusal names the field.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as StreamIds from "../store/StreamIds.js"

/**
 * A thread's or a run's id: at most `StreamIds.maxIdLength` characters, as a stream's (a run is kept in the
 * `StreamStore` as its thread's latest, `AgUiThreadRun`: an id of megabytes would fill the store).
 */
const RunId = Schema.String.check(Schema.makeFilter((id: string) => id.length <= StreamIds.maxIdLength, {
  expected: `an id of at most ${StreamIds.maxIdLength} characters`
}))

/** The input, its messages not decoded yet. */
export const RunAgentInput = Schema.Struct({
  threadId: RunId,
  runId: RunId,
  parentRunId: Schema.optionalKey(RunId),
  state: Schema.optionalKey(Schema.Unknown),
  messages: Schema.Array(Schema.Struct({ id: Schema.String, role: Schema.String })),
  tools: Schema.optionalKey(Schema.Array(Schema.Struct({
    name: Schema.String,
    description: Schema.optionalKey(Schema.String),
    parameters: Schema.optionalKey(Schema.Unknown)
  }))),
  context: Schema.optionalKey(Schema.Array(Schema.Struct({ description: Schema.String, value: Schema.String }))),
  forwardedProps: Schema.optionalKey(Schema.Unknown),
  resume: Schema.optionalKey(Schema.Array(Schema.Struct({
    interruptId: Schema.String,
    status: Schema.Literals(["resolved", "cancelled"]),
    payload: Schema.optionalKey(Schema.Unknown)
  })))
})

/**
 * The answer a resolved interrupt carries; to a tool's form, `content` its values, or `action: "cancel"`; approving a
 * call, `input` the input it runs with instead of the model's (an edit, `ToolEdit`).
 */
export const ApprovalPayload = Schema.Struct({
  approved: Schema.Boolean,
  reason: Schema.optionalKey(Schema.String),
  content: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  action: Schema.optionalKey(Schema.Literal("cancel")),
  input: Schema.optionalKey(Schema.Unknown)
})

/** Where a part's bytes come from: inline (base64), a URL, or a handle a provider issued. */
const PartSource = Schema.Union([
  Schema.Struct({ type: Schema.Literal("data"), value: Schema.String, mimeType: Schema.String }),
  Schema.Struct({ type: Schema.Literal("url"), value: Schema.String, mimeType: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ type: Schema.Literal("file"), value: Schema.String, mimeType: Schema.optionalKey(Schema.String) })
])

export const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })

/** An image, audio, video or document part. */
export const MediaPart = Schema.Struct({
  type: Schema.Literals(["image", "audio", "video", "document"]),
  source: PartSource
})

export type Part = typeof TextPart.Type | typeof MediaPart.Type

/** Content: text, or parts (kept as they came: each is decoded by its type). */
const Content = Schema.Union([Schema.String, Schema.Array(Schema.Unknown)])

/** A tool call of an assistant message (`metadata` marks the provider's own, `encryptedValue` holds its state). */
export const ToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("function"),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String }),
  metadata: Schema.optionalKey(Schema.Unknown),
  encryptedValue: Schema.optionalKey(Schema.String)
})

/** A message from the person using the application. */
export const UserMessage = Schema.Struct({ id: Schema.String, role: Schema.Literal("user"), content: Content })

/** Instructions from the system or the application's developer. */
export const SystemMessage = Schema.Struct({
  id: Schema.String,
  role: Schema.Literals(["system", "developer"]),
  content: Schema.String
})

/** A message of the agent: its signatures and the order of its parts in its metadata. */
export const AssistantMessage = Schema.Struct({
  id: Schema.String,
  role: Schema.Literal("assistant"),
  content: Schema.optionalKey(Schema.String),
  toolCalls: Schema.optionalKey(Schema.Array(ToolCall)),
  metadata: Schema.optionalKey(Schema.Unknown),
  encryptedValue: Schema.optionalKey(Schema.String)
})

export const ToolMessage = Schema.Struct({
  id: Schema.String,
  role: Schema.Literal("tool"),
  content: Content,
  toolCallId: Schema.String,
  error: Schema.optionalKey(Schema.String),
  metadata: Schema.optionalKey(Schema.Unknown)
})

/** Reasoning shown to the user: sent to a model only as a part of the assistant turn that names it. */
export const ReasoningMessage = Schema.Struct({
  id: Schema.String,
  role: Schema.Literal("reasoning"),
  content: Schema.optionalKey(Schema.String),
  encryptedValue: Schema.optionalKey(Schema.String)
})

/** Activity shown to the user, not sent to a model. */
export const ActivityMessage = Schema.Struct({ id: Schema.String, role: Schema.Literal("activity") })

export type Message =
  | typeof UserMessage.Type
  | typeof SystemMessage.Type
  | typeof AssistantMessage.Type
  | typeof ToolMessage.Type
  | typeof ReasoningMessage.Type
  | typeof ActivityMessage.Type

const messageSchemas: Readonly<Record<string, Schema.Decoder<unknown>>> = {
  user: UserMessage,
  system: SystemMessage,
  developer: SystemMessage,
  assistant: AssistantMessage,
  tool: ToolMessage,
  reasoning: ReasoningMessage,
  activity: ActivityMessage
}

/** The Schema of a message of this `role`; `undefined` for a role not known. */
export const messageSchema = (role: string): Schema.Decoder<unknown> | undefined =>
  Object.hasOwn(messageSchemas, role) ? messageSchemas[role] : undefined

/** The Schema of a content part of this `type`; `undefined` for a type not known. */
export const partSchema = (type: string): Schema.Decoder<unknown> | undefined =>
  type === "text" ? TextPart : ["image", "audio", "video", "document"].includes(type) ? MediaPart : undefined
