/**
 * Conversation messages, provider-agnostic; each provider encodes them in its own wire format. A user
 * turn (and a tool result) is text, or parts: text, images, documents and audio, and cache points.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { FinishReason } from "./FinishReason.js"
import { ToolCall } from "./Tool.js"
export { budgetAnswer, ToolApproval, toolApproval } from "./Tool.js"

/**
 * A file a provider holds, by its id at each provider that holds it (`{ openai: "file-abc123" }`, keyed by the
 * provider's name: the `ai` package's `ProviderReference`, what its `uploadFile` gives). A request sends the id of
 * the provider it calls (OpenAI's `file_id`, Anthropic's `source: { type: "file", file_id }`, Gemini's
 * `fileData.fileUri`); one to a provider it names no id for, or that takes no file by its id, is refused before
 * sending. At most 16 providers; a name is lower-case letters, digits, `.`, `_` or `-`, an id up to 1024 printable
 * ASCII characters without spaces.
 *
 * @since 0.7.0
 * @category Schemas
 */
export class ProviderReference extends Schema.TaggedClass<ProviderReference>("effect-llm-stream/ProviderReference")(
  "ProviderReference",
  {
    ids: Schema.Record(
      Schema.String.check(Schema.isPattern(/^[a-z0-9][a-z0-9._-]{0,63}$/)),
      Schema.String.check(Schema.isPattern(/^[\x21-\x7e]{1,1024}$/))
    ).check(Schema.isBetweenProperties(1, 16))
  }
) {}

/**
 * A file a provider holds, by its id at each provider that holds it (see `ProviderReference`), as a part's source:
 * `Message.file(Message.providerReference({ openai: "file-abc123" }), { mediaType: "application/pdf" })`.
 *
 * @since 0.7.0
 * @category Constructors
 */
export const providerReference = (ids: Readonly<Record<string, string>>): ProviderReference =>
  new ProviderReference({ ids })

/**
 * Where a part's content comes from: an `http(s)` URL (the provider fetches it; this library never does), a
 * `data:` URL, a `URL`, the bytes themselves, or a file a provider holds (`ProviderReference`, since 0.7.0). Encoded
 * as JSON-safe tagged values, so that a conversation stored as JSON reads back as it was.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Source = Schema.Union([
  Schema.String,
  ProviderReference,
  // Tagged members first, so that encoding gives JSON-safe data (`effect/ai`'s file parts' forms).
  Schema.TaggedStruct("Uint8Array", { base64: Schema.Uint8ArrayFromBase64 }).pipe(
    Schema.decodeTo(
      Schema.Uint8Array,
      SchemaTransformation.transform({
        decode: ({ base64 }) => base64,
        encode: (base64) => ({ _tag: "Uint8Array", base64 }) as const
      })
    )
  ),
  Schema.TaggedStruct("URL", { href: Schema.URLFromString }).pipe(
    Schema.decodeTo(
      Schema.URL,
      SchemaTransformation.transform({
        decode: ({ href }) => href,
        encode: (href) => ({ _tag: "URL", href }) as const
      })
    )
  ),
  Schema.Uint8Array,
  Schema.URL
])

/**
 * @since 0.3.0
 * @category Models
 */
export type Source = typeof Source.Type

/**
 * How closely the model looks at an image, where the API has the setting (OpenAI, Azure, Groq and the
 * Responses API); other providers ignore it.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const ImageDetail = Schema.Literals(["auto", "low", "high"])

/**
 * @since 0.3.0
 * @category Models
 */
export type ImageDetail = typeof ImageDetail.Type

/**
 * Text, as one part of a message's content.
 *
 * @since 0.3.0
 * @category Models
 */
export class TextPart extends Schema.TaggedClass<TextPart>("effect-llm-stream/TextPart")("TextPart", {
  text: Schema.String
}) {}

/**
 * An image (a screenshot, a photo, a chart). Without a `mediaType`, bytes are recognised by their
 * signature (PNG, JPEG, GIF, WebP) and a `data:` URL by its own media type.
 *
 * @since 0.3.0
 * @category Models
 */
export class ImagePart extends Schema.TaggedClass<ImagePart>("effect-llm-stream/ImagePart")("ImagePart", {
  source: Source,
  mediaType: Schema.optionalKey(Schema.String),
  detail: Schema.optionalKey(ImageDetail),
  /** Text sent in its place where the API cannot take it, instead of a refusal (since 0.4.0). */
  alt: Schema.optionalKey(Schema.String)
}) {}

/**
 * A document: a PDF, or another type the provider accepts (`docs/multimodal.md`). `filename` is sent where the
 * API takes one.
 *
 * @since 0.3.0
 * @category Models
 */
