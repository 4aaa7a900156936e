/**
 * A durable run's `approve` answered with another kind of answer than its interrupt asks (`AnswerFit`), on SQLite
 * across a restart: a form's values (`content`) or a cancel given to a plain approval fail with `InvalidRun` and the
 * interrupt's own sentence, nothing stored or run, in the process that asked and in the next; the approval then given
 * as asked runs the call once, as the model made it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import { approvalRequests } from "../../support/LiveRequests.js"

const formToApproval = "This question asks only to approve or deny the tool call, not for a form's values."

describe("durable runs: an answer of another kind than its interrupt asks", () => {
  it.live(
    "SQLite: a form's values to an approval are refused, before and after a restart; the interrupt stays",
    () =>
      Effect.gen(function*() {
        const ran: Array<string> = []
        const made = LanguageModel.durableLoop("answer-fit", {
          tools: [Tool.handle(
            Tool.make("refund", { parameters: Schema.Struct({ order: Schema.String, usd: Schema.Number }) }),
            ({ order, usd }) => Effect.sync(() => (ran.push(`${order} $${usd}`), `refunded ${order} ($${usd})`)),
            { needsApproval: true }
          )]
        })
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 500)]),
          GeminiSteps.text(2, "Refunded.")
        ])
        // One process after another on a SQLite file, one store across them.
        const process = DurableAgent.sqliteProcesses(made.layer, GeminiSteps.model(baseUrl), "durable-fit-")
        const input = { executionId: "answer-fit", messages: [Message.user("Refund A-1")] }
        const misfits = (callId: string, approvalId: string) =>
          Effect.forEach(
            [{ content: { note: "yes" } }, { action: "cancel" as const }],
            (extra) => Effect.flip(made.approve(input.executionId, callId, { approved: true, approvalId, ...extra }))
          )
        const first = yield* process(Effect.gen(function*() {
          yield* made.run(input, { discard: true })
          const [asked] = yield* approvalRequests(input.executionId, 1)
          return { asked: asked!, refused: yield* misfits(asked!.toolCallId, asked!.approvalId) }
        }))
        const { asked } = first
        // After a restart, the same answers are refused again: nothing was stored, and nothing ran.
        const again = yield* process(misfits(asked.toolCallId, asked.approvalId))
        for (const refused of [...first.refused, ...again]) {
          assert.deepStrictEqual([refused.reason, refused.message], ["InvalidRun", formToApproval])
        }
        assert.deepStrictEqual(ran, [])
        assert.strictEqual(server.requests(baseUrl).length, 1)
        // The interrupt still waits: the answer it asks runs the call once, as the model made it.
        const done = yield* process(Effect.gen(function*() {
          yield* made.approve(input.executionId, asked.toolCallId, { approved: true, approvalId: asked.approvalId })
          return yield* made.run(input)
        }))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(ran, ["A-1 $500"])
      }).pipe(Effect.scoped, Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})
