/**
 * A chat request's message once its parts are decoded, what reads it needs, and the one error every refusal of a
 * request is: an `InvalidRequestError` with status 400 naming the field.
 *
 * @internal
 */
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Message from "../../core/Message.js"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as UIRequestSchema from "./UIRequestSchema.js"

/** A part as decoded: its type and its fields. */
export type Part = { readonly type: string; readonly [key: string]: unknown }

/** A message as decoded: its role, its parts, and the fields the server reads. */
export interface DecodedMessage {
  readonly role: "system" | "user" | "assistant"
  readonly id: string | undefined
  readonly metadata: unknown
  readonly parts: ReadonlyArray<Part>
}

/** A request's field, as its error names it (`messages[1].parts[0].type`). */
export const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === "number" ? `${field}[${key}]` : field === "" ? String(key) : `${field}.${String(key)}`,
    ""
  )

/** The refusal of a request: a 400 naming the field (the body, when `field` is empty). */
export const invalid = (field: string, detail: string): ProviderError.InvalidRequestError => {
  // A refusal quotes the request's own values at most so long.
  const parameter = ErrorReport.cut(field, 200)
  return new ProviderError.InvalidRequestError({
    provider: Provider.browser,
    message: `invalid chat request: ${field === "" ? "the body" : parameter}: ${ErrorReport.cut(detail, 400)}`,
    ...(field === "" ? {} : { parameter }),
    status: 400
  })
}

/** The text of parts: their text parts, joined. */
export const textOf = (parts: ReadonlyArray<Part>): string =>
  parts.flatMap((part) => part.type === "text" ? [part["text"] as string] : []).join("")

/** Whether a part is a tool call (`tool-<name>` or `dynamic-tool`). */
export const isToolPart = (part: Part): part is UIRequestSchema.ToolPart & Part =>
  part.type === "dynamic-tool" || part.type.startsWith("tool-")

/** A tool part's tool name. */
export const nameOf = (part: UIRequestSchema.ToolPart): string => part.toolName ?? part.type.slice("tool-".length)

/** The user messages of a step's `steering-message` parts, in order: where a person steered the answer. */
export const steeredIn = (step: ReadonlyArray<Placed>): Array<Message.Message> =>
  step.flatMap(({ part }) =>
    part.type === "steering-message"
      ? [userMessage({ parts: part["parts"] as ReadonlyArray<Part> } as DecodedMessage)]
      : []
  )

/** A part with its index in its message. */
export interface Placed {
  readonly part: Part
  readonly at: number
}

/** A message's steps: its parts between `step-start`s (the first, before any, usually empty). */
export const stepsOf = (parts: ReadonlyArray<Part>): Array<Array<Placed>> => {
  const steps: Array<Array<Placed>> = [[]]
  parts.forEach((part, at) => {
    if (part.type === "step-start") steps.push([])
    else steps[steps.length - 1]!.push({ part, at })
  })
  return steps
}

/**
 * A file part's full media type: `ai` 7.0.173's `FileUIPart.mediaType` may be the top-level segment alone (`image`,
 * `image/*`), then a `data:` URL's own type of that segment stands for it.
 */
const fullTypeOf = (part: typeof UIRequestSchema.FilePart.Type): string | undefined => {
  const [top, sub] = part.mediaType.split("/", 2)
  if (sub !== undefined && sub !== "" && sub !== "*") return part.mediaType
  const own = /^data:([^;,]+)/i.exec(part.url)?.[1]
  return own?.startsWith(`${top}/`) === true ? own : undefined
}

/**
 * A file part as a message part: an image, a recording (`audio/*`) or a document, by its media type's segment; from
 * the file a provider holds where it names one (its `providerReference` takes precedence over its `url`, as in `ai`
 * 7.0.173's `convertToModelMessages`), else from its URL.
 */
const filePart = (part: typeof UIRequestSchema.FilePart.Type): Message.Part => {
  const mediaType = fullTypeOf(part)
  const top = part.mediaType.split("/", 1)[0]
  const source = part.providerReference === undefined ? part.url : Message.providerReference(part.providerReference)
  if (top === "image") return Message.image(source, mediaType === undefined ? {} : { mediaType })
  if (top === "audio" && mediaType !== undefined) return Message.audio(source, { mediaType })
  return Message.file(source, {
    mediaType: mediaType ?? part.mediaType,
    ...(part.filename === undefined ? {} : { filename: part.filename })
  })
}

/** A file a provider holds that a browser's part names (`providerReference`), with the part's field. */
export interface NamedFile {
  readonly field: string
  readonly ids: Readonly<Record<string, string>>
}

/**
 * The files a provider holds that the parts of `messages` name, from the one at index `from` on: in file parts, and
 * in the parts of a step's `steering-message`.
 */
export const namedFiles = (messages: ReadonlyArray<DecodedMessage>, from = 0): Array<NamedFile> => {
  const found: Array<NamedFile> = []
  const visit = (parts: ReadonlyArray<Part>, at: string) =>
    parts.forEach((part, index) => {
      const ids = part.type === "file" ? (part as typeof UIRequestSchema.FilePart.Type).providerReference : undefined
      if (ids !== undefined) found.push({ field: `${at}[${index}].providerReference`, ids })
      if (part.type === "steering-message") visit(part["parts"] as ReadonlyArray<Part>, `${at}[${index}].parts`)
    })
  for (let index = from; index < messages.length; index++) visit(messages[index]!.parts, `messages[${index}].parts`)
  return found
}

/** A user message: its text, or its text and file parts. */
export const userMessage = (message: DecodedMessage): Message.Message =>
  userOf(message.parts.flatMap((part): Array<Message.Part> =>
    part.type === "text"
      ? [Message.text(part["text"] as string)]
      : part.type === "file"
      ? [filePart(part as typeof UIRequestSchema.FilePart.Type)]
      : []
  ))

/** A user message of these parts: a single text part as its text. */
export const userOf = (parts: ReadonlyArray<Message.Part>): Message.Message => {
  const only = parts.length === 1 ? parts[0]! : undefined
  return Message.user(only?._tag === "TextPart" ? only.text : parts)
}
