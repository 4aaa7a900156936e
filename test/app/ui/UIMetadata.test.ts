/**
 * The finish metadata, one table (`UIMetadata.fields`) read by both browser protocols: a tool loop served as the UI
 * message stream (read by the `ai` package's own client) and as AG-UI says the same of every field, AG-UI's under
 * `effect-llm-stream/<field>`. With a budget and a spend limit both set on Anthropic's scripted model (the budget
 * the smaller), an answer cut at the budget's cap says `budget` (the limit only held that cap's worth), and the cost
 * it shows is what the answer is billed for: `cost` is `spend.cost`, an estimate that says so.
 */
import type { RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { AgUi, LanguageModel, Message, SpendLimit, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as UIMetadata from "../../../src/app/ui/UIMetadata.js"
import { readResponse } from "../../support/UIClient.js"

const long = Array.from({ length: 3000 }, (_, index) => `w${index}`).join(" ")

/**
 * A long question whose input the provider reports below the estimate the budget's cap was sized with: the spend
 * limit holds what that cap may cost, and cuts at it before the budget's own watch does.
 */
const request = (key: string) => ({
  messages: [Message.user(`Tell me everything. ${"lorem ".repeat(500)}`)],
  budget: { usd: "0.01" },
  spendLimit: { key, usd: "0.05", window: "1 day" as const }
})

/** The scripted model, and a spend limit's store of its own (what it learns of the estimates stays in one run). */
const model = () =>
  Layer.merge(
    TestKit.scripted([{ text: long, usage: { inputTokens: 100, outputTokens: 5000 } }], { provider: "anthropic" }),
    SpendLimit.layerMemory()
  )

describe("the finish metadata, on the UI message stream and AG-UI", () => {
  it.live("every field the same on both; a cut at the budget's cap says budget; cost is the spend's", () =>
    Effect.gen(function*() {
      const response = yield* LanguageModel.runTools(request("ui")).pipe(
        UIMessageStream.fromSteps(),
        UIMessageStream.toResponse(),
        Effect.provide(model())
      )
      const { message } = yield* Effect.promise(() => readResponse(response))
      const ui = message!.metadata as any
      const events = yield* LanguageModel.runTools(request("agui")).pipe(
        AgUi.fromSteps({ threadId: "t", runId: "r" }),
        Stream.runCollect,
        Effect.provide(model())
      )
      const finished = events.at(-1) as RunFinishedEvent
      assert.strictEqual(finished.type, "RUN_FINISHED")
      const agui = finished.metadata as Record<string, unknown>
      // The bound that set the cap, not the one that held it.
      assert.strictEqual(ui.stopReason, "budget")
      // What the person sees is what the answer is billed for: an estimate (the usage never came), saying so.
      assert.strictEqual(ui.cost, ui.spend.cost)
      assert.isTrue(ui.spend.estimated)
      assert.isTrue(Number(ui.cost) > 0.005 && Number(ui.cost) <= 0.0101, ui.cost)
      // Every field of the table reaches AG-UI as it reaches the UI message stream, and nothing else.
      for (const field of Object.keys(UIMetadata.fields)) {
        assert.deepStrictEqual(agui[`effect-llm-stream/${field}`], ui[field], field)
      }
      const fields = Object.keys(agui).map((key) => key.replace(/^effect-llm-stream\//, ""))
      assert.deepStrictEqual(fields.sort(), Object.keys(UIMetadata.fields).filter((field) => field in ui).sort())
      assert.strictEqual(agui[AgUi.costKey], ui.cost)
    }))
})
