/**
 * The tier that served a Gemini API call, read from the `x-gemini-service-tier` response header when the usage does
 * not say (ai.google.dev/gemini-api/docs/priority-inference: a priority request over its limits is served and billed
 * at `standard`, which the header tells; `@ai-sdk/google` 4.0.116 reads it "when usage metadata omits it"). `@google/genai`
 * 3.3's `GenerateContentResponseUsageMetadata` has no `serviceTier`, only `trafficType` (Vertex AI's). Recorded bodies
 * (test/fixtures/google) served with and without the header: a flex call is priced at the flex price, a priority call
 * at the priority rates, and one without the header as before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Redacted } from "effect"
import { CallResponse, Google, LanguageModel, PriceTable } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as GoogleUsage from "../../../src/providers/google/GoogleUsage.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"

const sse = { "content-type": "text/event-stream" }

/**
 * `text.sse`: gemini-3-pro-preview, 9 prompt tokens, 23 candidates + 185 thoughts tokens, no `serviceTier` in its
 * usage; at the bundled rates ($2 input, $12 output per million) it costs this much.
 */
const standardUsd = (9 * 2 + (23 + 185) * 12) / 1e6

/** A table that prices Gemini 3 Pro's tiers (made up for the test: the bundled table has no Gemini priority price). */
const tierPrices = PriceTable.layer([{
  provider: "google",
  model: "gemini-3-pro-preview",
  source: "test",
  checkedAt: "2026-11-30",
  flexMultiplier: "0.5",
  periods: [{ from: null, rates: { input: "2", output: "12" }, priority: { input: "3.6", output: "21.6" } }]
}])

const served = (name: string, tier: string | undefined) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({
      headers: tier === undefined ? sse : { ...sse, "x-gemini-service-tier": tier },
      body: Fixtures.bytes("google", `${name}.sse`)
    })
    const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
      Effect.provide(
        Google.model("gemini-3-pro-preview").pipe(
          Layer.provide(Google.layer({ apiKey: Redacted.make("k"), baseUrl })),
          Layer.provide(clients[0]![1])
        )
      )
    )
    assert.strictEqual(result._tag, "Success")
    const typed = chunks as ReadonlyArray<Google.GoogleCallResponseChunk>
    // Priced with the table in context.
    const empty = CallResponse.emptyWith(yield* PriceTable.current)
    return { chunks: typed, response: typed.reduce(CallResponse.append, empty) }
  })

const usdOf = (response: CallResponse.CallResponse) => Option.getOrThrow(response.cost).usd

describe("the tier in the x-gemini-service-tier header", () => {
  it.effect("flex: the flex price (half the standard rates), the header kept on each chunk", () =>
    Effect.gen(function*() {
      const { chunks, response } = yield* served("text", "flex")
      assert.strictEqual(response.costMetadata.tier, "flex")
      assert.closeTo(usdOf(response), standardUsd / 2, 1e-12)
      assert.isTrue(chunks.every((chunk) => chunk.servedTier === "flex"))
    }).pipe(Effect.provide(tierPrices), Effect.scoped))

  it.effect("priority: the priority rates", () =>
    Effect.gen(function*() {
      const { response } = yield* served("text", "priority")
      assert.strictEqual(response.costMetadata.tier, "priority")
      assert.closeTo(usdOf(response), (9 * 3.6 + (23 + 185) * 21.6) / 1e6, 1e-12)
    }).pipe(Effect.provide(tierPrices), Effect.scoped))

  it.effect("no header: the standard price, as before", () =>
    Effect.gen(function*() {
      const { chunks, response } = yield* served("text", undefined)
      assert.isUndefined(response.costMetadata.tier)
      assert.closeTo(usdOf(response), standardUsd, 1e-12)
      assert.isTrue(chunks.every((chunk) => chunk.servedTier === undefined))
    }).pipe(Effect.provide(tierPrices), Effect.scoped))

  it.effect("standard (a priority request downgraded): the standard price", () =>
    Effect.gen(function*() {
      const { response } = yield* served("text", "standard")
      assert.strictEqual(response.costMetadata.tier, "standard")
      assert.closeTo(usdOf(response), standardUsd, 1e-12)
    }).pipe(Effect.provide(tierPrices), Effect.scoped))

  it.effect("flex with the bundled table: half the standard price (ai.google.dev/gemini-api/docs/flex-inference)", () =>
    Effect.gen(function*() {
      const { response } = yield* served("text", "flex")
      assert.strictEqual(response.costMetadata.tier, "flex")
      assert.closeTo(usdOf(response), standardUsd / 2, 1e-12)
    }).pipe(Effect.scoped))

  it.effect("priority with the bundled table, which has no Gemini priority price: no cost, never the standard one", () =>
    Effect.gen(function*() {
      const { response } = yield* served("text", "priority")
      assert.strictEqual(response.costMetadata.tier, "priority")
      const result = response.costResult
      assert.isTrue(result._tag === "Failure" && result.failure.message.includes("priority"), JSON.stringify(result))
    }).pipe(Effect.scoped))

  it.effect("a value no price knows fails nothing: the standard price, the value kept on the chunk", () =>
    Effect.gen(function*() {
      const { chunks, response } = yield* served("text", "Paid")
      assert.isUndefined(response.costMetadata.tier)
      assert.closeTo(usdOf(response), standardUsd, 1e-12)
      assert.strictEqual(chunks[0]!.servedTier, "Paid")
    }).pipe(Effect.provide(tierPrices), Effect.scoped))

  it.effect("the usage's own serviceTier wins over the header", () =>
    Effect.gen(function*() {
      // usage-mid-stream.sse: gemini-2.5-flash, its usage says `serviceTier: "standard"`.
      const { response } = yield* served("usage-mid-stream", "flex")
      assert.strictEqual(response.costMetadata.tier, "standard")
      assert.isTrue(Option.isSome(response.cost))
    }).pipe(Effect.scoped))
})

describe("GoogleUsage.extrasOf: the usage's tier first, then the header's", () => {
  it("the usage's serviceTier, its enum name too; unspecified is none; Vertex's trafficType as before", () => {
    const { extrasOf } = GoogleUsage
    assert.deepStrictEqual(extrasOf({ serviceTier: "FLEX" }), { tier: "flex" })
    assert.deepStrictEqual(extrasOf({ serviceTier: "SERVICE_TIER_PRIORITY" }), { tier: "priority" })
    assert.deepStrictEqual(extrasOf({ serviceTier: "unspecified" }, "flex"), { tier: "flex" })
    assert.deepStrictEqual(extrasOf({ trafficType: "ON_DEMAND_FLEX" }), { tier: "flex" })
    assert.deepStrictEqual(extrasOf({}, "deferred"), {})
  })
})
