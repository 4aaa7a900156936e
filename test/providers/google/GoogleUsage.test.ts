/**
 * Gemini's output tokens when one of their two counts is missing (held-out recordings: a thinking-only answer
 * whose `usageMetadata` has `thoughtsTokenCount` and no `candidatesTokenCount`). The wire rule, from
 * `@google/genai` 3.1's `GenerateContentResponseUsageMetadata` (its field names type-check the events below):
 * `totalTokenCount` is "the sum of prompt_token_count, candidates_token_count, tool_use_prompt_token_count, and
 * thoughts_token_count". So the output is candidates + thoughts, an absent one being what the total leaves for
 * it (0 when the total says nothing more), and every event's usage is the call's so far: the last one wins.
 */
import { assert, describe, it } from "@effect/vitest"
import type { GenerateContentResponseUsageMetadata, MediaModality } from "@google/genai"
import { Effect, Result } from "effect"
import { CallStream, Google, LanguageModel, ProviderError } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { collect, failureOf } from "../../support/Collect.js"

const usage = (metadata: GenerateContentResponseUsageMetadata) => Google.normaliseUsage(metadata)

const event = (parts: ReadonlyArray<unknown>, metadata: GenerateContentResponseUsageMetadata, finish?: string) =>
  `data: ${
    JSON.stringify({
      candidates: [{
        content: { role: "model", parts },
        index: 0,
        ...(finish === undefined ? {} : { finishReason: finish })
      }],
      usageMetadata: metadata,
      modelVersion: "gemini-2.5-flash",
      responseId: "usage-test"
    })
  }\n\n`

describe("Gemini usage with one of the output counts missing", () => {
  it("a thinking-only answer: output = thoughts, consistent with totalTokenCount", () => {
    const normalised = usage({ promptTokenCount: 12, thoughtsTokenCount: 78, totalTokenCount: 90 })
    assert.strictEqual(normalised.outputTokens, 78)
    assert.strictEqual(normalised.reasoningTokens, 78)
    assert.strictEqual(normalised.inputTokens! + normalised.outputTokens!, 90)
  })

  it("an absent count is what the total leaves for it; without a total, 0; both absent, not reported", () => {
    assert.strictEqual(usage({ promptTokenCount: 5, thoughtsTokenCount: 20, totalTokenCount: 40 }).outputTokens, 35)
    assert.strictEqual(usage({ promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 20 }).outputTokens, 15)
    assert.strictEqual(
      usage({ promptTokenCount: 5, toolUsePromptTokenCount: 3, thoughtsTokenCount: 20, totalTokenCount: 28 })
        .outputTokens,
      20
    )
    assert.strictEqual(usage({ thoughtsTokenCount: 20 }).outputTokens, 20)
    assert.strictEqual(usage({ candidatesTokenCount: 9 }).outputTokens, 9)
    assert.isUndefined(usage({ promptTokenCount: 5, totalTokenCount: 5 }).outputTokens)
  })

  it.effect("the last event's usage wins: 78, not the 56 of an earlier event", () =>
    Effect.gen(function*() {
      const body = [
        event([{ text: "thinking", thought: true }], {
          promptTokenCount: 10,
          candidatesTokenCount: 10,
          thoughtsTokenCount: 46,
          totalTokenCount: 66
        }),
        event([{ text: "" }], { promptTokenCount: 10, thoughtsTokenCount: 78, totalTokenCount: 88 }, "STOP")
      ].join("")
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(TestKit.fromRecording("google", body))
      )
      assert.strictEqual(response.usage.outputTokens, 78)
      assert.strictEqual(response.usage.reasoningTokens, 78)
      assert.strictEqual(response.usage.totalTokens, 88)
    }))
})

describe("Gemini token counts that are not counts", () => {
  // Every other provider's schema holds its counts as natural numbers: a negative, fractional or unsafe count from
  // a hostile server is a malformed event, not a usage of -1 or 1.5 tokens (nor a cost made of it).
  const counts = [
    "promptTokenCount",
    "cachedContentTokenCount",
    "candidatesTokenCount",
    "toolUsePromptTokenCount",
    "thoughtsTokenCount",
    "totalTokenCount"
  ] as const
  const bad = [-1, 1.5, 1e308]

  it.effect("a negative, fractional or unsafe count fails the stream after the chunks before it", () =>
    Effect.gen(function*() {
      const usages: Array<Record<string, unknown>> = [
        ...counts.flatMap((name) => bad.map((value) => ({ promptTokenCount: 3, [name]: value }))),
        ...bad.map((value) => ({ promptTokenCount: 3, promptTokensDetails: [{ modality: "TEXT", tokenCount: value }] }))
      ]
      for (const metadata of usages) {
        const body = [
          event([{ text: "Hi" }], { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 }),
          event([{ text: " there" }], metadata as GenerateContentResponseUsageMetadata, "STOP")
        ].join("")
        const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(TestKit.fromRecording("google", body))
        )
        const where = JSON.stringify(metadata)
        assert.instanceOf(failureOf(result), ProviderError.MalformedPayloadError, where)
        assert.deepStrictEqual(chunks.map((chunk) => [chunk.content, chunk.inputTokens]), [["Hi", 3]], where)
      }
    }))
})

describe("Gemini audio read from the cache", () => {
  // `@google/genai` 3.3's `GenerateContentResponseUsageMetadata`: `promptTokenCount` "also includes the number of
  // tokens in the cached content"; `promptTokensDetails` is the prompt by modality, `cacheTokensDetails` the cached
  // content by modality. Cached audio is a cache read, not audio input a second time.
  const cachedAudio: GenerateContentResponseUsageMetadata = {
    promptTokenCount: 1050,
    cachedContentTokenCount: 1000,
    candidatesTokenCount: 10,
    totalTokenCount: 1060,
    promptTokensDetails: [{ modality: "TEXT" as MediaModality, tokenCount: 50 }, {
      modality: "AUDIO" as MediaModality,
      tokenCount: 1000
    }],
    cacheTokensDetails: [{ modality: "AUDIO" as MediaModality, tokenCount: 1000 }]
  }

  it("the audio input is the prompt's audio less the cached audio", () => {
    const normalised = usage(cachedAudio)
    assert.strictEqual(normalised.inputTokens, 1050)
    assert.strictEqual(normalised.cachedTokens, 1000)
    assert.strictEqual(normalised.inputAudioTokens, 0)
    const half = usage({
      ...cachedAudio,
      cachedContentTokenCount: 400,
      cacheTokensDetails: [{ modality: "AUDIO" as MediaModality, tokenCount: 400 }]
    })
    assert.strictEqual(half.inputAudioTokens, 600)
  })

  it.effect("a prompt whose audio was cached is priced: its text, its cache reads, its output", () =>
    Effect.gen(function*() {
      const body = event([{ text: "Heard." }], cachedAudio, "STOP")
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(TestKit.fromRecording("google", body, { model: "gemini-2.5-flash" }))
      )
      // gemini-2.5-flash at the bundled rates: input $0.30, cached audio $0.10 (ai.google.dev/gemini-api/docs/pricing,
      // "Context caching price"), output $2.50 per million.
      assert.closeTo(Result.getOrThrow(response.costResult).usd, (50 * 0.3 + 1000 * 0.1 + 10 * 2.5) / 1e6, 1e-12)
    }))
})
