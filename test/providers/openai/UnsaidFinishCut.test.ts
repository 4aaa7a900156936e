/**
 * OpenAI always says why an answer finished (`ChatFinishReasons.Unsaid`'s `cut`: openai-node 7.59's
 * `finalizeChatCompletion` throws "missing finish_reason for choice"): a stream that reaches its `[DONE]` with no
 * choice having said it was cut on its way (a proxy that dropped the finishing chunk), and fails with a
 * `TruncatedStreamError` after every chunk that came, where it ended as a success whose text a person took for the
 * whole answer, the tool loop stopping on it as finished. An audio answer's last chunk (`delta.audio` with only
 * `expires_at`) finishes it as `stop`, as openai-node reads it.
 *
 * Body: `openai/text.sse` (Mirascope's recording of gpt-4o) without its finishing chunk; the audio ending hand-written
 * from openai-node 7.59 src/lib/ChatCompletionStream.ts ("Audio streams can end with an expires_at-only chunk"). The
 * OpenAI client pointed at another server (`baseUrl`) reads such a stream as `OpenAICompatible` does.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, LanguageModel, Message, OpenAI, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"
import * as RecordedModels from "../../support/RecordedModels.js"

/** `text.sse` without the chunk whose choice says `finish_reason: "stop"`: the usage chunk and `[DONE]` kept. */
const withoutFinish = Fixtures.text("openai", "text.sse").split("\n\n").filter((event) =>
  !event.includes(`"finish_reason":"stop"`)
).join("\n\n")

/**
 * OpenAI's model at its own API (`OpenAI.defaultBaseUrl`), each request sent on to the replay server at `url` (by the
 * client's `transformClient`, as a proxy would); or, `at: "elsewhere"`, the OpenAI client pointed at that server.
 */
const openai = (url: string, at: "openai" | "elsewhere" = "openai") =>
  at === "elsewhere" ? RecordedModels.model("openai", url, FetchHttpClient.layer) : OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({
      apiKey: Redacted.make("sk-test-0123456789abcdef"),
      transformClient: HttpClient.mapRequest((request) =>
        HttpClientRequest.setUrl(request, request.url.replace(OpenAI.defaultBaseUrl, url))
      )
    })),
    Layer.provide(FetchHttpClient.layer)
  )

/** One OpenAI call served `body`: its chunks, how it ended, its response. */
const streamed = (body: string, at: "openai" | "elsewhere" = "openai") =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const url = server.serve({ headers: { "content-type": "text/event-stream" }, body })
    const { chunks, result } = yield* collect(LanguageModel.stream("What is 4200 + 42?")).pipe(
      Effect.provide(openai(url, at))
    )
    return { chunks, result, response: chunks.reduce(CallResponse.append, CallResponse.empty) }
  })

const audioChunk = (delta: unknown, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-audio",
      object: "chat.completion.chunk",
      created: 1766084435,
      model: "gpt-4o-audio-preview",
      choices: [{ index: 0, delta, finish_reason: finish }]
    })
  }\n\n`

describe("an OpenAI stream whose answer never said why it finished", () => {
  it.effect("fails as truncated after every chunk, its text and usage kept", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed(withoutFinish)
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.TruncatedStreamError)
      assert.strictEqual(
        error.message,
        "openai: the stream ended before the answer finished (no finish reason came); the output is incomplete"
      )
      assert.strictEqual(response.content, "4200 + 42 equals 4242.")
      assert.deepStrictEqual(response.commonFinishReasons, [])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [16, 10])
    }).pipe(Effect.scoped))

  it.effect("the same recording with its finishing chunk succeeds with stop", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed(Fixtures.text("openai", "text.sse"))
      assert.strictEqual(result._tag, "Success")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
    }).pipe(Effect.scoped))

  it.effect("the tool loop fails on it, asking nothing more", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([withoutFinish, withoutFinish].map((body) => ({ body })))
      const error = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("What is 4200 + 42?")] }).pipe(
        Effect.provide(openai(url)),
        Effect.flip
      )
      assert.instanceOf(error, ProviderError.TruncatedStreamError)
      assert.strictEqual(server.requests(url).length, 1)
    }).pipe(Effect.scoped))

  it.effect("the OpenAI client pointed at another server (a local one) reads it as a compatible host's: other", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed(withoutFinish, "elsewhere")
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.content, "4200 + 42 equals 4242.")
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
    }).pipe(Effect.scoped))

  it.effect("an audio answer's last chunk (audio with only expires_at) finishes it as stop", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed(
        audioChunk({ role: "assistant", audio: { id: "audio_1", transcript: "Hi" } }) +
          audioChunk({ audio: { data: "UklGRg==" } }) +
          audioChunk({ audio: { expires_at: 1766088035 } }) +
          "data: [DONE]\n\n"
      )
      assert.strictEqual(result._tag, "Success")
      assert.deepStrictEqual(response.finishReasons, [])
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
    }).pipe(Effect.scoped))
})
