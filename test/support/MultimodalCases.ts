/**
 * Generated content parts for the multimodal property tests, and what the tests know of them: the
 * support table (which API takes which part from which source, as `docs/multimodal.md` shows it), and
 * readers of each API's request body (written from the API references, independently of the encoders)
 * with the parts each should read back.
 */
import { Message } from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as M from "./Multimodal.js"

// ---------------------------------------------------------------------------------------------------
// Generated parts, with what the test knows of them

export type SourceKind = "bytes" | "view" | "data-url" | "data-URL-object" | "url" | "URL-object"

export interface Case {
  readonly part: Message.Part
  readonly kind: "text" | "image" | "file" | "audio"
  /** The media type the content really has (what a sniffer or the caller would say). */
  readonly mediaType: string | undefined
  readonly source: SourceKind | undefined
  readonly bytes: Uint8Array | undefined
  readonly url: string | undefined
}

export const signatures: Readonly<Record<string, Uint8Array>> = {
  "image/png": M.png,
  "image/jpeg": M.jpeg,
  "image/gif": M.gif,
  "image/webp": M.webp
}

export const concat = (head: Uint8Array, tail: Uint8Array): Uint8Array => {
  const bytes = new Uint8Array(head.length + tail.length)
  bytes.set(head)
  bytes.set(tail, head.length)
  return bytes
}

const sourceKinds: ReadonlyArray<SourceKind> = ["bytes", "view", "data-url", "data-URL-object", "url", "URL-object"]

const sourceOf = (kind: SourceKind, bytes: Uint8Array, mediaType: string, url: string): Message.Source => {
  switch (kind) {
    case "bytes":
      return bytes
    case "view":
      return M.view(bytes)
    case "data-url":
      return `data:${mediaType};base64,${M.b64(bytes)}`
    case "data-URL-object":
      return new URL(`data:${mediaType};base64,${M.b64(bytes)}`)
    case "url":
      return url
    case "URL-object":
      return new URL(url)
  }
}

/** A URL as the library reads it: a `URL` object's `href` is normalized (`/a/./b` is `/a/b`). */
const seen = (source: SourceKind, url: string): string => source === "URL-object" ? new URL(url).href : url

const urlArbitrary = FastCheck.webPath().map((path) =>
  `https://files.example.com/${encodeURI(path.replace(/^\//, ""))}`
)

const textCase = FastCheck.string().map((text): Case => ({
  part: Message.text(text),
  kind: "text",
  mediaType: undefined,
  source: undefined,
  bytes: undefined,
  url: undefined
}))

export const imageCase = FastCheck.record({
  mediaType: FastCheck.constantFrom("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"),
  tail: FastCheck.uint8Array({ maxLength: 48 }),
  given: FastCheck.boolean(),
  detail: FastCheck.option(FastCheck.constantFrom("auto" as const, "low" as const, "high" as const), {
    nil: undefined
  }),
  source: FastCheck.constantFrom(...sourceKinds),
  url: urlArbitrary
}).map(({ detail, given, mediaType, source, tail, url }): Case => {
  // A BMP starts with "BM": no signature the library knows, so it needs its media type given.
  const bytes = concat(signatures[mediaType] ?? new Uint8Array([0x42, 0x4d]), tail)
  const explicit = given || mediaType === "image/bmp"
  return {
    part: Message.image(sourceOf(source, bytes, mediaType, url), {
      mediaType: explicit ? mediaType : undefined,
      detail
    }),
    kind: "image",
    mediaType,
    source,
    bytes,
    url: seen(source, url)
  }
})

