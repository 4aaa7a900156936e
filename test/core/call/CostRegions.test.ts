/**
 * A call's region (Anthropic's `usage.inference_geo`, any string the provider sends) bills the residency factor the
 * price table lists for it, and any other region as none: `Cost.compute` is total on every region, the names of
 * `Object.prototype` (`constructor`, `__proto__`, `toString`) included, and never a defect.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Option, Result, Schema } from "effect"
import { Anthropic, CallResponse, Cost, CostMetadata, PriceTable } from "effect-llm-stream"

/** The bundled prices with a residency table (OpenAI's `eu`/`us`, Anthropic's `us`). */
const withResidency = PriceTable.bundled.entries.flatMap((entry) =>
  entry.residency === undefined
    ? []
    : [Result.getOrThrow(PriceTable.bundled.lookup(entry.provider as "openai" | "anthropic", entry.model))]
)

const usage = { inputTokens: 1200, cachedTokens: 200, outputTokens: 300 }

const totalIn = (price: PriceTable.ModelPrice, region: string | undefined) =>
  Result.getOrThrow(
    Cost.compute(price, new CostMetadata.CostMetadata({ ...usage, ...(region === undefined ? {} : { region }) }))
  ).total

const prototypeNames = [...Object.getOwnPropertyNames(Object.prototype), "__proto__"]

describe("Cost.compute with a region", () => {
  it("bills a listed region at its factor", () => {
    assert.isAbove(withResidency.length, 0)
    for (const price of withResidency) {
      for (const [region, factor] of Object.entries(price.residency!)) {
        const expected = BigDecimal.multiply(totalIn(price, undefined), PriceTable.decimal(factor))
        assert.isTrue(BigDecimal.equals(totalIn(price, region), expected), `${price.model} in ${region}`)
      }
    }
  })

  it("bills a region named like a property of Object.prototype as no region", () => {
    for (const price of withResidency) {
      for (const region of prototypeNames) {
        assert.isTrue(
          BigDecimal.equals(totalIn(price, region), totalIn(price, undefined)),
          `${price.model} in ${region}`
        )
      }
    }
  })

  it.prop("any region the table does not list bills as none", [Schema.String], ([region]) => {
    for (const price of withResidency) {
      if (Object.hasOwn(price.residency!, region)) continue
      assert.isTrue(BigDecimal.equals(totalIn(price, region), totalIn(price, undefined)), `${price.model} in ${region}`)
    }
  }, { arbitrary: { runs: 100, seed: 17 } })

  it("an Anthropic stream whose inference_geo is \"constructor\" has a cost", () => {
    const model = withResidency.find((price) => price.provider === "anthropic")!.model
    const decode = Schema.decodeUnknownSync(Anthropic.AnthropicCallResponseChunkFromPayload)
    const usage = { input_tokens: 10, output_tokens: 1, inference_geo: "constructor" }
    const chunks = [
      decode({
        type: "message_start",
        message: { id: "msg_1", type: "message", role: "assistant", model, content: [], stop_reason: null, usage }
      }),
      decode({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { ...usage, output_tokens: 5 } }),
      decode({ type: "message_stop" })
    ]
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    assert.strictEqual(response.costMetadata.region, "constructor")
    assert.isTrue(Option.isSome(response.cost))
  })
})
