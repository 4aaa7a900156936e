/**
 * A durable run's approval that edits the call's input (`approve(executionId, callId, { approved: true, input })`),
 * on Effect's memory engine and SQLite, with Gemini over real HTTP: the handler runs once with the edited input and
 * the next request (and the run's conversation) shows the call as it ran; an input the tool's Schema refuses runs
 * nothing (an `ApprovalRefused` error result, `invalid`); one under a forged id runs nothing; one over an answer's
 * size bound is refused by `approve` itself (`InvalidRun`), nothing stored. On SQLite, the edit approved in one
 * process and run in the next: the page reloaded (the live view read again from the start by the `ai` client's
 * `readUIMessageStream`) shows the input the call ran with beside its output, as the run's conversation and the
 * model's next request have it.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { LanguageModel, Message, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as GeminiSteps from "../../support/GeminiSteps.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import * as RefundAgent from "../../support/RefundAgent.js"
import { readResponse } from "../../support/UIClient.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

/** A refund tool that needs approval, each refund it makes logged to `ran`. */
const agent = (name: string, ran: Array<string>) =>
  LanguageModel.durableLoop(name, {
    tools: [Tool.handle(
      Tool.make("refund", { parameters: Schema.Struct({ order: Schema.String, usd: Schema.Number }) }),
      ({ order, usd }) => Effect.sync(() => (ran.push(`${order} $${usd}`), `refunded ${order} ($${usd})`)),
      { needsApproval: true }
    )]
  })

const onEngine = <A, E>(
  engine: RefundAgent.Engine,
  made: ReturnType<typeof agent>,
  baseUrl: string,
  program: Effect.Effect<A, E, any>
) => RefundAgent.onEngine(engine, made.layer, GeminiSteps.model(baseUrl), program)

describe("durable runs: an approval that edits the call's input", () => {
  for (const engine of engines.list.filter(({ name }) => name !== "PostgreSQL")) {
    it.live(
      `${engine.name}: the edited input runs once, and the next request shows the call as it ran`,
      () =>
        Effect.gen(function*() {
          const ran: Array<string> = []
          const made = agent(`edits-${engine.name}`, ran)
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 500)]),
            GeminiSteps.text(2, "Refunded.")
          ])
          yield* onEngine(
            engine,
            made,
            baseUrl,
            Effect.gen(function*() {
              const input = { executionId: "edit-applied", messages: [Message.user("Refund A-1")] }
              yield* made.run(input, { discard: true })
              const [asked] = yield* approvalRequests("edit-applied", 1)
              // Over an answer's size bound: refused by `approve`, nothing stored.
              const tooLong = yield* Effect.flip(made.approve("edit-applied", asked!.toolCallId, {
                approved: true,
                approvalId: asked!.approvalId,
                input: { order: "A-1".repeat(30_000), usd: 5 }
              }))
              assert.strictEqual(tooLong.reason, "InvalidRun")
              assert.match(tooLong.message, /edited input/)
              yield* made.approve("edit-applied", asked!.toolCallId, {
                approved: true,
                approvalId: asked!.approvalId,
                input: { order: "A-1", usd: 5 }
              })
              const done = yield* made.run(input)
              assert.strictEqual(done.reason, "stop")
              assert.deepStrictEqual(ran, ["A-1 $5"])
              // The same approval again with another edit: the first answer holds, nothing runs again.
              yield* made.approve("edit-applied", asked!.toolCallId, {
                approved: true,
                approvalId: asked!.approvalId,
                input: { order: "A-1", usd: 9999 }
              })
              assert.deepStrictEqual((yield* made.run(input)).messages, done.messages)
              assert.deepStrictEqual(ran, ["A-1 $5"])
              const turn = done.messages.find((message) => message._tag === "AssistantMessage")!
              assert.deepStrictEqual(turn.toolCalls.map((call) => JSON.parse(call.arguments)), [{
                order: "A-1",
                usd: 5
              }])
              const sent = GeminiSteps.contents(server.requests(baseUrl)[1]!)
              assert.deepStrictEqual(sent.slice(1), [
                { role: "model", parts: [{ functionCall: { name: "refund", args: { order: "A-1", usd: 5 } } }] },
                {
                  role: "user",
                  parts: [{ functionResponse: { name: "refund", response: { result: "refunded A-1 ($5)" } } }]
                }
              ])
            })
          )
        }).pipe(Effect.scoped),
      60_000
    )

    it.live(
      `${engine.name}: an edit the tool's Schema refuses, or under a forged id, runs nothing`,
      () =>
        Effect.gen(function*() {
          const ran: Array<string> = []
          const made = agent(`edits-refused-${engine.name}`, ran)
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 500)]),
            GeminiSteps.text(2, "Not refunded."),
            GeminiSteps.calls(3, [GeminiSteps.refund("B-2", 500)]),
            GeminiSteps.text(4, "Not refunded.")
          ])
          yield* onEngine(
            engine,
            made,
            baseUrl,
            Effect.gen(function*() {
              const first = { executionId: "edit-refused", messages: [Message.user("Refund A-1")] }
              yield* made.run(first, { discard: true })
              const [asked] = yield* approvalRequests("edit-refused", 1)
              yield* made.approve("edit-refused", asked!.toolCallId, {
                approved: true,
                approvalId: asked!.approvalId,
                input: { order: "A-1", usd: "five" }
              })
              const refused = yield* made.run(first)
              const result = refused.messages.find((message) => message._tag === "ToolResultMessage")!
              assert.isTrue(result.isError)
              assert.match(result.content, /^not run: the edited input of refund was refused: /)
              // The model sees the call as it made it: nothing ran.
              const turn = refused.messages.find((message) => message._tag === "AssistantMessage")!
              assert.deepStrictEqual(JSON.parse(turn.toolCalls[0]!.arguments), { order: "A-1", usd: 500 })

              const second = { executionId: "edit-forged", messages: [Message.user("Refund B-2")] }
              yield* made.run(second, { discard: true })
              const [other] = yield* approvalRequests("edit-forged", 1)
              const ending = other!.approvalId!.endsWith("AA") ? "BB" : "AA"
              yield* made.approve("edit-forged", other!.toolCallId, {
                approved: true,
                approvalId: `${other!.approvalId!.slice(0, -2)}${ending}`,
                input: { order: "B-2", usd: 5 }
              })
              const forged = yield* made.run(second)
              const told = forged.messages.find((message) => message._tag === "ToolResultMessage")!
              assert.match(told.content, /not issued by this server/)
              assert.deepStrictEqual(ran, [])
            })
          )
        }).pipe(Effect.scoped),
      60_000
    )
  }
})

