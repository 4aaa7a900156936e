/**
 * Content parts as Converse content blocks (Amazon Bedrock API reference: `ContentBlock`, `ImageBlock`,
 * `DocumentBlock`, `AudioBlock`, `ToolResultContentBlock`; `@aws-sdk/client-bedrock-runtime` types):
 * `image`, `document` and `audio` blocks carry their bytes (base64 in the JSON body), or an `s3://` URI as
 * their `s3Location` (`ImageSource`, `DocumentSource`, `AudioSource`: `S3Location.uri`), and a `format`
 * derived from the media type; Converse takes no other URLs. A document has a
 * `name` that may hold only ASCII letters and digits, single spaces, hyphens, parentheses and square
 * brackets, at most 200 characters (`DocumentBlock.name`), made here from the file name or numbered.
 * Limits from "API restrictions" in the Bedrock user guide: at most 5 documents per request, each at most
 * 4.5 MB (PDF on Claude 4 and later and on Nova, and DOCX on Nova, excepted: those are left to the
 * service). A tool result takes text, images and documents; audio only in a user message.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as PartSources from "../../core/request/PartSources.js"

const api = "Bedrock"

const noUrls =
  "Converse takes bytes or s3:// URIs, not other URLs, and this library does not download them; pass the bytes (a Uint8Array or a data: URL) or an s3:// URI"

const imageFormats: Readonly<Record<string, string>> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp"
}

const documentFormats: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "text/csv": "csv",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/html": "html",
  "text/plain": "txt",
  "text/markdown": "md"
}

const audioFormats: Readonly<Record<string, string>> = {
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/vnd.wave": "wav",
  "audio/aac": "aac",
  "audio/x-aac": "x-aac",
  "audio/flac": "flac",
  "audio/x-flac": "flac",
  "audio/mp4": "mp4",
  "audio/m4a": "m4a",
  "audio/x-m4a": "m4a",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/webm": "webm",
  "audio/pcm": "pcm",
  "audio/l16": "pcm",
  "audio/x-matroska": "mka"
}

const formatOf = (formats: Readonly<Record<string, string>>, mediaType: string): string | undefined =>
  Object.hasOwn(formats, mediaType) ? formats[mediaType] : undefined

const maxDocuments = 5
const maxDocumentBytes = 4.5 * 2 ** 20
/** The formats whose 4.5 MB limit some models lift (PDF: Claude 4 and later, Nova; DOCX: Nova). */
const modelDependentSize: ReadonlySet<string> = new Set(["pdf", "docx"])

const maxNameLength = 200

/**
 * A document name Converse accepts, from a file name: the extension dropped, accents removed, every
 * other character outside the allowed set (ASCII letters, digits, space, `-`, `()`, `[]`) made a space,
 * runs of spaces made one. A name left empty is `Document {n}`; a repeated one gets ` (2)`, ` (3)`, ...
 */
export const documentName = (filename: string | undefined, number: number, used: Set<string>): string => {
  const base = (filename ?? "")
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9 ()[\]-]/g, " ")
    .replace(/ +/g, " ")
    .trim()
    .slice(0, maxNameLength)
    .trim()
  const name = base === "" ? `Document ${number}` : base
  let unique = name
  for (let n = 2; used.has(unique); n++) {
    const suffix = ` (${n})`
    unique = `${name.slice(0, maxNameLength - suffix.length).trimEnd()}${suffix}`
  }
  used.add(unique)
  return unique
}

/** A cache point block (`CachePointBlock`: `type: "default"`, and a TTL where one was given). */
export const cachePoint = (ttl: Message.CacheTtl | undefined): unknown => ({
  cachePoint: ttl === undefined ? { type: "default" } : { type: "default", ttl }
})

const isBlock = (block: unknown, key: string): boolean => typeof block === "object" && block !== null && key in block

/**
 * Marks a cache point with a cache point block after the block it follows; Converse takes none right after
 * a document (nor after a video).
 */
export const mark: MessageParts.Marker<unknown> = (blocks, point, at) => {
  if (isBlock(blocks[blocks.length - 1], "document")) {
    return MessageParts.refuse(
      `${at} (cache point)`,
      `${api} takes no cache point right after a document; put it after a text or image part (text may follow the document)`
    )
  }
  blocks.push(cachePoint(point.ttl))
  return Result.void
}

type Encoded = Result.Result<unknown, CallRequest.Unsupported>

/** What one request's encoder counts: images and documents (for the limits), and the document names used. */
interface Counts {
  readonly tally: MessageParts.Tally
  readonly names: Set<string>
}

/** An S3 object as a block's source (`S3Location`; its `bucketOwner` is not sent). */
const s3Source = (uri: string) => ({ s3Location: { uri } })

