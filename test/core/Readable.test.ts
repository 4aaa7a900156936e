/**
 * A response, its usage and its cost print as plain numbers and strings: `console.log` (util.inspect),
 * `JSON.stringify` and `String` show the text, the token counts and the price, never Effect internals
 * (`BigDecimal`, `Option`) or the price table a response carries.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Redacted } from "effect"
import { CallStream, Cost, LanguageModel, OpenAI, PriceTable } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Util from "node:util"
import * as Fixtures from "../../support/Fixtures.js"
import { providerModels } from "../support/Providers.js"

/** What must never show in a printed value: Effect's internals and the price table. */
const internals = [/BigDecimal/, /_id/, /\[object Object\]/, /entries/, /priceTable/, /lookup/]

const assertPlain = (printed: string) => {
  for (const pattern of internals) assert.notMatch(printed, pattern, printed)
}

/** The OpenAI recording of "What is 4200 + 42?", accumulated (with the price table in context). */
const openaiResponse = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const baseUrl = server.serve({
    headers: { "content-type": "text/event-stream" },
    body: Fixtures.bytes("openai", "text.sse")
  })
  return yield* CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(
    Effect.provide(
      OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })),
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )
})

describe("readable values", () => {
  for (const provider of providerModels) {
    it.effect(`${provider.provider}: a response prints its text, usage and cost as plain values`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": provider.contentType }, body: provider.body })
        const response = yield* CallStream.accumulate(LanguageModel.stream("Hi")).pipe(
          Effect.provide(provider.model(baseUrl).pipe(Layer.provide(FetchHttpClient.layer)))
        )
        const cost = Option.getOrThrow(response.cost)

        const inspected = Util.inspect(response, { depth: 6 })
        assertPlain(inspected)
        assert.include(inspected, `usd: ${cost.usd}`)
        assert.include(inspected, `total: '${BigDecimal.format(BigDecimal.normalize(cost.total))}'`)

        const json = JSON.parse(JSON.stringify(response))
        assertPlain(JSON.stringify(response))
        assert.strictEqual(json.content, response.content)
        assert.strictEqual(json.id, response.id)
        assert.deepStrictEqual(json.commonFinishReasons, response.commonFinishReasons)
        assert.deepStrictEqual(json.usage, JSON.parse(JSON.stringify({ ...response.usage })))
        assert.strictEqual(json.usage.outputTokens, response.usage.outputTokens)
        assert.strictEqual(json.cost.usd, cost.usd)
        assert.strictEqual(`$${json.cost.total}`, Cost.format(cost))
        assert.strictEqual(json.cost.total, Cost.totalText(cost))
        assert.strictEqual(json.toolCalls?.length ?? 0, response.toolCalls.length)
        for (const [index, call] of response.toolCalls.entries()) {
          assert.deepStrictEqual(json.toolCalls[index], { id: call.id, name: call.name, arguments: call.arguments })
        }

        assert.deepStrictEqual(JSON.parse(String(response)), json)
        assert.strictEqual(String(cost), Cost.format(cost))
        assert.strictEqual(`${cost}`, Cost.format(cost))
        assertPlain(Util.inspect(cost, { depth: 6 }))
        assertPlain(Util.inspect(response.usage))
        assertPlain(String(response.usage))
      }))
  }

  it.effect("a cost breakdown lists its non-zero parts as exact decimals that add up to the total", () =>
    Effect.gen(function*() {
      const response = yield* openaiResponse
      const { breakdown, total } = Option.getOrThrow(response.cost).toJSON()
      const parts = Object.values(breakdown).map((part) => BigDecimal.fromStringUnsafe(part))
      assert.isTrue(parts.every((part) => !BigDecimal.isZero(part)))
      assert.isTrue(BigDecimal.equals(BigDecimal.sumAll(parts), BigDecimal.fromStringUnsafe(total)))
    }))

  it.effect("a response whose model has no price says why, in plain words", () =>
    Effect.gen(function*() {
      const response = yield* openaiResponse.pipe(
        Effect.provide(PriceTable.layerReplace({ version: 1, generatedAt: "2026-01-01", entries: [] }))
      )
      const json = JSON.parse(JSON.stringify(response))
      assert.isUndefined(json.cost)
      assert.strictEqual(json.costUnavailable.reason, "unknown-model")
      assert.match(json.costUnavailable.message, /^no price is known for openai model "gpt-4o-2024-08-06"/)
      assertPlain(Util.inspect(response, { depth: 6 }))
    }))
})
