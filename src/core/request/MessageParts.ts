/**
 * What every provider's part encoding shares, knowing no provider, and what spans record of a part (never its bytes).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Message from "../Message.js"
import * as CallRequest from "./CallRequest.js"
import * as PartSources from "./PartSources.js"

/** A part with content (a cache point has none: it marks the end of the part before it). */
export type ContentPart = Exclude<Message.Part, Message.CachePointPart>

/** How an API marks a cache point on the blocks encoded so far (the last is the part it follows), or why not. */
export type Marker<Block> = (
  blocks: Array<Block>,
  point: Message.CachePointPart,
  at: string
) => Result.Result<void, CallRequest.Unsupported>

/** The marker of an API (or model) that takes no breakpoints: the cache point is left out. */
export const unmarked: Marker<unknown> = () => Result.void

/** A file's or an audio part's media type: the one given (normalized). */
export const mediaTypeOf = (part: Message.FilePart | Message.AudioPart): string =>
  PartSources.normalizeMediaType(part.mediaType)

/** How a part is named in an error: `messages[1].parts[0] (image, image/png)`. No byte of it. */
export const describe = (at: string, part: ContentPart, mediaType?: string | undefined): string => {
  const type = mediaType ?? ("mediaType" in part ? part.mediaType : undefined)
  return `${at} (${kindOf(part)}${type === undefined ? "" : `, ${type}`})`
}

/** A part refused, with the reason and what to do instead. */
export const refuse = (what: string, reason: string): Result.Result<never, CallRequest.Unsupported> =>
  CallRequest.unsupported(`${what}: ${reason}`)

/** The content of a non-text part at `at`, or why it cannot be read. */
export const dataOf = (
  at: string,
  part: Message.ImagePart | Message.FilePart | Message.AudioPart
): Result.Result<PartSources.Data, CallRequest.Unsupported> => {
  const data = PartSources.resolve(part.source)
  return Result.isFailure(data) ? refuse(describe(at, part), data.failure) : Result.succeed(data.success)
}

/** An image part's content and media type (`PartSources.imageMediaType`), and how an error names it. */
export interface Image {
  readonly data: PartSources.Data
  readonly mediaType: string | undefined
  readonly what: string
}

/** An image part's `Image`, or why it cannot be read. */
export const imageOf = (at: string, part: Message.ImagePart): Result.Result<Image, CallRequest.Unsupported> => {
  const data = dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  const mediaType = PartSources.imageMediaType(part, data.success)
  if (Result.isFailure(mediaType)) return refuse(describe(at, part), mediaType.failure)
  return Result.succeed({
    data: data.success,
    mediaType: mediaType.success,
    what: describe(at, part, mediaType.success)
  })
}

/** The image types every API here takes. */
const imageTypes: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"])

/** An image part's `Image`, checked against an API's media types and, over the request, its most images. */
export const checkedImage = (
  at: string,
  part: Message.ImagePart,
  rules: { readonly api: string; readonly tally: Tally; readonly maxImages?: number | undefined }
): Result.Result<Image, CallRequest.Unsupported> => {
  const image = imageOf(at, part)
  if (Result.isFailure(image)) return image
  const { mediaType, what } = image.success
  if (mediaType !== undefined && !imageTypes.has(mediaType)) {
    return refuse(what, `${rules.api} takes PNG, JPEG, GIF or WebP images; convert the image to one of them`)
  }
  const counted = countImage(what, rules)
  return Result.isFailure(counted) ? Result.fail(counted.failure) : image
}

/** Counts one image (sent inline, by URL or by its file id) against an API's most images per request, if it has one. */
export const countImage = (
  what: string,
  rules: { readonly api: string; readonly tally: Tally; readonly maxImages?: number | undefined }
): Result.Result<void, CallRequest.Unsupported> =>
  rules.maxImages !== undefined && rules.tally.add("images", 1) > rules.maxImages
    ? refuse(what, `${rules.api} takes at most ${rules.maxImages} images per request; send fewer`)
    : Result.void

/** How an API encodes each kind of part. */
export interface Encoders<Block> {
  readonly text: (text: string) => Block
  readonly image: (at: string, part: Message.ImagePart) => Result.Result<Block, CallRequest.Unsupported>
  readonly file: (at: string, part: Message.FilePart) => Result.Result<Block, CallRequest.Unsupported>
  readonly audio: (at: string, part: Message.AudioPart) => Result.Result<Block, CallRequest.Unsupported>
  /** How it sends a file a provider holds (`Message.ProviderReference`); `undefined`: it takes none by its id. */
  readonly reference?: ByReference<Block> | undefined
}

