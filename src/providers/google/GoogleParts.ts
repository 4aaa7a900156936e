/**
 * Content parts as Gemini's `Part`s (`@google/genai` `Part`, `Blob`, `FileData`, `FunctionResponse`):
 * text; images, PDFs and other documents, audio and video as `inlineData` (base64 with its `mimeType`);
 * a URL as `fileData` (`fileUri` with its `mimeType`): a Files API URI, a YouTube URL, an `https` URL, and
 * on Vertex AI a `gs://` Cloud Storage URI. Inline data is limited to 20 MB per request (Google's "Image
 * understanding" and "Document understanding" guides): larger files go through the Files API or Cloud
 * Storage.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as PartSources from "../../core/request/PartSources.js"

const api = "Gemini"

const maxInlineBytes = 20 * 2 ** 20

/**
 * The media types a function response's `parts` take (Gemini API, "Function calling": multimodal function responses).
 */
const functionResponseTypes: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/webp",
  "application/pdf",
  "text/plain"
])

/** An image's media type: given, or from its bytes (`undefined` for a URL's, or bytes of no known type). */
const imageType = (part: Message.ImagePart): string | undefined => {
  const data = PartSources.resolve(part.source)
  const type = Result.isSuccess(data) ? PartSources.imageMediaType(part, data.success) : undefined
  return type !== undefined && Result.isSuccess(type) ? type.success : undefined
}

type Encoded = Result.Result<unknown, CallRequest.Unsupported>

/** A `fileData` part for a `gs://` URI, which must come with its media type. */
const cloudStorage = (
  at: string,
  part: Message.ImagePart | Message.FilePart | Message.AudioPart,
  uri: string,
  given: string | undefined
): Encoded =>
  given === undefined
    ? MessageParts.refuse(MessageParts.describe(at, part), `${api} needs the mediaType of a gs:// file; give it`)
    : Result.succeed({ fileData: { mimeType: PartSources.normalizeMediaType(given), fileUri: uri } })

/**
 * An image, document or recording: a `gs://` URI or another URL as `fileData`, bytes as `inlineData`
 * counted against the 20 MB of inline data a request takes.
 */
const media = (
  tally: MessageParts.Tally,
  at: string,
  part: Message.ImagePart | Message.FilePart | Message.AudioPart
): Encoded => {
  const given = part._tag === "ImagePart" ? part.mediaType : MessageParts.mediaTypeOf(part)
  const storage = PartSources.storageUri(part.source, "gs://")
  if (storage !== undefined) return cloudStorage(at, part, storage, given)
  const data = MessageParts.dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  let mediaType = given === undefined ? undefined : PartSources.normalizeMediaType(given)
  if (part._tag === "ImagePart") {
    const image = PartSources.imageMediaType(part, data.success)
    if (Result.isFailure(image)) return MessageParts.refuse(MessageParts.describe(at, part), image.failure)
    mediaType = image.success
  }
  if (data.success._tag === "Url") {
    return Result.succeed({
      fileData: { ...(mediaType === undefined ? {} : { mimeType: mediaType }), fileUri: data.success.url }
    })
  }
  const inline = data.success
  if (tally.add("inlineBytes", inline.size) > maxInlineBytes) {
    return MessageParts.refuse(
      MessageParts.describe(at, part, mediaType),
      `${api} takes at most 20 MB of inline data per request; upload large files with the Files API (or to Cloud Storage on Vertex AI) and send their URI`
    )
  }
  return Result.succeed({ inlineData: { mimeType: mediaType ?? inline.mediaType, data: inline.base64() } })
}

/**
 * Whether a host's function responses take a file by its URI in their `parts` (`fileData`): "URI based data. This
 * field is not supported in Gemini API" (`@google/genai` 1.x `FunctionResponsePart.fileData`); Vertex AI takes it.
 */
const responseUris: Readonly<Record<string, boolean>> = { google: false, "google-vertex": true }

/** A part encoded for a function response, and where it is (`messages[2].parts[1]`). */
type Placed = {
  readonly where: string
  readonly item: Message.ImagePart | Message.FilePart | Message.AudioPart
  readonly block: unknown
}

