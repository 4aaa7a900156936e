/**
 * An answer's totals over AG-UI, through `@ag-ui/client`'s `HttpAgent`: an answer that pauses (a tool's approval, a
 * budget question) and is resumed in a second run is one answer, and the second run's `RUN_FINISHED` metadata shows
 * what both runs cost (`effect-llm-stream/cost`, `effect-llm-stream/spend`'s `cost`) and the tokens both used
 * (`RUN_FINISHED.usage`, `effect-llm-stream/usage`, `effect-llm-stream/spend`'s `usage`): the first run's assistant
 * message carries what it spent and used, signed, and the resumed run counts it (`fromSteps({ spent: input.spent,
 * spentUsage: input.spentUsage })`), and its steps (`effect-llm-stream/steps`, `spentSteps: input.spentSteps`): the
 * whole answer's model calls, never fewer than the run before showed. Each model call spends $0.0000045 (gpt-4o-mini:
 * 10 input tokens, 5 output).
 */
import { HttpAgent } from "@ag-ui/client"
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"

const resolved = (interrupt: Interrupt) => ({
  resume: [{ interruptId: interrupt.id, status: "resolved" as const, payload: { approved: true } }]
})

/** A run's `RUN_FINISHED`, its interrupt (if it asked), the totals its metadata shows and the tokens it says. */
const finishOf = (run: AgUiClient.AgentRun) => {
  const finished = run.events.at(-1) as RunFinishedEvent
  const metadata = finished.metadata as Record<string, any>
  return {
    interrupt: (finished.outcome as { readonly interrupts?: Array<Interrupt> }).interrupts?.[0],
    totals: [metadata["effect-llm-stream/cost"], metadata["effect-llm-stream/spend"].cost],
    usage: (finished as { readonly usage?: Array<Record<string, unknown>> }).usage,
    tokens: [metadata["effect-llm-stream/usage"], metadata["effect-llm-stream/spend"].usage],
    steps: metadata["effect-llm-stream/steps"] as number
  }
}

/** The entry and finish metadata usage of a run whose model calls used `input` and `output` tokens in all. */
const used = (input: number, output: number) => {
  const counts = { inputTokens: input, outputTokens: output, totalTokens: input + output }
  return {
    usage: [{ provider: "openai", model: "gpt-4o-mini", ...counts }],
    tokens: [counts, counts]
  }
}

/** The second run's token counts are the first's and its own, none less than before. */
const grew = (first: ReturnType<typeof finishOf>, second: ReturnType<typeof finishOf>) => {
  for (const [name, count] of Object.entries(first.usage![0]!)) {
    if (typeof count === "number") assert.isAtLeast(second.usage![0]![name] as number, count, `${name} went down`)
  }
}

describe("the answer's totals over AG-UI, across a pause", () => {
  it.live("a run resumed after an approval finishes with what both runs cost", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make()
      const agent = AgUiClient.agentOf(app.url, "totals-approval")
      agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
      const first = finishOf(yield* AgUiClient.run(agent))
      assert.strictEqual(first.interrupt?.reason, "tool_call")
      assert.deepStrictEqual(first.totals, ["0.0000045", "0.0000045"])
      assert.deepStrictEqual({ usage: first.usage, tokens: first.tokens }, used(10, 5))
      const second = finishOf(yield* AgUiClient.run(agent, resolved(first.interrupt!)))
      assert.deepStrictEqual({ usage: second.usage, tokens: second.tokens }, used(20, 10), "both runs' tokens")
      grew(first, second)
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      assert.strictEqual(app.modelRequests().length, 2)
      assert.deepStrictEqual(second.totals, ["0.000009", "0.000009"], "the whole answer's, never less than before")
      assert.deepStrictEqual([first.steps, second.steps], [1, 2], "both runs' steps")
    }).pipe(Effect.scoped))

  it.live("a run resumed after a budget question finishes with what both runs cost", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const agent: HttpAgent = AgUiClient.agentOf(app.url, "totals-question")
      agent.addMessage({ id: "u1", role: "user", content: "please email bob" })
      const first = finishOf(yield* AgUiClient.run(agent))
      assert.strictEqual(first.interrupt?.reason, "budget_question")
      assert.deepStrictEqual(first.totals, ["0.0000045", "0.0000045"])
      assert.deepStrictEqual({ usage: first.usage, tokens: first.tokens }, used(10, 5))
      const second = finishOf(yield* AgUiClient.run(agent, resolved(first.interrupt!)))
      assert.deepStrictEqual({ usage: second.usage, tokens: second.tokens }, used(20, 10), "both runs' tokens")
      grew(first, second)
      assert.strictEqual(app.modelRequests().length, 2)
      assert.deepStrictEqual(second.totals, ["0.000009", "0.000009"], "the whole answer's, never less than before")
      assert.deepStrictEqual([first.steps, second.steps], [1, 2], "both runs' steps")
    }).pipe(Effect.scoped))
})
