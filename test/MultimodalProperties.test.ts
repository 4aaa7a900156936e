/**
 * Properties of content parts:
 *
 * - any list of parts an API takes encodes, and the body read back (by readers written here from each
 *   API's reference, independent of the encoders) gives the same parts: content, media type, detail,
 *   file name, audio format;
 * - every part an API cannot take (by the support table below, the one `docs/multimodal.md` shows) is
 *   refused, and through the public client that is an `InvalidRequestError` naming the provider and the
 *   part, with no HTTP request made;
 * - a `Uint8Array` view encodes only its own bytes (Node's and the portable base64 alike);
 * - an image's media type is read from its signature; a Bedrock document name is always one Converse
 *   accepts;
 * - parts are Schema classes: their arbitraries' values satisfy the schema and survive a JSON round trip,
 *   and a text message's encoded form is what it was before parts existed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  Groq,
  LanguageModel,
  Message,
  OpenAI,
  OpenAIResponses,
  ProviderError
} from "effect-llm-stream"
import { HttpClient } from "effect/http"
import * as FastCheck from "fast-check"
import * as BedrockParts from "../src/internal/bedrock/BedrockParts.js"
import * as Parts from "../src/internal/Parts.js"
import * as M from "./support/Multimodal.js"
import { effectProp, prop } from "./support/Property.js"

// ---------------------------------------------------------------------------------------------------
// Generated parts, with what the test knows of them

type SourceKind = "bytes" | "view" | "data-url" | "data-URL-object" | "url" | "URL-object"

interface Case {
  readonly part: Message.Part
  readonly kind: "text" | "image" | "file" | "audio"
  /** The media type the content really has (what a sniffer or the caller would say). */
  readonly mediaType: string | undefined
  readonly source: SourceKind | undefined
  readonly bytes: Uint8Array | undefined
  readonly url: string | undefined
}

const signatures: Readonly<Record<string, Uint8Array>> = {
  "image/png": M.png,
  "image/jpeg": M.jpeg,
  "image/gif": M.gif,
  "image/webp": M.webp
}

const concat = (head: Uint8Array, tail: Uint8Array): Uint8Array => {
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

const imageCase = FastCheck.record({
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
    url
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
    url
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
  url
}))

const caseArbitrary = FastCheck.oneof(textCase, imageCase, fileCase, audioCase)

// ---------------------------------------------------------------------------------------------------
// The support table (docs/multimodal.md): which API takes which part, from which source

const isUrl = (source: SourceKind | undefined) => source === "url" || source === "URL-object"

const supports = (api: M.Api, c: Case): boolean => {
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

// ---------------------------------------------------------------------------------------------------
// Reading a body back: each API's content blocks as parts (written from the API references)

interface Read {
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

const readers: Readonly<Record<M.Api, (body: Record<string, any>) => ReadonlyArray<Read>>> = {
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
const expected = (api: M.Api, c: Case): Read => {
  if (c.kind === "text") return { kind: "text", text: (c.part as Message.TextPart).text }
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
const withBedrockText = (reads: ReadonlyArray<Read>): ReadonlyArray<Read> => {
  const first = reads.findIndex((read) => read.kind === "file")
  if (first < 0 || reads.some((read) => read.kind === "text")) return reads
  const count = reads.filter((read) => read.kind === "file").length
  const text = count === 1 ? "See the attached document." : "See the attached documents."
  return [...reads.slice(0, first), { kind: "text", text }, ...reads.slice(first)]
}

describe("content parts: encode, and read back", () => {
  prop(
    "any list of parts an API takes encodes, and the body reads back as the same parts",
    [FastCheck.array(caseArbitrary, { maxLength: 5 })],
    ([cases]) => {
      for (const api of M.apis) {
        const taken = cases.filter((c) => supports(api, c))
        if (taken.length === 0) {
          // No API takes a user message of no content: refused, not sent empty or dropped.
          assert.include(M.refusal(api, [Message.user([])]), "messages[0]: a user message with no parts")
          continue
        }
        const body = M.body(api, [Message.user(taken.map((c) => c.part))])
        const wanted = taken.map((c) => expected(api, c))
        assert.deepStrictEqual(readers[api](body), api === "bedrock" ? withBedrockText(wanted) : wanted, api)
      }
    },
    { fastCheck: { numRuns: 150 } }
  )

  prop(
    "a part an API cannot take is refused, naming the part; the API takes it exactly when the table says so",
    [caseArbitrary],
    ([c]) => {
      for (const api of M.apis) {
        const encoded = M.encode(api, [Message.user("first"), Message.user([Message.text("and"), c.part])])
        assert.strictEqual(Result.isSuccess(encoded), supports(api, c), `${api} ${c.kind} ${c.mediaType} ${c.source}`)
        if (Result.isFailure(encoded)) {
          assert.isTrue(encoded.failure.message.startsWith(`messages[1].parts[1] (${c.kind}`), encoded.failure.message)
        }
      }
    },
    { fastCheck: { numRuns: 300 } }
  )
})

// ---------------------------------------------------------------------------------------------------
// Through the public clients: the typed error, and nothing sent

const key = Redacted.make("sk-test-0123456789abcdef")

const models: ReadonlyArray<readonly [M.Api, Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>]> =
  [
    ["openai", OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key })))],
    [
      "azure",
      Azure.model("d").pipe(Layer.provide(Azure.layer({ endpoint: "https://r.openai.azure.com", apiKey: key })))
    ],
    ["groq", Groq.model("meta-llama/llama-4-scout-17b-16e-instruct").pipe(Layer.provide(Groq.layer({ apiKey: key })))],
    ["responses", OpenAIResponses.model("gpt-5").pipe(Layer.provide(OpenAIResponses.layer({ apiKey: key })))],
    ["anthropic", Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key })))],
    [
      "bedrock",
      Bedrock.model("us.amazon.nova-pro-v1:0").pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key })))
    ]
  ]

