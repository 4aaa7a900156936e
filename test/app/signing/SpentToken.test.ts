/**
 * The signed fact of what an answer spent carries the tokens it used and the steps it made (since 0.7.0), signed with
 * the amount: read back, they count in the continued answer's totals and step count; changed, they are refused. A 0.6
 * fact, its amount alone, still reads: its tokens are unknown, and the finish metadata and AG-UI's usage show no count
 * rather than a made-up one. A fact signed before steps were counted reads too: the count goes on from what is there.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Option } from "effect"
import * as AgUiUsage from "../../../src/app/agui/AgUiUsage.js"
import * as ApprovalToken from "../../../src/app/signing/ApprovalToken.js"
import * as SpentToken from "../../../src/app/signing/SpentToken.js"
import * as UIMetadata from "../../../src/app/ui/UIMetadata.js"
import type * as CallEnding from "../../../src/core/call/CallEnding.js"
import * as Usage from "../../../src/core/Usage.js"

const usd = BigDecimal.fromStringUnsafe("0.000615")
const binding = { chatId: "chat-1", owner: "owner-1" }

/** The fact as 0.6 wrote it: the amount alone, signed (never claimed: no budget). */
const factOf06 = Effect.map(
  ApprovalToken.issue({ id: "m1", name: "effect-llm-stream/spent-shown", input: "0.000615" }, binding),
  (id) => ({ [SpentToken.metadataKey]: { usd: "0.000615", id, once: false } })
)

/** A step of the continued answer: 100 tokens in, 10 out, no price. */
const used = Usage.make({ inputTokens: 100, outputTokens: 10 })
const step = {
  response: {
    provider: "openai",
    model: "gpt-4o-mini",
    usage: used,
    spend: { usage: used, cost: Option.none(), estimated: false },
    commonFinishReasons: ["stop"]
  }
} as unknown as CallEnding.Ending

describe("SpentToken", () => {
  it.effect("carries the tokens used, signed with the amount: read back whole, refused changed", () =>
    Effect.gen(function*() {
      const usage = Usage.make({ inputTokens: 100, cachedTokens: 0, outputTokens: 1000, reasoningTokens: 0 })
      const metadata = yield* SpentToken.issue({ usd, usage }, "m1", binding, false)
      const fact = metadata[SpentToken.metadataKey] as Record<string, any>
      assert.deepStrictEqual(fact.usage, { inputTokens: 100, cachedTokens: 0, outputTokens: 1000, reasoningTokens: 0 })
      const read = yield* SpentToken.read(metadata, ["m1"], binding)
      assert.strictEqual(BigDecimal.format(read!.usd), "0.000615")
      assert.deepStrictEqual(Usage.viewOf(read!.usage!, "ui"), { ...fact.usage, totalTokens: 1100 })
      for (
        const changed of [
          { ...fact, usage: { ...fact.usage, outputTokens: 1 } },
          { ...fact, usage: { ...fact.usage, totalTokens: 1100 } },
          { ...fact, usage: { ...fact.usage, inputTokens: -1 } },
          { ...fact, usage: "100" },
          Object.fromEntries(Object.entries(fact).filter(([key]) => key !== "usage"))
        ]
      ) {
        const refused = yield* Effect.flip(SpentToken.read({ [SpentToken.metadataKey]: changed }, ["m1"], binding))
        assert.strictEqual(refused, "not what this server signed for this answer", JSON.stringify(changed.usage))
      }
    }))

  it.effect("carries the steps made, signed with the amount: counted in the next request's; refused changed", () =>
    Effect.gen(function*() {
      const metadata = yield* SpentToken.issue({ usd, usage: used, steps: 3 }, "m1", binding, false)
      const fact = metadata[SpentToken.metadataKey] as Record<string, any>
      assert.strictEqual(fact.steps, 3)
      const read = yield* SpentToken.read(metadata, ["m1"], binding)
      assert.strictEqual(read!.steps, 3)
      const answer = UIMetadata.ofSteps([step], undefined, read)
      assert.strictEqual(UIMetadata.metadataOf(answer).steps, 4, "the whole answer's: 3 before, 1 now")
      assert.strictEqual(AgUiUsage.sumsOf(answer).metadata["effect-llm-stream/steps"], 4)
      for (const steps of [0, 2, 4, -1, 1.5, "3", null, undefined]) {
        const changed = { ...fact, steps }
        const refused = yield* Effect.flip(SpentToken.read({ [SpentToken.metadataKey]: changed }, ["m1"], binding))
        assert.strictEqual(refused, "not what this server signed for this answer", String(steps))
      }
    }))

  it.effect("a fact signed before steps were counted reads: the count goes on from this request's steps", () =>
    Effect.gen(function*() {
      // As the server signed it before this change: the amount and the tokens, no steps.
      const usage = { inputTokens: 100, outputTokens: 10 }
      const id = yield* ApprovalToken.issue({
        id: "m1",
        name: "effect-llm-stream/spent-shown",
        input: { usd: "0.000615", usage }
      }, binding)
      const metadata = { [SpentToken.metadataKey]: { usd: "0.000615", usage, id, once: false } }
      const read = yield* SpentToken.read(metadata, ["m1"], binding)
      assert.strictEqual(read!.steps, undefined)
      assert.deepStrictEqual(Usage.viewOf(read!.usage!, "ui"), { ...usage, totalTokens: 110 })
      assert.strictEqual(UIMetadata.metadataOf(UIMetadata.ofSteps([step, step], undefined, read)).steps, 2)
      // The 0.6 fact too.
      const of06 = yield* SpentToken.read(yield* factOf06, ["m1"], binding)
      assert.strictEqual(UIMetadata.metadataOf(UIMetadata.ofSteps([step], undefined, of06)).steps, 1)
    }))

  it.effect("a 0.6 fact reads with its tokens unknown, and the totals show no count", () =>
    Effect.gen(function*() {
      const read = yield* SpentToken.read(yield* factOf06, ["m1"], binding)
      assert.strictEqual(BigDecimal.format(read!.usd), "0.000615")
      assert.strictEqual(read!.usage, undefined)
      // Carried on, the fact stays without tokens: unknown, never a partial count.
      const again = yield* SpentToken.issue(read!, "m1", binding, false)
      assert.notProperty(again[SpentToken.metadataKey], "usage")
      const answer = UIMetadata.ofSteps([step], undefined, read)
      const metadata = UIMetadata.metadataOf(answer)
      assert.deepStrictEqual([metadata.usage, metadata.spend.usage], [{}, {}])
      assert.strictEqual(AgUiUsage.sumsOf(answer).usage, undefined)
      // Known, they are added: the last model's entry holds the whole answer's.
      const known = UIMetadata.ofSteps([step], undefined, {
        usd,
        usage: Usage.make({ inputTokens: 100, outputTokens: 1000 })
      })
      assert.deepStrictEqual(UIMetadata.metadataOf(known).usage, {
        inputTokens: 200,
        outputTokens: 1010,
        totalTokens: 1210
      })
      assert.deepStrictEqual(AgUiUsage.sumsOf(known).usage, [
        { provider: "openai", model: "gpt-4o-mini", inputTokens: 200, outputTokens: 1010, totalTokens: 1210 }
      ])
    }))
})
