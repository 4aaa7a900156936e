/**
 * The rules that make a provider's bill differ from tokens × rate, each asserted on a usage payload as the provider
 * sends it (decoded through its stream), at the bundled table's prices. Each total is worked by hand from the
 * provider's published rates, written beside it.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Result } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { CallStream, Cost, CostMetadata, LanguageModel, PriceTable } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

const sse = (events: ReadonlyArray<readonly [string | undefined, unknown]>) =>
  events.map(([name, data]) => `${name === undefined ? "" : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`)
    .join("")

/** The cost of the recorded `body` answered by `model`: its total as an exact decimal, or the reason. */
const billOf = (provider: CallResponseChunk.Provider, model: string, body: string) =>
  CallStream.accumulate(LanguageModel.stream("x")).pipe(
    Effect.provide(TestKit.fromRecording(provider, body, { model })),
    Effect.map((response) => response.costResult)
  )

const totalOf = (result: Result.Result<Cost.Cost, Cost.CostUnavailable>) =>
  BigDecimal.format(Result.getOrThrow(result).total)

/** What an Anthropic stream whose `message_start` and `message_delta` carry `usage` costs. */
const anthropic = (model: string, usage: Record<string, unknown>) =>
  billOf("anthropic", model, anthropicBody(model, usage))

const anthropicBody = (model: string, usage: Record<string, unknown>) =>
  sse([
    ["message_start", {
      type: "message_start",
      message: { id: "msg_1", model, role: "assistant", content: [], usage: { ...usage, output_tokens: 1 } }
    }],
    ["message_delta", { type: "message_delta", delta: { stop_reason: "end_turn" }, usage }],
    ["message_stop", { type: "message_stop" }]
  ])

/** What a Gemini stream of one answer whose event carries `usageMetadata` costs. */
const gemini = (model: string, usageMetadata: Record<string, unknown>) =>
  billOf(
    "google",
    model,
    sse([[undefined, {
      candidates: [{ content: { role: "model", parts: [{ text: "ok" }] }, index: 0, finishReason: "STOP" }],
      usageMetadata,
      modelVersion: model,
      responseId: "bill"
    }]])
  )

/**
 * What an OpenAI Chat Completions stream costs: one delta, then the usage chunk (`stream_options.include_usage`),
 * answered by the snapshot `served`.
 */
const chat = (model: string, served: string, usage: Record<string, unknown>, serviceTier?: string) =>
  billOf("openai", model, chatBody(served, usage, serviceTier))

const chatBody = (model: string, usage: Record<string, unknown>, serviceTier?: string) => {
  const base = {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model,
    ...(serviceTier === undefined ? {} : { service_tier: serviceTier })
  }
  return sse([
    [undefined, { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "ok" }, finish_reason: null }] }],
    [undefined, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }],
    [undefined, { ...base, choices: [], usage }]
  ]) + "data: [DONE]\n\n"
}

/** A Chat Completions usage: `prompt` and `completion` tokens, with their details. */
const chatUsage = (
  prompt: number,
  completion: number,
  promptDetails: Record<string, number> = {},
  completionDetails: Record<string, number> = {}
) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: promptDetails,
  completion_tokens_details: completionDetails
})

describe("Anthropic: cache writes by lifetime, long context above 200,000 tokens, cache included", () => {
  it.effect("5-minute writes at 1.25x input, 1-hour writes at 2x (cache_creation's split)", () =>
    Effect.gen(function*() {
      // claude-sonnet-4-5 at $3 input, $3.75 5m writes, $6 1h writes, $15 output per million (anthropic.com/pricing):
      // 1,000 × 3 + 1,000 × 3.75 + 2,000 × 6 + 100 × 15 = 20,250 per million.
      const bill = yield* anthropic("claude-sonnet-4-5", {
        input_tokens: 1000,
        cache_creation_input_tokens: 3000,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
        output_tokens: 100
      })
      assert.strictEqual(totalOf(bill), "0.02025")
      const breakdown = Result.getOrThrow(bill).breakdown
      assert.strictEqual(BigDecimal.format(breakdown.cacheWrite), "0.00375")
      assert.strictEqual(BigDecimal.format(breakdown.cacheWrite1h), "0.012")
    }))

  it.effect("a prompt over 200,000 tokens counting its cache reads bills every token at the long-context rates", () =>
    Effect.gen(function*() {
      const call = (cacheRead: number) =>
        anthropic("claude-sonnet-4-5", {
          input_tokens: 1000,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: cacheRead,
          output_tokens: 100
        })
      // 200,500 input tokens (1,000 + 199,500 read): $6 input, $0.60 reads, $22.50 output per million.
      const over = yield* call(199_500)
      assert.strictEqual(totalOf(over), String((1000 * 6 + 199_500 * 0.6 + 100 * 22.5) / 1e6))
      assert.strictEqual(Result.getOrThrow(over).tierAbove, 200_000)
      // 199,000: the standard $3, $0.30, $15.
      assert.strictEqual(totalOf(yield* call(198_000)), String((1000 * 3 + 198_000 * 0.3 + 100 * 15) / 1e6))
    }))
})