const providerOf: Readonly<Record<M.Api, string>> = {
  openai: "openai",
  azure: "azure",
  groq: "groq",
  responses: "openai",
  anthropic: "anthropic",
  bedrock: "bedrock"
}

describe("a refused part through the public clients", () => {
  effectProp(
    "is an InvalidRequestError naming the provider and the part, and no request is made",
    [caseArbitrary.filter((c) => M.apis.some((api) => !supports(api, c)))],
    ([c]) =>
      Effect.gen(function*() {
        for (const [api, model] of models) {
          if (supports(api, c)) continue
          let requests = 0
          const client = Layer.succeed(
            HttpClient.HttpClient,
            HttpClient.make((request) => {
              requests++
              return Effect.die(`no request was expected: ${request.url}`)
            })
          )
          const error = yield* LanguageModel.stream({ messages: [Message.user([Message.text("q"), c.part])] }).pipe(
            Stream.runDrain,
            Effect.flip,
            Effect.provide(model.pipe(Layer.provide(client)))
          )
          assert.instanceOf(error, ProviderError.InvalidRequestError)
          assert.strictEqual(error.provider, providerOf[api])
          assert.isTrue(error.message.startsWith(`${providerOf[api]}: messages[0].parts[1] (${c.kind}`), error.message)
          assert.isFalse(error.retryable)
          assert.strictEqual(requests, 0)
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )
})

// ---------------------------------------------------------------------------------------------------
// Bytes, signatures, names, schemas

describe("bytes and their encodings", () => {
  prop(
    "a view encodes only its own bytes, with Node's Buffer and with the portable btoa path alike",
    [FastCheck.uint8Array({ maxLength: 70_000 }), FastCheck.nat(64), FastCheck.nat(64)],
    ([bytes, before, after]) => {
      const buffer = new Uint8Array(before + bytes.length + after).fill(0x5a)
      buffer.set(bytes, before)
      const view = buffer.subarray(before, before + bytes.length)
      const expected = Buffer.from(Array.from(bytes)).toString("base64")
      assert.strictEqual(Parts.toBase64(view), expected)
      assert.strictEqual(Parts.toBase64Portable(view), expected)
    },
    { fastCheck: { numRuns: 60 } }
  )

  prop(
    "a data: URL and the same bytes encode alike (the URL's base64 is sent as it is)",
    [imageCase.filter((c) => c.mediaType !== "image/bmp")],
    ([c]) => {
      const asBytes = M.body("anthropic", [Message.user([Message.image(c.bytes!)])])
      const asDataUrl = M.body("anthropic", [
        Message.user([Message.image(`data:${c.mediaType};base64,${M.b64(c.bytes!)}`)])
      ])
      assert.deepStrictEqual(asBytes, asDataUrl)
    }
  )

  prop(
    "an image's media type is read from its signature; other bytes have none",
    [FastCheck.constantFrom(...Object.keys(signatures)), FastCheck.uint8Array({ maxLength: 32 })],
    ([mediaType, tail]) => {
      assert.strictEqual(Parts.sniffImage(concat(signatures[mediaType]!, tail)), mediaType)
      const other = concat(new Uint8Array([0x00]), tail)
      assert.isUndefined(Parts.sniffImage(other))
    }
  )
})

describe("Bedrock document names", () => {
  prop(
    "are always names Converse accepts, and unique in a request",
    [FastCheck.array(FastCheck.option(FastCheck.string({ unit: "binary", maxLength: 260 }), { nil: undefined }), {
      maxLength: 8
    })],
    ([filenames]) => {
      const used = new Set<string>()
      const names = filenames.map((filename, index) => BedrockParts.documentName(filename, index + 1, used))
      for (const name of names) {
        assert.match(name, /^[A-Za-z0-9()[\]-]+( [A-Za-z0-9()[\]-]+)*$/)
        assert.isAtMost(name.length, 200)
      }
      assert.strictEqual(new Set(names).size, names.length)
    }
  )
})

describe("parts are Schema classes", () => {
  it.effect("their arbitraries' values satisfy the schema and survive a JSON round trip", () =>
    Effect.gen(function*() {
      const codec = Schema.toCodecJson(Message.Part)
      const samples = yield* Arbitrary.sampleEffect(Arbitrary.schema(Message.Part), { count: 200, seed: 28 })
      assert.isAbove(new Set(samples.map((part) => part._tag)).size, 3)
      for (const part of samples) {
        assert.isTrue(Schema.is(Message.Part)(part))
        const json = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(part)))
        assert.deepStrictEqual(Schema.decodeUnknownSync(codec)(json), part)
      }
    }))

  it("a text message's encoded form is what it was before parts existed, and its text reads as before", () => {
    const codec = Schema.toCodecJson(Message.Message)
    assert.deepStrictEqual(Schema.encodeSync(codec)(Message.user("Hi")), { _tag: "UserMessage", text: "Hi" })
    assert.deepStrictEqual(Schema.decodeUnknownSync(codec)({ _tag: "UserMessage", text: "Hi" }), Message.user("Hi"))
    const withParts = Message.user([Message.text("Look:"), Message.image(M.png), Message.text("What is it?")])
    assert.strictEqual((withParts as Message.UserMessage).text, "Look:\nWhat is it?")
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(withParts)))
    assert.deepStrictEqual(Schema.decodeUnknownSync(codec)(json), withParts)
  })
})