/** A part whose content can come from a file a provider holds. */
export type FileLike = Message.ImagePart | Message.FilePart | Message.AudioPart

/** How an API sends a file a provider holds: the name its ids are under in a reference, and the block of an id. */
export interface ByReference<Block> {
  /** The provider's name in a `ProviderReference` (`openai`, `anthropic`, `google`). */
  readonly provider: string
  readonly encode: (at: string, part: FileLike, id: string) => Result.Result<Block, CallRequest.Unsupported>
}

/**
 * The id of the file a part's provider reference names at the API's provider, or a refusal (a 400: the conversation's
 * to change, not an attachment the model cannot take) where the API takes no file by its id or the reference names no
 * file at its provider (the `ai` package's `resolveProviderReference` throws `NoSuchProviderReferenceError` alike).
 */
const referencedId = (
  by: ByReference<unknown> | undefined,
  at: string,
  part: FileLike,
  reference: Message.ProviderReference
): Result.Result<string, CallRequest.Unsupported> => {
  const what = describe(at, part)
  if (by === undefined) {
    return refuse(what, "it is a file a provider holds, and this API takes no file by its id; send its bytes or URL")
  }
  const id = Object.hasOwn(reference.ids, by.provider) ? reference.ids[by.provider] : undefined
  if (id !== undefined) return Result.succeed(id)
  return refuse(
    what,
    `its provider reference names no file at ${by.provider} (it names one at ${
      Object.keys(reference.ids).join(", ")
    }); upload the file to ${by.provider}, or send its bytes or URL`
  )
}

/**
 * The text of a text file (`text/*`) given as bytes (or a `data:` URL), decoded as UTF-8; `undefined` for any other
 * part, a file given by URL, or bytes that are not UTF-8.
 */
export const textFileOf = (part: Message.FilePart): string | undefined => {
  if (!mediaTypeOf(part).startsWith("text/")) return undefined
  const data = PartSources.resolve(part.source)
  if (Result.isFailure(data) || data.success._tag === "Url") return undefined
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data.success.bytes())
  } catch {
    return undefined
  }
}

/** A refusal of `part`, naming its kind and media type (what a person is told: docs/multimodal.md). */
const refusedPart = (
  part: FileLike,
  unsupported: CallRequest.Unsupported
): Result.Result<never, CallRequest.Unsupported> => {
  const mediaType = part.mediaType === undefined ? undefined : PartSources.normalizeMediaType(part.mediaType)
  return Result.fail({ ...unsupported, part: { kind: kindOf(part), mediaType } })
}

/**
 * One encoder for any part, from an encoder per kind. A text file (`text/*`) an API takes as no file goes to it as
 * text; a part it cannot take is refused naming the part.
 */
export const byKind =
  <Block>(encoders: Encoders<Block>) =>
  (at: string, part: ContentPart): Result.Result<Block, CallRequest.Unsupported> => {
    let encoded: Result.Result<Block, CallRequest.Unsupported>
    if (part._tag !== "TextPart" && PartSources.isReference(part.source)) {
      const id = referencedId(encoders.reference, at, part, part.source)
      if (Result.isFailure(id)) return Result.fail(id.failure)
      encoded = encoders.reference!.encode(at, part, id.success)
      return Result.isFailure(encoded) ? refusedPart(part, encoded.failure) : encoded
    }
    switch (part._tag) {
      case "TextPart":
        return Result.succeed(encoders.text(part.text))
      case "ImagePart":
        encoded = encoders.image(at, part)
        break
      case "FilePart": {
        encoded = encoders.file(at, part)
        const text = Result.isFailure(encoded) ? textFileOf(part) : undefined
        if (text !== undefined) return Result.succeed(encoders.text(text))
        break
      }
      case "AudioPart":
        encoded = encoders.audio(at, part)
    }
    return Result.isFailure(encoded) ? refusedPart(part, encoded.failure) : encoded
  }

/** An encoder that refuses every part of a kind, with what to do instead. */
export const refuseAll =
  (advice: string) => (at: string, part: ContentPart): Result.Result<never, CallRequest.Unsupported> =>
    refuse(describe(at, part), advice)

