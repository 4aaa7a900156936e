/**
 * The usage rules of host rows (`ChatUsage.Rule`), on the recordings of `test/fixtures/hosts` and on bodies made from
 * them: Vercel's AI Gateway counts reasoning apart from `completion_tokens` and `total_tokens` (its stated charge is
 * the upstream's price of the output read so, Claude's thinking counted once), and a llama.cpp server names its cached
 * prompt tokens in `timings.cache_n` (one that is not a count of the prompt's is unknown, never a failure).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import { CallResponse, Cost, CostMetadata, LanguageModel, OpenAICompatible, PriceTable } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChatUsage from "../../../src/providers/openai-compatible/ChatUsage.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"

const folder = "hosts"

/** The response a preset's layer makes of `body`, served by a replay server, for `model`. */
const responseOf = (host: "vercel" | "llamacpp", body: Uint8Array, model: string) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
    const { chunks, result } = yield* collect(LanguageModel.stream("What's the weather in Florence?")).pipe(
      Effect.provide(
        OpenAICompatible.model(model).pipe(
          Layer.provide(OpenAICompatible.layer({ name: host, baseUrl, apiKey: Redacted.make("key-test") })),
          Layer.provide(clients[0]![1])
        )
      )
    )
    assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
    return chunks.reduce(CallResponse.append, CallResponse.empty)
  })

describe("Vercel's AI Gateway: reasoning counted apart", () => {
  // Each recording: the upstream's price row (the bundled table) and the output the gateway billed.
  const recordings = [
    ["vercel-gpt-5-thinking-tool-call", "openai", "gpt-5", 176],
    ["vercel-gemini-3-pro-thinking-tool-call", "google", "gemini-3-pro-preview", 70],
    ["vercel-gemini-flash-parallel-tool-calls", "google", "gemini-2.5-flash", 47],
    ["vercel-claude-thinking-tool-call", "anthropic", "claude-sonnet-4-0", 111]
  ] as const
  for (const [name, upstream, model, output] of recordings) {
    it.effect(`${name}: its stated charge is ${upstream}'s price of the output read`, () =>
      Effect.gen(function*() {
        const expected = Fixtures.json(folder, `${name}.expected.json`)
        const response = yield* responseOf("vercel", Fixtures.bytes(folder, `${name}.sse`), expected.model)
        const { cachedTokens, inputTokens, outputTokens } = response.usage
        assert.strictEqual(outputTokens, output)
        const price = Result.getOrThrow(PriceTable.bundled.lookup(upstream, model))
        const metadata = new CostMetadata.CostMetadata({
          inputTokens: inputTokens!,
          cachedTokens: cachedTokens ?? 0,
          outputTokens: outputTokens!
        })
        const cost = Cost.compute(price, metadata)
        assert.strictEqual(Number(Result.getOrThrow(Result.map(cost, Cost.totalText))), expected.usage.cost)
      }).pipe(Effect.scoped))
  }

  it("a total that already holds the reasoning, or no reasoning, is read as sent", () => {
    const rule: ChatUsage.Rule = { reasoningApart: true }
    const usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 }
    assert.strictEqual(ChatUsage.normaliseUsage(usage, rule).outputTokens, 20)
    const none = { ...usage, completion_tokens_details: { reasoning_tokens: 0 } }
    assert.strictEqual(ChatUsage.normaliseUsage(none, rule).outputTokens, 20)
    const apart = { ...usage, completion_tokens_details: { reasoning_tokens: 5 } }
    assert.strictEqual(ChatUsage.normaliseUsage(apart, rule).outputTokens, 25)
    // Without the rule, a total of prompt + completion says the reasoning is inside.
    assert.strictEqual(ChatUsage.normaliseUsage(apart).outputTokens, 20)
  })
})

describe("llama.cpp: cached prompt tokens in timings.cache_n", () => {
  const name = "llamacpp-gpt-oss-tool-call"
  const body = Fixtures.text(folder, `${name}.sse`)
  const model = "openai/gpt-oss-20b"

  it.effect("the recording's 138 of 139 prompt tokens cached", () =>
    Effect.gen(function*() {
      const response = yield* responseOf("llamacpp", new TextEncoder().encode(body), model)
      assert.strictEqual(response.usage.inputTokens, 139)
      assert.strictEqual(response.usage.cachedTokens, 138)
    }).pipe(Effect.scoped))

  it.effect("timings that are not a count of the prompt's: cached unknown, the stream whole", () =>
    Effect.gen(function*() {
      for (const timings of [`"cache_n":"138"`, `"cache_n":-1`, `"cache_n":1.5`, `"cache_n":140`]) {
        const changed = body.replace(`"cache_n":138`, timings)
        assert.notStrictEqual(changed, body)
        const response = yield* responseOf("llamacpp", new TextEncoder().encode(changed), model)
        assert.strictEqual(response.usage.inputTokens, 139, timings)
        assert.strictEqual(response.usage.cachedTokens, undefined, timings)
      }
      const notAnObject = body.replace(/"timings":\{[^}]*\}/, `"timings":"fast"`)
      assert.notStrictEqual(notAnObject, body)
      const response = yield* responseOf("llamacpp", new TextEncoder().encode(notAnObject), model)
      assert.strictEqual(response.usage.cachedTokens, undefined)
    }).pipe(Effect.scoped))

  it("a usage that names its cached tokens is read as sent; a host without the rule reads no timings", () => {
    const rule: ChatUsage.Rule = { cachedInTimings: true }
    const timings = { cache_n: 138, prompt_n: 1 }
    const usage = { prompt_tokens: 139, completion_tokens: 41, total_tokens: 180 }
    const named = { ...usage, prompt_tokens_details: { cached_tokens: 100 } }
    assert.strictEqual(ChatUsage.normaliseUsage(named, rule, timings).cachedTokens, 100)
    assert.strictEqual(ChatUsage.normaliseUsage(usage, rule, timings).cachedTokens, 138)
    assert.strictEqual(ChatUsage.normaliseUsage(usage, undefined, timings).cachedTokens, undefined)
  })
})