/** The image media type an S3 object's name says, when it ends in one of the extensions of `imageFormats`. */
const imageTypeOfName = (uri: string): string | undefined => {
  const extension = /\.([A-Za-z]{3,4})$/.exec(uri)?.[1]?.toLowerCase()
  return extension === undefined ? undefined : `image/${extension === "jpg" ? "jpeg" : extension}`
}

/** An `image` block of an S3 object: its format from the media type given, else from the object's name. */
const storedImage = (counts: Counts, at: string, part: Message.ImagePart, uri: string): Encoded => {
  const mediaType = part.mediaType === undefined
    ? imageTypeOfName(uri)
    : PartSources.normalizeMediaType(part.mediaType)
  const what = MessageParts.describe(at, part, mediaType)
  if (mediaType === undefined) return MessageParts.refuse(what, `${api} needs the mediaType of an s3:// image; give it`)
  const format = formatOf(imageFormats, mediaType)
  if (format === undefined) {
    return MessageParts.refuse(what, `${api} takes PNG, JPEG, GIF or WebP images; convert the image to one of them`)
  }
  const counted = MessageParts.countImage(what, { api, tally: counts.tally })
  return Result.isFailure(counted) ? counted : Result.succeed({ image: { format, source: s3Source(uri) } })
}

/** An `image` block with its bytes, or an S3 object's; Converse takes no other image URL. */
const image = (counts: Counts, at: string, part: Message.ImagePart): Encoded => {
  const uri = PartSources.storageUri(part.source, "s3://")
  if (uri !== undefined) return storedImage(counts, at, part, uri)
  const resolved = MessageParts.checkedImage(at, part, { api, tally: counts.tally })
  if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
  const { data, mediaType, what } = resolved.success
  if (data._tag === "Url") return MessageParts.refuse(what, noUrls)
  const format = formatOf(imageFormats, mediaType!)!
  return Result.succeed({ image: { format, source: { bytes: data.base64() } } })
}

/** A document's or a recording's source: its bytes (with their size), or an S3 object's (of a size not known here). */
type Source =
  | { readonly size: number; readonly block: { readonly bytes: string } }
  | { readonly size: undefined; readonly block: ReturnType<typeof s3Source> }

/** A document's or a recording's format and source: a format Converse names, and bytes or an `s3://` URI. */
const inline = (
  at: string,
  part: Message.FilePart | Message.AudioPart,
  formats: Readonly<Record<string, string>>,
  advice: string
): Result.Result<
  { readonly format: string; readonly source: Source; readonly what: string },
  CallRequest.Unsupported
> => {
  const mediaType = MessageParts.mediaTypeOf(part)
  const what = MessageParts.describe(at, part, mediaType)
  const format = formatOf(formats, mediaType)
  if (format === undefined) return MessageParts.refuse(what, advice)
  const uri = PartSources.storageUri(part.source, "s3://")
  if (uri !== undefined) return Result.succeed({ format, source: { size: undefined, block: s3Source(uri) }, what })
  const data = MessageParts.dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  if (data.success._tag === "Url") return MessageParts.refuse(what, noUrls)
  const bytes = data.success
  return Result.succeed({ format, source: { size: bytes.size, block: { bytes: bytes.base64() } }, what })
}

/**
 * A `document` block, named, within the per-request count and the per-document size; `citations: { enabled: true }`
 * where it asks to be cited (`@aws-sdk/client-bedrock-runtime` 3.1164.0 `DocumentBlock.citations: CitationsConfig`).
 */
const file = (counts: Counts, at: string, part: Message.FilePart): Encoded => {
  const resolved = inline(
    at,
    part,
    documentFormats,
    `${api} takes PDF, CSV, Word (doc, docx), Excel (xls, xlsx), HTML, plain-text and Markdown documents; convert it to one of them`
  )
  if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
  const { source, format, what } = resolved.success
  const count = counts.tally.add("documents", 1)
  if (count > maxDocuments) {
    return MessageParts.refuse(what, `${api} takes at most ${maxDocuments} documents per request; send fewer`)
  }
  // An S3 object's size is the service's to check.
  if (!modelDependentSize.has(format) && source.size !== undefined && source.size > maxDocumentBytes) {
    return MessageParts.refuse(
      what,
      `${api} takes documents of at most 4.5 MB (this one is ${
        MessageParts.megabytes(source.size)
      }); split it, or send its text as text parts`
    )
  }
  return Result.succeed({
    document: {
      format,
      name: documentName(part.filename, count, counts.names),
      source: source.block,
      ...(part.citations === true ? { citations: { enabled: true } } : {})
    }
  })
}

/** An `audio` block with its bytes, or an S3 object's. */
const audio = (at: string, part: Message.AudioPart): Encoded =>
  Result.map(
    inline(
      at,
      part,
      audioFormats,
      `${api} takes mp3, wav, aac, flac, m4a, mp4, ogg, opus, webm, pcm or mka audio; convert the recording`
    ),
    ({ format, source }) => ({ audio: { format, source: source.block } })
  )

