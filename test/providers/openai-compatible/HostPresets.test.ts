/**
 * The compatible hosts as rows: Groq reached as a preset by name, Perplexity's sources in the browser, DeepSeek priced
 * from its own page, and every preset served by the scripted model and the replay by its name.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Redacted, Result, Stream } from "effect"
import { Schema } from "effect"
import {
  Azure,
  CallResponse,
  CallStream,
  Cost,
  Groq,
  LanguageModel,
  Message,
  OpenAICompatible,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { TestClock } from "effect/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { readResponse } from "../../support/UIClient.js"

const apiKey = "key-test-0123456789abcdef"

const costOf = (response: CallResponse.CallResponse): string =>
  Result.match(response.costResult, { onSuccess: Cost.totalText, onFailure: (why) => `none: ${why.reason}` })

const hostModel = (options: OpenAICompatible.Options, model: string) =>
  OpenAICompatible.model(model).pipe(
    Layer.provide(OpenAICompatible.layer({ apiKey: Redacted.make(apiKey), ...options })),
    Layer.provide(clients[0]![1])
  )

/** A recorded body with `model` as each chunk's model, served once. */
const withModel = (fixture: string, model: string) =>
  Fixtures.text("openai-compatible", fixture).replace(/"model":"[^"]*"/g, `"model":"${model}"`)

describe("Groq, a row of the compatible hosts", () => {
  it.effect("OpenAICompatible.layer({ name: \"groq\" }) streams a Groq recording as Groq.layer does: usage from x_groq", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("groq", "text.sse") })
      const asked = { messages: [Message.user("hi")], maxTokens: 64 }
      const asHost = yield* CallStream.accumulate(LanguageModel.stream(asked)).pipe(
        Effect.provide(hostModel({ name: "groq", baseUrl }, "openai/gpt-oss-120b"))
      )
      const asGroq = yield* CallStream.accumulate(LanguageModel.stream(asked)).pipe(
        Effect.provide(
          Groq.model("openai/gpt-oss-120b").pipe(
            Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      assert.strictEqual(asHost.provider, "groq")
      assert.strictEqual(asHost.content, asGroq.content)
      assert.deepStrictEqual(asHost.usage, asGroq.usage)
      assert.isDefined(asHost.usage.inputTokens)
      assert.strictEqual(costOf(asHost), costOf(asGroq))
      assert.notStrictEqual(costOf(asHost).slice(0, 5), "none:")
      // Groq's row: the output cap goes as max_completion_tokens.
      const [request] = server.requests(baseUrl)
      assert.strictEqual(JSON.parse(request!.body).max_completion_tokens, 64)
    }).pipe(Effect.scoped))
})

describe("Azure's Chat Completions, a row of the compatible hosts", () => {
  it.effect("OpenAICompatible.layer({ name: \"azure\" }) reaches the v1 API as Azure.layer does: api-key, no api-version", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("azure", "text.sse") })
      const asked = { messages: [Message.user("hi")], maxTokens: 64 }
      const asHost = yield* CallStream.accumulate(LanguageModel.stream(asked)).pipe(
        Effect.provide(hostModel({ name: "azure", baseUrl: `${baseUrl}/openai/v1/` }, "prod-chat"))
      )
      const asAzure = yield* CallStream.accumulate(LanguageModel.stream(asked)).pipe(
        Effect.provide(
          Azure.model("prod-chat").pipe(
            Layer.provide(Azure.layer({ apiKey: Redacted.make(apiKey), endpoint: `${baseUrl}/openai/v1` })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      assert.strictEqual(asHost.provider, "azure")
      assert.strictEqual(asHost.content, asAzure.content)
      assert.deepStrictEqual(asHost.usage, asAzure.usage)
      // Azure's row (learn.microsoft.com/azure/ai-foundry/openai/reference; "API version lifecycle" for v1): the
      // key in `api-key`, the v1 path, the deployment as the body's model, the cap as max_completion_tokens.
      for (const request of server.requests(baseUrl)) {
        assert.isTrue(request.path.endsWith("/openai/v1/chat/completions"), request.path)
        assert.strictEqual(request.headers["api-key"], apiKey)
        assert.isUndefined(request.headers.authorization)
        assert.strictEqual(JSON.parse(request.body).model, "prod-chat")
        assert.strictEqual(JSON.parse(request.body).max_completion_tokens, 64)
      }
      // The row has no URL of its own: without one, the layer fails before any request.
      const unplaced = yield* Effect.exit(
        Layer.build(OpenAICompatible.layer({ name: "azure" })).pipe(
          Effect.provide(clients[0]![1])
        )
      )
      assert.isTrue(Exit.isFailure(unplaced))
      assert.include(String(unplaced), "no baseUrl")
    }).pipe(Effect.scoped))
})

