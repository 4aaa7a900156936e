/**
 * One budget per answer over AG-UI, through `@ag-ui/client`'s `HttpAgent`: the run that asks for approval puts what
 * the answer spent, signed, on its assistant message's metadata (`TEXT_MESSAGE_END`), which the client keeps and
 * sends back; the resumed run reads it (`RunInput.spent`) and goes on from it, so the answer's budget counts both
 * runs. The same thread sent again with that marker (a replay, a second tab) is refused in one sentence (409), with the
 * marker changed as any input the server did not sign (400), before any model call. A question answered `continue` holds for the whole answer: the marker says so, signed, and a later run
 * of the answer (after an approval) is not asked again, up to the cap. Each model call spends $0.0000045 (gpt-4o-mini:
 * 10 input tokens, 5 output).
 */
import { HttpAgent } from "@ag-ui/client"
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Redacted } from "effect"
import { Mcp, SpendLimit, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

const spentKey = "effect-llm-stream/spent"

/** What a run continuing an answer another run continued already is told (a 409). */
const continuedBefore = "This answer was continued already, in this tab or another; reload to see it."

const copyOf = (agent: HttpAgent): HttpAgent =>
  new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) })

const resolved = (interrupt: Interrupt) => ({
  resume: [{ interruptId: interrupt.id, status: "resolved" as const, payload: { approved: true } }]
})

