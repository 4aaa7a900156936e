/**
 * `effect/ai`'s `generateObject` over the adapter, through `effect/ai`'s own API and real HTTP: the request
 * carries the object as the library's `output` (each provider's native mode or forced tool, by its tables), the
 * answer is read by the same view as `CallStream.object`, and what has no valid answer fails as it does: a
 * refusal with a `ContentPolicyError`, an answer cut by the token limit or written twice with a
 * `StructuredOutputError` carrying the text. Recordings: `test/fixtures/structured-output/SOURCES.md`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { AiError, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const fetchClient = clients[0]![1]
const Author = Schema.Struct({ first_name: Schema.String, last_name: Schema.String })
const Book = Schema.Struct({ title: Schema.String, author: Author, rating: Schema.Int })
const book = { title: "THE NAME OF THE WIND", author: { first_name: "Patrick", last_name: "Rothfuss" }, rating: 7 }

const generate = <A, I extends Record<string, any>>(
  folder: RecordedModels.Folder,
  model: string,
  body: Uint8Array,
  schema: Schema.Codec<A, I>,
  objectName = "Book"
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": RecordedModels.contentType(folder) }, body })
    const result = yield* AiModel.generateObject({ prompt: "Recommend a book", schema, objectName }).pipe(
      Effect.provide(
        AiLanguageModel.layer.pipe(Layer.provide(RecordedModels.model(folder, baseUrl, fetchClient, { model })))
      ),
      Effect.result
    )
    return { result, sent: server.requests(baseUrl).map((request) => JSON.parse(request.body)) }
  })

const reasonOf = (result: { readonly _tag: string; readonly failure?: unknown }) => {
  assert.strictEqual(result._tag, "Failure")
  const error = result.failure as AiError.AiError
  assert.instanceOf(error, AiError.AiError)
  return error.reason
}

describe("generateObject over the adapter", () => {
  it.effect("Anthropic Claude 4.5: output_config.format, the text decoded", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* generate(
        "anthropic",
        "claude-sonnet-4-5",
        Fixtures.bytes("structured-output", "anthropic-json-outputs.sse"),
        Book
      )
      assert.deepStrictEqual(result._tag === "Success" ? result.success.value : result, book)
      assert.strictEqual(sent[0].output_config.format.type, "json_schema")
      assert.isUndefined(sent[0].tools)
    }))

  it.effect("Bedrock Nova: a forced tool, its arguments (in one piece) decoded", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* generate(
        "bedrock",
        "amazon.nova-micro-v1:0",
        Fixtures.body("structured-output", "bedrock-nova-tool.eventstream.b64"),
        Book,
        "mirascope_formatted_output_tool__"
      )
      assert.deepStrictEqual(result._tag === "Success" ? result.success.value : result, book)
      assert.deepStrictEqual(sent[0].toolConfig.toolChoice, { tool: { name: "mirascope_formatted_output_tool__" } })
    }))

  it.effect("strict mode's null for an absent optional field is absent in the object", () =>
    Effect.gen(function*() {
      const Reading = Schema.Struct({ city: Schema.String, note: Schema.optionalKey(Schema.String) })
      const chunk = (delta: object, finish_reason: string | null = null) =>
        `data: ${JSON.stringify({ id: "c", model: "gpt-4o", choices: [{ index: 0, delta, finish_reason }] })}\n\n`
      const body = chunk({ content: "{\"city\":\"Paris\"," }) + chunk({ content: "\"note\":null}" }) +
        chunk({}, "stop") +
        "data: [DONE]\n\n"
      const { result, sent } = yield* generate("openai", "gpt-4o", new TextEncoder().encode(body), Reading, "Reading")
      assert.deepStrictEqual(result._tag === "Success" ? result.success.value : result, { city: "Paris" })
      assert.deepStrictEqual(sent[0].response_format.json_schema.schema.required, ["city", "note"])
    }))

  it.effect("a refusal (OpenAI, recorded) is a ContentPolicyError quoting it", () =>
    Effect.gen(function*() {
      const { result } = yield* generate("openai", "gpt-4o", Fixtures.bytes("openai", "refusal.sse"), Book)
      const reason = reasonOf(result)
      assert.instanceOf(reason, AiError.ContentPolicyError)
      assert.include(reason.description, "refused")
    }))

  it.effect("an answer cut by max_tokens (OpenAI, recorded) is a StructuredOutputError that says so", () =>
    Effect.gen(function*() {
      const { result } = yield* generate("openai", "gpt-4o", Fixtures.bytes("openai", "length-2024.sse"), Book)
      const reason = reasonOf(result)
      assert.instanceOf(reason, AiError.StructuredOutputError)
      assert.include(reason.description, "cut by the token limit")
    }))

  it.effect("an answer written twice is a StructuredOutputError, never the first value", () =>
    Effect.gen(function*() {
      const once = JSON.stringify(book)
      const chunk = (content: string) =>
        `data: ${
          JSON.stringify({ id: "c", model: "gpt-4o", choices: [{ index: 0, delta: { content }, finish_reason: null }] })
        }\n\n`
      const body = chunk(once) + chunk(once) +
        `data: ${
          JSON.stringify({ id: "c", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })
        }\n\ndata: [DONE]\n\n`
      const { result } = yield* generate("openai", "gpt-4o", new TextEncoder().encode(body), Book)
      const reason = reasonOf(result)
      assert.instanceOf(reason, AiError.StructuredOutputError)
      assert.include(reason.description, "more than one JSON value")
    }))

  it.effect("a schema with no JSON Schema a provider takes is an UnsupportedSchemaError, and nothing is sent", () =>
    Effect.gen(function*() {
      // effect/ai's own providers (`OpenAiLanguageModel`'s `tryJsonSchema`, `tryToolJsonSchema`) report a response
      // format or tool parameters with no JSON Schema so, as `generateObject` does a codec transformer's refusal.
      const Tags = Schema.Array(Schema.String)
      const { result, sent } = yield* generate("openai", "gpt-4o", Fixtures.bytes("openai", "text.sse"), Tags, "Tags")
      const reason = reasonOf(result)
      assert.instanceOf(reason, AiError.UnsupportedSchemaError)
      assert.include(reason.description, "responseFormat.schema")
      assert.isFalse((result as { readonly failure: AiError.AiError }).failure.isRetryable)
      assert.deepStrictEqual(sent, [])

      // A tool's parameters the same: its own Schema is not an object in JSON.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
      const Tagger = AiTool.make("tagger", { parameters: Tags })
      const error = yield* AiModel.generateText({ prompt: "Tag it", toolkit: Toolkit.make(Tagger) }).pipe(
        Effect.provide(Toolkit.make(Tagger).toLayer({ tagger: () => Effect.void })),
        Effect.provide(
          AiLanguageModel.layer.pipe(
            Layer.provide(RecordedModels.model("openai", baseUrl, fetchClient, { model: "gpt-4o" }))
          )
        ),
        Effect.flip
      )
      assert.instanceOf(error.reason, AiError.UnsupportedSchemaError)
      assert.include(error.reason.description, "tools.tagger")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))
})