const fileCase = FastCheck.record({
  mediaType: FastCheck.constantFrom(
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/zip"
  ),
  text: FastCheck.string({ unit: "grapheme", maxLength: 40 }),
  filename: FastCheck.option(FastCheck.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
  source: FastCheck.constantFrom(...sourceKinds),
  url: urlArbitrary
}).map(({ filename, mediaType, source, text, url }): Case => {
  const bytes = mediaType === "application/pdf"
    ? concat(M.pdf, new TextEncoder().encode(text))
    : new TextEncoder().encode(text)
  return {
    part: Message.file(sourceOf(source, bytes, mediaType, url), { mediaType, filename }),
    kind: "file",
    mediaType,
    source,
    bytes,
    url: seen(source, url)
  }
})

const audioCase = FastCheck.record({
  mediaType: FastCheck.constantFrom("audio/wav", "audio/mpeg", "audio/ogg", "audio/flac"),
  bytes: FastCheck.uint8Array({ maxLength: 48 }),
  source: FastCheck.constantFrom(...sourceKinds),
  url: urlArbitrary
}).map(({ bytes, mediaType, source, url }): Case => ({
  part: Message.audio(sourceOf(source, bytes, mediaType, url), { mediaType }),
  kind: "audio",
  mediaType,
  source,
  bytes,
  url: seen(source, url)
}))

export const caseArbitrary = FastCheck.oneof(textCase, imageCase, fileCase, audioCase)

// ---------------------------------------------------------------------------------------------------
// The support table (docs/multimodal.md): which API takes which part, from which source

const isUrl = (source: SourceKind | undefined) => source === "url" || source === "URL-object"

/** A text file given as bytes: every API takes it, as a file where it takes that type, else as text. */
export const isTextFile = (c: Case): boolean =>
  c.kind === "file" && c.mediaType!.startsWith("text/") && !isUrl(c.source)

/** Whether `api` takes the part as it is (a file as a file). */
export const takesAsIs = (api: M.Api, c: Case): boolean => {
  const url = isUrl(c.source)
  const mediaType = c.mediaType!
  switch (c.kind) {
    case "text":
      return true
    case "image":
      return mediaType !== "image/bmp" && (api !== "bedrock" || !url)
    case "file":
      switch (api) {
        case "openai":
        case "azure":
          return mediaType === "application/pdf" && !url
        case "groq":
          return false
        case "responses":
          return mediaType !== "application/zip"
        case "anthropic":
          return mediaType === "application/pdf" || (mediaType === "text/plain" && !url)
        case "bedrock":
          return mediaType !== "application/zip" && !url
      }
    // eslint-disable-next-line no-fallthrough
    case "audio":
      switch (api) {
        case "openai":
        case "azure":
          return (mediaType === "audio/wav" || mediaType === "audio/mpeg") && !url
        case "bedrock":
          return !url
        default:
          return false
      }
  }
}

/** Whether `api` takes the part: as it is, or (a text file) as text. */
export const supports = (api: M.Api, c: Case): boolean => takesAsIs(api, c) || isTextFile(c)

// ---------------------------------------------------------------------------------------------------
// Reading a body back: each API's content blocks as parts (written from the API references)

export interface Read {
  readonly kind: "text" | "image" | "file" | "audio"
  readonly text?: string
  /** base64 of the content, or its URL. */
  readonly base64?: string
  readonly url?: string
  readonly mediaType?: string
  readonly detail?: string
  readonly filename?: string
  readonly format?: string
}

const fromDataUrl = (url: string): { base64: string; mediaType: string } => {
  const match = /^data:([^;,]*);base64,(.*)$/s.exec(url)
  if (match === null) throw new Error(`not a base64 data URL: ${url.slice(0, 40)}`)
  return { mediaType: match[1]!, base64: match[2]! }
}

const location = (url: string): Pick<Read, "base64" | "url" | "mediaType"> =>
  url.startsWith("data:") ? fromDataUrl(url) : { url }

const clean = (read: Readonly<Record<string, unknown>>): Read =>
  Object.fromEntries(Object.entries(read).filter(([, value]) => value !== undefined)) as unknown as Read

const bedrockDocumentTypes: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}

