/**
 * Call ids across the steps of a durable run, on every engine (Effect's memory engine, SQLite, a runner on a real
 * PostgreSQL), with Gemini over real HTTP. The probe of 0.4: Gemini sends calls without ids (`@google/genai` 3.1,
 * `FunctionCall.id` is optional; Vertex AI leaves it out), 0.4 named them `gemini_call_0` in every step, and the
 * run kept approvals by call id: one server approval of `refund(A-1, $5)` in step 1 also ran `refund(B-2, $9999)`
 * in step 2 without asking, and a denial denied later calls unasked. Now each call has an id of its own in the
 * conversation, and a run whose provider repeats an id anyway has each of those calls asked and answered in turn
 * (an answer holds for one call: the earliest waiting, or the first when given ahead).
 *
 * Wire rule (https://ai.google.dev/gemini-api/docs/function-calling; `FunctionResponse.id`: "Populated by the
 * client to match the corresponding function call `id`"): each model turn's `functionCall` parts are followed by
 * a user turn with one `functionResponse` per call, answered by name when Google sent no id.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

const gemini = GeminiSteps.model

/** Runs `program` with the agent on `engine`, its model Gemini at `baseUrl`; skipped where the engine is not. */
const onEngine = <A, E>(
  engine: RefundAgent.Engine,
  made: ReturnType<typeof RefundAgent.agent>,
  baseUrl: string,
  program: Effect.Effect<A, E, any>
) => RefundAgent.onEngine(engine, made.layer, gemini(baseUrl), program)

const { refund } = GeminiSteps

describe("durable runs: calls Gemini sent without ids, across steps", () => {
  for (const engine of engines.list) {
    it.live(
      `${engine.name}: each step's refund asks with its own id, runs once approved, and is answered`,
      () =>
        Effect.gen(function*() {
          const ran: Array<string> = []
          const agent = RefundAgent.agent(`ids-${engine.name}`, ran)
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            GeminiSteps.calls(1, [refund("A-1", 5)]),
            GeminiSteps.calls(2, [refund("B-2", 9999)]),
            GeminiSteps.text(3, "Both refunded.")
          ])
          yield* onEngine(
            engine,
            agent,
            baseUrl,
            Effect.gen(function*() {
              const input = { executionId: "gemini-ids", messages: [Message.user("Refund A-1 and B-2")] }
              yield* agent.run(input, { discard: true })
              const [first] = yield* approvalRequests("gemini-ids", 1)
              yield* agent.approve("gemini-ids", first!.toolCallId, { approved: true, approvalId: first!.approvalId })
              const [, second] = yield* approvalRequests("gemini-ids", 2)
              assert.notStrictEqual(second!.toolCallId, first!.toolCallId)
              // Step 1's approval did not run step 2's refund.
              assert.deepStrictEqual(ran, ["A-1"])
              yield* agent.approve("gemini-ids", second!.toolCallId, { approved: true, approvalId: second!.approvalId })
              const done = yield* agent.run(input)
              assert.strictEqual(done.reason, "stop")
              assert.deepStrictEqual(ran, ["A-1", "B-2"])
            })
          )
          const requests = server.requests(baseUrl)
          if (requests.length === 0) return
          assert.strictEqual(requests.length, 3)
          assert.deepStrictEqual(GeminiSteps.contents(requests[2]!).slice(1), [
            { role: "model", parts: [{ functionCall: { name: "refund", args: { order: "A-1", usd: 5 } } }] },
            {
              role: "user",
              parts: [{ functionResponse: { name: "refund", response: { result: "refunded A-1 ($5)" } } }]
            },
            { role: "model", parts: [{ functionCall: { name: "refund", args: { order: "B-2", usd: 9999 } } }] },
            {
              role: "user",
              parts: [{ functionResponse: { name: "refund", response: { result: "refunded B-2 ($9999)" } } }]
            }
          ])
        }).pipe(Effect.scoped),
      60_000
    )

    it.live(
      `${engine.name}: a provider that repeats an id: an answer given ahead holds for the first call only`,
      () =>
        Effect.gen(function*() {
          const ran: Array<string> = []
          const agent = RefundAgent.agent(`repeated-${engine.name}`, ran)
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            GeminiSteps.calls(1, [refund("A-1", 5, "dup")]),
            GeminiSteps.calls(2, [refund("B-2", 9999, "dup")]),
            GeminiSteps.text(3, "Done.")
          ])
          yield* onEngine(
            engine,
            agent,
            baseUrl,
            Effect.gen(function*() {
              // The server's own decisions, given before the run asks: the second is the first's again.
              yield* agent.approve("repeated", "dup", { approved: false, reason: "not A-1" })
              yield* agent.approve("repeated", "dup", { approved: true })
              const input = { executionId: "repeated", messages: [Message.user("Refund")] }
              yield* agent.run(input, { discard: true })
              const requests = yield* approvalRequests("repeated", 2)
              assert.deepStrictEqual(requests.map((request) => request.toolCallId), ["dup", "dup"])
              // The denial answered step 1's refund; step 2's asks, and has not run.
              assert.deepStrictEqual(ran, [])
              yield* agent.approve("repeated", "dup", { approved: true, approvalId: requests[1]!.approvalId })
              const done = yield* agent.run(input)
              assert.deepStrictEqual(ran, ["B-2"])
              const results = done.messages.flatMap((message) =>
                message._tag === "ToolResultMessage" ? [[message.content, message.isError]] : []
              )
              assert.deepStrictEqual(results, [
                ["The user denied this tool call: not A-1", true],
                ["refunded B-2 ($9999)", false]
              ])
            })
          )
        }).pipe(Effect.scoped),
      60_000
    )
  }
})
