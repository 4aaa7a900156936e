import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Schema } from "effect"
import {
  CallResponse,
  CallStream,
  LanguageModel,
  Message,
  OpenAI,
  PriceTable,
  ProviderError,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as FastCheck from "fast-check"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as PiecesClient from "../../../support/PiecesClient.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "sk-test-0123456789abcdef"
const sse = { "content-type": "text/event-stream; charset=utf-8", "x-request-id": "req_replay" }

const modelLayer = (
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<OpenAI.Options> = {}
) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make(apiKey), baseUrl, ...options })),
    Layer.provide(client)
  )

describe("OpenAI chunk accessors", () => {
  const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)

  it("reads n > 1 choices by index, not by position", () => {
    const chunk = decode({
      id: "c",
      model: "m",
      choices: [
        { index: 1, delta: { content: "second" }, finish_reason: null },
        { index: 0, delta: { content: "first" }, finish_reason: "stop" }
      ]
    })
    assert.strictEqual(chunk.content, "first")
    assert.deepStrictEqual(chunk.finishReasons, ["stop"])
  })

  it("decodes audio deltas", () => {
    const chunk = decode({
      id: "c",
      model: "gpt-4o-audio-preview",
      choices: [{ index: 0, delta: { audio: { id: "audio_1", data: "AAEC/w==", transcript: "Hi" } } }]
    })
    assert.deepStrictEqual(chunk.audio, new Uint8Array([0, 1, 2, 255]))
    assert.strictEqual(chunk.audioTranscript, "Hi")
    const plain = decode({ id: "c", model: "m", choices: [{ index: 0, delta: { content: "x" } }] })
    assert.isUndefined(plain.audio)
    assert.isUndefined(plain.audioTranscript)
  })

  it("keeps unknown cache and audio fields undefined, and reads cache writes and audio tokens", () => {
    const chunk = decode({
      id: "c",
      model: "m",
      choices: [],
      usage: {
        prompt_tokens: 2006,
        completion_tokens: 300,
        total_tokens: 2306,
        prompt_tokens_details: { cached_tokens: 1920, cache_write_tokens: 10, audio_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 64, audio_tokens: 7 }
      }
    })
    assert.strictEqual(chunk.inputTokens, 2006)
    assert.strictEqual(chunk.cachedTokens, 1920)
    assert.strictEqual(chunk.outputTokens, 300)
    assert.deepStrictEqual(
      { ...chunk.commonUsage },
      {
        inputTokens: 2006,
        cachedTokens: 1920,
        cacheWriteTokens: 10,
        inputAudioTokens: 5,
        outputTokens: 300,
        reasoningTokens: 64,
        outputAudioTokens: 7
      }
    )
    const bare = decode({ id: "c", model: "m", choices: [], usage: { prompt_tokens: 1, completion_tokens: 2 } })
    assert.isUndefined(bare.cachedTokens)
    assert.isUndefined(bare.commonUsage!.reasoningTokens)
  })

  it("maps every finish reason, unknown ones to other", () => {
    assert.strictEqual(OpenAI.toCommonFinishReason("stop"), "stop")
    assert.strictEqual(OpenAI.toCommonFinishReason("length"), "length")
    assert.strictEqual(OpenAI.toCommonFinishReason("tool_calls"), "tool_calls")
    // The legacy `delta.function_call` is not read as a tool call: `tool_calls` would promise a call that never comes.
    assert.strictEqual(OpenAI.toCommonFinishReason("function_call"), "other")
    assert.strictEqual(OpenAI.toCommonFinishReason("content_filter"), "content_filter")
    assert.strictEqual(OpenAI.toCommonFinishReason("constructor"), "other")
    FastCheck.assert(
      FastCheck.property(FastCheck.string(), (raw) => {
        const common = OpenAI.toCommonFinishReason(raw)
        return ["stop", "length", "tool_calls", "content_filter", "other"].includes(common)
      })
    )
  })
})