describe("one budget per answer over AG-UI", () => {
  it.live("the resumed run goes on from what the first spent; a replayed or changed marker is refused", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "0.001" })
      const agent = AgUiClient.agentOf(app.url, "budget-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
      const first = yield* AgUiClient.run(agent)
      const finished = first.events.at(-1) as RunFinishedEvent
      const interrupt = (finished.outcome as { readonly interrupts: Array<Interrupt> }).interrupts[0]!
      const asking = agent.messages.at(-1) as any
      assert.strictEqual(asking.role, "assistant")
      assert.strictEqual(asking.metadata[spentKey].usd, "0.0000045", "the message carries what the answer spent")
      const before = copyOf(agent)
      assert.strictEqual(asking.metadata[spentKey].steps, 1, "and the steps it made")
      // Its amount lowered, its steps lowered or raised: not what the server signed.
      for (const change of [{ usd: "0" }, { steps: 0 }, { steps: 5 }]) {
        const forged = copyOf(agent)
        Object.assign((forged.messages.at(-1) as any).metadata[spentKey], change)
        const refused: any = yield* AgUiClient.runFailing(forged, resolved(interrupt))
        assert.strictEqual(refused.status, 400)
        assert.match(refused.payload.error, /what this answer spent: not what this server signed/)
      }
      assert.strictEqual(app.modelRequests().length, 1, "nothing sent")
      yield* AgUiClient.run(agent, resolved(interrupt))
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      const [once, twice] = app.budgets
      assert.isTrue(BigDecimal.equals(once!.spent, BigDecimal.fromStringUnsafe("0.0000045")))
      assert.isTrue(BigDecimal.equals(twice!.spent, BigDecimal.fromStringUnsafe("0.000009")), "both runs counted")
      assert.isTrue(BigDecimal.equals(twice!.usd, BigDecimal.fromStringUnsafe("0.001")))
      const replayed: any = yield* AgUiClient.runFailing(before, resolved(interrupt))
      assert.strictEqual(replayed.status, 409)
      assert.strictEqual(replayed.payload.error, continuedBefore)
      assert.strictEqual(app.modelRequests().length, 2)
      assert.deepStrictEqual(app.deleted, ["a.txt"])
    }).pipe(Effect.scoped))

  it.live("cancelled after its approvals expired, an answer under a budget is refused in a plain sentence", () =>
    Effect.gen(function*() {
      const layers = UIMessageStream.layerSigning({ secret: Redacted.make("s".repeat(32)), approvalTtl: "1 second" })
      const app = yield* AgUiApp.make({ budget: "0.001", layers: Layer.orDie(layers) })
      const agent = AgUiClient.agentOf(app.url, "late-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
      const first = yield* AgUiClient.run(agent)
      const interrupt = ((first.events.at(-1) as RunFinishedEvent).outcome as any).interrupts[0] as Interrupt
      yield* Effect.sleep("1100 millis")
      // An expired interrupt is cancelled (@ag-ui/client resolves none): the answer it paused cannot go on.
      const cancelled = { resume: [{ interruptId: interrupt.id, status: "cancelled" as const }] }
      const refused: any = yield* AgUiClient.runFailing(agent, cancelled)
      assert.strictEqual(refused.status, 400)
      assert.include(refused.payload.error, "this answer waited longer than its approvals last")
      assert.include(refused.payload.error, "send a new message")
      assert.strictEqual(app.modelRequests().length, 1, "nothing sent")
      assert.deepStrictEqual(app.deleted, [])
    }).pipe(Effect.scoped))

  it.live("a question before the cap is an interrupt with a responseSchema; resume answers it, a forged id is a 400", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const agent = AgUiClient.agentOf(app.url, "question-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please email bob" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(first.warnings, [])
      assert.deepStrictEqual(app.emailed, ["bob"])
      const outcome = (first.events.at(-1) as RunFinishedEvent).outcome as any
      assert.strictEqual(outcome.type, "interrupt")
      const question = outcome.interrupts[0]
      assert.strictEqual(question.reason, "budget_question")
      assert.deepStrictEqual(question.responseSchema.required, ["approved"])
      // Shown whole, as @ag-ui/client 1.0 kept it: both amounts, in a sentence and in its metadata.
      const spent = question.metadata.spent
      assert.match(spent, /^0\.\d+$/)
      assert.deepStrictEqual(question.metadata, { spent, cap: "1" })
      assert.strictEqual(question.message, `This answer has spent $${spent} of its $1 budget: go on?`)
      assert.isAbove(Date.parse(question.expiresAt), Date.now())
      assert.strictEqual(app.modelRequests().length, 1, "the next step waits for the answer")
      const forged: any = yield* AgUiClient.runFailing(copyOf(agent), {
        resume: [{ interruptId: `${question.id.slice(0, -2)}xy`, status: "resolved", payload: { approved: true } }]
      })
      assert.strictEqual(forged.status, 400)
      assert.strictEqual(app.modelRequests().length, 1)
      const resumed = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: question.id, status: "resolved", payload: { approved: true } }]
      })
      assert.deepStrictEqual(resumed.warnings, [])
      assert.deepStrictEqual((resumed.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      assert.strictEqual(app.modelRequests().length, 2, "continued")
    }).pipe(Effect.scoped))

  it.live("a resume answering another answer's question is a 400 that runs and spends nothing; the answer asks its own", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const agent = AgUiClient.agentOf(app.url, "bound-question-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please email bob" })
      const first = yield* AgUiClient.run(agent)
      const other = ((first.events.at(-1) as RunFinishedEvent).outcome as any).interrupts[0] as Interrupt
      assert.strictEqual(other.reason, "budget_question")
      // Left unanswered (cancelled, as the client must): the next answer waits on a call, and asks no question.
      agent.addMessage({ id: "u2", role: "user", content: "please delete a.txt" })
      const withAnswer: any = yield* AgUiClient.runFailing(copyOf(agent), resolved(other))
      assert.strictEqual(withAnswer.status, 400, "answered with a new message, it would answer that one")
      assert.include(withAnswer.payload.error, "by continuing the answer that asked it")
      const second = yield* AgUiClient.run(agent, { resume: [{ interruptId: other.id, status: "cancelled" }] })
      const [approval] = ((second.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
      assert.notStrictEqual(approval!.reason, "budget_question")
      const requests = app.modelRequests().length
      const refused: any = yield* AgUiClient.runFailing(copyOf(agent), {
        resume: [
          { interruptId: approval!.id, status: "resolved", payload: { approved: true } },
          { interruptId: other.id, status: "resolved", payload: { approved: true } }
        ]
      })
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(refused.payload.parameter, "resume[1].interruptId")
      assert.deepStrictEqual(app.deleted, [], "nothing ran")
      assert.strictEqual(app.modelRequests().length, requests, "nothing sent")
      // Nothing spent: the approval alone goes on, and the answer asks its own question.
      const third = yield* AgUiClient.run(agent, resolved(approval!))
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      const own = ((third.events.at(-1) as RunFinishedEvent).outcome as any).interrupts[0] as Interrupt
      assert.strictEqual(own.reason, "budget_question")
      assert.notStrictEqual(own.id, other.id)
    }).pipe(Effect.scoped))
})

