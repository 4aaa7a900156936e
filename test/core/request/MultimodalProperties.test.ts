/**
 * Properties of content parts:
 *
 * - any list of parts an API takes encodes, and the body read back (by readers written from each API's
 *   reference, independent of the encoders: `support/MultimodalCases.ts`) gives the same parts: content,
 *   media type, detail, file name, audio format;
 * - every part an API cannot take (by the support table there, the one `docs/multimodal.md` shows) is
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
import * as PartSources from "../../../src/core/request/PartSources.js"
import * as BedrockParts from "../../../src/providers/bedrock/BedrockParts.js"
import * as M from "../../support/Multimodal.js"
import {
  caseArbitrary,
  concat,
  expected,
  imageCase,
  readers,
  signatures,
  supports,
  withBedrockText
} from "../../support/MultimodalCases.js"
import { effectProp, prop } from "../../support/Property.js"

/** Whether a case is a text part with no text, or only whitespace. */
const isBlankText = (c: { readonly kind: string; readonly part: Message.Part }) =>
  c.kind === "text" && (c.part as Message.TextPart).text.trim() === ""

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
        // Anthropic and Bedrock take no blank text ("text content blocks must contain non-whitespace text"): beside
        // other parts it is left out (the `ai` client sends an empty message box's text beside its files), alone it is
        // refused.
        const sent = api === "anthropic" || api === "bedrock" ? taken.filter((c) => !isBlankText(c)) : taken
        if (sent.length === 0) {
          assert.include(
            M.refusal(api, [Message.user(taken.map((c) => c.part))]),
            "a user message with no text or file"
          )
          continue
        }
        const body = M.body(api, [Message.user(taken.map((c) => c.part))])
        const wanted = sent.map((c) => expected(api, c))
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

const models: ReadonlyArray<
  readonly [M.Api, Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>, string]
> = [
  ["openai", OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key }))), "gpt-4o"],
  [
    "azure",
    Azure.model("d").pipe(Layer.provide(Azure.layer({ endpoint: "https://r.openai.azure.com", apiKey: key }))),
    "d"
  ],
  [
    "groq",
    Groq.model("meta-llama/llama-4-scout-17b-16e-instruct").pipe(Layer.provide(Groq.layer({ apiKey: key }))),
    "meta-llama/llama-4-scout-17b-16e-instruct"
  ],
  ["responses", OpenAIResponses.model("gpt-5").pipe(Layer.provide(OpenAIResponses.layer({ apiKey: key }))), "gpt-5"],
  [
    "anthropic",
    Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key }))),
    "claude-sonnet-4-5"
  ],
  [
    "bedrock",
    Bedrock.model("us.amazon.nova-pro-v1:0").pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key }))),
    "us.amazon.nova-pro-v1:0"
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
          // The part named for a person: its kind, its type, the model asked (a 415 through ChatEndpoint).
          assert.deepInclude(error.refusedPart, { kind: c.kind, model: models.find(([name]) => name === api)![2] })
          const given = (c.part as Message.ImagePart | Message.FilePart | Message.AudioPart).mediaType
          assert.strictEqual(
            error.refusedPart?.mediaType,
            given === undefined ? undefined : PartSources.normalizeMediaType(given)
          )
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
      assert.strictEqual(PartSources.toBase64(view), expected)
      assert.strictEqual(PartSources.toBase64Portable(view), expected)
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
      assert.strictEqual(PartSources.sniffImage(concat(signatures[mediaType]!, tail)), mediaType)
      const other = concat(new Uint8Array([0x00]), tail)
      assert.isUndefined(PartSources.sniffImage(other))
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
