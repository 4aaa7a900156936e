/**
 * What every provider's part encoding shares, knowing no provider: where a part's content comes from
 * (an `http(s)` URL, a `data:` URL, bytes), its media type (given, from the `data:` URL, or from an
 * image's signature), its size, its base64 text (computed at most once per part and request), and how a
 * part is named in an error. A provider's own rules (what it accepts, its limits, its wire shapes) live
 * in its folder.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../Message.js"
import * as CallRequest from "./CallRequest.js"

/** The content of a part, as it is to be sent. */
export type Data = Url | Inline

/** An `http(s)` URL, for the provider to fetch (this library never downloads one). */
export interface Url {
  readonly _tag: "Url"
  readonly url: string
}

/** Bytes to send inline: given as bytes, or as a `data:` URL. */
export class Inline {
  readonly _tag = "Inline"
  private cachedBase64: string | undefined
  private cachedBytes: Uint8Array | undefined
  /** The `data:` URL the bytes came in, sent as it is when it names the same media type (no copy). */
  private givenDataUrl: string | undefined
  /** The media type a `data:` URL names, if any. */
  readonly mediaType: string | undefined
  /** The number of bytes. */
  readonly size: number

  private constructor(
    mediaType: string | undefined,
    size: number,
    bytes: Uint8Array | undefined,
    base64: string | undefined
  ) {
    this.mediaType = mediaType
    this.size = size
    this.cachedBytes = bytes
    this.cachedBase64 = base64
  }

  static fromBytes(bytes: Uint8Array, mediaType?: string): Inline {
    return new Inline(mediaType, bytes.byteLength, bytes, undefined)
  }

  static fromBase64(base64: string, mediaType: string | undefined, dataUrl?: string): Inline {
    const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0
    const inline = new Inline(mediaType, (base64.length / 4) * 3 - padding, undefined, base64)
    inline.givenDataUrl = dataUrl
    return inline
  }

  /** The length of the base64 text, without computing it. */
  get base64Length(): number {
    return Math.ceil(this.size / 3) * 4
  }

  /** The bytes as base64, computed once. */
  base64(): string {
    return (this.cachedBase64 ??= toBase64(this.cachedBytes!))
  }

  /** The bytes, decoded once (only small parts need them: plain-text documents, media type sniffing). */
  bytes(): Uint8Array {
    return (this.cachedBytes ??= fromBase64(this.cachedBase64!))
  }

  /** The first `count` bytes, without decoding the rest. */
  head(count: number): Uint8Array {
    if (this.cachedBytes !== undefined) return this.cachedBytes.subarray(0, count)
    return fromBase64(this.cachedBase64!.slice(0, Math.ceil(count / 3) * 4))
  }

  /** A `data:` URL of the bytes. */
  dataUrl(mediaType: string): string {
    if (this.givenDataUrl !== undefined && this.givenDataUrl.startsWith(`data:${mediaType};base64,`)) {
      return this.givenDataUrl
    }
    return `data:${mediaType};base64,${this.base64()}`
  }
}

type NodeBuffer = {
  from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string }
  from(text: string, encoding: "base64"): Uint8Array
}

/** Node's `Buffer` where there is one (Node, Bun, Deno); browsers and edge runtimes use `btoa`/`atob`. */
const NodeBuffer = (globalThis as { readonly Buffer?: NodeBuffer }).Buffer

/**
 * The bytes of a view as base64 with `btoa` (browsers, edge runtimes): over slices whose length is a
 * multiple of 3, so that the pieces join without padding inside; linear in time and memory.
 */
export const toBase64Portable = (bytes: Uint8Array): string => {
  const pieces: Array<string> = []
  const slice = 3 * 8192
  for (let start = 0; start < bytes.length; start += slice) {
    const chunk = bytes.subarray(start, start + slice)
    pieces.push(btoa(String.fromCharCode.apply(null, chunk as unknown as Array<number>)))
  }
  return pieces.join("")
}

/** The bytes of a view (only its own bytes, never the rest of its buffer) as base64, in linear time. */
export const toBase64 = (bytes: Uint8Array): string =>
  NodeBuffer !== undefined
    ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")
    : toBase64Portable(bytes)

