/**
 * A durable loop keeps the rules of `runTools` and of a loop served to a browser (Effect's memory engine, one
 * process):
 * - its live view is stored under the run's owner: another owner, or none, gets what an unknown id gets;
 * - its approval requests carry an id the server's key signed for exactly that call; an answer given to `approve`
 *   with an id the server did not issue runs nothing (an `ApprovalRefused` error result the model reads);
 * - the loop's bounds hold (`maxSteps` whatever `stopWhen` says; a bound that is not a whole number fails the run).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schedule, Stream } from "effect"
import { DurableLoop, LanguageModel, StreamStore, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"

const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-shared-"))

const bounded = LanguageModel.durableLoop("test-agent-bounded", {
  tools: DurableAgent.tools,
  maxSteps: 1,
  stopWhen: LanguageModel.stepCountIs(50)
})
const invalid = LanguageModel.durableLoop("test-agent-invalid", { tools: DurableAgent.tools, maxSteps: 0 })

const layer = Layer.mergeAll(DurableAgent.agent.layer, bounded.layer, invalid.layer).pipe(
  Layer.provideMerge(DurableLoop.layerMemory),
  Layer.provide(DurableAgent.model(dir, false)),
  Layer.provide(DurableAgent.handlers(dir, false)),
  Layer.provideMerge(StreamStore.layerMemory())
)

/** The run's view, read as `owner` until its approval request: that chunk. */
const approvalRequest = (executionId: string, owner: string) =>
  Effect.gen(function*() {
    const view = yield* UIMessageStream.resume(executionId, { owner }).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    const chunks = yield* view.pipe(
      Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"),
      Stream.runCollect
    )
    const last = chunks[chunks.length - 1]!
    assert.strictEqual(last.type, "tool-approval-request")
    return last as Extract<UIMessageStream.Chunk, { type: "tool-approval-request" }>
  })

describe("a durable loop, like runTools served to a browser", () => {
  it.live("its view has an owner; its approvals are the server's: a forged id runs nothing, the issued one runs once", () =>
    Effect.gen(function*() {
      const agent = DurableAgent.agent
      const callId = DurableAgent.transferCallId("approval")
      const forged = { executionId: "forged-run", messages: DurableAgent.request("approval"), owner: "alice" }
      yield* agent.run(forged, { discard: true })
      const asked = yield* approvalRequest("forged-run", "alice")
      assert.strictEqual(asked.toolCallId, callId)
      assert.notStrictEqual(asked.approvalId, callId)
      assert.isAbove(asked.approvalId.length, 40)
      // Another owner, or none, cannot tell the run exists.
      for (const options of [{ owner: "mallory" }, {}]) {
        const other = yield* Effect.flip(UIMessageStream.resume("forged-run", options))
        assert.strictEqual(other._tag, "StreamNotFound")
      }
      // An id the server did not issue (here: altered), approving: the handler never runs.
      yield* agent.approve("forged-run", callId, { approved: true, approvalId: `${asked.approvalId}x`, owner: "alice" })
      const refused = yield* agent.run(forged)
      assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "transfer"), [])
      const result = refused.messages.find((message) =>
        message._tag === "ToolResultMessage" && message.toolCallId === callId
      )
      assert.strictEqual(result?._tag === "ToolResultMessage" && result.isError, true)

      const genuine = { executionId: "genuine-run", messages: DurableAgent.request("approval"), owner: "alice" }
      yield* agent.run(genuine, { discard: true })
      const issued = yield* approvalRequest("genuine-run", "alice")
      yield* agent.approve("genuine-run", callId, { approved: true, approvalId: issued.approvalId, owner: "alice" })
      const done = yield* agent.run(genuine)
      assert.strictEqual(done.reason, "stop")
      assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "transfer"), [callId])
    }).pipe(Effect.provide(layer)))

  it.live("maxSteps holds whatever stopWhen says; a bound that is not a whole number fails the run", () =>
    Effect.gen(function*() {
      const done = yield* bounded.run({ executionId: "bounded-run", messages: DurableAgent.request("after-step") })
      assert.strictEqual(done.reason, "step-count")
      assert.strictEqual(done.steps.length, 1)
      const error = yield* Effect.flip(
        invalid.run({ executionId: "invalid-run", messages: DurableAgent.request("after-step") })
      )
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "maxSteps")
    }).pipe(Effect.provide(layer)))
})
