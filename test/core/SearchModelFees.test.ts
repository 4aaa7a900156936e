/**
 * OpenAI's search models on Chat Completions search the web as they answer and bill the searches per call, apart from
 * their tokens (developers.openai.com/api/docs/pricing, "Web search"; the web search guide: on Chat Completions the
 * search models retrieve from the web before responding), and a response reports no count of them: their cost is
 * not known, `unmeasured-fee`, with their tokens' cost as its `partial`, never the tokens alone shown as the bill.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Result } from "effect"
import { CallStream, Cost, CostMetadata, LanguageModel, PriceTable, Usage } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

const metadata = CostMetadata.fromUsage(Usage.make({ inputTokens: 100, outputTokens: 50 }))

describe("OpenAI's search models on Chat Completions", () => {
  for (
    const model of [
      "gpt-4o-search-preview",
      "gpt-4o-search-preview-2025-03-11",
      "gpt-4o-mini-search-preview",
      "gpt-4o-mini-search-preview-2025-03-11",
      "gpt-5-search-api"
    ]
  ) {
    it(`${model}: unmeasured-fee, its tokens' cost the partial`, () => {
      const cost = Cost.price(PriceTable.bundled, "openai", model, metadata)
      assert.isTrue(Result.isFailure(cost))
      if (Result.isSuccess(cost)) return
      assert.strictEqual(cost.failure.reason, "unmeasured-fee")
      assert.include(cost.failure.message, "web search")
      const tokens = Result.getOrThrow(
        Cost.compute(Result.getOrThrow(PriceTable.bundled.lookup("openai", model)), metadata)
      )
      assert.strictEqual(cost.failure.partial?.toJSON().total, tokens.toJSON().total)
    })
  }

  it("a model that searches only with a tool is priced by its tokens", () => {
    const cost = Cost.price(PriceTable.bundled, "openai", "gpt-4o", metadata)
    // 100 input tokens at $2.50 and 50 output tokens at $10 per million.
    assert.strictEqual(Result.getOrThrow(cost).toJSON().total, "0.00075")
  })

  it.effect("a streamed answer of gpt-4o-search-preview: cost None, the reason and the partial on costResult", () =>
    Effect.gen(function*() {
      const chunk = (fields: object) =>
        `data: ${
          JSON.stringify({
            id: "chatcmpl-1",
            object: "chat.completion.chunk",
            created: 1,
            model: "gpt-4o-search-preview-2025-03-11",
            ...fields
          })
        }\n\n`
      const body = chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "Sunny." } }] }) +
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) +
        chunk({ choices: [], usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 } }) +
        "data: [DONE]\n\n"
      const response = yield* CallStream.accumulate(LanguageModel.stream("Weather?")).pipe(
        Effect.provide(TestKit.fromRecording("openai", body, { model: "gpt-4o-search-preview" }))
      )
      assert.isTrue(Option.isNone(response.cost))
      const result = response.costResult
      assert.isTrue(Result.isFailure(result) && result.failure.reason === "unmeasured-fee")
      assert.strictEqual(Result.isFailure(result) ? result.failure.partial?.toJSON().total : undefined, "0.00075")
    }))
})