export class FilePart extends Schema.TaggedClass<FilePart>("effect-llm-stream/FilePart")("FilePart", {
  source: Source,
  mediaType: Schema.String,
  filename: Schema.optionalKey(Schema.String),
  /** Text sent in its place where the API cannot take it, instead of a refusal (since 0.4.0). */
  alt: Schema.optionalKey(Schema.String),
  /** Asks the model to cite the document, where the API takes that: Anthropic, Bedrock (since 0.7.0). */
  citations: Schema.optionalKey(Schema.Boolean)
}) {}

/**
 * A recording (`audio/wav`, `audio/mpeg`, ...), for the providers that take audio input.
 *
 * @since 0.3.0
 * @category Models
 */
export class AudioPart extends Schema.TaggedClass<AudioPart>("effect-llm-stream/AudioPart")("AudioPart", {
  source: Source,
  mediaType: Schema.String,
  /** Text sent in its place where the API cannot take it, instead of a refusal (since 0.4.0). */
  alt: Schema.optionalKey(Schema.String)
}) {}

/**
 * How long a cached prompt prefix lives: 5 minutes (the default) or an hour (its writes cost more).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CacheTtl = Schema.Literals(["5m", "1h"])

/**
 * @since 0.3.0
 * @category Models
 */
export type CacheTtl = typeof CacheTtl.Type

/**
 * A cache breakpoint: the prompt up to the part before it is cached, where the provider takes breakpoints.
 *
 * @since 0.3.0
 * @category Models
 */
export class CachePointPart extends Schema.TaggedClass<CachePointPart>("effect-llm-stream/CachePointPart")(
  "CachePointPart",
  { ttl: Schema.optionalKey(CacheTtl) }
) {}

/**
 * One part of a user message's (or a tool result's) content, or a cache point after one.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Part = Schema.Union([TextPart, ImagePart, FilePart, AudioPart, CachePointPart])

/**
 * @since 0.3.0
 * @category Models
 */
export type Part = typeof Part.Type

/**
 * A part of a system prompt: text, and cache points.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SystemPart = Schema.Union([TextPart, CachePointPart])

/**
 * @since 0.3.0
 * @category Models
 */
export type SystemPart = typeof SystemPart.Type

/** The options that are set (an optional key takes no `undefined`). */
const defined = <A extends object>(options: A): { [K in keyof A]: Exclude<A[K], undefined> } =>
  Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as any

/** Joins the text parts of `parts`: what code that reads only a message's text sees. */
const textOf = (parts: ReadonlyArray<Part>): string =>
  parts.flatMap((part) => part._tag === "TextPart" ? [part.text] : []).join("\n")

/**
 * @since 0.1.0
 * @category Models
 */
export class SystemMessage extends Schema.TaggedClass<SystemMessage>("effect-llm-stream/SystemMessage")(
  "SystemMessage",
  {
    text: Schema.String,
    /** The prompt, part by part, when it has cache points (since 0.3.0); `text` holds its text. */
    parts: Schema.optionalKey(Schema.Array(SystemPart))
  }
) {}

/**
 * A user turn. `text` alone is a text message (encoded as before parts existed). With `parts`, the parts
 * are the whole content, in order, and `text` holds their text parts joined with newlines.
 *
 * @since 0.1.0
 * @category Models
 */
export class UserMessage extends Schema.TaggedClass<UserMessage>("effect-llm-stream/UserMessage")(
  "UserMessage",
  {
    text: Schema.String,
    /** The content, part by part (since 0.3.0). */
    parts: Schema.optionalKey(Schema.Array(Part))
  }
) {}

/**
 * An assistant turn as the provider sent it, block by block (content blocks, output items, signed parts), sent
 * back as they came to the same API, as reasoning with tools requires. `provider` names whose blocks they are
 * (`azure-responses` since 0.5.0: neither Responses API holds the items the other stored).
 *
 * @since 0.2.0
 * @category Models
 */
export class ProviderContent extends Schema.Class<ProviderContent>("effect-llm-stream/ProviderContent")({
  provider: Schema.Literals(["anthropic", "bedrock", "openai-responses", "azure-responses", "google", "openrouter"]),
  blocks: Schema.Array(Schema.Unknown),
  /** The container the turn's code ran in (Anthropic's code execution), named by a request that answers its calls. */
  container: Schema.optionalKey(Schema.String)
}) {}

/**
 * @since 0.1.0
 * @category Models
 */
export class AssistantMessage extends Schema.TaggedClass<AssistantMessage>("effect-llm-stream/AssistantMessage")(
  "AssistantMessage",
  {
    text: Schema.String,
    toolCalls: Schema.Array(ToolCall),
    /** The turn's blocks as its provider sent them, when it was a provider that has them. */
    content: Schema.optionalKey(ProviderContent),
    /**
     * How the model ended the turn, where known (since 0.7.0): `stop`, an answer it finished. A conversation that
     * ends with a finished answer leaves a model that takes no prefill nothing to continue: `runTools` then ends at
     * once, sending nothing.
     */
    finishReason: Schema.optionalKey(FinishReason)
  }
) {}

/**
 * @since 0.1.0
 * @category Models
 */
