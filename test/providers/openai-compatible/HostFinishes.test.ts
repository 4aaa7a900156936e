/**
 * What compatible hosts send besides OpenAI's shapes, read from hand-written bodies of their documented wire:
 * Mistral's content as a list of parts (mistralai/client-ts `DeltaMessage.content: string | Array<ContentChunk>`,
 * its reasoning a `thinking` part; a call's arguments an object, `FunctionCall.arguments`), answers that finish in error (`finish_reason: "error"`, Mistral's and
 * OpenRouter's; DeepSeek's `insufficient_system_resource`) failing at the end-of-stream marker with what arrived kept,
 * Mistral's `model_length` and Together's `eos`, and Mistral's `reasoning_effort`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, LanguageModel, Message, OpenAICompatible, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "key-test-0123456789abcdef"

const chunk = (delta: unknown, finish: string | null = null, usage?: unknown) =>
  `data: ${
    JSON.stringify({
      id: "cmpl-1",
      object: "chat.completion.chunk",
      created: 1771438841,
      model: "magistral-medium-latest",
      choices: delta === undefined ? [] : [{ index: 0, delta, finish_reason: finish }],
      ...(usage === undefined ? {} : { usage })
    })
  }\n\n`

const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 }

const served = (name: string, body: string, request: LanguageModel.Input = "hi") =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
    const collected = yield* collect(LanguageModel.stream(request)).pipe(
      Effect.provide(
        OpenAICompatible.model("magistral-medium-latest").pipe(
          Layer.provide(OpenAICompatible.layer({ name, apiKey: Redacted.make(apiKey), baseUrl })),
          Layer.provide(clients[0]![1])
        )
      )
    )
    const response = collected.chunks.reduce(CallResponse.append, CallResponse.empty)
    return { ...collected, response, sent: server.requests(baseUrl).map((sent) => JSON.parse(sent.body)) }
  })

describe("Mistral's content as a list of parts", () => {
  it.effect("a thinking part's text is reasoning, a text part text, in order; a plain string still text", () =>
    Effect.gen(function*() {
      const { response, result } = yield* served(
        "mistral",
        chunk({ role: "assistant", content: "" }) +
          chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "The user greets; " }] }] }) +
          chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "answer briefly." }] }] }) +
          chunk({ content: [{ type: "text", text: "Hello" }, { type: "image_url", image_url: "x" }] }) +
          chunk({ content: " there." }, "stop", usage) +
          "data: [DONE]\n\n"
      )
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.reasoning, "The user greets; answer briefly.")
      assert.strictEqual(response.content, "Hello there.")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
    }))

  it.effect("a tool call's arguments sent whole as an object (FunctionCall.arguments) are its JSON", () =>
    Effect.gen(function*() {
      const call = { id: "call_1", type: "function", function: { name: "get_weather", arguments: { city: "Paris" } } }
      const { response, result } = yield* served(
        "mistral",
        chunk({ role: "assistant", content: "" }) +
          chunk({ tool_calls: [{ index: 0, ...call }] }, "tool_calls", usage) +
          "data: [DONE]\n\n"
      )
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.toolCalls.length, 1)
      assert.strictEqual(response.toolCalls[0]!.name, "get_weather")
      assert.deepStrictEqual(JSON.parse(response.toolCalls[0]!.arguments), { city: "Paris" })
    }))

  it.effect("reasoning is asked for as reasoning_effort", () =>
    Effect.gen(function*() {
      const body = chunk({ content: "Hi." }, "stop", usage) + "data: [DONE]\n\n"
      const { result, sent } = yield* served("mistral", body, {
        messages: [Message.user("hi")],
        reasoning: { effort: "high" }
      })
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(sent[0].reasoning_effort, "high")
    }))
})

describe("an answer that finishes in error", () => {
  for (
    const [name, reason] of [["mistral", "error"], ["openrouter", "error"], [
      "deepseek",
      "insufficient_system_resource"
    ]] as const
  ) {
    it.effect(`${name}: finish_reason "${reason}" fails at [DONE], the text and the usage after it kept`, () =>
      Effect.gen(function*() {
        const { chunks, response, result } = yield* served(
          name,
          chunk({ role: "assistant", content: "" }) + chunk({ content: "Once upon" }) + chunk({}, reason) +
            chunk(undefined, null, usage) + "data: [DONE]\n\n"
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.ProviderUnavailableError)
        assert.strictEqual(error.errorType, reason)
        assert.include(error.message, `the answer ended in an error (finish reason ${reason})`)
        assert.strictEqual(chunks.length, 4)
        assert.strictEqual(response.content, "Once upon")
        assert.strictEqual(response.usage.outputTokens, 7)
      }))
  }
})

describe("an answer that finishes in error, then closes without [DONE]", () => {
  it.effect("fails with the reason, not as a truncated stream", () =>
    Effect.gen(function*() {
      const { response, result } = yield* served(
        "mistral",
        chunk({ role: "assistant", content: "" }) + chunk({ content: "Once upon" }) + chunk({}, "error", usage)
      )
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.errorType, "error")
      assert.strictEqual(response.content, "Once upon")
    }))
})

describe("finish reasons of other hosts", () => {
  for (const [name, raw, common] of [["mistral", "model_length", "length"], ["together", "eos", "stop"]] as const) {
    it.effect(`${name}'s ${raw} is ${common}`, () =>
      Effect.gen(function*() {
        const { response, result } = yield* served(name, chunk({ content: "Hi" }, raw, usage) + "data: [DONE]\n\n")
        assert.strictEqual(result._tag, "Success")
        assert.deepStrictEqual(response.commonFinishReasons, [common])
      }))
  }
})
