/**
 * A durable run is its owner's, on every engine (Effect's memory engine, SQLite, a runner on a real PostgreSQL).
 * The probe of 0.4: `run` under another owner joined the run and received its whole conversation, and an approval
 * id signed for Alice's call ran Bob's call with the same id, tool and input. Now the same id under another
 * owner is another run (it starts one of its own, as an unknown id would), an answer under another owner reaches
 * nothing of the run, and an approval id names its run, owner and step: given to another run, it runs nothing
 * (`ApprovalRefused`, `unverified`), and is still good in its own run afterwards.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { DurableLoop, type LanguageModel, StreamStore } from "effect-llm-stream"
import { approvalRequests } from "../../support/LiveRequests.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

/** The text of the tool result in a run's conversation. */
const resultOf = (done: LanguageModel.DoneEvent) => {
  const result = done.messages.find((message) => message._tag === "ToolResultMessage")
  return result?._tag === "ToolResultMessage" ? { content: result.content, isError: result.isError } : undefined
}

describe("a durable run is its owner's", () => {
  for (const engine of engines.list) {
    it.live(
      `${engine.name}: another owner's run, answer and copied approval id reach nothing of it`,
      () =>
        Effect.gen(function*() {
          const layer = yield* Effect.promise(engine.layer)
          if (layer === undefined) return
          const ran: Array<string> = []
          const agent = RefundAgent.agent(`owners-${engine.name}`, ran)
          yield* Effect.gen(function*() {
            const alice = { executionId: "chat-1", messages: RefundAgent.request("A-1", 5), owner: "alice" }
            yield* agent.run(alice, { discard: true })
            const [asked] = yield* approvalRequests("chat-1", 1, "alice")

            // Mallory, under the same id: a run of her own, with her conversation, never Alice's.
            const mallory = { executionId: "chat-1", messages: RefundAgent.request("M-9", 1), owner: "mallory" }
            yield* agent.run(mallory, { discard: true })
            yield* approvalRequests("chat-1", 1, "mallory")
            yield* agent.approve("chat-1", "call_1", { approved: true, owner: "mallory" })
            const hers = yield* agent.run({ ...mallory, messages: [] })
            assert.notInclude(JSON.stringify(hers.messages), "A-1")
            assert.deepStrictEqual(ran, ["M-9"])

            // Bob's run makes a call of the same id, tool and input as Alice's.
            const bob = { executionId: "chat-2", messages: RefundAgent.request("A-1", 5), owner: "bob" }
            yield* agent.run(bob, { discard: true })
            const [bobAsked] = yield* approvalRequests("chat-2", 1, "bob")
            assert.strictEqual(bobAsked!.toolCallId, asked!.toolCallId)
            // Alice's approval id, given to Bob's run before Alice used it: refused as not issued for this call.
            yield* agent.approve("chat-2", "call_1", { approved: true, approvalId: asked!.approvalId, owner: "bob" })
            const bobs = yield* agent.run({ ...bob, messages: [] })
            assert.deepStrictEqual(resultOf(bobs), {
              content: "not run: this approval was not issued by this server for this call",
              isError: true
            })
            assert.deepStrictEqual(ran, ["M-9"])

            // In her own run, it is good, once.
            yield* agent.approve("chat-1", "call_1", { approved: true, approvalId: asked!.approvalId, owner: "alice" })
            const alices = yield* agent.run({ ...alice, messages: [] })
            assert.deepStrictEqual(resultOf(alices), { content: "refunded A-1 ($5)", isError: false })
            assert.deepStrictEqual(ran, ["M-9", "A-1"])
          }).pipe(
            Effect.provide(agent.layer.pipe(
              Layer.provideMerge(layer),
              Layer.provide(RefundAgent.model),
              Layer.provideMerge(StreamStore.layerMemory())
            ))
          )
        }),
      60_000
    )
  }

  it.live("a run id that is not a stream id, or an empty owner, names no run: a typed error, nothing started", () => {
    const agent = RefundAgent.agent("owners-invalid", [])
    return Effect.gen(function*() {
      for (const input of [{ executionId: "a:b" }, { executionId: "chat-3", owner: "" }]) {
        const error = yield* Effect.flip(agent.run({ ...input, messages: RefundAgent.request("X", 1) }))
        assert.deepStrictEqual(
          error._tag === "DurableLoopError" ? [error._tag, error.reason] : [error._tag],
          ["DurableLoopError", "InvalidRun"]
        )
        const refused = yield* Effect.flip(agent.approve(input.executionId, "call_1", { approved: true, ...input }))
        assert.strictEqual(refused.reason, "InvalidRun")
      }
    }).pipe(
      Effect.provide(agent.layer.pipe(Layer.provideMerge(DurableLoop.layerMemory), Layer.provide(RefundAgent.model)))
    )
  })
  it.live("an answer that is none, or past its bounds, is InvalidRun: nothing stored, the call still waits for one", () => {
    // An app handing on what a browser sent: `approved: "false"` was a DurableLoopError `Unavailable` (the storage
    // blamed, so retried), a cycle in `content` a defect, and a reason of megabytes stored and sent to the model.
    const ran: Array<string> = []
    const agent = RefundAgent.agent("owners-answers", ran)
    const cyclic: Record<string, unknown> = {}
    cyclic["self"] = cyclic
    const answers: ReadonlyArray<readonly [string, any]> = [
      ["call_1", { approved: "true" }],
      ["call_1", {}],
      ["call_1", { approved: true, action: "go" }],
      ["call_1", { approved: true, content: cyclic }],
      ["call_1", { approved: false, reason: "r".repeat(70_000) }],
      ["call_1", { approved: true, approvalId: "a".repeat(70_000) }],
      ["c".repeat(70_000), { approved: true }]
    ]
    return Effect.gen(function*() {
      yield* agent.run({ executionId: "answers", owner: "alice", messages: RefundAgent.request("A", 1) }, {
        discard: true
      })
      for (const [index, [callId, decision]] of answers.entries()) {
        const exit = yield* Effect.exit(agent.approve("answers", callId, { ...decision, owner: "alice" }))
        const error = exit._tag === "Failure" && exit.cause.reasons[0]?._tag === "Fail"
          ? exit.cause.reasons[0].error
          : undefined
        assert.strictEqual(error?.reason, "InvalidRun", `answer ${index}`)
      }
      yield* agent.approve("answers", "call_1", { approved: true, owner: "alice" })
      const done = yield* agent.run({ executionId: "answers", owner: "alice", messages: [] })
      assert.deepStrictEqual(resultOf(done), { content: "refunded A ($1)", isError: false })
      assert.deepStrictEqual(ran, ["A"])
    }).pipe(
      Effect.provide(
        agent.layer.pipe(
          Layer.provideMerge(DurableLoop.layerMemory),
          Layer.provide(RefundAgent.model),
          Layer.provideMerge(StreamStore.layerMemory())
        )
      )
    )
  })
})