/** Encodes parts in order (a cache point marks the blocks before it), or fails with the first that cannot be sent. */
export const encodeAll = <Block>(
  parts: ReadonlyArray<Message.Part>,
  at: string,
  encode: (at: string, part: ContentPart) => Result.Result<Block, CallRequest.Unsupported>,
  mark: Marker<Block>,
  leftOut?: ((index: number) => boolean) | undefined
): Result.Result<Array<Block>, CallRequest.Unsupported> => {
  const blocks: Array<Block> = []
  for (const [index, part] of parts.entries()) {
    if (leftOut?.(index) === true) continue
    if (part._tag === "CachePointPart") {
      const marked = mark(blocks, part, `${at}.parts[${index}]`)
      if (Result.isFailure(marked)) return Result.fail(marked.failure)
      continue
    }
    let encoded = encode(`${at}.parts[${index}]`, part)
    if (Result.isFailure(encoded) && part._tag !== "TextPart" && part.alt !== undefined) {
      encoded = encode(`${at}.parts[${index}]`, new Message.TextPart({ text: part.alt }))
    }
    if (Result.isFailure(encoded)) return Result.fail(encoded.failure)
    blocks.push(encoded.success)
  }
  return Result.succeed(blocks)
}

/** A user message's parts encoded in order; a message of no parts is refused (no API takes empty content). */
export const encodeUserParts: typeof encodeAll = (parts, at, encode, mark, leftOut) =>
  parts.length === 0
    ? CallRequest.unsupported(`${at}: a user message with no parts; give it at least one (text, image, file or audio)`)
    : encodeAll(parts, at, encode, mark, leftOut)

/** A system prompt's parts encoded in order: its text by `text`, its cache points by `mark`. */
export const encodeSystem = <Block>(
  parts: ReadonlyArray<Message.SystemPart>,
  at: string,
  text: (text: string) => Block,
  mark: Marker<Block>
): Result.Result<Array<Block>, CallRequest.Unsupported> =>
  encodeAll(parts, at, (_, part) => Result.succeed(text((part as Message.TextPart).text)), mark)

/** The text parts of `parts`, joined with newlines (a message's `text`). */
export const textOf = (parts: ReadonlyArray<Message.Part>): string =>
  parts.flatMap((part) => part._tag === "TextPart" ? [part.text] : []).join("\n")

/** The name a part's kind has in errors. */
export const kindOf = (part: ContentPart): string =>
  part._tag === "TextPart" ? "text" : part._tag === "ImagePart" ? "image" : part._tag === "FilePart" ? "file" : "audio"

/** A size in megabytes (of 2^20 bytes), as limits are documented: `4.5 MB`. */
export const megabytes = (bytes: number): string => `${Number((bytes / 2 ** 20).toFixed(2))} MB`

/** Running totals over a request (images so far, bytes so far), for limits on a whole request. */
export class Tally {
  readonly #totals = new Map<string, number>()

  /** Adds `amount` to the total of `key` and returns the new total. */
  add(key: string, amount: number): number {
    const total = (this.#totals.get(key) ?? 0) + amount
    this.#totals.set(key, total)
    return total
  }
}

const extensions: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/csv": "csv",
  "text/tab-separated-values": "tsv",
  "text/html": "html",
  "text/xml": "xml",
  "application/xml": "xml",
  "application/json": "json",
  "application/rtf": "rtf",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.ms-powerpoint": "ppt",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/vnd.oasis.opendocument.text": "odt"
}

/** A file name for a document sent without one, where the API needs one: `document.pdf`. */
export const defaultFilename = (mediaType: string): string =>
  `document.${Object.hasOwn(extensions, mediaType) ? extensions[mediaType] : "bin"}`

/** A summary of a part's source for spans and logs: its kind and size, a URL without its query (a signature). */
export const summarizeSource = (source: unknown): unknown => {
  if (source instanceof Uint8Array) return { bytes: source.byteLength }
  if (typeof source !== "string") return source
  const scheme = source.slice(0, source.indexOf(":") + 1).toLowerCase()
  if (scheme === "data:") {
    const comma = source.indexOf(",")
    return { dataUrl: source.slice(5, comma < 0 ? 5 : comma).split(";")[0], characters: source.length }
  }
  if (!URL.canParse(source)) return "<not a URL>"
  const url = new URL(source)
  return { url: `${url.origin}${url.pathname}` }
}

/** The non-text parts of a conversation as span attribute values: `image image/png 48213 bytes`, never content. */
export const summarizeParts = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<string> => {
  const summaries: Array<string> = []
  for (const message of messages) {
    const parts = message._tag === "UserMessage" || message._tag === "ToolResultMessage" ? message.parts : undefined
    for (const part of parts ?? []) {
      if (part._tag === "TextPart" || part._tag === "CachePointPart") continue
      const source = part.source instanceof URL ? part.source.href : part.source
      const size = source instanceof Uint8Array
        ? `${source.byteLength} bytes`
        : typeof source === "string" && source.slice(0, 5).toLowerCase() === "data:"
        ? `data URL of ${source.length} characters`
        : "url"
      summaries.push(`${kindOf(part)} ${part.mediaType ?? "(media type from content)"} ${size}`)
    }
  }
  return summaries
}
