/**
 * A durable run's answer given before its question is asked (`approve` racing the step that asks, or a client answering
 * ahead under a call id it knows): kept, and checked when the run asks (`AnswerFit`, `FormFit` against the form it asks
 * with). One that does not fit is dropped, a warning logged naming the check that failed: the question stays asked in
 * the live view, nothing runs, and the person's answer is then taken, also in a new process on the same SQLite file.
 * Before, the kept answer was taken as it was: a form's values given to an approval ran the call.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type Message, StreamStore } from "effect-llm-stream"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { logged } from "../../support/Logged.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

const formToApproval = "This question asks only to approve or deny the tool call, not for a form's values."

/** The answers of another kind than an approval, given ahead: a form's values, a cancel. */
const misfits = [
  { name: "a form's values", extra: { content: { note: "yes" } } },
  { name: "a cancel", extra: { action: "cancel" as const } }
]

/** The tool results the run's conversation holds: each result's text and whether it is an error. */
const resultsOf = (done: { readonly messages: ReadonlyArray<Message.Message> }) =>
  done.messages.flatMap((message) =>
    message._tag === "ToolResultMessage" ? [[message.content, message.isError] as const] : []
  )

describe("durable runs: an answer given before its question is asked", () => {
  for (const engine of engines.list.filter((engine) => engine.name !== "PostgreSQL")) {
    for (const { extra, name } of misfits) {
      it.live(
        `${engine.name}: ${name} given ahead to an approval is dropped when the run asks; nothing runs`,
        () =>
          Effect.gen(function*() {
            const ran: Array<string> = []
            const agent = RefundAgent.agent(`ahead-${engine.name}`, ran)
            const executionId = `ahead-${extra.action ?? "content"}`
            const input = { executionId, messages: RefundAgent.request("A-1", 500) }
            const [, logs] = yield* logged(RefundAgent.onEngine(
              engine,
              agent.layer,
              RefundAgent.model,
              Effect.gen(function*() {
                // Kept: nothing was asked yet to check it against.
                yield* agent.approve(executionId, "call_1", { approved: true, ...extra })
                yield* agent.run(input, { discard: true })
                const [asked] = yield* approvalRequests(executionId, 1)
                assert.strictEqual(asked!.toolCallId, "call_1")
                // The question is still open: the person's denial is what the run takes.
                yield* agent.approve(executionId, "call_1", {
                  approved: false,
                  reason: "no",
                  approvalId: asked!.approvalId
                })
                const done = yield* agent.run(input)
                assert.deepStrictEqual(resultsOf(done), [["The user denied this tool call: no", true]])
                assert.deepStrictEqual(ran, [])
              })
            ))
            assert.include(logs, `durable loop ${executionId}: the answer given to call_1 before it asked was dropped`)
            assert.include(logs, formToApproval)
          }),
        60_000
      )
    }
  }

  it.live(
    "SQLite: dropped before a restart, the question still waits after it; its answer runs the call once",
    () =>
      Effect.gen(function*() {
        const ran: Array<string> = []
        const agent = RefundAgent.agent("ahead-restart", ran)
        const process = DurableAgent.sqliteProcesses(agent.layer, RefundAgent.model, "durable-ahead-")
        const input = { executionId: "ahead-restart", messages: RefundAgent.request("B-2", 9999) }
        const asked = yield* process(Effect.gen(function*() {
          yield* agent.approve(input.executionId, "call_1", { approved: true, content: { note: "yes" } })
          yield* agent.run(input, { discard: true })
          const [asked] = yield* approvalRequests(input.executionId, 1)
          return asked!
        }))
        assert.deepStrictEqual(ran, [])
        const done = yield* process(Effect.gen(function*() {
          // Asked now: the same answer is refused at once, and the approval asked is taken.
          const refused = yield* Effect.flip(
            agent.approve(input.executionId, "call_1", { approved: true, content: { note: "yes" } })
          )
          assert.deepStrictEqual([refused.reason, refused.message], ["InvalidRun", formToApproval])
          yield* agent.approve(input.executionId, "call_1", { approved: true, approvalId: asked.approvalId })
          return yield* agent.run(input)
        }))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(ran, ["B-2"])
        assert.deepStrictEqual(resultsOf(done), [["refunded B-2 ($9999)", false]])
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )

  it.live("an answer that fits, given ahead, is still taken when the run asks", () =>
    Effect.gen(function*() {
      const ran: Array<string> = []
      const agent = RefundAgent.agent("ahead-fits", ran)
      const input = { executionId: "ahead-fits", messages: RefundAgent.request("C-3", 7) }
      yield* RefundAgent.onEngine(
        engines.list[0]!,
        agent.layer,
        RefundAgent.model,
        Effect.gen(function*() {
          yield* agent.approve(input.executionId, "call_1", { approved: true })
          const done = yield* agent.run(input)
          assert.deepStrictEqual(resultsOf(done), [["refunded C-3 ($7)", false]])
        })
      )
      assert.deepStrictEqual(ran, ["C-3"])
    }), 60_000)
})
