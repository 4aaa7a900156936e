/**
 * Usage and cost fields Bedrock's ConverseStream `metadata` reports beside the token counts, over real HTTP:
 * the cache writes per TTL (`usage.cacheDetails`), the service tier (`serviceTier.type`) and
 * latency-optimized inference (`performanceConfig.latency`). The frames follow
 * `@aws-sdk/client-bedrock-runtime` 3.1164 `ConverseStreamMetadataEvent`, `TokenUsage`, `CacheDetail`
 * (`ttl: "5m" | "1h"`, "number of tokens written to cache with this TTL"), `ServiceTier`
 * (`default | flex | priority | reserved`) and `PerformanceConfiguration` (`models/models_0.d.ts`,
 * `models/enums.d.ts`); no recording of them was found. Anthropic's `output_tokens_details` and
 * `server_tool_use` are checked on recorded streams in Anthropic.test.ts (`pause-turn.sse`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import { Bedrock, CallResponse, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../support/Clients.js"
import * as Frames from "../../support/Frames.js"
import { collect } from "../support/Collect.js"

const bedrock = (baseUrl: string, client: (typeof clients)[number][1]) =>
  Bedrock.model("anthropic.claude-sonnet-4-20250514-v1:0").pipe(
    Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("bedrock-api-key-0123456789"), baseUrl })),
    Layer.provide(client)
  )

const body = (metadata: Readonly<Record<string, unknown>>) =>
  Frames.concat([
    Frames.event("messageStart", { role: "assistant" }),
    Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Cached." } }),
    Frames.event("contentBlockStop", { contentBlockIndex: 0 }),
    Frames.event("messageStop", { stopReason: "end_turn" }),
    Frames.event("metadata", { metrics: { latencyMs: 12 }, ...metadata })
  ])

const usage = {
  inputTokens: 10,
  outputTokens: 3,
  totalTokens: 1313,
  cacheReadInputTokens: 1000,
  cacheWriteInputTokens: 300,
  cacheDetails: [{ inputTokens: 200, ttl: "1h" }, { inputTokens: 100, ttl: "5m" }]
}

const run = (metadata: Readonly<Record<string, unknown>>, client: (typeof clients)[number][1]) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({
      headers: { "content-type": "application/vnd.amazon.eventstream" },
      body: body(metadata)
    })
    const { chunks, result } = yield* collect(LanguageModel.stream("x")).pipe(Effect.provide(bedrock(baseUrl, client)))
    assert.strictEqual(result._tag, "Success")
    return chunks.reduce(CallResponse.append, CallResponse.empty)
  })

describe("Bedrock metadata beside the token counts", () => {
  for (const [clientName, client] of clients) {
    it.effect(`cacheDetails gives the one-hour cache writes, never priced as five-minute ones (${clientName})`, () =>
      Effect.gen(function*() {
        const response = yield* run({ usage }, client)
        assert.strictEqual(response.usage.inputTokens, 1310)
        assert.strictEqual(response.usage.cacheWriteTokens, 300)
        assert.strictEqual(response.usage.cacheWrite1hTokens, 200)
        assert.strictEqual(response.costMetadata.cacheWrite1hTokens, 200)
        // The bundled Bedrock price has no one-hour write rate: a reason, not the five-minute price.
        assert.isTrue(Result.isFailure(response.costResult))
        assert.include(Result.isFailure(response.costResult) ? response.costResult.failure.message : "", "one-hour")
        // Only five-minute writes: none for an hour, and the call is priced.
        const fiveMinutes = yield* run({ usage: { ...usage, cacheDetails: [{ inputTokens: 300, ttl: "5m" }] } }, client)
        assert.strictEqual(fiveMinutes.usage.cacheWrite1hTokens, 0)
        assert.isTrue(fiveMinutes.cost._tag === "Some")
        // Without the breakdown, the one-hour share is not known.
        const { cacheDetails: _, ...withoutDetails } = usage
        const plain = yield* run({ usage: withoutDetails }, client)
        assert.strictEqual(plain.usage.cacheWrite1hTokens, undefined)
      }))

    it.effect(`the service tier and latency-optimized inference reach the cost, which they change (${clientName})`, () =>
      Effect.gen(function*() {
        const { cacheDetails: _, ...plain } = usage
        const standard = yield* run({ usage: plain, serviceTier: { type: "default" } }, client)
        assert.strictEqual(standard.costMetadata.tier, "default")
        assert.isTrue(standard.cost._tag === "Some")
        // No priority or latency-optimized price is known for this model: a reason, never the standard price.
        const priority = yield* run({ usage: plain, serviceTier: { type: "priority" } }, client)
        assert.strictEqual(priority.costMetadata.tier, "priority")
        assert.isTrue(Result.isFailure(priority.costResult))
        const optimized = yield* run({ usage: plain, performanceConfig: { latency: "optimized" } }, client)
        assert.strictEqual(optimized.costMetadata.speed, "optimized")
        assert.isTrue(Result.isFailure(optimized.costResult))
        const notOptimized = yield* run({ usage: plain, performanceConfig: { latency: "standard" } }, client)
        assert.strictEqual(notOptimized.costMetadata.speed, undefined)
      }))
  }
})