/**
 * A `functionResponse` part: the result as `{ result }` (`{ error }` when it failed), its other parts
 * (images, documents) in the response's `parts` (Gemini 3's multimodal function responses, which take PNG,
 * JPEG and WebP images, PDF and plain text: a part of another type is sent as its `alt` text, when it has one).
 * A part that is text once encoded (a text file) goes in the response's text, as a `FunctionResponsePart` holds
 * media alone; a file by its URI, where the host takes none there (`responseUris`), as its `alt` text, else it is
 * refused.
 */
const toolResult = (
  message: Message.ToolResultMessage,
  at: string,
  id: string | undefined,
  part: (at: string, part: MessageParts.ContentPart) => Encoded,
  host: string
): Result.Result<ReadonlyArray<unknown>, CallRequest.Unsupported> => {
  const placed: Array<Placed> = []
  const texts: Array<string> = [message.content]
  for (const [index, item] of (message.parts ?? []).entries()) {
    if (item._tag === "TextPart" || item._tag === "CachePointPart") continue
    const mediaType = item._tag === "ImagePart" ? imageType(item) : MessageParts.mediaTypeOf(item)
    const taken = mediaType === undefined || functionResponseTypes.has(mediaType)
    if (!taken && item.alt !== undefined) {
      texts.push(item.alt)
      continue
    }
    // As `MessageParts.encodeAll` does: a part that cannot be sent goes as its alt text, when it has one.
    const where = `${at}.parts[${index}]`
    const block = Result.orElse(
      part(where, item),
      (why) => item.alt === undefined ? Result.fail(why) : Result.succeed<unknown>({ text: item.alt })
    )
    if (Result.isFailure(block)) return Result.fail(block.failure)
    placed.push({ where, item, block: block.success })
  }
  const parts: Array<unknown> = []
  for (const { block, item, where } of placed) {
    const fields = block as { readonly text?: unknown; readonly fileData?: unknown }
    if (typeof fields.text === "string") texts.push(fields.text)
    else if (fields.fileData === undefined || responseUris[host] === true) parts.push(block)
    else if (item.alt !== undefined) texts.push(item.alt)
    else {
      return MessageParts.refuse(
        MessageParts.describe(where, item),
        `${api} takes a function response's files inline only (not by their URL or file id); pass its bytes, give it an alt text, or send it in a user message after the tool results`
      )
    }
  }
  const content = texts.filter((text) => text !== "").join("\n")
  const response = message.isError ? { error: content } : { result: content }
  const head = { name: message.name, response, ...(id === undefined ? {} : { id }) }
  return Result.succeed([{ functionResponse: parts.length === 0 ? head : { ...head, parts } }])
}

/**
 * A file Gemini holds, by its id: `fileData` with the id as its `fileUri` (a Files API URI; on Vertex AI, a `gs://`
 * URI) and the media type given (`@google/genai` 3.3.0 `FileData.fileUri`, `mimeType`).
 */
const byId = ({ mediaType }: MessageParts.FileLike, id: string): Encoded =>
  Result.succeed({
    fileData: {
      ...(mediaType === undefined ? {} : { mimeType: PartSources.normalizeMediaType(mediaType) }),
      fileUri: id
    }
  })

/**
 * Encodes the parts of one request, counting inline bytes against the request limit; a file by its id as `host`
 * names it in a reference (`google`, `google-vertex`).
 */
export const encoder = (host: string) => {
  const tally = new MessageParts.Tally()
  const inMedia = (at: string, item: Message.ImagePart | Message.FilePart | Message.AudioPart) => media(tally, at, item)
  /** A content part of a user message or of a tool result. */
  const part = MessageParts.byKind<unknown>({
    text: (text) => ({ text }),
    image: inMedia,
    // A text file as text: Gemini reads it alike, and takes only some `text/*` types inline.
    file: (at, file) => {
      const text = MessageParts.textFileOf(file)
      return text === undefined ? inMedia(at, file) : Result.succeed({ text })
    },
    audio: inMedia,
    reference: { provider: host, encode: (_, item, id) => byId(item, id) }
  })
  return {
    part,
    toolResult: (message: Message.ToolResultMessage, at: string, id: string | undefined) =>
      toolResult(message, at, id, part, host)
  }
}
