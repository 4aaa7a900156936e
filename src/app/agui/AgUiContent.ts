/**
 * Decodes a user message's (or a tool message's) content: text, or parts. An image, a document and audio come from
 * their bytes (a `data:` URL) or their URL (fetched by the provider, never by this library); a video, a handle of a
 * file at a provider, or a document or recording without its media type is refused, naming the part.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as UIToMessages from "../history/UIToMessages.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as AgUiInputSchema from "./AgUiInputSchema.js"

type MediaPart = typeof AgUiInputSchema.MediaPart.Type

type Source = MediaPart["source"]

/**
 * Where a part's bytes are, by its source (`@ag-ui/core` 1.0.0 `PartSource`: `DataSource`, `UrlSource`,
 * `FileSource`): a URL a provider reads, or why the source is not taken.
 */
const sources: Record<Source["type"], (source: Source) => { readonly url: string } | string> = {
  // A data source's mimeType is required (its Schema).
  data: (source) => ({ url: `data:${source.mimeType};base64,${source.value}` }),
  url: (source) => ({ url: source.value }),
  file: () => "a handle of a file at a provider is not taken (send its bytes or a URL)"
}

/**
 * Each media part (`@ag-ui/core` 1.0.0 `ImagePart`, `AudioPart`, `VideoPart`, `DocumentPart`) as a part of a message,
 * from its URL and media type, or why it cannot be one.
 */
const media: {
  readonly [Type in MediaPart["type"]]: (url: string, mediaType: string | undefined) => Message.Part | string
} = {
  image: (url, mediaType) => Message.image(url, mediaType === undefined ? {} : { mediaType }),
  audio: (url, mediaType) => mediaType === undefined ? "audio needs its mimeType" : Message.audio(url, { mediaType }),
  video: () => "video is not taken",
  document: (url, mediaType) =>
    mediaType === undefined ? "a document needs its mimeType" : Message.file(url, { mediaType })
}

/** A media part as a part of a message, or why it cannot be one. */
const mediaPart = (part: MediaPart): Message.Part | string => {
  const from = sources[part.source.type](part.source)
  return typeof from === "string" ? from : media[part.type](from.url, part.source.mimeType)
}

/** Content as text, or as parts (each decoded by its type); `at` is the content's field. */
export const contentOf = (
  content: string | ReadonlyArray<unknown>,
  at: ReadonlyArray<PropertyKey>
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
      const made = mediaPart(part)
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