describe("OpenAI request encoding", () => {
  it.effect("sends system, tools, tool choice, limits and the conversation as the API expects", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const weather = Tool.make("get_weather", {
        description: "Weather in a city",
        parameters: Schema.Struct({ city: Schema.String })
      })
      const stream = Effect.gen(function*() {
        const client = yield* OpenAI.OpenAIClient
        return client.stream({
          model: "gpt-4o-mini",
          system: "Be brief.",
          messages: [
            Message.user("Weather in Paris?"),
            Message.assistant("", {
              toolCalls: [new Tool.ToolCall({ id: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" })]
            }),
            Message.toolResult({ toolCallId: "call_1", name: "get_weather", content: "18C" })
          ],
          maxTokens: 256,
          temperature: 0.2,
          topP: 0.9,
          stopSequences: ["END"],
          tools: [weather],
          toolChoice: { name: "get_weather" },
          extraBody: { seed: 7 }
        })
      }).pipe(Stream.unwrap)
      yield* Stream.runDrain(stream).pipe(
        Effect.provide(OpenAI.layer({ baseUrl, organization: "org-1", project: "proj-1" })),
        Effect.provide(clients[0]![1])
      )
      const [request] = server.requests(baseUrl)
      assert.isUndefined(request!.headers.authorization)
      assert.strictEqual(request!.headers["openai-organization"], "org-1")
      assert.strictEqual(request!.headers["openai-project"], "proj-1")
      assert.deepStrictEqual(JSON.parse(request!.body), {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" }
            }]
          },
          { role: "tool", tool_call_id: "call_1", content: "18C" }
        ],
        max_completion_tokens: 256,
        temperature: 0.2,
        top_p: 0.9,
        stop: ["END"],
        tools: [{
          type: "function",
          function: {
            name: "get_weather",
            description: "Weather in a city",
            parameters: {
              type: "object",
              required: ["city"],
              properties: { city: { type: "string" } },
              additionalProperties: false
            }
          }
        }],
        tool_choice: { type: "function", function: { name: "get_weather" } },
        seed: 7,
        stream: true,
        stream_options: { include_usage: true }
      })
    }))
})

const textBody = Fixtures.text("openai", "text.sse")
const textEvents = textBody.split("\n\n").filter((event) => event !== "")
const streamOf = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>, options: Partial<OpenAI.Options> = {}) =>
  collect(LanguageModel.stream("hi")).pipe(Effect.provide(modelLayer(baseUrl, client, options)))

describe("OpenAI raw body fields", () => {
  it.effect("a request's extraBody adds to the model layer's, field by field", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: textBody })
      const model = OpenAI.model("gpt-4o-mini", { extraBody: { seed: 7, n: 1 } }).pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
        Layer.provide(clients[0]![1])
      )
      yield* Stream.runDrain(LanguageModel.stream({ messages: [Message.user("hi")], extraBody: { n: 2 } })).pipe(
        Effect.provide(model)
      )
      yield* Stream.runDrain(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      const [withOwn, withoutOwn] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(withOwn.seed, 7)
      assert.strictEqual(withOwn.n, 2)
      assert.strictEqual(withoutOwn.seed, 7)
      assert.strictEqual(withoutOwn.n, 1)
    }))
})

