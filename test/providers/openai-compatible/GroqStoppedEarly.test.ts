/**
 * Groq's `x_groq.error` (groq-typescript src/resources/chat/completions.ts, `ChatCompletionChunk.XGroq.error`: "An
 * error string indicating why a stream was stopped early"): a stream whose chunk says so fails with a typed error
 * after that chunk, even when `[DONE]` follows, never a success with no finish reason.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, Groq, LanguageModel, OpenAICompatible, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "key-test-0123456789abcdef"

const chunk = (fields: Record<string, unknown>) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1771438841,
      model: "llama-3.3-70b-versatile",
      ...fields
    })
  }\n\n`

/** Text, then a chunk whose `x_groq.error` says why Groq stopped, then `[DONE]`. */
const stoppedBody = (reason: string) =>
  chunk({
    choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    x_groq: { id: "req_01" }
  }) +
  chunk({ choices: [{ index: 0, delta: { content: "Once upon" }, finish_reason: null }] }) +
  chunk({
    choices: [{ index: 0, delta: { content: " a time" }, finish_reason: null }],
    x_groq: { id: "req_01", error: reason }
  }) +
  "data: [DONE]\n\n"

const viaGroq = (baseUrl: string) =>
  Groq.model("llama-3.3-70b-versatile").pipe(
    Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const viaHost = (baseUrl: string) =>
  OpenAICompatible.model("llama-3.3-70b-versatile").pipe(
    Layer.provide(OpenAICompatible.layer({ name: "groq", apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const run = <E>(body: string, model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, E>) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
    return yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model(baseUrl)))
  })

describe("Groq's x_groq.error", () => {
  for (
    const [name, model] of [["Groq.layer", viaGroq], ["OpenAICompatible.layer({ name: \"groq\" })", viaHost]] as const
  ) {
    it.effect(`fails the stream after the chunk that says why, though [DONE] follows (${name})`, () =>
      Effect.gen(function*() {
        const { chunks, result } = yield* run(stoppedBody("over_capacity"), model)
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.ProviderUnavailableError)
        assert.strictEqual(error.provider, "groq")
        assert.strictEqual(error.errorType, "over_capacity")
        assert.strictEqual(error.message, "groq [over_capacity]: the host stopped the stream early: over_capacity")
        // What arrived before the error is kept, the stopping chunk's text included.
        assert.strictEqual(chunks.length, 3)
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.strictEqual(response.content, "Once upon a time")
        assert.deepStrictEqual(response.finishReasons, [])
      }))
  }

  it.effect("a reason in words is the message; a reason that is a code with a status chooses the class", () =>
    Effect.gen(function*() {
      const words = failureOf((yield* run(stoppedBody("The model is over capacity."), viaGroq)).result)
      assert.instanceOf(words, ProviderError.ProviderUnavailableError)
      assert.isUndefined(words.errorType)
      assert.strictEqual(words.message, "groq: the host stopped the stream early: The model is over capacity.")
      const limited = failureOf((yield* run(stoppedBody("rate_limit_exceeded"), viaGroq)).result)
      assert.instanceOf(limited, ProviderError.RateLimitError)
      const silent = failureOf((yield* run(stoppedBody(""), viaGroq)).result)
      assert.strictEqual(silent.message, "groq: the host stopped the stream early, without saying why")
    }))

  it.effect("the key never reaches the error, though the reason repeats it", () =>
    Effect.gen(function*() {
      const error = failureOf((yield* run(stoppedBody(`key ${apiKey} is over its quota`), viaGroq)).result)
      assert.include(error.message, "the host stopped the stream early")
      assert.notInclude(error.message, apiKey)
      assert.notInclude(JSON.stringify(error), apiKey)
    }))

  it.effect("x_groq without an error (its id, its usage) ends as before", () =>
    Effect.gen(function*() {
      const body = chunk({
        choices: [{ index: 0, delta: { role: "assistant", content: "Hi" }, finish_reason: null }],
        x_groq: { id: "req_01" }
      }) +
        chunk({
          choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
          x_groq: { id: "req_01", error: null, usage: { prompt_tokens: 3, completion_tokens: 1 } }
        }) + "data: [DONE]\n\n"
      const { chunks, result } = yield* run(body, viaGroq)
      assert.strictEqual(result._tag, "Success")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      assert.strictEqual(response.usage.outputTokens, 1)
    }))
})
