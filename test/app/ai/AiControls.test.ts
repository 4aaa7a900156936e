/**
 * The request controls through `effect/ai` (`AiLanguageModel.layer`), over real HTTP: prompt part and
 * message options ask for cache points (this library's `cache` option, and the `anthropic.cacheControl`
 * spelling of `effect/ai`'s Anthropic provider), and `AiLanguageModel.withConfig` sets reasoning, caching
 * and the other controls for the calls of a scope, as `effect/ai`'s providers take their `Config`. What
 * each provider is sent is read from the request the replay server received.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted } from "effect"
import { Anthropic, Bedrock, OpenAI } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { AiError, LanguageModel as AiModel } from "effect/ai"
import type { Prompt } from "effect/ai"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

const key = Redacted.make("k")
const sse = { "content-type": "text/event-stream" }

const prompt: Prompt.RawInput = [
  {
    role: "system",
    content: "You answer from the manual.",
    options: { "effect-llm-stream": { cache: { ttl: "1h" } } }
  },
  {
    role: "user",
    content: [
      { type: "text", text: "The manual", options: { anthropic: { cacheControl: { type: "ephemeral" } } } },
      { type: "text", text: "How do I reset it?" }
    ]
  },
  {
    role: "assistant",
    content: [{ type: "tool-call", id: "c1", name: "lookup", params: {}, providerExecuted: false }]
  },
  {
    role: "tool",
    content: [{ type: "tool-result", id: "c1", name: "lookup", isFailure: false, result: "Hold the button." }],
    options: { "effect-llm-stream": { cache: true } }
  }
]

const anthropicModel = (baseUrl: string) =>
  AiLanguageModel.layer.pipe(
    Layer.provide(Anthropic.model("claude-opus-4-6")),
    Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

describe("effect/ai prompt options: cache points", () => {
  it.effect("Anthropic: cache_control after the system prompt, the marked part and the tool result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      yield* AiModel.generateText({ prompt }).pipe(Effect.provide(anthropicModel(baseUrl)))
      const [body] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(body.system, [
        { type: "text", text: "You answer from the manual.", cache_control: { type: "ephemeral", ttl: "1h" } }
      ])
      assert.deepStrictEqual(body.messages[0].content, [
        { type: "text", text: "The manual", cache_control: { type: "ephemeral" } },
        { type: "text", text: "How do I reset it?" }
      ])
      assert.deepStrictEqual(body.messages[2].content[0].content, [
        { type: "text", text: "Hold the button.", cache_control: { type: "ephemeral" } }
      ])
    }))

  it.effect("Bedrock: the same prompt as cachePoint blocks", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "application/vnd.amazon.eventstream" },
        body: Fixtures.body("bedrock", "converse-text.eventstream.b64")
      })
      const model = AiLanguageModel.layer.pipe(
        Layer.provide(Bedrock.model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")),
        Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      yield* AiModel.generateText({ prompt }).pipe(Effect.provide(model))
      const [body] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(body.system, [
        { text: "You answer from the manual." },
        { cachePoint: { type: "default", ttl: "1h" } }
      ])
      assert.deepStrictEqual(body.messages[0].content, [
        { text: "The manual" },
        { cachePoint: { type: "default" } },
        { text: "How do I reset it?" }
      ])
      assert.deepStrictEqual(body.messages[2].content, [
        { toolResult: { toolUseId: "c1", content: [{ text: "Hold the button." }] } },
        { cachePoint: { type: "default" } }
      ])
    }))

  it.effect("a cache point on an assistant turn, or a TTL that is not one, fails before sending", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      for (
        const bad of [
          [{ role: "assistant", content: "Hi", options: { "effect-llm-stream": { cache: true } } }],
          [{
            role: "user",
            content: [{
              type: "text",
              text: "Hi",
              options: { anthropic: { cacheControl: { type: "ephemeral", ttl: "2h" } } }
            }]
          }]
        ] as ReadonlyArray<Prompt.RawInput>
      ) {
        const exit = yield* AiModel.generateText({ prompt: bad }).pipe(
          Effect.provide(anthropicModel(baseUrl)),
          Effect.exit
        )
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
        assert.isTrue(error?._tag === "Some" && AiError.isAiError(error.value))
      }
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))
})

describe("AiLanguageModel.withConfig: the controls of effect/ai calls", () => {
  it.effect("reasoning, cache and the user's id on Anthropic; reasoning_effort on OpenAI; scoped, over what is in context", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      yield* AiModel.generateText({ prompt: "Hi" }).pipe(
        AiLanguageModel.withConfig({ reasoning: { effort: "low" }, cache: "auto" }),
        AiLanguageModel.withConfig({ user: "u-1" }),
        Effect.provide(anthropicModel(baseUrl))
      )
      yield* AiModel.generateText({ prompt: "Hi" }).pipe(Effect.provide(anthropicModel(baseUrl)))
      const [configured, plain] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(
        [configured.thinking, configured.output_config, configured.cache_control, configured.metadata],
        [{ type: "adaptive" }, { effort: "low" }, { type: "ephemeral" }, { user_id: "u-1" }]
      )
      assert.deepStrictEqual([plain.thinking, plain.cache_control, plain.metadata], [undefined, undefined, undefined])

      const openaiUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "length-reasoning.sse") })
      const openai = AiLanguageModel.layer.pipe(
        Layer.provide(OpenAI.model("gpt-5-mini")),
        Layer.provide(OpenAI.layer({ apiKey: key, baseUrl: openaiUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
      yield* AiModel.generateText({ prompt: "Hi" }).pipe(
        AiLanguageModel.withConfig({ reasoning: { effort: "minimal" }, seed: 7 }),
        Effect.provide(openai)
      )
      const [sent] = server.requests(openaiUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual([sent.reasoning_effort, sent.seed], ["minimal", 7])
    }))

  it.effect("a control the model cannot take fails the call with an AiError, and nothing is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      const error = yield* AiModel.generateText({ prompt: "Hi" }).pipe(
        AiLanguageModel.withConfig({ reasoning: { budgetTokens: 500 } }),
        Effect.provide(anthropicModel(baseUrl)),
        Effect.flip
      )
      assert.isTrue(AiError.isAiError(error))
      assert.include(
        AiLanguageModel.providerError(error).pipe((option) => option._tag === "Some" ? option.value.message : ""),
        "at least 1024 tokens"
      )
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))
})
