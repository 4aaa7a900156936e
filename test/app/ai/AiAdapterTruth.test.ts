/**
 * The `effect/ai` adapter says what the stream said, and no more, over real HTTP with recorded bodies:
 * the text part of the output is only split off when the provider counted the reasoning (or audio) it
 * streamed; Anthropic's thinking tokens are the reasoning; a refusal reaches the user as text with the
 * finish reason `content-filter`, and `generateObject` on a refusal fails saying so; an `AiError` carries
 * the HTTP response it came with (status, redacted headers) and the parameter the provider blames, and an
 * error event inside a stream invents no HTTP status.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import { AiError, LanguageModel as AiModel } from "effect/ai"
import type { Response } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Recordings from "../../support/AiRecordings.js"

type Part = Response.AnyPart

const streamParts = (provider: Recordings.ProviderName, scenario: ReplayServer.Scenario, clientIndex = 0) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const parts = yield* AiModel.streamText({ prompt: "Hello" }).pipe(
      Stream.runCollect,
      Effect.provide(Recordings.aiModel(provider, baseUrl, clients[clientIndex]![1]))
    )
    return Array.from(parts) as ReadonlyArray<Part>
  })

const finishOf = (parts: ReadonlyArray<Part>) =>
  parts.find((part): part is Extract<Part, { type: "finish" }> => part.type === "finish")!

const failure = <A>(effect: Effect.Effect<A, AiError.AiError>) =>
  Effect.flip(effect).pipe(Effect.map((error) => error as AiError.AiError))

describe("usage.outputTokens.text is only what the provider counted apart", () => {
  it.effect("Anthropic thinking without thinking_tokens: the split is unknown, not the whole output", () =>
    Effect.gen(function*() {
      const parts = yield* streamParts("anthropic", Recordings.scenario("anthropic", "thinking"))
      assert.isTrue(parts.some((part) => part.type === "reasoning-delta"))
      const { outputTokens } = finishOf(parts).usage
      assert.strictEqual(
        outputTokens.total,
        Fixtures.json("anthropic", "thinking.expected.json").deltaUsage.output_tokens
      )
      assert.isUndefined(outputTokens.reasoning)
      assert.isUndefined(outputTokens.text)
    }))

  it.effect("Bedrock reasoning content (never counted apart): the split is unknown", () =>
    Effect.gen(function*() {
      const parts = yield* streamParts("bedrock", Recordings.scenario("bedrock", "reasoning"), 1)
      const { outputTokens } = finishOf(parts).usage
      assert.isDefined(outputTokens.total)
      assert.isUndefined(outputTokens.text)
    }))

  it.effect("Anthropic thinking_tokens (recorded pause-turn.sse): reasoning 261, text the rest", () =>
    Effect.gen(function*() {
      const parts = yield* streamParts("anthropic", Recordings.scenario("anthropic", "pause-turn"))
      const delta = Fixtures.json("anthropic", "pause-turn.expected.json").deltaUsage
      assert.strictEqual(delta.output_tokens_details.thinking_tokens, 261)
      assert.deepStrictEqual(finishOf(parts).usage.outputTokens, {
        total: delta.output_tokens,
        reasoning: 261,
        text: delta.output_tokens - 261
      })
      const metadata = finishOf(parts).metadata["effect-llm-stream"]!
      assert.strictEqual(metadata.usage.reasoningTokens, 261)
      assert.strictEqual(metadata.usage.webSearchRequests, delta.server_tool_use.web_search_requests)
    }))

  it.effect("text only: the text is the whole output", () =>
    Effect.gen(function*() {
      const parts = yield* streamParts("openai", Recordings.scenario("openai", "text"))
      const { outputTokens } = finishOf(parts).usage
      assert.strictEqual(outputTokens.text, outputTokens.total)
    }))
})

describe("refusals", () => {
  const refusal = Fixtures.json("openai", "refusal.expected.json").choices["0"].refusal as string

  it.effect("an OpenAI refusal is the text of the response, finished content-filter", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("openai", "refusal"))
      const response = yield* AiModel.generateText({ prompt: "x" }).pipe(
        Effect.provide(Recordings.aiModel("openai", baseUrl, clients[0]![1]))
      )
      assert.isAbove(refusal.length, 0)
      assert.strictEqual(response.text, refusal)
      assert.strictEqual(response.finishReason, "content-filter")
    }))

  it.effect("generateObject on an OpenAI refusal fails saying the model refused, quoting it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("openai", "refusal"))
      const error = yield* failure(
        AiModel.generateObject({ prompt: "x", schema: Schema.Struct({ answer: Schema.String }), objectName: "Answer" })
          .pipe(Effect.provide(Recordings.aiModel("openai", baseUrl, clients[1]![1])))
      )
      assert.strictEqual(error.reason._tag, "ContentPolicyError")
      assert.include(error.message, "refused")
      assert.include(error.message, refusal.slice(0, 40))
    }))

  it.effect("generateObject on Anthropic's stop_reason refusal fails saying the model refused", () =>
    Effect.gen(function*() {
      // The recorded text stream, stopped with `refusal` (@anthropic-ai/sdk 1.12 `StopReason`).
      const body = Fixtures.text("anthropic", "text.sse").replace(
        "\"stop_reason\":\"end_turn\"",
        "\"stop_reason\":\"refusal\""
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.bodyScenario("anthropic", body))
      const error = yield* failure(
        AiModel.generateObject({ prompt: "x", schema: Schema.Struct({ answer: Schema.String }), objectName: "Answer" })
          .pipe(Effect.provide(Recordings.aiModel("anthropic", baseUrl, clients[0]![1])))
      )
      assert.strictEqual(error.reason._tag, "ContentPolicyError")
      assert.include(error.message, "refused")
      assert.include(error.message, Fixtures.json("anthropic", "text.expected.json").text)
      // As text, the same stream is the model's words, finished content-filter.
      const textUrl = server.serve(Recordings.bodyScenario("anthropic", body))
      const response = yield* AiModel.generateText({ prompt: "x" }).pipe(
        Effect.provide(Recordings.aiModel("anthropic", textUrl, clients[0]![1]))
      )
      assert.strictEqual(response.finishReason, "content-filter")
    }))
})

describe("a prompt the provider refused on its policy is a ContentPolicyError", () => {
  // Gemini refuses a prompt with `promptFeedback.blockReason` (@google/genai 3.3.0 `BlockedReason`: the prompt "was
  // blocked for safety reasons", "contains prohibited content", ...), which the library fails the stream with.
  for (const recording of ["prompt-blocked.sse", "vertex-model-armor-prompt-blocked.sse"]) {
    it.effect(`Gemini's blocked prompt (recorded ${recording})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(Recordings.bodyScenario("google", Fixtures.bytes("google", recording)))
        const error = yield* failure(
          AiModel.generateText({ prompt: "x" }).pipe(
            Effect.provide(Recordings.aiModel("google", baseUrl, clients[0]![1]))
          )
        )
        assert.strictEqual(error.reason._tag, "ContentPolicyError")
        assert.isFalse(error.isRetryable)
        const blockReason = JSON.parse(Fixtures.text("google", recording).slice(5)).promptFeedback.blockReason
        assert.include(error.message, blockReason)
      }))
  }
})

describe("AiError: the HTTP response it came with, and only that", () => {
  it.effect("an HTTP error carries its status and headers, credentials redacted", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        status: 429,
        headers: {
          "content-type": "application/json",
          "retry-after": "7",
          "x-request-id": "req_429",
          "set-cookie": "__cf_bm=session-secret; path=/"
        },
        body: Fixtures.bytes("openai", "http-429.json")
      })
      const error = yield* failure(
        AiModel.generateText({ prompt: "x" }).pipe(
          Effect.provide(Recordings.aiModel("openai", baseUrl, clients[0]![1]))
        )
      )
      assert.strictEqual(error.reason._tag, "RateLimitError")
      const http = (error.reason as AiError.RateLimitError).http!
      assert.strictEqual(http.response!.status, 429)
      assert.strictEqual(http.response!.headers["retry-after"], "7")
      assert.strictEqual(http.response!.headers["x-request-id"], "req_429")
      assert.strictEqual(http.response!.headers["set-cookie"], "<redacted>")
      assert.notInclude(JSON.stringify(http), "session-secret")
    }))

  it.effect("the parameter the provider blames is the reason's parameter (recorded 400: tools[0].parameters)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recorded = Fixtures.json("openai-responses", "http-400-invalid-function-parameters.expected.json")
      const baseUrl = server.serve({
        status: 400,
        headers: { "content-type": "application/json" },
        body: Fixtures.bytes("openai-responses", "http-400-invalid-function-parameters.json")
      })
      const error = yield* failure(
        AiModel.generateText({ prompt: "x" }).pipe(
          Effect.provide(Recordings.aiModel("openai", baseUrl, clients[1]![1]))
        )
      )
      assert.strictEqual(error.reason._tag, "InvalidRequestError")
      const reason = error.reason as AiError.InvalidRequestError
      assert.strictEqual(reason.parameter, recorded.error.param)
      assert.strictEqual(reason.http!.response!.status, 400)
    }))

  it.effect("an error event inside a stream (recorded Anthropic overloaded_error) has no made-up status", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("anthropic", "error"))
      const error = yield* failure(
        AiModel.generateText({ prompt: "x" }).pipe(
          Effect.provide(Recordings.aiModel("anthropic", baseUrl, clients[0]![1]))
        )
      )
      assert.strictEqual(error.reason._tag, "InternalProviderError")
      const reason = error.reason as AiError.InternalProviderError
      assert.isUndefined(reason.http)
      assert.isNull((reason.metadata["effect-llm-stream"] as { readonly status: number | null }).status)
      assert.notInclude(error.message, "529")
    }))
})