export class ToolResultMessage extends Schema.TaggedClass<ToolResultMessage>("effect-llm-stream/ToolResultMessage")(
  "ToolResultMessage",
  {
    toolCallId: Schema.String,
    name: Schema.String,
    /** The result's text (with `parts`: their text parts joined). */
    content: Schema.String,
    isError: Schema.Boolean,
    /** The result's whole content, part by part, where more than text (since 0.3.0). */
    parts: Schema.optionalKey(Schema.Array(Part))
  }
) {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Message = /* @__PURE__ */ Schema.Union([SystemMessage, UserMessage, AssistantMessage, ToolResultMessage])

/**
 * @since 0.1.0
 * @category Models
 */
export type Message = typeof Message.Type

/**
 * A system instruction: text, or text parts with cache points. Providers that take the system prompt
 * outside the message list (Anthropic, Bedrock) receive it there.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const system = (content: string | ReadonlyArray<SystemPart>): Message =>
  typeof content === "string"
    ? new SystemMessage({ text: content })
    : new SystemMessage({ text: textOf(content), parts: content })

/**
 * A user turn: text, or parts (text, images, documents, audio) in the order the model should read them.
 *
 * @example
 * ```ts
 * import { Message } from "effect-llm-stream"
 *
 * declare const screenshot: Uint8Array
 *
 * const question = Message.user([Message.image(screenshot), Message.text("What is wrong with this form?")])
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const user = (content: string | ReadonlyArray<Part>): Message =>
  typeof content === "string"
    ? new UserMessage({ text: content })
    : new UserMessage({ text: textOf(content), parts: content })

/**
 * A text part.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const text = (text: string): TextPart => new TextPart({ text })

/**
 * A cache point after a content part of a message or a system prompt: the prompt up to that part is cached
 * for later calls (`ttl`: `"5m"`, the default, or `"1h"`).
 *
 * @example
 * ```ts
 * import { Message } from "effect-llm-stream"
 *
 * declare const manual: string
 *
 * const question = Message.user([Message.text(manual), Message.cachePoint(), Message.text("How do I reset it?")])
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const cachePoint = (options: { readonly ttl?: CacheTtl | undefined } = {}): CachePointPart =>
  new CachePointPart(defined(options))

/** `alt`: the text sent in the part's place where the API cannot take it, instead of a refusal (since 0.4.0). */
type AltOption = { readonly alt?: string | undefined }

/**
 * An image part: bytes, a `data:` URL, or an `http(s)` URL the provider fetches (where it can).
 *
 * @since 0.3.0
 * @category Constructors
 */
export const image = (
  source: Source,
  options: { readonly mediaType?: string | undefined; readonly detail?: ImageDetail | undefined } & AltOption = {}
): ImagePart => new ImagePart({ source, ...defined(options) })

/**
 * A document part (`application/pdf`, `text/plain`, ...). `citations: true` asks the model to cite it (Anthropic's
 * and Bedrock's `citations: { enabled: true }`; the cited documents stream as `source-document` UI chunks; Anthropic
 * takes it on all of a request's documents or on none); APIs without the request send the document as without it
 * (since 0.7.0).
 *
 * @since 0.3.0
 * @category Constructors
 */
export const file = (
  source: Source,
  options:
    & {
      readonly mediaType: string
      readonly filename?: string | undefined
      readonly citations?: boolean | undefined
    }
    & AltOption
): FilePart => new FilePart({ source, ...defined(options) })

/**
 * An audio part (`audio/wav`, `audio/mpeg`, ...).
 *
 * @since 0.3.0
 * @category Constructors
 */
export const audio = (source: Source, options: { readonly mediaType: string } & AltOption): AudioPart =>
  new AudioPart({ source, ...defined(options) })

/**
 * An assistant turn, with the tool calls it made and the provider's own blocks (`ProviderContent`);
 * `CallResponse.toMessage(response)` fills all three. `finishReason` (since 0.7.0): how the model ended it, where
 * known.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const assistant = (
  text: string,
  options: {
    readonly toolCalls?: ReadonlyArray<ToolCall> | undefined
    readonly content?: ProviderContent | undefined
    readonly finishReason?: FinishReason | undefined
  } = {}
): Message =>
  new AssistantMessage({
    text,
    toolCalls: options.toolCalls ?? [],
    ...defined({ content: options.content, finishReason: options.finishReason })
  })

/**
 * The result of running a tool, answering the tool call with id `toolCallId`: text, or parts where the API's tool
 * results take them (elsewhere a part is refused unless it has an `alt` text).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const toolResult = (options: {
  readonly toolCallId: string
  readonly name: string
  readonly content: string | ReadonlyArray<Part>
  readonly isError?: boolean | undefined
}): Message =>
  new ToolResultMessage({
    toolCallId: options.toolCallId,
    name: options.name,
    isError: options.isError ?? false,
    ...(typeof options.content === "string"
      ? { content: options.content }
      : { content: textOf(options.content), parts: options.content })
  })
