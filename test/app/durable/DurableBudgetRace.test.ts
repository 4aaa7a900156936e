/**
 * The answer to a durable run's question before its budget's cap (`budget: { usd, askAt }`) given before, while and
 * after the run asks it, each order of the two sides' reads and writes of the engine's storage forced
 * (`support/AnswerRace.ts`), on the memory engine, SQLite and PostgreSQL. The question has no answer given ahead kept
 * apart: what it takes is known before it is asked (go on or stop, `AnswerFit`'s "question"), so `approve` checks an
 * answer by its kind at once and stores it in the very deferred the run waits on (`interrupt/budget`); the run records
 * that it asks (`asked/interrupt/budget`), shows the question, then reads that deferred, and checks the answer's signed
 * id (`ApprovalGate.admit`) as it takes it. Whatever the order, the answer is taken once: `continue` goes on, `stop`
 * stops, an id not issued for the question is a stop, and an answer of another kind is refused by `approve` in a
 * sentence, nothing stored, the question waiting for the answer that then goes on. The run's only window is the wake:
 * an answer stored after the run read "no answer" and before it suspended wakes it. Then the engine is made again on
 * the same place (a restart): the run is found ended as it was, nothing asked again of the model or the tool.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema } from "effect"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import * as AnswerRace from "../../support/AnswerRace.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { postgresBin } from "../../support/PostgresServer.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

const asked = "asked/interrupt/budget"
const question = "interrupt/budget"

/** An order of the answer's write against the run's steps, and whether the run is started after `approve` returns. */
interface BudgetOrder extends AnswerRace.Order {
  readonly answerFirst?: true
}

const orders: ReadonlyArray<BudgetOrder> = [
  { name: "the answer is given before the run starts", pauses: [], answerFirst: true },
  {
    name: "the answer is stored before the run records that it asks",
    pauses: [{ step: `run:read:${asked}#1`, until: ["answered"] }]
  },
  {
    name: "the run records that it asks, the answer is stored, then the run reads it",
    pauses: [
      { step: `answer:write:${question}#1`, until: [`run:write:${asked}#1`] },
      { step: `run:read:${question}#1`, until: ["answered"] }
    ]
  },
  {
    name: "the run reads no answer, the answer is stored before the run suspends",
    pauses: [
      { step: `answer:write:${question}#1`, until: [`run:read:${question}#1`] },
      { step: `run:read:${question}#1`, until: ["answered"], after: true }
    ]
  },
  {
    name: "the run reads no answer and waits, then the answer comes",
    pauses: [{ step: `answer:write:${question}#1`, until: [`run:read:${question}#1`] }]
  }
]

/** The answers: what the run then does (`continue`, `stop`), or `refused` by `approve` (the question still waits). */
const answers = [
  { name: "continue", decision: { approved: true }, then: "continue" },
  { name: "stop", decision: { approved: false }, then: "stop" },
  { name: "an id not issued for the question", decision: { approved: true, approvalId: "a1.forged" }, then: "stop" },
  { name: "a form's values", decision: { approved: true, content: { go: true } }, then: "refused" }
] as const

/** The agent of a race: a `note` tool each call of which is logged to `ran`, under a budget that asks after step 1. */
const agentOf = (tag: string, ran: Array<string>) =>
  LanguageModel.durableLoop(`budget-race-${tag}`, {
    tools: [
      Tool.handle(
        Tool.make("note", { parameters: Schema.Struct({}) }),
        () => Effect.sync(() => (ran.push("note"), "noted"))
      )
    ],
    budget: { usd: "0.00007", askAt: 0.1 }
  })

/** The run's end as the answer says: `continue` goes on to step 2's answer; `stop` ends after step 1, budget. */
const endOf = (then: "continue" | "stop") =>
  then === "continue" ? { reason: "stop", steps: 2, asked: 2 } : { reason: "budget", steps: 1, asked: 1 }

