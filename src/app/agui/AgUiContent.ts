/**
 * Decodes a user message's (or a tool message's) content: text, or parts. An image, a document and audio come from
 * their bytes (a `data:` URL) or their URL (fetched by the provider, never by this library); a video, a handle of a
 * file at a provider, or a document or recording without its media type is refused, naming the part. A tool message's
 * parts read back what the model is told of each beside it (`AgUiResultParts.extrasKey`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as UIToMessages from "../history/UIToMessages.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import * as AgUiInputSchema from "./AgUiInputSchema.js"
import * as AgUiResultParts from "./AgUiResultParts.js"

type MediaPart = typeof AgUiInputSchema.MediaPart.Type

type Source = MediaPart["source"]

/**
 * Where a part's bytes are, by its source (`@ag-ui/core` 1.0.0 `PartSource`: `DataSource`, `UrlSource`,
 * `FileSource`): a URL a provider reads, or why the source is not taken.
 */
const sources: Record<Source["type"], (source: Source) => { readonly url: string } | string> = {
  // A data source's mimeType is required (its Schema).
  data: (source) => ({ url: `data:${source.mimeType};base64,${source.value}` }),
  // As a browser's file URL (`UIRequestSchema.BrowserUrl`): no storage URI, which a provider reads as this server.
  url: (source) =>
    UIRequestSchema.isBrowserUrl(source.value)
      ? { url: source.value }
      : "a url source is a data: URL or an http(s) URL (a storage URI would be read with this server's credentials)",
  file: () => "a handle of a file at a provider is not taken (send its bytes or a URL)"
}

/**
 * Each media part (`@ag-ui/core` 1.0.0 `ImagePart`, `AudioPart`, `VideoPart`, `DocumentPart`) as a part of a message,
 * from its URL, media type and what the model is told of it beside (`AgUiResultParts.Extras`), or why it cannot be one.
 */
const media: {
  readonly [Type in MediaPart["type"]]: (
    url: string,
    mediaType: string | undefined,
    extras: AgUiResultParts.Extras
  ) => Message.Part | string
} = {
  image: (url, mediaType, { alt, detail }) => Message.image(url, { mediaType, detail, alt }),
  audio: (url, mediaType, { alt }) =>
    mediaType === undefined ? "audio needs its mimeType" : Message.audio(url, { mediaType, alt }),
  video: () => "video is not taken",
  document: (url, mediaType, { alt, citations, filename }) =>
    mediaType === undefined
      ? "a document needs its mimeType"
      : Message.file(url, { mediaType, filename, citations, alt })
}

/** A media part as a part of a message, or why it cannot be one. */
const mediaPart = (part: MediaPart, extras: AgUiResultParts.Extras): Message.Part | string => {
  const from = sources[part.source.type](part.source)
  return typeof from === "string" ? from : media[part.type](from.url, part.source.mimeType, extras)
}

/** What the model is told of a raw part beside it, as the server wrote it (`AgUiResultParts.extrasKey`). */
const extrasOf = (raw: unknown, field: ReadonlyArray<PropertyKey>) => {
  const metadata = (raw as { readonly metadata?: unknown }).metadata
  const extras = typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[AgUiResultParts.extrasKey]
    : undefined
  return extras === undefined
    ? Effect.succeed({})
    : UIToMessages.decode(AgUiResultParts.Extras, extras, [...field, "metadata", AgUiResultParts.extrasKey])
}

/**
 * Content as text, or as parts (each decoded by its type); `at` is the content's field. `withExtras`: a tool message's,
 * whose parts carry what the model is told of them beside (`AgUiResultParts.extrasKey`; a user's parts are read
 * without).
 */
export const contentOf = (
  content: string | ReadonlyArray<unknown>,
  at: ReadonlyArray<PropertyKey>,
  withExtras = false
): Effect.Effect<string | ReadonlyArray<Message.Part>, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (typeof content === "string") return content
    const parts: Array<Message.Part> = []
    for (const [index, raw] of content.entries()) {
      const field = [...at, index]
      const type = typeof raw === "object" && raw !== null ? (raw as { readonly type?: unknown }).type : undefined
      const schema = typeof type === "string" ? AgUiInputSchema.partSchema(type) : undefined
      if (schema === undefined) {
        return yield* UIDecodedMessage.invalid(
          UIDecodedMessage.fieldOf([...field, "type"]),
          `unknown part type ${JSON.stringify(type ?? null)}`
        )
      }
      const part = (yield* UIToMessages.decode(schema, raw, field)) as AgUiInputSchema.Part
      if (part.type === "text") {
        parts.push(Message.text(part.text))
        continue
      }
      const made = mediaPart(part, withExtras ? yield* extrasOf(raw, field) : {})
      if (typeof made === "string") {
        return yield* UIDecodedMessage.invalid(UIDecodedMessage.fieldOf(field), made)
      }
      parts.push(made)
    }
    return parts
  })

/** A user message of this content: its text alone, or its parts. */
export const userMessage = (content: string | ReadonlyArray<Message.Part>): Message.Message =>
  typeof content === "string" ? Message.user(content) : UIDecodedMessage.userOf(content)

/**
 * A tool message's content with the `error` it carries (`@ag-ui/core` 1.0.0 `ToolMessage.error`: "present alongside
 * content rather than instead of it, so a partial result survives a failure"): the error after what the tool returned.
 */
export const withError = (
  content: string | ReadonlyArray<Message.Part>,
  error: string | undefined
): string | ReadonlyArray<Message.Part> => {
  if (error === undefined) return content
  if (content.length === 0) return error
  return typeof content === "string" ? `${content}\n\n${error}` : [...content, Message.text(error)]
}