describe("OpenAI errors", () => {
  for (const [clientName, client] of clients) {
    it.effect(`HTTP 401 is an authentication error with the provider's message (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 401,
          headers: { "content-type": "application/json", "x-request-id": "req_401" },
          body: Fixtures.bytes("openai", "http-401.json")
        })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 0)
        assert.instanceOf(error, ProviderError.AuthenticationError)
        assert.strictEqual(error.status, 401)
        assert.strictEqual(error.errorType, "invalid_api_key")
        assert.strictEqual(error.requestId, "req_401")
        assert.isFalse(error.retryable)
        assert.include(error.message, "Incorrect API key provided")
        assert.notInclude(String(error) + JSON.stringify(error), apiKey)
      }))

    it.effect(`HTTP 404 is an invalid request naming the model (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 404,
          headers: { "content-type": "application/json" },
          body: Fixtures.bytes("openai", "http-404.json")
        })
        const error = failureOf((yield* streamOf(baseUrl, client)).result)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.strictEqual(error.errorType, "model_not_found")
        assert.include(error.message, "this-model-does-not-exist-12345")
        assert.isFalse(error.retryable)
      }))

    it.effect(`HTTP 429 is a retryable rate limit with the retry hint (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 429,
          headers: { "content-type": "application/json", "retry-after-ms": "1500", "retry-after": "2" },
          body: Fixtures.bytes("openai", "http-429.json")
        })
        const error = failureOf((yield* streamOf(baseUrl, client)).result)
        assert.instanceOf(error, ProviderError.RateLimitError)
        assert.strictEqual(error.errorType, "rate_limit_exceeded")
        assert.strictEqual(error.retryAfterMillis, 1500)
        assert.isTrue(error.retryable)
        assert.include(error.message, "Rate limit reached")
      }))

    it.effect(`an in-stream error event fails after the chunks before it (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = [
          ...textEvents.slice(0, 4),
          "data: {\"error\":{\"message\":\"The server had an error processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
          "data: [DONE]"
        ].join("\n\n") + "\n\n"
        const baseUrl = server.serve({ headers: sse, body, cuts: [10, 300, 301, 700] })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 4)
        assert.instanceOf(error, ProviderError.ProviderUnavailableError)
        assert.strictEqual(error.errorType, "server_error")
        assert.isTrue(error.retryable)
        assert.include(error.message, "The server had an error")
      }))

    it.effect(`a body without [DONE] is a truncated stream, after every chunk (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = textEvents.slice(0, -1).join("\n\n") + "\n\n"
        const baseUrl = server.serve({ headers: sse, body, cuts: ReplayServer.randomCuts(body.length, 3, 200) })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
        assert.strictEqual(chunks.length, textEvents.length - 1)
        assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "4200 + 42 equals 4242.")
      }))

    it.effect(`invalid JSON is a malformed payload carrying the raw text (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = [...textEvents.slice(0, 2), "data: {\"id\": \"chatcmpl-1\", \"choices\": [", "data: [DONE]"]
          .join("\n\n") + "\n\n"
        const baseUrl = server.serve({ headers: sse, body })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 2)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.strictEqual(error.raw, "{\"id\": \"chatcmpl-1\", \"choices\": [")
        assert.include(error.message, "not valid JSON")
      }))

    it.effect(`a schema violation is a malformed payload naming the field (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body =
          [...textEvents.slice(0, 1), "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":\"none\"}", "data: [DONE]"]
            .join("\n\n") + "\n\n"
        const baseUrl = server.serve({ headers: sse, body })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 1)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "choices")
      }))

    it.effect(`a dropped connection is a transport error after the chunks received (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = new TextEncoder().encode(textBody)
        const cut = new TextEncoder().encode(textEvents.slice(0, 3).join("\n\n") + "\n\n").length
        const baseUrl = server.serve({ headers: sse, body, cuts: [cut], dropAfterBytes: cut + 20, delayMs: 20 })
        const { chunks, result } = yield* streamOf(baseUrl, client)
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 3)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.isTrue(error.retryable)
      }))

    it.effect(`an oversized event is a malformed payload, not unbounded memory (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = `${textEvents[0]}\n\ndata: {"id":"${"x".repeat(100_000)}"}\n\ndata: [DONE]\n\n`
        const baseUrl = server.serve({ headers: sse, body })
        const { chunks, result } = yield* streamOf(baseUrl, client, { maxEventSize: 10_000 })
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 1)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "maximum size")
      }))
  }

  it.effect("a refused connection is a transport error without the key", () =>
    Effect.gen(function*() {
      const { result } = yield* streamOf("http://127.0.0.1:9/v1", clients[0]![1])
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.TransportError)
      assert.include(error.message, "127.0.0.1:9")
      assert.notInclude(String(error) + JSON.stringify(error), apiKey)
    }))

  it.effect("HTTP 500 with a non-JSON body is a retryable unavailability with the body text", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 503, headers: { "x-should-retry": "false" }, body: "upstream timed out" })
      const error = failureOf((yield* streamOf(baseUrl, clients[0]![1])).result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.include(error.message, "upstream timed out")
      assert.isFalse(error.retryable, "x-should-retry: false overrides the default")
    }))
})

describe("OpenAI decoding properties", () => {
  for (const name of ["tool-calls-parallel", "multi-choice", "refusal"]) {
    const body = Fixtures.bytes("openai", `${name}.sse`)
    const accumulate = (pieces: ReadonlyArray<Uint8Array>) =>
      CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ baseUrl: "http://replay" })))),
        Effect.provide(PiecesClient.layer(pieces)),
        Effect.runPromise
      )

    it(`${name}: the result is the same however the bytes are split`, async () => {
      const whole = await accumulate([body])
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.uniqueArray(FastCheck.integer({ min: 1, max: body.length - 1 }), { maxLength: 60 }),
          async (cuts) => {
            const split = await accumulate(ReplayServer.splitAt(body, cuts))
            assert.deepStrictEqual(split, whole)
          }
        ),
        { numRuns: 150, seed: 20261121 }
      )
    })
  }

  it.effect("over real HTTP, random piece sizes give the same response", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.bytes("openai", "tool-calls-parallel.sse")
      const run = (cuts: ReadonlyArray<number>) =>
        CallStream.accumulate(LanguageModel.stream("x")).pipe(
          Effect.provide(modelLayer(server.serve({ headers: sse, body, cuts }), clients[1]![1]))
        )
      const whole = yield* run([])
      for (let seed = 1; seed <= 8; seed++) {
        assert.deepStrictEqual(yield* run(ReplayServer.randomCuts(body.length, seed, 1 + seed * 13)), whole)
      }
    }))

  it.effect.prop(
    "accumulate equals folding CallResponse.append, and scan ends with the same response",
    [Schema.Array(OpenAI.OpenAICallResponseChunk)],
    ([chunks]) =>
      Effect.gen(function*() {
        // Folded from the same table: the one `accumulate` loads on first use (the other hosts' entries with it).
        const folded = chunks.reduce(CallResponse.append, CallResponse.emptyWith(yield* PriceTable.current))
        const accumulated = yield* CallStream.accumulate(Stream.fromIterable(chunks))
        const scanned = yield* Stream.runLast(CallStream.scan(Stream.fromIterable(chunks)))
        assert.deepStrictEqual(accumulated, folded)
        if (chunks.length > 0) assert.deepStrictEqual(scanned._tag === "Some" ? scanned.value[1] : undefined, folded)
      }),
    { arbitrary: { runs: 100, seed: 7 } }
  )
})