/** Refuses a cache point inside a tool result (Converse takes one only after it). */
const noInnerCachePoint: MessageParts.Marker<unknown> = (_, __, at) =>
  MessageParts.refuse(
    `${at} (cache point)`,
    `${api} takes no cache point inside a tool result; put it at the end of the result's parts`
  )

/** A tool result's part: as in a user message, except audio, which a tool result does not take. */
const toolResultPart =
  (part: (at: string, part: MessageParts.ContentPart) => Encoded) =>
  (at: string, item: MessageParts.ContentPart): Encoded =>
    item._tag === "AudioPart"
      ? MessageParts.refuse(
        MessageParts.describe(at, item),
        `${api} tool results take no audio; send the recording in a user message after the tool results`
      )
      : part(at, item)

/** Whether a block is a text block with nothing in it, which Converse refuses (`noBlankText`). */
const blank = (block: unknown): boolean => {
  const { text } = block as { readonly text?: unknown }
  return typeof text === "string" && Conversation.isBlank(text)
}

/**
 * A tool result's content blocks but blank text; one that says it gave nothing when none is left, where the table
 * says so (`resultWithContent`).
 */
const resultContent = (content: ReadonlyArray<unknown>, rules: Conversation.Rules): ReadonlyArray<unknown> => {
  const kept = content.filter((block) => !blank(block))
  const filler = Conversation.emptyResultText(rules)
  return kept.length > 0 || filler === undefined ? kept : [{ text: filler }]
}

/**
 * A `toolResult` block: its text, or its parts (text, images, documents); a result with nothing in it says it gave
 * nothing (Converse takes no blank text, and a result has content). Its content takes no cache point: one at the end
 * of the result is a cache point block after it.
 */
const toolResult = (
  message: Message.ToolResultMessage,
  at: string,
  part: (at: string, part: MessageParts.ContentPart) => Encoded,
  caching: boolean,
  rules: Conversation.Rules
): Result.Result<ReadonlyArray<unknown>, CallRequest.Unsupported> => {
  const block = (content: ReadonlyArray<unknown>) => ({
    toolResult: {
      toolUseId: Conversation.callIdFor(rules)(message.toolCallId),
      content: resultContent(content, rules),
      ...(message.isError ? { status: "error" } : {})
    }
  })
  if (message.parts === undefined) return Result.succeed([block([{ text: message.content }])])
  const last = message.parts[message.parts.length - 1]
  const trailing = caching && last?._tag === "CachePointPart" ? last : undefined
  const content = MessageParts.encodeAll(
    trailing === undefined ? message.parts : message.parts.slice(0, -1),
    at,
    toolResultPart(part),
    caching ? noInnerCachePoint : MessageParts.unmarked
  )
  return Result.map(
    content,
    (content) => [block(content), ...(trailing === undefined ? [] : [cachePoint(trailing.ttl)])]
  )
}

/**
 * Encodes the parts of one request, counting what the limits count and naming its documents; cache points
 * are marked where the model caches (`caching`), else left out; tool results as the API's table (`rules`) has them.
 */
export const encoder = (caching: boolean, rules: Conversation.Rules) => {
  const counts: Counts = { tally: new MessageParts.Tally(), names: new Set() }
  const part = MessageParts.byKind<unknown>({
    text: (text) => ({ text }),
    image: (at, image_) => image(counts, at, image_),
    file: (at, file_) => file(counts, at, file_),
    audio
    // No `reference`: Converse takes no file by a provider's id (client-bedrock-runtime 3.1164.0 `ImageSource`,
    // `DocumentSource`: `bytes`, `s3Location` (an `s3://` URI), `text`, `content`), and `@ai-sdk/amazon-bedrock`
    // 5.0.101 throws on a provider reference ("file parts with provider references"), reaching S3 by URI instead,
    // as `image` and `inline` do here.
  })
  return {
    part,
    toolResult: (message: Message.ToolResultMessage, at: string) => toolResult(message, at, part, caching, rules)
  }
}

/**
 * A user turn with a document and no text gets a text block before its first document: Converse refuses
 * a message with a document and no text (`Message.content`: "If you include a ContentBlock with a
 * document field in the array, you must also include a ContentBlock with a text field").
 */
export const withTextBesideDocuments = (content: Array<unknown>): Array<unknown> => {
  const has = (key: string) => content.some((block) => isBlock(block, key))
  if (!has("document") || has("text")) return content
  const first = content.findIndex((block) => isBlock(block, "document"))
  const documents = content.filter((block) => isBlock(block, "document"))
  const text = documents.length === 1 ? "See the attached document." : "See the attached documents."
  return [...content.slice(0, first), { text }, ...content.slice(first)]
}
