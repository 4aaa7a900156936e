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

/** A media part as a part of a message, or why it cannot be one. */
const mediaPart = (part: MediaPart): Message.Part | string => {
  const source = part.source
  if (source.type === "file") return "a handle of a file at a provider is not taken (send its bytes or a URL)"
  if (part.type === "video") return "video is not taken"
  const url = source.type === "data" ? `data:${source.mimeType};base64,${source.value}` : source.value
  const mediaType = source.mimeType
  if (part.type === "image") return Message.image(url, mediaType === undefined ? {} : { mediaType })
  if (mediaType === undefined) return `a ${part.type} needs its mimeType`
  return part.type === "audio" ? Message.audio(url, { mediaType }) : Message.file(url, { mediaType })
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
