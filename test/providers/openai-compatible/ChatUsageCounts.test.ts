/**
 * A Chat Completions usage whose counts are `null` or absent. The AI SDK's openai-compatible provider reads each as
 * `z.number().nullish()` (vercel/ai packages/openai-compatible/src/chat/openai-compatible-chat-language-model.ts,
 * `openaiCompatibleTokenUsageSchema`). Before, such a usage failed the whole answer as a `MalformedPayloadError`
 * though its text was fine; now it decodes, and a count it lacks is unknown: not 0, and no cost made of it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Result } from "effect"
import { CallStream, LanguageModel } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

/** A priced model of each provider. */
const models = { openai: "gpt-4o", groq: "llama-3.3-70b-versatile" } as const

/** A text answer of `model` whose last chunk carries `usage`. */
const answer = (model: string, usage: unknown) =>
  [
    { choices: [{ index: 0, delta: { role: "assistant", content: "Hi" } }] },
    { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
    { choices: [], usage }
  ].map((chunk) => `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", model, ...chunk })}\n\n`)
    .join("") + "data: [DONE]\n\n"

const accumulate = (provider: keyof typeof models, usage: unknown) =>
  CallStream.accumulate(LanguageModel.stream("hi")).pipe(
    Effect.provide(TestKit.fromRecording(provider, answer(models[provider], usage), { model: models[provider] }))
  )

describe("a Chat Completions usage without its counts", () => {
  it.effect("null or absent counts: the answer is kept, the counts unknown, the cost unavailable", () =>
    Effect.gen(function*() {
      const usages = [
        { prompt_tokens: null, completion_tokens: null, total_tokens: null },
        {},
        { prompt_tokens_details: { cached_tokens: 0 } }
      ]
      for (const provider of ["openai", "groq"] as const) {
        for (const usage of usages) {
          const where = `${provider} ${JSON.stringify(usage)}`
          const response = yield* accumulate(provider, usage)
          assert.strictEqual(response.content, "Hi", where)
          assert.deepStrictEqual(response.finishReasons, ["stop"], where)
          assert.isUndefined(response.usage.inputTokens, where)
          assert.isUndefined(response.usage.outputTokens, where)
          assert.strictEqual(Option.getOrThrow(Result.getFailure(response.costResult)).reason, "no-usage", where)
        }
      }
    }))

  it.effect("one count known: that one kept, the other unknown, no cost made of a 0", () =>
    Effect.gen(function*() {
      const input = yield* accumulate("openai", { prompt_tokens: 12, completion_tokens: null })
      assert.strictEqual(input.usage.inputTokens, 12)
      assert.isUndefined(input.usage.outputTokens)
      assert.isTrue(Result.isFailure(input.costResult))
      const output = yield* accumulate("openai", { prompt_tokens: null, completion_tokens: 5, total_tokens: null })
      assert.isUndefined(output.usage.inputTokens)
      assert.strictEqual(output.usage.outputTokens, 5)
      assert.isTrue(Result.isFailure(output.costResult))
    }))

  it.effect("a whole usage is read as before", () =>
    Effect.gen(function*() {
      const response = yield* accumulate("openai", { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 })
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [12, 5])
      assert.isTrue(Result.isSuccess(response.costResult))
    }))
})