describe("Gemini: long context above 200,000 prompt tokens, thinking billed as output", () => {
  it.effect("gemini-2.5-pro: the cached part of the prompt counts toward the tier; thoughts are output tokens", () =>
    Effect.gen(function*() {
      const call = (prompt: number) =>
        gemini("gemini-2.5-pro", {
          promptTokenCount: prompt,
          cachedContentTokenCount: 100_000,
          candidatesTokenCount: 100,
          thoughtsTokenCount: 400,
          totalTokenCount: prompt + 500
        })
      // ai.google.dev/gemini-api/docs/pricing, prompts over 200k: $2.50 input, $0.25 cache reads, $15 output.
      assert.strictEqual(totalOf(yield* call(250_000)), String((150_000 * 2.5 + 100_000 * 0.25 + 500 * 15) / 1e6))
      // At or under 200k: $1.25, $0.125, $10.
      assert.strictEqual(totalOf(yield* call(200_000)), String((100_000 * 1.25 + 100_000 * 0.125 + 500 * 10) / 1e6))
    }))
})

describe("OpenAI Chat Completions: audio, reasoning and cache inside the totals, the served service tier", () => {
  it.effect("audio tokens at the audio rates, the rest of the prompt and completion at the text rates", () =>
    Effect.gen(function*() {
      // gpt-4o-audio-preview: text $2.50 / $10, audio $40 / $80 per million (developers.openai.com pricing).
      const bill = yield* chat(
        "gpt-4o-audio-preview",
        "gpt-4o-audio-preview-2025-06-03",
        chatUsage(1000, 500, { cached_tokens: 0, audio_tokens: 400 }, { reasoning_tokens: 0, audio_tokens: 300 })
      )
      assert.strictEqual(totalOf(bill), String((600 * 2.5 + 400 * 40 + 200 * 10 + 300 * 80) / 1e6))
    }))

  it.effect("reasoning tokens are part of completion_tokens: billed once, at the output rate", () =>
    Effect.gen(function*() {
      // gpt-5: $1.25 input, $0.125 cached, $10 output per million.
      const bill = yield* chat(
        "gpt-5",
        "gpt-5-2025-08-07",
        chatUsage(2000, 1000, { cached_tokens: 1000 }, { reasoning_tokens: 800 })
      )
      assert.strictEqual(totalOf(bill), String((1000 * 1.25 + 1000 * 0.125 + 1000 * 10) / 1e6))
    }))

  it.effect("cache reads and 30-minute cache writes are parts of prompt_tokens, each at its own rate", () =>
    Effect.gen(function*() {
      // gpt-6-sol: $2 input, $0.20 cache reads, $2.50 cache writes, $10 output per million.
      const bill = yield* chat(
        "gpt-6-sol",
        "gpt-6-sol",
        chatUsage(10_000, 100, { cached_tokens: 2000, cache_write_tokens: 3000 })
      )
      assert.strictEqual(totalOf(bill), String((5000 * 2 + 2000 * 0.2 + 3000 * 2.5 + 100 * 10) / 1e6))
    }))

  it.effect("the service_tier the response reports: flex at half, priority at the priority rates", () =>
    Effect.gen(function*() {
      const usage = chatUsage(2000, 1000)
      const served = (tier: string) => chat("gpt-5", "gpt-5-2025-08-07", usage, tier)
      assert.strictEqual(totalOf(yield* served("default")), String((2000 * 1.25 + 1000 * 10) / 1e6))
      assert.strictEqual(totalOf(yield* served("flex")), String((2000 * 1.25 + 1000 * 10) / 2e6))
      // Priority processing: $2.50 input, $20 output per million.
      assert.strictEqual(totalOf(yield* served("priority")), String((2000 * 2.5 + 1000 * 20) / 1e6))
    }))
})

describe("OpenAI GPT-6: Batch and Flex at half of whichever rate applies, Ultrafast at 6 times", () => {
  // 300,000 input tokens (above the 272K line) and 1,000 output tokens.
  const usage = chatUsage(300_000, 1000)

  it.effect("a flex answer of GPT-6 Astra and GPT-6.1 Terra costs half its long-context price", () =>
    Effect.gen(function*() {
      // Long context: Astra $20 / $75, Terra $2 / $7.50 per million (openai-gpt-6-flex).
      for (const [model, input, output] of [["gpt-6-astra", 20, 75], ["gpt-6.1-terra", 2, 7.5]] as const) {
        const standard = (300_000 * input + 1000 * output) / 1e6
        assert.strictEqual(totalOf(yield* chat(model, model, usage, "default")), String(standard), model)
        assert.strictEqual(totalOf(yield* chat(model, model, usage, "flex")), String(standard / 2), model)
      }
    }))

  it.effect("an ultrafast answer of GPT-6 Astra costs 6 times its rates; one served at default, the standard", () =>
    Effect.gen(function*() {
      const short = chatUsage(1000, 1000)
      // openai-ultrafast: $60 / $300 per million; the tier the response names is the one billed.
      assert.strictEqual(
        totalOf(yield* chat("gpt-6-astra", "gpt-6-astra", short, "ultrafast")),
        String((1000 * 60 + 1000 * 300) / 1e6)
      )
      assert.strictEqual(
        totalOf(yield* chat("gpt-6-astra", "gpt-6-astra", short, "default")),
        String((1000 * 10 + 1000 * 50) / 1e6)
      )
    }))

  it("a batch call of GPT-6 Astra costs half (openai-gpt-6-batch)", () => {
    const astra = Result.getOrThrow(PriceTable.bundled.lookup("openai", "gpt-6-astra"))
    const batch = Cost.compute(
      astra,
      new CostMetadata.CostMetadata({ inputTokens: 1000, outputTokens: 1000, batchMode: true })
    )
    assert.strictEqual(totalOf(batch), String((1000 * 10 + 1000 * 50) / 2e6))
  })
})
