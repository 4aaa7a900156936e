/**
 * A part whose source is a file a provider holds (`Message.providerReference`, the `ai` package's `ProviderReference`:
 * provider names to that provider's file ids). A request to a provider it names no file at, or to an API that takes no
 * file by its id, fails before sending with an `InvalidRequestError` saying so (the `ai` package throws
 * `NoSuchProviderReferenceError` alike); Anthropic's request that sends one goes with the Files API's beta
 * (`anthropic-beta: files-api-2025-04-14`, platform.claude.com "Files API"); a conversation holding one reads back
 * from JSON as it was.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { Anthropic, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

const pdf = (ids: Record<string, string>) =>
  Message.user([
    Message.text("Summarize"),
    Message.file(Message.providerReference(ids), { mediaType: "application/pdf" })
  ])

/** The failure of one request with `message` to the scripted model of `provider`. */
const refusal = (provider: TestKit.ScriptedProvider, message: Message.Message) =>
  LanguageModel.stream({ messages: [message] }).pipe(
    Stream.runDrain,
    Effect.flip,
    Effect.provide(TestKit.scripted([{ text: "Read it." }], { provider }))
  )

describe("a file a provider holds, by its id", () => {
  it.effect("to a provider it names no file at: an InvalidRequestError naming both, before sending", () =>
    Effect.gen(function*() {
      const error = yield* refusal("anthropic", pdf({ openai: "file-abc123" }))
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "names no file at anthropic (it names one at openai)")
    }))

  it.effect("to an API that takes no file by its id (Bedrock): an InvalidRequestError saying so", () =>
    Effect.gen(function*() {
      const error = yield* refusal("bedrock", pdf({ bedrock: "file-1" }))
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "takes no file by its id")
    }))

  it.effect("Anthropic: the request that sends one goes with the Files API's beta, another without", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.body("anthropic", "text.sse")
      const sse = { "content-type": "text/event-stream" }
      const baseUrl = server.serve([{ headers: sse, body }, { headers: sse, body }])
      const model = Anthropic.model("claude-sonnet-4-5").pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl, betas: ["context-1m-2025-08-07"] })),
        Layer.provide(FetchHttpClient.layer)
      )
      for (const message of [pdf({ anthropic: "file_011CNha8iCJcU1wXNR6q4V8w" }), Message.user("Hello")]) {
        yield* LanguageModel.stream({ messages: [message] }).pipe(Stream.runDrain, Effect.provide(model))
      }
      const [withFile, without] = server.requests(baseUrl)
      assert.strictEqual(withFile!.headers["anthropic-beta"], "context-1m-2025-08-07,files-api-2025-04-14")
      assert.strictEqual(without!.headers["anthropic-beta"], "context-1m-2025-08-07")
      assert.deepStrictEqual(JSON.parse(withFile!.body).messages[0].content[1], {
        type: "document",
        source: { type: "file", file_id: "file_011CNha8iCJcU1wXNR6q4V8w" }
      })
    }).pipe(Effect.scoped))

  it.effect("Anthropic: an image by its id is an image block with a file source, with the Files API's beta", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const sse = { "content-type": "text/event-stream" }
      const baseUrl = server.serve([{ headers: sse, body: Fixtures.body("anthropic", "text.sse") }])
      const model = Anthropic.model("claude-sonnet-4-5").pipe(
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      const id = "file_011CNha8iCJcU1wXNR6q4V8w"
      const message = Message.user([
        Message.text("Describe"),
        Message.image(Message.providerReference({ anthropic: id }))
      ])
      yield* LanguageModel.stream({ messages: [message] }).pipe(Stream.runDrain, Effect.provide(model))
      const [request] = server.requests(baseUrl)
      assert.strictEqual(request!.headers["anthropic-beta"], "files-api-2025-04-14")
      assert.deepStrictEqual(JSON.parse(request!.body).messages[0].content[1], {
        type: "image",
        source: { type: "file", file_id: id }
      })
    }).pipe(Effect.scoped))

  it.effect("Anthropic: images by their ids count against the request's 100 images, refused before sending", () =>
    Effect.gen(function*() {
      const image = Message.image(Message.providerReference({ anthropic: "file_011CNha8iCJcU1wXNR6q4V8w" }))
      const error = yield* refusal("anthropic", Message.user(Array.from({ length: 101 }, () => image)))
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "Anthropic takes at most 100 images per request")
    }))

  it("reads back from JSON as it was; a hostile one does not decode", () => {
    const message = pdf({ openai: "file-abc123", google: "https://generativelanguage.googleapis.com/v1beta/files/a" })
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(Message.Message)(message)))
    assert.deepStrictEqual(Schema.decodeUnknownSync(Message.Message)(json), message)
    const hostile = JSON.parse(JSON.stringify(json).replace("file-abc123", "file abc\\u0000"))
    assert.throws(() => Schema.decodeUnknownSync(Message.Message)(hostile))
  })
})
