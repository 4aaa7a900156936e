/**
 * Where a part's content comes from, knowing no provider: an `http(s)` URL, a `data:` URL or bytes.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../Message.js"

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
  #cachedBase64: string | undefined
  #cachedBytes: Uint8Array | undefined
  /** The `data:` URL the bytes came in, sent as it is when it names the same media type (no copy). */
  #givenDataUrl: string | undefined
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
    this.#cachedBytes = bytes
    this.#cachedBase64 = base64
  }

  static fromBytes(bytes: Uint8Array, mediaType?: string): Inline {
    return new Inline(mediaType, bytes.byteLength, bytes, undefined)
  }

  static fromBase64(base64: string, mediaType: string | undefined, dataUrl?: string): Inline {
    const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0
    const inline = new Inline(mediaType, (base64.length / 4) * 3 - padding, undefined, base64)
    inline.#givenDataUrl = dataUrl
    return inline
  }

  /** The length of the base64 text, without computing it. */
  get base64Length(): number {
    return Math.ceil(this.size / 3) * 4
  }

  /** The bytes as base64, computed once. */
  base64(): string {
    return (this.#cachedBase64 ??= toBase64(this.#cachedBytes!))
  }

  /** The bytes, decoded once (only small parts need them: plain-text documents, media type sniffing). */
  bytes(): Uint8Array {
    return (this.#cachedBytes ??= fromBase64(this.#cachedBase64!))
  }

  /** The first `count` bytes, without decoding the rest. */
  head(count: number): Uint8Array {
    if (this.#cachedBytes !== undefined) return this.#cachedBytes.subarray(0, count)
    return fromBase64(this.#cachedBase64!.slice(0, Math.ceil(count / 3) * 4))
  }

  /** A `data:` URL of the bytes. */
  dataUrl(mediaType: string): string {
    if (this.#givenDataUrl !== undefined && this.#givenDataUrl.startsWith(`data:${mediaType};base64,`)) {
      return this.#givenDataUrl
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

/** The bytes of a view as base64 with `btoa` (browsers, edge runtimes), in slices of a multiple of 3 bytes. */
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

/** The bytes base64 text holds, with `Buffer` where there is one, `atob` elsewhere. */
export const fromBase64 = (base64: string): Uint8Array => {
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

/** Whether a part's source is a file a provider holds, by its id (`Message.ProviderReference`). */
export const isReference = (source: Message.Source): source is Message.ProviderReference =>
  typeof source === "object" && "_tag" in source && source._tag === "ProviderReference"

/**
 * A part's source when it is a cloud storage URI of `scheme` (`s3://`: Bedrock's `s3Location`; `gs://`: Gemini's
 * `fileData.fileUri`), which only that provider reads.
 */
export const storageUri = (source: Message.Source, scheme: "s3://" | "gs://"): string | undefined => {
  const url = typeof source === "string" ? source : source instanceof URL ? source.href : undefined
  return url !== undefined && url.slice(0, scheme.length).toLowerCase() === scheme ? url : undefined
}

/** Where a part's content comes from, or why it cannot be read (the reason names no byte of it). */
export const resolve = (source: Message.Source): Result.Result<Data, string> => {
  if (source instanceof Uint8Array) return Result.succeed(Inline.fromBytes(source))
  if (isReference(source)) {
    return Result.fail("it is a file a provider holds (a provider reference), which this API takes no file id for here")
  }
  const url = typeof source === "string" ? source : source.href
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase()
  if (scheme === "data:") return dataUrl(url)
  if (scheme === "http:" || scheme === "https:") {
    return URL.canParse(url) ? Result.succeed({ _tag: "Url", url }) : Result.fail("its URL is not a valid URL")
  }
  return Result.fail(
    "its source is neither an http(s) URL nor a data: URL (Bedrock alone reads s3://, Gemini gs://); pass the content as a Uint8Array, a data: URL or an http(s) URL"
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

/** An image's media type: the one given, else the `data:` URL's, else its signature's; a URL's may stay unknown. */
export const imageMediaType = (part: Message.ImagePart, data: Data): Result.Result<string | undefined, string> => {
  if (part.mediaType !== undefined) return Result.succeed(normalizeMediaType(part.mediaType))
  if (data._tag === "Url") return Result.succeed(undefined)
  const mediaType = data.mediaType ?? sniffImage(data.head(12))
  return mediaType === undefined
    ? Result.fail("its bytes are not a PNG, JPEG, GIF or WebP image; give its mediaType")
    : Result.succeed(mediaType)
}