const fromBase64 = (base64: string): Uint8Array => {
  if (NodeBuffer !== undefined) return NodeBuffer.from(base64, "base64")
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/

/** A media type without parameters, lower case, with the common alias `image/jpg` read as `image/jpeg`. */
export const normalizeMediaType = (mediaType: string): string => {
  const bare = mediaType.split(";")[0]!.trim().toLowerCase()
  return bare === "image/jpg" ? "image/jpeg" : bare
}

const dataUrl = (url: string): Result.Result<Inline, string> => {
  const comma = url.indexOf(",")
  if (comma < 0) return Result.fail("its data: URL has no comma before the data")
  const params = url.slice(5, comma).split(";")
  const base64 = params.length > 1 && params[params.length - 1]!.trim().toLowerCase() === "base64"
  const mediaType = params[0]!.trim() === "" ? undefined : normalizeMediaType(params[0]!)
  const payload = url.slice(comma + 1)
  if (base64) {
    return payload.length % 4 === 0 && base64Pattern.test(payload)
      ? Result.succeed(Inline.fromBase64(payload, mediaType, url))
      : Result.fail("its data: URL's base64 data is not valid base64")
  }
  try {
    return Result.succeed(Inline.fromBytes(new TextEncoder().encode(decodeURIComponent(payload)), mediaType))
  } catch {
    return Result.fail("its data: URL's data is not valid percent-encoded text")
  }
}

/**
 * Where a part's content comes from, or why it cannot be read (the reason names no byte of it): an
 * `http(s)` URL, a `data:` URL (base64 or percent-encoded), or bytes.
 */
export const resolve = (source: Message.Source): Result.Result<Data, string> => {
  if (source instanceof Uint8Array) return Result.succeed(Inline.fromBytes(source))
  const url = typeof source === "string" ? source : source.href
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase()
  if (scheme === "data:") return dataUrl(url)
  if (scheme === "http:" || scheme === "https:") {
    return URL.canParse(url) ? Result.succeed({ _tag: "Url", url }) : Result.fail("its URL is not a valid URL")
  }
  return Result.fail(
    "its source is neither an http(s) URL nor a data: URL; pass the content as a Uint8Array, a data: URL or an http(s) URL"
  )
}

/** The media type of an image by its signature: PNG, JPEG, GIF or WebP. */
export const sniffImage = (head: Uint8Array): string | undefined => {
  const starts = (signature: ReadonlyArray<number>, offset = 0) =>
    head.length >= offset + signature.length && signature.every((byte, i) => head[offset + i] === byte)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png"
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg"
  if (starts([0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) {
    return "image/gif"
  }
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp"
  return undefined
}

/**
 * An image's media type: the one given, else the `data:` URL's, else (for bytes) the one its signature
 * shows; a URL's may stay unknown (the provider reads it from the response). Bytes of no known image
 * format without a media type are refused.
 */
export const imageMediaType = (part: Message.ImagePart, data: Data): Result.Result<string | undefined, string> => {
  if (part.mediaType !== undefined) return Result.succeed(normalizeMediaType(part.mediaType))
  if (data._tag === "Url") return Result.succeed(undefined)
  const mediaType = data.mediaType ?? sniffImage(data.head(12))
  return mediaType === undefined
    ? Result.fail("its bytes are not a PNG, JPEG, GIF or WebP image; give its mediaType")
    : Result.succeed(mediaType)
}

/** A file's or an audio part's media type: the one given (normalized). */
export const mediaTypeOf = (part: Message.FilePart | Message.AudioPart): string => normalizeMediaType(part.mediaType)

/** The content of a user message, part by part (a text message is one text part). */
export const userParts = (message: Message.UserMessage): ReadonlyArray<Message.Part> =>
  message.parts ?? [{ _tag: "TextPart", text: message.text } as Message.TextPart]

/** How a part is named in an error: `messages[1].parts[0] (image, image/png)`. No byte of it. */
export const describe = (at: string, part: Message.Part, mediaType?: string | undefined): string => {
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
): Result.Result<Data, CallRequest.Unsupported> => {
  const data = resolve(part.source)
  return Result.isFailure(data) ? refuse(describe(at, part), data.failure) : Result.succeed(data.success)
}

/** An image part's content and media type (see `imageMediaType`), and how an error names it. */
export const imageOf = (
  at: string,
  part: Message.ImagePart
): Result.Result<
  { readonly data: Data; readonly mediaType: string | undefined; readonly what: string },
  CallRequest.Unsupported
> => {
  const data = dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  const mediaType = imageMediaType(part, data.success)
  if (Result.isFailure(mediaType)) return refuse(describe(at, part), mediaType.failure)
  return Result.succeed({
    data: data.success,
    mediaType: mediaType.success,
    what: describe(at, part, mediaType.success)
  })
}

/** Encodes parts in order (the n-th at `${at}.parts[n]`), or fails with the first that cannot be sent. */
export const encodeAll = <Block>(
  parts: ReadonlyArray<Message.Part>,
  at: string,
  encode: (at: string, part: Message.Part) => Result.Result<Block, CallRequest.Unsupported>
): Result.Result<Array<Block>, CallRequest.Unsupported> => {
  const blocks: Array<Block> = []
  for (const [index, part] of parts.entries()) {
    const encoded = encode(`${at}.parts[${index}]`, part)
    if (Result.isFailure(encoded)) return Result.fail(encoded.failure)
    blocks.push(encoded.success)
  }
  return Result.succeed(blocks)
}

/** A user message's parts encoded in order; a message of no parts is refused (no API takes empty content). */
export const encodeUserParts = <Block>(
  parts: ReadonlyArray<Message.Part>,
  at: string,
  encode: (at: string, part: Message.Part) => Result.Result<Block, CallRequest.Unsupported>
): Result.Result<Array<Block>, CallRequest.Unsupported> =>
  parts.length === 0
    ? CallRequest.unsupported(`${at}: a user message with no parts; give it at least one (text, image, file or audio)`)
    : encodeAll(parts, at, encode)

/** The name a part's kind has in errors. */
export const kindOf = (part: Message.Part): string =>
  part._tag === "TextPart" ? "text" : part._tag === "ImagePart" ? "image" : part._tag === "FilePart" ? "file" : "audio"

/** A size in megabytes (of 2^20 bytes), as limits are documented: `4.5 MB`. */
export const megabytes = (bytes: number): string => `${Number((bytes / 2 ** 20).toFixed(2))} MB`

/** Running totals over a request (images so far, bytes so far), for limits on a whole request. */
export class Tally {
  private readonly totals = new Map<string, number>()

  /** Adds `amount` to the total of `key` and returns the new total. */
  add(key: string, amount: number): number {
    const total = (this.totals.get(key) ?? 0) + amount
    this.totals.set(key, total)
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

/** The usual file name extension of a document media type, if it is a known one. */
export const extensionOf = (mediaType: string): string | undefined =>
  Object.hasOwn(extensions, mediaType) ? extensions[mediaType] : undefined

/** A file name for a document sent without one, where the API needs one: `document.pdf`. */
export const defaultFilename = (mediaType: string): string => `document.${extensionOf(mediaType) ?? "bin"}`

/**
 * A summary of a part's source for spans and logs: its kind and size, never its bytes, and a URL without
 * its query (which may hold a signature).
 */
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

/** A `JSON.stringify` replacer that records every part's source as `summarizeSource` does. */
export const sourceReplacer = (key: string, value: unknown): unknown =>
  key === "source" ? summarizeSource(value) : value

/**
 * The non-text parts of a conversation as span attribute values: kind, media type and size (or `url`),
 * `image image/png 48213 bytes`, `file application/pdf url`; never their content.
 */
export const summarizeParts = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<string> => {
  const summaries: Array<string> = []
  for (const message of messages) {
    const parts = message._tag === "UserMessage" || message._tag === "ToolResultMessage" ? message.parts : undefined
    for (const part of parts ?? []) {
      if (part._tag === "TextPart") continue
      const source = part.source
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