export const readers: Readonly<Record<M.Api, (body: Record<string, any>) => ReadonlyArray<Read>>> = {
  openai: (body) => readChat(body),
  azure: (body) => readChat(body),
  groq: (body) => readChat(body),
  responses: (body) =>
    (body["input"][0].content as Array<any>).map((block): Read => {
      switch (block.type) {
        case "input_text":
          return { kind: "text", text: block.text }
        case "input_image":
          return clean({ kind: "image", ...location(block.image_url), detail: block.detail })
        case "input_file":
          return clean({
            kind: "file",
            ...(block.file_url === undefined ? fromDataUrl(block.file_data) : { url: block.file_url }),
            filename: block.filename
          })
      }
      throw new Error(`unknown block ${block.type}`)
    }),
  anthropic: (body) =>
    (body["messages"][0].content as Array<any>).map((block): Read => {
      const source = (source: any) =>
        source.type === "url"
          ? { url: source.url }
          : source.type === "text"
          ? { base64: M.b64(new TextEncoder().encode(source.data)), mediaType: source.media_type }
          : { base64: source.data, mediaType: source.media_type }
      switch (block.type) {
        case "text":
          return { kind: "text", text: block.text }
        case "image":
          return { kind: "image", ...source(block.source) }
        case "document":
          return clean({ kind: "file", ...source(block.source), filename: block.title })
      }
      throw new Error(`unknown block ${block.type}`)
    }),
  bedrock: (body) =>
    (body["messages"][0].content as Array<any>).map((block): Read => {
      if ("text" in block) return { kind: "text", text: block.text }
      if ("image" in block) {
        return { kind: "image", base64: block.image.source.bytes, mediaType: `image/${block.image.format}` }
      }
      if ("document" in block) {
        return {
          kind: "file",
          base64: block.document.source.bytes,
          mediaType: bedrockDocumentTypes[block.document.format]!
        }
      }
      return { kind: "audio", base64: block.audio.source.bytes, format: block.audio.format }
    })
}

const readChat = (body: Record<string, any>): ReadonlyArray<Read> =>
  (body["messages"][0].content as Array<any>).map((block): Read => {
    switch (block.type) {
      case "text":
        return { kind: "text", text: block.text }
      case "image_url":
        return clean({ kind: "image", ...location(block.image_url.url), detail: block.image_url.detail })
      case "file":
        return { kind: "file", ...fromDataUrl(block.file.file_data), filename: block.file.filename }
      case "input_audio":
        return { kind: "audio", base64: block.input_audio.data, format: block.input_audio.format }
    }
    throw new Error(`unknown block ${block.type}`)
  })

const chatAudio: Readonly<Record<string, string>> = { "audio/wav": "wav", "audio/mpeg": "mp3" }
const bedrockAudio: Readonly<Record<string, string>> = {
  "audio/wav": "wav",
  "audio/mpeg": "mp3",
  "audio/ogg": "ogg",
  "audio/flac": "flac"
}
const extensions: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "text/plain": "txt",
  "text/csv": "csv",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"
}

/** What reading the body back should give for a case the API takes. */
export const expected = (api: M.Api, c: Case): Read => {
  if (c.kind === "text") return { kind: "text", text: (c.part as Message.TextPart).text }
  if (!takesAsIs(api, c)) return { kind: "text", text: new TextDecoder().decode(c.bytes!) }
  const url = isUrl(c.source)
  const content = url ? { url: c.url! } : { base64: M.b64(c.bytes!) }
  const chatLike = api === "openai" || api === "azure" || api === "groq"
  switch (c.kind) {
    case "image": {
      const part = c.part as Message.ImagePart
      return clean({
        kind: "image",
        ...content,
        mediaType: url ? undefined : c.mediaType,
        detail: chatLike ? part.detail : api === "responses" ? part.detail ?? "auto" : undefined
      })
    }
    case "file": {
      const part = c.part as Message.FilePart
      const filename = chatLike || (api === "responses" && !url)
        ? part.filename ?? `document.${extensions[c.mediaType!]}`
        : api === "bedrock"
        ? undefined
        : part.filename
      return clean({ kind: "file", ...content, mediaType: url ? undefined : c.mediaType, filename })
    }
    case "audio":
      return { kind: "audio", ...content, format: (api === "bedrock" ? bedrockAudio : chatAudio)[c.mediaType!]! }
  }
}

/** Converse's rule: a message with a document has a text block, here before the first document. */
export const withBedrockText = (reads: ReadonlyArray<Read>): ReadonlyArray<Read> => {
  const first = reads.findIndex((read) => read.kind === "file")
  if (first < 0 || reads.some((read) => read.kind === "text")) return reads
  const count = reads.filter((read) => read.kind === "file").length
  const text = count === 1 ? "See the attached document." : "See the attached documents."
  return [...reads.slice(0, first), { kind: "text", text }, ...reads.slice(first)]
}