describe("Perplexity's sources", () => {
  it.effect("reach the browser as source-url parts, once per URL, with their titles (Perplexity's search_results)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("openai-compatible", "perplexity-citations.sse") })
      const response = yield* LanguageModel.stream("Who wrote the first program?").pipe(
        UIMessageStream.fromStream(),
        UIMessageStream.toResponse(),
        Effect.provide(hostModel({ name: "perplexity", baseUrl }, "sonar"))
      )
      const { chunks } = yield* Effect.promise(() => readResponse(response))
      const sources = chunks.filter((chunk: any) => chunk.type === "source-url")
      assert.deepStrictEqual(sources.map((chunk: any) => [chunk.url, chunk.title]), [
        ["https://en.wikipedia.org/wiki/Ada_Lovelace", "Ada Lovelace - Wikipedia"],
        ["https://www.britannica.com/biography/Ada-Lovelace", "Ada Lovelace | Britannica"]
      ])
    }).pipe(Effect.scoped))
})

describe("DeepSeek's prices (its Models & Pricing page)", () => {
  it.effect("deepseek-v4-flash is priced from DeepSeek's page; deepseek-reasoner, unpriced, has no cost", () =>
    Effect.gen(function*() {
      // Sent on a Thursday at 02:00 UTC, in the peak hours (the fiber's clock says when a call is sent).
      yield* TestClock.setTime(Date.parse("2026-11-26T02:00:00Z"))
      const server = yield* ReplayServer.make
      const flash = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          hostModel({
            name: "deepseek",
            baseUrl: server.serve({ body: withModel("deepseek-reasoning.sse", "deepseek-v4-flash") })
          }, "deepseek-v4-flash")
        )
      )
      // 64 input tokens, 48 of them cache hits, 120 output, at the peak rate of 2026-08-17: 0.44 / 0.014 /
      // 1.32 per million: 16 × 0.44 + 48 × 0.014 + 120 × 1.32 = 7.04 + 0.672 + 158.4 = 166.112 micro-dollars.
      assert.strictEqual(costOf(flash), "0.000166112")
      const reasoner = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          hostModel({
            name: "deepseek",
            baseUrl: server.serve({ body: Fixtures.bytes("openai-compatible", "deepseek-reasoning.sse") })
          }, "deepseek-reasoner")
        )
      )
      assert.strictEqual(costOf(reasoner), "none: unknown-model")
    }).pipe(Effect.scoped))
})

const weather = () => {
  const calls: Array<unknown> = []
  const tool = Tool.handle(
    Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
    (input) => Effect.sync(() => (calls.push(input), `18°C in ${input.city}`))
  )
  return { calls, tool }
}

const script = [
  { reasoning: "The user wants the weather.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { text: "It is 18°C in Paris." }
]

describe("a compatible host, scripted and replayed by its name", () => {
  it.effect("TestKit.scripted({ provider: \"deepseek\" }): a tool loop whose answers are DeepSeek's, priced as its", () =>
    Effect.gen(function*() {
      const { calls, tool } = weather()
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Weather?")], tools: [tool] }).pipe(
        Effect.provide(TestKit.scripted(script, { provider: "deepseek", model: "deepseek-v4-flash" }))
      )
      assert.deepStrictEqual(calls, [{ city: "Paris" }])
      const [first, last] = done.steps
      assert.strictEqual(first!.response.provider, "deepseek")
      assert.strictEqual(first!.response.reasoning, "The user wants the weather.")
      assert.strictEqual(last!.response.content, "It is 18°C in Paris.")
      assert.notStrictEqual(costOf(last!.response).slice(0, 5), "none:")
      // A model the table does not know for the host: no cost, never another provider's.
      const other = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(TestKit.auto({ provider: "ollama", model: "gpt-4o-mini" }))
      )
      assert.strictEqual(other.provider, "ollama")
      assert.strictEqual(costOf(other), "none: unknown-model")
    }))

  it.effect("the bin's scripted answers and recordings reach a preset's layerConfig from the environment alone", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const env = ReplayServer.serveScripted(server, script, { delayMs: 0 })
      assert.include(Object.keys(env), "DEEPSEEK_BASE_URL")
      assert.strictEqual(env["DEEPSEEK_API_KEY"], "replay")
      const { calls, tool } = weather()
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Weather?")], tools: [tool] }).pipe(
        Effect.provide(
          OpenAICompatible.model("deepseek-v4-flash").pipe(
            Layer.provide(OpenAICompatible.layerConfig({ name: "deepseek" })),
            Layer.provide(clients[1]![1]),
            Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
          )
        )
      )
      assert.deepStrictEqual(calls, [{ city: "Paris" }])
      assert.strictEqual(done.steps.at(-1)!.response.provider, "deepseek")
      assert.strictEqual(done.steps.at(-1)!.response.content, "It is 18°C in Paris.")
      // Recorded mode: a local server (no key) answers with the Chat Completions recording.
      const samples = ReplayServer.serveSamples(server, { delayMs: 0 })
      assert.notProperty(samples, "OLLAMA_API_KEY")
      const chunks = yield* LanguageModel.stream("hi").pipe(
        Stream.runCollect,
        Effect.provide(
          OpenAICompatible.layerModel("qwen3:8b", { name: "ollama" }).pipe(
            Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: samples })))
          )
        )
      )
      const response = [...chunks].reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.provider, "ollama")
      assert.include(response.content, "4242")
    }).pipe(Effect.scoped))
})
