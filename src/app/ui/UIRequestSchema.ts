/**
 * What the AI SDK's `useChat` (its `DefaultChatTransport`) POSTs: `{ id, messages: UIMessage[], trigger,
 * messageId?, ...body }`, as Schemas. A message's parts are decoded one by one by their `type`, so that a part
 * of a type this library does not know is named, never dropped. Unknown fields are ignored.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/** The body of a chat request, its messages' parts not decoded yet. */
export const ChatRequest = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  messages: Schema.Array(Schema.Struct({
    id: Schema.optionalKey(Schema.String),
    role: Schema.Literals(["system", "user", "assistant"]),
    metadata: Schema.optionalKey(Schema.Unknown),
    parts: Schema.Array(Schema.Struct({ type: Schema.String }))
  })),
  trigger: Schema.optionalKey(Schema.Literals(["submit-message", "regenerate-message"])),
  messageId: Schema.optionalKey(Schema.String),
  /** The model the body picks (the AI SDK's `body: { model }`), as sent: whoever serves checks it. */
  model: Schema.optionalKey(Schema.Unknown)
})

/** The provider metadata of a part (this library's entry holds the provider's state: see `UIHistoryState`). */
const providerMetadata = Schema.optional(Schema.Unknown)

/** A text part. */
export const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String, providerMetadata })

/**
 * A reasoning part: sent back to a model only with the state its provider put on it (in `providerMetadata`),
 * as the server served it.
 */
export const ReasoningPart = Schema.Struct({ type: Schema.Literal("reasoning"), text: Schema.String, providerMetadata })

/** A file: a `data:` URL or a URL, with its media type. */
export const FilePart = Schema.Struct({
  type: Schema.Literal("file"),
  mediaType: Schema.String,
  url: Schema.String,
  filename: Schema.optionalKey(Schema.String)
})

/** Where a step (a model call) of an assistant message starts. */
export const StepStartPart = Schema.Struct({ type: Schema.Literal("step-start") })

/** A URL the answer cited. */
export const SourceUrlPart = Schema.Struct({
  type: Schema.Literal("source-url"),
  sourceId: Schema.String,
  url: Schema.String
})

/** A document the answer cited. */
export const SourceDocumentPart = Schema.Struct({
  type: Schema.Literal("source-document"),
  sourceId: Schema.String,
  mediaType: Schema.String,
  title: Schema.String
})

/** The states of a tool part. */
export const ToolState = Schema.Literals([
  "input-streaming",
  "input-available",
  "approval-requested",
  "approval-responded",
  "output-available",
  "output-error",
  "output-denied"
])

/** A tool part's approval: the id the server issued, and (once the user answered) the answer. */
export const Approval = Schema.Struct({
  id: Schema.String,
  approved: Schema.optional(Schema.Boolean),
  reason: Schema.optional(Schema.String),
  /** What the request showed: a tool's request for input (`{ elicitation }`), whose answer is `reason`'s JSON. */
  descriptor: Schema.optional(Schema.Unknown)
})

// Optional fields may also be `undefined`: the `ai` client's messages hold them so before they are serialised.
const toolFields = {
  toolCallId: Schema.String,
  state: ToolState,
  input: Schema.optionalKey(Schema.Unknown),
  output: Schema.optionalKey(Schema.Unknown),
  errorText: Schema.optional(Schema.String),
  providerExecuted: Schema.optional(Schema.Boolean),
  approval: Schema.optional(Approval),
  /** Where the client keeps the `providerMetadata` of the call's input (`tool-input-available`) ... */
  callProviderMetadata: providerMetadata,
  /** ... and of a call that failed on its input (`tool-input-error`). */
  resultProviderMetadata: providerMetadata
}

/** A tool call of a tool the application declared (`tool-<name>`). */
export const ToolPart = Schema.Struct({ type: Schema.String, ...toolFields })

/** A tool call of a tool known only at run time. */
export const DynamicToolPart = Schema.Struct({
  type: Schema.Literal("dynamic-tool"),
  toolName: Schema.String,
  ...toolFields
})

/** Application data (`data-<name>`): shown, not sent to a model. */
export const DataPart = Schema.Struct({ type: Schema.String, data: Schema.Unknown })

/** A tool part as decoded, static or dynamic. */
export type ToolPart = typeof ToolPart.Type & { readonly toolName?: string }

/** The Schema of a part of this `type`; `undefined` for a type not known. */
export const partSchema = (type: string): Schema.Decoder<unknown> | undefined => {
  switch (type) {
    case "text":
      return TextPart
    case "reasoning":
      return ReasoningPart
    case "file":
      return FilePart
    case "step-start":
      return StepStartPart
    case "source-url":
      return SourceUrlPart
    case "source-document":
      return SourceDocumentPart
    case "dynamic-tool":
      return DynamicToolPart
  }
  if (type.startsWith("tool-") && type.length > 5) return ToolPart
  if (type.startsWith("data-") && type.length > 5) return DataPart
  return undefined
}