/** What a race leaves to check: the model's requests, the tool's calls. */
interface Counts {
  readonly requests: Array<unknown>
  readonly ran: Array<string>
}

/** The run of `input` ended as `then` says, the model asked as often, the tool called once (step 1's call). */
const endedAs = (
  agent: ReturnType<typeof agentOf>,
  input: { readonly executionId: string; readonly messages: ReadonlyArray<Message.Message> },
  then: "continue" | "stop",
  counts: Counts
) =>
  Effect.map(agent.run(input), (done) => {
    const { asked, reason, steps } = endOf(then)
    assert.deepStrictEqual([done.reason, done.steps.length, counts.requests.length], [reason, steps, asked])
    assert.deepStrictEqual(counts.ran, ["note"])
  })

/**
 * The race of `order` with `answer` on the run of `input`: the run started (after `approve`, or before it), `approve`
 * given meanwhile; a refused answer stores nothing, the question then waiting in the live view for the answer that
 * goes on; the run to its end.
 */
const raced = (
  agent: ReturnType<typeof agentOf>,
  forced: ReturnType<typeof AnswerRace.forced>,
  order: BudgetOrder,
  answer: (typeof answers)[number],
  input: { readonly executionId: string; readonly messages: ReadonlyArray<Message.Message> },
  counts: Counts
) =>
  Effect.gen(function*() {
    const answering = agent.approve(input.executionId, Tool.budgetQuestion, {
      ...answer.decision,
      interrupt: "budget"
    }).pipe(forced.answering, Effect.flip, Effect.option)
    const start = agent.run(input, { discard: true })
    const refused = order.answerFirst
      ? yield* Effect.tap(answering, () => start)
      : yield* Effect.andThen(start, answering)
    assert.strictEqual(Option.isSome(refused), answer.then === "refused")
    if (answer.then !== "refused") {
      return yield* Effect.andThen(endedAs(agent, input, answer.then, counts), Effect.sync(forced.held))
    }
    assert.deepInclude(refused.pipe(Option.getOrThrow), { reason: "InvalidRun" })
    // Nothing stored: the question waits, step 2 not asked, and takes the person's answer.
    const [waiting] = yield* approvalRequests(input.executionId, 1)
    assert.strictEqual(waiting!.toolCallId, Tool.budgetQuestion)
    assert.strictEqual(counts.requests.length, 1)
    assert.notInclude(forced.taken.slice(0, forced.taken.indexOf("answered")).join(), "answer:write")
    yield* agent.approve(input.executionId, Tool.budgetQuestion, {
      approved: true,
      approvalId: waiting!.approvalId,
      interrupt: "budget"
    })
    yield* endedAs(agent, input, "continue", counts)
  })

describe("durable runs: an answer racing the budget's question, each order forced, then a restart", () => {
  for (const engine of engines.list) {
    const skipped = engine.name === "PostgreSQL" && postgresBin === undefined ? " (skipped: not installed)" : ""
    for (const [o, order] of orders.entries()) {
      for (const [a, answer] of answers.entries()) {
        it.live(`${engine.name}: ${order.name}; ${answer.name}${skipped}`, () => {
          const tag = `${engine.name}-${o}-${a}`
          const counts: Counts = { requests: [], ran: [] }
          const agent = agentOf(tag, counts.ran)
          const forced = AnswerRace.forced(order)
          const input = { executionId: `budget-${tag}`, messages: [Message.user("go")] }
          return RefundAgent.onEngineRestarted(
            engine,
            [Layer.provideMerge(agent.layer, forced.layer), agent.layer],
            DurableAgent.callThenAnswer("note", "{}", (messages) => counts.requests.push(messages)),
            raced(agent, forced, order, answer, input, counts),
            // A new engine on the same place: the run ended as it was, nothing asked again.
            () => endedAs(agent, input, answer.then === "stop" ? "stop" : "continue", counts)
          )
        }, 60_000)
      }
    }
  }
})
