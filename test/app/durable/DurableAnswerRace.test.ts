/**
 * A durable run's answer given while its call asks, the two sides' reads and writes of the engine's storage forced into
 * each order they can take (`support/AnswerRace.ts`: a wrapper of the `WorkflowEngine` pausing one side on a
 * `Deferred` until the other has done its step), on the memory engine, SQLite and PostgreSQL. `approve` reads whether
 * the call asked (`asks/1/<id>`), keeps the answer apart (`ahead/<id>`) and reads again; the run records its asking
 * (`asks/1/<id>`), then reads what was given ahead. Whatever the order, the answer is checked once it meets the asking:
 * a fit approval runs the tool once; a form's values or a cancel given to an approval never run it, refused in a
 * sentence or dropped, the question waiting in the live view for the answer that then runs it. The order where neither
 * side sees the other (`approve` reading "not asked" after its write, the run reading "nothing ahead" after its own)
 * cannot happen: each side writes before its last read. Without `approve`'s second read, the third order loses a fit
 * answer on SQLite (the run waits, `approve` said nothing) and leaves the others unrefused.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { type Message, StreamStore } from "effect-llm-stream"
import * as AnswerRace from "../../support/AnswerRace.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { logged } from "../../support/Logged.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

/** The answers given in the race: one that fits, and two of another kind than an approval. */
const answers = [
  { name: "an approval", extra: {}, fits: true },
  { name: "a form's values", extra: { content: { note: "yes" } }, fits: false },
  { name: "a cancel", extra: { action: "cancel" as const }, fits: false }
]

/** The tool results the run's conversation holds: each result's text and whether it is an error. */
const resultsOf = (done: { readonly messages: ReadonlyArray<Message.Message> }) =>
  done.messages.flatMap((message) =>
    message._tag === "ToolResultMessage" ? [[message.content, message.isError] as const] : []
  )

/** Runs the race of `order` with `answer` on `engine`: the run started, `approve` given meanwhile, both to the end. */
const race = (
  engine: RefundAgent.Engine,
  order: AnswerRace.AskingOrder,
  answer: (typeof answers)[number],
  tag: string
) =>
  Effect.gen(function*() {
    const forced = AnswerRace.forced(order)
    const ran: Array<string> = []
    const agent = RefundAgent.agent(`race-${tag}`, ran)
    const input = { executionId: `race-${tag}`, messages: RefundAgent.request("R-1", 5) }
    const [, logs] = yield* logged(RefundAgent.onEngine(
      engine,
      Layer.provideMerge(agent.layer, forced.layer),
      RefundAgent.model,
      Effect.gen(function*() {
        yield* agent.run(input, { discard: true })
        const refused = yield* agent.approve(input.executionId, "call_1", { approved: true, ...answer.extra }).pipe(
          forced.answering,
          Effect.flip,
          Effect.option
        )
        if (answer.fits) {
          assert.isTrue(Option.isNone(refused))
        } else {
          assert.deepStrictEqual(Option.isSome(refused) ? "refused" : "kept", order.misfit)
          if (Option.isSome(refused)) assert.strictEqual(refused.value.reason, "InvalidRun")
          // The question waits in the live view; its answer then runs the call.
          const [asked] = yield* approvalRequests(input.executionId, 1)
          assert.deepStrictEqual(ran, [])
          yield* agent.approve(input.executionId, "call_1", { approved: true, approvalId: asked!.approvalId })
        }
        const finished = yield* agent.run(input)
        assert.deepStrictEqual(resultsOf(finished), [["refunded R-1 ($5)", false]])
        assert.deepStrictEqual(ran, ["R-1"])
        forced.held()
      })
    ))
    return logs
  })

describe("durable runs: an answer racing its call's asking, each order forced", () => {
  for (const engine of engines.list) {
    for (const [o, order] of AnswerRace.askingOrders("call_1").entries()) {
      for (const [a, answer] of answers.entries()) {
        it.live(`${engine.name}: ${order.name}; ${answer.name}`, () =>
          Effect.gen(function*() {
            const logs = yield* race(engine, order, answer, `${engine.name}-${o}-${a}`)
            assert.strictEqual(logs.includes("before it asked was dropped"), !answer.fits && order.runReadsAhead)
          }).pipe(Effect.provide(StreamStore.layerMemory())), 60_000)
      }
    }
  }
})
