/**
 * A spend limit's question answered `continue` over AG-UI, through `@ag-ui/client`'s `HttpAgent`: the record of the
 * answer, signed with what the answer spent (`limits`, the limit's id), comes back on the step's assistant message, and
 * the run after an approval does not ask that limit again (`RunInput.limitsAnswered`); another limit crossed is asked.
 * A record the server did not sign is a 400. Each model call spends $0.0000045 (gpt-4o-mini: 10 input tokens, 5
 * output): the key's limit ($1, askAt 0.000001) is crossed after the first, the team's ($2, askAt 0.000004: $0.000008)
 * after the second.
 */
import { HttpAgent } from "@ag-ui/client"
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { SpendLimit } from "effect-llm-stream"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"

const spentKey = "effect-llm-stream/spent"

const resolved = (interrupt: Interrupt) => ({
  resume: [{ interruptId: interrupt.id, status: "resolved" as const, payload: { approved: true } }]
})

const interruptsOf = (run: AgUiClient.AgentRun): Array<Interrupt> =>
  ((run.events.at(-1) as RunFinishedEvent).outcome as { readonly interrupts?: Array<Interrupt> }).interrupts ?? []

const limitsOf = (agent: HttpAgent): ReadonlyArray<string> => (agent.messages.at(-1) as any).metadata[spentKey].limits

const limited = AgUiApp.make({
  spendLimit: [
    { key: "k", usd: "1", window: "1 day", askAt: 0.000001 },
    { key: "team", usd: "2", window: "1 hour", askAt: 0.000004 }
  ],
  layers: SpendLimit.layerMemory()
})

/** Runs "email bob then delete a.txt" up to its approval, the first limit (of `cap`) answered `continue` on the way. */
const continuedToApproval = (agent: HttpAgent, cap = "1") =>
  Effect.gen(function*() {
    agent.addMessage({ id: "u1", role: "user", content: "please email bob then delete a.txt" })
    const [question] = interruptsOf(yield* AgUiClient.run(agent))
    assert.strictEqual(question!.reason, "budget_question")
    assert.deepStrictEqual(question!.metadata, { spent: "0.0000045", cap }, "the first limit's question")
    const [approval] = interruptsOf(yield* AgUiClient.run(agent, resolved(question!)))
    assert.strictEqual(approval!.reason, "tool_call")
    return approval!
  })

describe("a spend limit's question answered continue over AG-UI", () => {
  it.live("after a later approval it is not asked again; a second limit crossed is, and its answer goes on", () =>
    Effect.gen(function*() {
      const app = yield* limited
      const agent = AgUiClient.agentOf(app.url, "limit-thread")
      const approval = yield* continuedToApproval(agent)
      assert.lengthOf(limitsOf(agent), 1, "the key's limit answered, signed")
      const third = yield* AgUiClient.run(agent, resolved(approval))
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      const [team] = interruptsOf(third)
      assert.strictEqual(team?.reason, "budget_question")
      assert.deepStrictEqual(team?.metadata, { spent: "0.000009", cap: "2" }, "the team's, not the key's again")
      assert.strictEqual(app.modelRequests().length, 2)
      const fourth = yield* AgUiClient.run(agent, resolved(team!))
      assert.deepStrictEqual((fourth.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      assert.strictEqual((agent.messages.at(-1) as any).content, "Done.")
      assert.strictEqual(app.modelRequests().length, 3)
    }).pipe(Effect.scoped))

  it.live("a record naming a limit it did not answer is a 400 that runs nothing; the limit is then asked", () =>
    Effect.gen(function*() {
      // The team's limit answered `continue` in another app's thread: its id, as signed there.
      const other = yield* AgUiApp.make({
        spendLimit: { key: "team", usd: "2", window: "1 hour", askAt: 0.000001 },
        layers: SpendLimit.layerMemory()
      })
      const elsewhere = AgUiClient.agentOf(other.url, "answered-elsewhere")
      yield* continuedToApproval(elsewhere, "2")
      const [team] = limitsOf(elsewhere)
      const app = yield* limited
      const agent = AgUiClient.agentOf(app.url, "claiming-thread")
      const approval = yield* continuedToApproval(agent)
      const forged = new HttpAgent({
        url: agent.url,
        threadId: agent.threadId,
        initialMessages: structuredClone(agent.messages)
      })
      const fact = (forged.messages.at(-1) as any).metadata[spentKey]
      fact.limits = [...fact.limits, team]
      const refused: any = yield* AgUiClient.runFailing(forged, resolved(approval))
      assert.strictEqual(refused.status, 400)
      assert.match(refused.payload.error, /what this answer spent: not what this server signed/)
      assert.deepStrictEqual(app.deleted, [], "nothing run")
      assert.strictEqual(app.modelRequests().length, 2, "nothing sent")
      const [asked] = interruptsOf(yield* AgUiClient.run(agent, resolved(approval)))
      assert.deepStrictEqual(asked?.metadata, { spent: "0.000009", cap: "2" }, "the team's limit, asked")
      assert.strictEqual(app.modelRequests().length, 2)
    }).pipe(Effect.scoped))
})