describe("a budget question asked at the start of a resumed run, before any step", () => {
  for (const approved of [true, false]) {
    it.live(`is answered by resuming it: ${approved ? "continue goes on" : "stop ends the answer"}, nothing spent twice`, () =>
      Effect.gen(function*() {
        const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
        const agent = AgUiClient.agentOf(app.url, `start-question-${approved}`)
        agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
        const first = yield* AgUiClient.run(agent)
        const [approval] = ((first.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
        assert.strictEqual(approval!.reason, "tool_call")
        // The approved call runs; before the model's next step the answer is past `askAt`: asked before any step.
        const second = yield* AgUiClient.run(agent, resolved(approval!))
        assert.deepStrictEqual(second.warnings, [])
        assert.deepStrictEqual(app.deleted, ["a.txt"])
        assert.strictEqual(app.modelRequests().length, 1, "asked before the next step")
        const [question] = ((second.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
        assert.strictEqual(question!.reason, "budget_question")
        // What the answer spent, signed with the question's id, on a message of its own the client sends back.
        const pause = agent.messages.at(-1) as any
        assert.deepStrictEqual([pause.role, pause.content], ["assistant", ""])
        assert.strictEqual(pause.metadata[spentKey].question, question!.id)
        const replay = copyOf(agent)
        const answer = { resume: [{ interruptId: question!.id, status: "resolved" as const, payload: { approved } }] }
        const third = yield* AgUiClient.run(agent, answer)
        assert.deepStrictEqual(third.warnings, [])
        const finished = third.events.at(-1) as RunFinishedEvent
        assert.deepStrictEqual(finished.outcome, { type: "success" })
        if (approved) {
          assert.strictEqual(app.modelRequests().length, 2, "the answer went on")
          assert.strictEqual((agent.messages.at(-1) as any).content, "Done.")
          const last = app.budgets.at(-1)!
          assert.isTrue(BigDecimal.equals(last.spent, BigDecimal.fromStringUnsafe("0.000009")), "each step once")
        } else {
          assert.strictEqual((finished.metadata as any)["effect-llm-stream/stopReason"], "budget")
          assert.strictEqual(app.modelRequests().length, 1, "stopped")
        }
        // The same answer sent again spends from the same point no more; the approved call ran once.
        const again: any = yield* AgUiClient.runFailing(replay, answer)
        assert.strictEqual(again.status, 409)
        assert.strictEqual(again.payload.error, continuedBefore)
        assert.strictEqual(app.modelRequests().length, approved ? 2 : 1)
        assert.deepStrictEqual(app.deleted, ["a.txt"])
        // The pause's message stays in the thread's history: the next message of the user is read past it.
        agent.addMessage({ id: "u2", role: "user", content: "hi" })
        const next = yield* AgUiClient.run(agent)
        assert.deepStrictEqual((next.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
        const sent = app.modelRequests().at(-1).messages.map((message: any) => message.role)
        assert.deepStrictEqual(
          sent,
          approved ? ["user", "assistant", "tool", "assistant", "user"] : ["user", "assistant", "tool", "user"]
        )
      }).pipe(Effect.scoped))
  }
})

describe("a budget question the client shows answered, over AG-UI", () => {
  it.live("a result of the question in its history is a 400; left unanswered, the question is asked again", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const agent = AgUiClient.agentOf(app.url, "shown-answered-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
      const first = yield* AgUiClient.run(agent)
      const [approval] = ((first.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
      const second = yield* AgUiClient.run(agent, resolved(approval!))
      const [question] = ((second.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
      assert.strictEqual(question!.reason, "budget_question")
      // The question's answer written into the history by the client: no result of a call the server made.
      const shown = copyOf(agent)
      shown.addMessage({ id: "q-answer", role: "tool", toolCallId: "budget_question", content: "continue" })
      const refused: any = yield* AgUiClient.runFailing(shown, { resume: [] })
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(refused.payload.parameter, `messages[${shown.messages.length - 1}].toolCallId`)
      assert.strictEqual(app.modelRequests().length, 1, "nothing sent")
      // The answer continued without answering it: no step is taken unasked, the question is asked again.
      const unanswered = new HttpAgent({ url: app.url, threadId: agent.threadId, initialMessages: agent.messages })
      const again = yield* AgUiClient.run(unanswered, { resume: [] })
      const [asked] = ((again.events.at(-1) as RunFinishedEvent).outcome as any).interrupts as Array<Interrupt>
      assert.strictEqual(asked!.reason, "budget_question")
      assert.strictEqual(app.modelRequests().length, 1, "no step unasked")
    }).pipe(Effect.scoped))
})

/** The interrupts a run ended with (none: it ended otherwise). */
const interruptsOf = (run: AgUiClient.AgentRun): Array<Interrupt> =>
  ((run.events.at(-1) as RunFinishedEvent).outcome as { readonly interrupts?: Array<Interrupt> }).interrupts ?? []

/** Runs "email bob then delete a.txt" up to its approval, its budget question answered `continue` on the way. */
const continuedToApproval = (agent: HttpAgent) =>
  Effect.gen(function*() {
    agent.addMessage({ id: "u1", role: "user", content: "please email bob then delete a.txt" })
    const [question] = interruptsOf(yield* AgUiClient.run(agent))
    assert.strictEqual(question!.reason, "budget_question")
    const [approval] = interruptsOf(yield* AgUiClient.run(agent, resolved(question!)))
    assert.strictEqual(approval!.reason, "tool_call")
    return approval!
  })

describe("a budget question answered continue holds for the whole answer over AG-UI", () => {
  it.live("after a later approval it is not asked again; the same resume sent twice spends nothing twice", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const agent = AgUiClient.agentOf(app.url, "continued-thread")
      const approval = yield* continuedToApproval(agent)
      // Signed with what the answer spent: its question was answered `continue`.
      assert.strictEqual((agent.messages.at(-1) as any).metadata[spentKey].continued, true)
      const replay = copyOf(agent)
      const third = yield* AgUiClient.run(agent, resolved(approval))
      assert.deepStrictEqual(third.warnings, [])
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      assert.deepStrictEqual((third.events.at(-1) as RunFinishedEvent).outcome, { type: "success" }, "not asked")
      assert.strictEqual((agent.messages.at(-1) as any).content, "Done.")
      assert.strictEqual(app.modelRequests().length, 3)
      const last = app.budgets.at(-1)!
      assert.isTrue(BigDecimal.equals(last.spent, BigDecimal.fromStringUnsafe("0.0000135")), "each step once")
      const again: any = yield* AgUiClient.runFailing(replay, resolved(approval))
      assert.strictEqual(again.status, 409)
      assert.strictEqual(again.payload.error, continuedBefore)
      assert.strictEqual(app.modelRequests().length, 3)
      assert.deepStrictEqual(app.deleted, ["a.txt"])
    }).pipe(Effect.scoped))

  it.live("the cap still holds: at usd the answer stops with budget, unasked", () =>
    Effect.gen(function*() {
      // Past askAt after the first step; the third is sent with the output that fits what is left, and cut at the cap.
      const app = yield* AgUiApp.make({ budget: "0.00003", askAt: 0.1 })
      const agent = AgUiClient.agentOf(app.url, "capped-thread")
      const approval = yield* continuedToApproval(agent)
      const third = yield* AgUiClient.run(agent, resolved(approval))
      const finished = third.events.at(-1) as RunFinishedEvent
      assert.deepStrictEqual(finished.outcome, { type: "success" })
      assert.strictEqual((finished.metadata as any)["effect-llm-stream/stopReason"], "budget")
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      assert.strictEqual(app.modelRequests().length, 3, "no step past the cap")
      const last = app.budgets.at(-1)!
      assert.isFalse(BigDecimal.isLessThan(last.spent, last.usd), "stopped at the cap")
    }).pipe(Effect.scoped))

  it.live("a claim of it the server did not sign is a 400; the question is then asked", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ budget: "1", askAt: 0.000001 })
      const continued = AgUiClient.agentOf(app.url, "claimed-thread")
      yield* continuedToApproval(continued)
      const agent = AgUiClient.agentOf(app.url, "claimed-thread")
      agent.addMessage({ id: "u9", role: "user", content: "please delete a.txt" })
      const [approval] = interruptsOf(yield* AgUiClient.run(agent))
      assert.strictEqual(approval!.reason, "tool_call")
      // Marked continued on its own fact, or with the fact of another answer that was: neither is what was signed.
      const marked = copyOf(agent)
      ;(marked.messages.at(-1) as any).metadata[spentKey].continued = true
      const copied = copyOf(agent)
      ;(copied.messages.at(-1) as any).metadata[spentKey] = (continued.messages.at(-1) as any).metadata[spentKey]
      for (const forged of [marked, copied]) {
        const refused: any = yield* AgUiClient.runFailing(forged, resolved(approval!))
        assert.strictEqual(refused.status, 400)
        assert.match(refused.payload.error, /what this answer spent: not what this server signed/)
        assert.strictEqual(refused.payload.parameter, `messages[1].metadata["${spentKey}"]`)
      }
      assert.deepStrictEqual(app.deleted, [], "nothing ran")
      const requests = app.modelRequests().length
      const resumed = yield* AgUiClient.run(agent, resolved(approval!))
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      const [question] = interruptsOf(resumed)
      assert.strictEqual(question!.reason, "budget_question", "never answered in this answer: asked")
      assert.strictEqual(app.modelRequests().length, requests, "asked before the next step")
    }).pipe(Effect.scoped))
})

describe("a spend limit's question answered continue over AG-UI", () => {
  it.live("is not the budget's: once the budget's askAt is crossed after a later approval, its question is asked", () =>
    Effect.gen(function*() {
      // Each step spends $0.0000045: the limit's askAt ($0.000001 of $1) is crossed after the first, the budget's
      // ($0.000006 of $0.5) after the second.
      const app = yield* AgUiApp.make({
        budget: "0.5",
        askAt: 0.000012,
        spendLimit: { key: "k", usd: "1", window: "1 day", askAt: 0.000001 },
        layers: SpendLimit.layerMemory()
      })
      const agent = AgUiClient.agentOf(app.url, "limit-then-budget")
      const approval = yield* continuedToApproval(agent)
      assert.strictEqual((agent.messages.at(-1) as any).metadata[spentKey].continued, false, "not the budget's")
      const third = yield* AgUiClient.run(agent, resolved(approval))
      assert.deepStrictEqual(app.deleted, ["a.txt"])
      const [question] = interruptsOf(third)
      assert.strictEqual(question?.reason, "budget_question", "the budget's question, asked")
      assert.deepStrictEqual(question?.metadata, { spent: "0.000009", cap: "0.5" }, "the budget's, not the limit's")
      assert.strictEqual(app.modelRequests().length, 2, "nothing sent past the budget's askAt unasked")
      const fourth = yield* AgUiClient.run(agent, resolved(question!))
      assert.deepStrictEqual((fourth.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      assert.strictEqual(app.modelRequests().length, 3)
    }).pipe(Effect.scoped))
})

describe("a tool's form after its approval, under a budget, over AG-UI", () => {
  let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
  beforeAll(async () => {
    http = await ModernServer.startHttp()
  })
  afterAll(async () => {
    await http.close()
  })

  it.live("the form's answer goes on: the run that asked it, with no step of its own, signed what was spent", () =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
      const app = yield* AgUiApp.make({ budget: "1", tools })
      const agent = AgUiClient.agentOf(app.url, "budget-form-thread")
      agent.addMessage({ id: "u1", role: "user", content: "please deploy to teal" })
      const interruptOf = (events: ReadonlyArray<unknown>) =>
        ((events.at(-1) as RunFinishedEvent).outcome as { readonly interrupts: Array<Interrupt> }).interrupts[0]!
      const approval = interruptOf((yield* AgUiClient.run(agent)).events)
      const form = interruptOf((yield* AgUiClient.run(agent, resolved(approval))).events)
      assert.strictEqual(form.message, "Deploy to teal?")
      const answered = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: form.id, status: "resolved", payload: { approved: true, content: { confirm: true } } }]
      })
      assert.deepStrictEqual((answered.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      assert.strictEqual((agent.messages.at(-1) as any).content, "Done.")
      const [, , last] = app.budgets
      assert.isTrue(BigDecimal.equals(last!.spent, BigDecimal.fromStringUnsafe("0.000009")), "both steps, once each")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
