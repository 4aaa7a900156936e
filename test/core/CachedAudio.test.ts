/**
 * Gemini bills audio read from its context cache at a rate of its own, above the cached text's (ai.google.dev/gemini-
 * api/docs/pricing, "Context caching price": Gemini 2.5 Flash $0.03 text / image / video, $0.10 audio per million;
 * genai-prices' `cache_audio_read_mtok`), and its usage tells the cached audio apart (`cacheTokensDetails`, by
 * modality): cached audio is billed at that rate, and a model that bills audio apart with no cached-audio price gives
 * `missing-rate`, never the text rate.
 */
import { assert, describe, it } from "@effect/vitest"
import type { GenerateContentResponseUsageMetadata, MediaModality } from "@google/genai"
import { Effect, Result } from "effect"
import { CallStream, Cost, CostMetadata, LanguageModel, PriceTable, Usage } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

const usageMetadata: GenerateContentResponseUsageMetadata = {
  promptTokenCount: 10_000,
  cachedContentTokenCount: 6_000,
  candidatesTokenCount: 100,
  totalTokenCount: 10_100,
  promptTokensDetails: [
    { modality: "AUDIO" as MediaModality, tokenCount: 5_000 },
    { modality: "TEXT" as MediaModality, tokenCount: 5_000 }
  ],
  cacheTokensDetails: [
    { modality: "AUDIO" as MediaModality, tokenCount: 4_000 },
    { modality: "TEXT" as MediaModality, tokenCount: 2_000 }
  ]
}

const body = `data: ${
  JSON.stringify({
    candidates: [{ content: { role: "model", parts: [{ text: "Heard." }] }, index: 0, finishReason: "STOP" }],
    usageMetadata,
    modelVersion: "gemini-2.5-flash",
    responseId: "cached-audio"
  })
}\n\n`

describe("Gemini's cached audio", () => {
  it.effect("is billed at the cached-audio rate, as genai-prices' calculator bills it", () =>
    Effect.gen(function*() {
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(TestKit.fromRecording("google", body, { model: "gemini-2.5-flash" }))
      )
      assert.strictEqual(response.usage.cachedAudioTokens, 4_000)
      // Uncached text 3,000 at $0.30, uncached audio 1,000 at $1, cached text 2,000 at $0.03, cached audio 4,000 at
      // $0.10, output 100 at $2.50 per million: $0.00261 (genai-prices 0.1.8's calcPrice: 0.00261).
      assert.strictEqual(Result.getOrThrow(response.costResult).toJSON().total, "0.00261")
    }))

  it("a model that bills audio apart without a cached-audio price: missing-rate", () => {
    const table = PriceTable.make({
      version: 1,
      generatedAt: "2026-11-29",
      entries: [{
        provider: "google",
        model: "audio-test",
        source: "https://example.com",
        checkedAt: "2026-11-29",
        periods: [{ from: null, rates: { input: "1", output: "1", cacheRead: "0.1", inputAudio: "3" } }]
      }]
    })
    const metadata = CostMetadata.fromUsage(
      Usage.make({ inputTokens: 100, cachedTokens: 50, cachedAudioTokens: 20, outputTokens: 1 })
    )
    const cost = Cost.price(table, "google", "audio-test", metadata)
    assert.isTrue(Result.isFailure(cost) && cost.failure.reason === "missing-rate")
    assert.include(Result.isFailure(cost) ? cost.failure.message : "", "cached audio (20 tokens)")
  })

  it("a model that bills audio as text bills its cached audio as cached text", () => {
    const table = PriceTable.make({
      version: 1,
      generatedAt: "2026-11-29",
      entries: [{
        provider: "google",
        model: "text-rates",
        source: "https://example.com",
        checkedAt: "2026-11-29",
        periods: [{ from: null, rates: { input: "1", output: "1", cacheRead: "0.1" } }]
      }]
    })
    const metadata = CostMetadata.fromUsage(
      Usage.make({ inputTokens: 100, cachedTokens: 50, cachedAudioTokens: 20, outputTokens: 1 })
    )
    // 50 uncached at $1, 50 cached at $0.10, 1 output at $1 per million.
    assert.strictEqual(
      Result.getOrThrow(Cost.price(table, "google", "text-rates", metadata)).toJSON().total,
      "0.000056"
    )
  })

  it("cached audio beyond the cached tokens is an inconsistent usage", () => {
    const metadata = CostMetadata.fromUsage(
      Usage.make({ inputTokens: 100, cachedTokens: 10, cachedAudioTokens: 20, outputTokens: 1 })
    )
    const cost = Cost.price(PriceTable.bundled, "google", "gemini-2.5-flash", metadata)
    assert.isTrue(Result.isFailure(cost) && cost.failure.reason === "invalid-usage")
  })
})
