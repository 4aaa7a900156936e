/**
 * Chat Completions' `delta.annotations` (`url_citation`, sent by `gpt-4o-search-preview` and other search models,
 * often on a last chunk of annotations only: openai-java#297; @ai-sdk/openai's src/chat/openai-chat-api.ts): each a
 * citation of the text, a `source-url` in the browser's UI message stream; other annotations are ignored, never a
 * failure. And the legacy `finish_reason: "function_call"` (openai-node's `ChatCompletionChunk.Choice`), whose
 * `delta.function_call` is not read as a call: the common reason is other, never `tool_calls` without a call.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { CallResponse, LanguageModel, OpenAI, OpenAICompatible, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { collect } from "../../support/Collect.js"
import { readResponse } from "../../support/UIClient.js"

const apiKey = "sk-test-0123456789abcdef"

const chunk = (choices: ReadonlyArray<unknown>, extra: Record<string, unknown> = {}) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-search",
      object: "chat.completion.chunk",
      created: 1741700000,
      model: "gpt-4o-search-preview-2025-03-11",
      choices,
      ...extra
    })
  }\n\n`

const citation = (url: string, title: string, start_index: number, end_index: number) => ({
  type: "url_citation",
  url_citation: { end_index, start_index, title, url }
})

/** A search model's answer: text (one piece with an annotation beside it), then a chunk of annotations only. */
const searchBody = chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]) +
  chunk([{ index: 0, delta: { content: "Ada Lovelace wrote the first program " }, finish_reason: null }]) +
  chunk([{
    index: 0,
    delta: {
      content: "([britannica.com](https://www.britannica.com/biography/Ada-Lovelace)).",
      annotations: [citation("https://www.britannica.com/biography/Ada-Lovelace", "Ada Lovelace | Britannica", 37, 106)]
    },
    finish_reason: null
  }]) +
  chunk([{
    index: 0,
    delta: {
      annotations: [
        citation("https://en.wikipedia.org/wiki/Ada_Lovelace", "Ada Lovelace - Wikipedia", 0, 12),
        // Another type, a citation without its object, a value that is no annotation: ignored.
        { type: "file_citation", file_citation: { file_id: "file_1" } },
        { type: "url_citation" },
        "not an annotation"
      ]
    },
    finish_reason: null
  }]) +
  chunk([{ index: 0, delta: {}, finish_reason: "stop" }]) +
  chunk([], { usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } }) +
  "data: [DONE]\n\n"

const openai = (baseUrl: string) =>
  OpenAI.model("gpt-4o-search-preview").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const served = <E>(body: string, model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, E>) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    return model(server.serve({ headers: { "content-type": "text/event-stream" }, body }))
  })

describe("Chat Completions url_citation annotations", () => {
  it.effect("reach the browser as source-url parts, with their titles, once per URL; the stream succeeds", () =>
    Effect.gen(function*() {
      const model = yield* served(searchBody, openai)
      const response = yield* LanguageModel.stream("Who wrote the first program?").pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.provide(model)
      )
      const { chunks } = yield* Effect.promise(() => readResponse(response))
      const sources = chunks.filter((chunk: any) => chunk.type === "source-url")
      assert.deepStrictEqual(sources.map((chunk: any) => [chunk.url, chunk.title]), [
        ["https://www.britannica.com/biography/Ada-Lovelace", "Ada Lovelace | Britannica"],
        ["https://en.wikipedia.org/wiki/Ada_Lovelace", "Ada Lovelace - Wikipedia"]
      ])
      assert.isFalse(chunks.some((chunk: any) => chunk.type === "error"))
    }).pipe(Effect.scoped))

  it.effect("the text, the finish reason and the usage are read as before", () =>
    Effect.gen(function*() {
      const model = yield* served(searchBody, openai)
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(result._tag, "Success")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(
        response.content,
        "Ada Lovelace wrote the first program ([britannica.com](https://www.britannica.com/biography/Ada-Lovelace))."
      )
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      assert.strictEqual(response.usage.outputTokens, 30)
    }).pipe(Effect.scoped))

  it.effect("a compatible host's annotations (OpenRouter's web search) are read the same way", () =>
    Effect.gen(function*() {
      const model = yield* served(searchBody, (baseUrl) =>
        OpenAICompatible.model("openai/gpt-4o-search-preview").pipe(
          Layer.provide(OpenAICompatible.layer({ name: "openrouter", apiKey: Redacted.make(apiKey), baseUrl })),
          Layer.provide(clients[0]![1])
        ))
      const response = yield* LanguageModel.stream("hi").pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.provide(model)
      )
      const { chunks } = yield* Effect.promise(() => readResponse(response))
      assert.deepStrictEqual(
        chunks.filter((chunk: any) => chunk.type === "source-url").map((chunk: any) => chunk.url),
        ["https://www.britannica.com/biography/Ada-Lovelace", "https://en.wikipedia.org/wiki/Ada_Lovelace"]
      )
    }).pipe(Effect.scoped))

  it("annotations of any shape decode (never a failure of the stream)", () => {
    const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
    for (const annotations of [null, {}, "x", [1, null, { type: 7 }], [{ type: "url_citation", url_citation: 3 }]]) {
      const decoded = decode({ id: "c", model: "m", choices: [{ index: 0, delta: { content: "x", annotations } }] })
      assert.strictEqual(decoded.content, "x")
    }
  })
})

describe("the legacy function_call finish reason", () => {
  it("is other in the common set", () => {
    assert.strictEqual(OpenAI.toCommonFinishReason("function_call"), "other")
    assert.strictEqual(OpenAI.toCommonFinishReason("tool_calls"), "tool_calls")
  })

  it.effect("a delta.function_call stream ends with no tool call and the common reason other", () =>
    Effect.gen(function*() {
      const body = chunk([{
        index: 0,
        delta: { role: "assistant", content: null, function_call: { name: "get_weather", arguments: "" } },
        finish_reason: null
      }]) +
        chunk([{ index: 0, delta: { function_call: { arguments: "{\"city\":\"Paris\"}" } }, finish_reason: null }]) +
        chunk([{ index: 0, delta: {}, finish_reason: "function_call" }]) +
        "data: [DONE]\n\n"
      const model = yield* served(body, openai)
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(result._tag, "Success")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.finishReasons, ["function_call"])
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
      assert.deepStrictEqual(response.toolCalls, [])
    }).pipe(Effect.scoped))
})