/** The run's live view read again from the start, as a reloaded page reads it: its refund part, as the client has it. */
const reloaded = (executionId: string) =>
  Effect.gen(function*() {
    const response = yield* UIMessageStream.resumeResponse(executionId)
    const { errors, message } = yield* Effect.promise(() => readResponse(response))
    assert.deepStrictEqual(errors, [])
    const part = message?.parts.find((candidate) => candidate.type === "tool-refund") as any
    return [part?.state, part?.input, part?.output]
  })

describe("durable runs: an edited call seen after a restart", () => {
  it.live(
    "SQLite: approved edited in one process, run in the next; the reloaded view shows the input it ran with",
    () =>
      Effect.gen(function*() {
        const ran: Array<string> = []
        const made = agent("edits-reloaded", ran)
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          GeminiSteps.calls(1, [GeminiSteps.refund("A-1", 500)]),
          GeminiSteps.text(2, "Refunded.")
        ])
        // One process after another on a SQLite file, one store across them.
        const process = DurableAgent.sqliteProcesses(made.layer, GeminiSteps.model(baseUrl), "durable-edits-")
        const input = { executionId: "edit-reloaded", messages: [Message.user("Refund A-1")] }
        yield* process(Effect.gen(function*() {
          yield* made.run(input, { discard: true })
          const [asked] = yield* approvalRequests(input.executionId, 1)
          yield* made.approve(input.executionId, asked!.toolCallId, {
            approved: true,
            approvalId: asked!.approvalId,
            input: { order: "A-1", usd: 5 }
          })
        }))
        const done = yield* process(made.run(input))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(ran, ["A-1 $5"])
        assert.deepStrictEqual(yield* reloaded(input.executionId), [
          "output-available",
          { order: "A-1", usd: 5 },
          "refunded A-1 ($5)"
        ])
        // What the view shows is what the model was told, and what the run's conversation holds.
        const turn = done.messages.find((message) => message._tag === "AssistantMessage")!
        assert.deepStrictEqual(JSON.parse(turn.toolCalls[0]!.arguments), { order: "A-1", usd: 5 })
        assert.deepStrictEqual(
          GeminiSteps.contents(server.requests(baseUrl)[1]!).slice(1),
          GeminiSteps.refunded("A-1", 5)
        )
      }).pipe(Effect.scoped, Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})
