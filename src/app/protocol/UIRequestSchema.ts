/**
 * What the AI SDK's `useChat` (its `DefaultChatTransport`) POSTs: `{ id, messages: UIMessage[], trigger, messageId?,
 * ...body }`, as Schemas. Parts are decoded one by one by their `type`, so that an unknown one is named, never dropped.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Message from "../../core/Message.js"

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

/** The provider metadata of a part (this library's entry holds the provider's state). */
const providerMetadata = Schema.optional(Schema.Unknown)

export const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String, providerMetadata })

/** A reasoning part: sent back to a model only with the state its provider put on it. */
export const ReasoningPart = Schema.Struct({ type: Schema.Literal("reasoning"), text: Schema.String, providerMetadata })

/** Whether a URL from a browser is one a provider may be given (`BrowserUrl`). */
export const isBrowserUrl = (url: string): boolean => /^(?:data|https?):/i.test(url)

/**
 * A file's URL from a browser: a `data:` URL or an `http(s)` URL, which a provider may fetch. A cloud storage URI
 * (`s3://`, `gs://`) is refused: the provider would read it with this server's credentials, any object they reach.
 */
export const BrowserUrl = Schema.String.check(Schema.makeFilter((url: string) => isBrowserUrl(url), {
  expected: "a data: URL or an http(s) URL (a storage URI would be read with this server's credentials)"
}))

/**
 * A file a provider holds, as a browser names it: bounded as `Message.ProviderReference` bounds it, and an id that is a
 * URI is an `http(s)` one (a Gemini Files API URI). Gemini and Vertex AI take the id as `fileData.fileUri`
 * (`@google/genai` `FileData.fileUri`), where a `gs://` URI would be read with this server's credentials.
 */
export const BrowserReference = Message.ProviderReference.fields.ids.check(
  Schema.makeFilter(
    (ids) => Object.values(ids).every((id) => !/^[a-z][a-z0-9+.-]*:/i.test(id) || /^https?:/i.test(id)),
    {
      expected:
        "file ids, each URI among them an http(s) URL (a storage URI would be read with this server's credentials)"
    }
  )
)

/**
 * A file: a `data:` URL or an `http(s)` URL (`BrowserUrl`), with its media type; or a file a provider holds (`ai`
 * 7.0.173 `FileUIPart.providerReference`, "Maps provider names to provider-specific file identifiers. When present,
 * takes precedence over `url` in model messages"), as `BrowserReference` bounds it (since 0.7.0).
 */
export const FilePart = Schema.Struct({
  type: Schema.Literal("file"),
  mediaType: Schema.String,
  url: BrowserUrl,
  filename: Schema.optionalKey(Schema.String),
  providerReference: Schema.optionalKey(BrowserReference)
})

/**
 * A file that is part of a model's reasoning (`ai` 7.0.173 `ReasoningFileUIPart`, `reasoning-file`): shown, not sent to
 * a model (this server never serves one; a turn's own files come back with its carried turn). Since 0.7.0.
 */
export const ReasoningFilePart = Schema.Struct({
  type: Schema.Literal("reasoning-file"),
  mediaType: Schema.String,
  url: Schema.String,
  providerMetadata
})

/**
 * A provider's own kind of content (`ai` 7.0.173 `CustomContentUIPart`, `custom`, its `kind` `{provider}.{type}`):
 * shown, not sent to a model (this server never serves one; a provider's state rides on the parts it signed). Since
 * 0.7.0.
 */
export const CustomPart = Schema.Struct({
  type: Schema.Literal("custom"),
  kind: Schema.String.check(Schema.isPattern(/\./)),
  providerMetadata
})

/**
 * A message a person steered or queued into a running answer (the `ai` 7 `steering-message` part), read back as a user
 * message where it stands. Since 0.7.0.
 */
export const SteeringMessagePart = Schema.Struct({
  type: Schema.Literal("steering-message"),
  id: Schema.String,
  parts: Schema.Array(Schema.Union([TextPart, FilePart]))
})

/** Where a step (a model call) of an assistant message starts. */
export const StepStartPart = Schema.Struct({ type: Schema.Literal("step-start") })

export const SourceUrlPart = Schema.Struct({
  type: Schema.Literal("source-url"),
  sourceId: Schema.String,
  url: Schema.String
})

export const SourceDocumentPart = Schema.Struct({
  type: Schema.Literal("source-document"),
  sourceId: Schema.String,
  mediaType: Schema.String,
  title: Schema.String
})

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
  /** An output that a later one replaces (`output-available` while the tool still runs): not the call's outcome. */
  preliminary: Schema.optional(Schema.Boolean),
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

export type ToolPart = typeof ToolPart.Type & { readonly toolName?: string }

const schemas: Readonly<Record<string, Schema.Decoder<unknown>>> = {
  text: TextPart,
  reasoning: ReasoningPart,
  file: FilePart,
  "step-start": StepStartPart,
  "steering-message": SteeringMessagePart,
  "source-url": SourceUrlPart,
  "source-document": SourceDocumentPart,
  "reasoning-file": ReasoningFilePart,
  custom: CustomPart,
  "dynamic-tool": DynamicToolPart
}

/** The Schema of a part of this `type`; `undefined` for a type not known. */
export const partSchema = (type: string): Schema.Decoder<unknown> | undefined => {
  if (Object.hasOwn(schemas, type)) return schemas[type]
  if (type.startsWith("tool-") && type.length > 5) return ToolPart
  if (type.startsWith("data-") && type.length > 5) return DataPart
  return undefined
}
