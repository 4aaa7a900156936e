/**
 * A message steered into a running answer on AG-UI (`AgUi.fromSteps`): a user `TEXT_MESSAGE_*` of its own, between the
 * step before it and the step that took it, valid to `@ag-ui/client`'s own stages (schema, ordering and pairing);
 * one the run ended without, a `CUSTOM` event saying so.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Stream } from "effect"
import { AgUi, type Message, Steering } from "effect-llm-stream"
import * as AgUiClient from "../../support/AgUiClient.js"
import { problems } from "../../support/AgUiClient.js"
import * as SteeredAnswer from "../../support/SteeredAnswer.js"

describe("a steered message on AG-UI", () => {
  it.live("a user TEXT_MESSAGE between the steps, valid to @ag-ui/client", () =>
    Effect.gen(function*() {
      const { layer, steps } = yield* SteeredAnswer.steeredAnswer()
      const events = yield* steps.pipe(
        AgUi.fromSteps({ threadId: "t1", runId: "r1" }),
        Stream.runCollect,
        Effect.provide(layer)
      )
      assert.deepStrictEqual(problems(events), [])
      const at = events.findIndex((event: any) => event.type === "TEXT_MESSAGE_START" && event.role === "user")
      assert.deepStrictEqual(events.slice(at - 1, at + 4).map((event: any) => [event.type, event.delta]), [
        ["STEP_FINISHED", undefined],
        ["TEXT_MESSAGE_START", undefined],
        ["TEXT_MESSAGE_CONTENT", "Use the staging database"],
        ["TEXT_MESSAGE_END", undefined],
        ["STEP_STARTED", undefined]
      ])
    }).pipe(Effect.scoped))

  it.live("HttpAgent's next run carries the steered message in place, and the server takes its history", () =>
    Effect.gen(function*() {
      const { layer, steps } = yield* SteeredAnswer.steeredAnswer()
      const context = yield* Layer.build(layer)
      const received: Array<ReadonlyArray<Message.Message>> = []
      const url = yield* AgUiClient.serve((body) =>
        AgUi.readRunInput(body).pipe(
          Effect.flatMap((input) => {
            received.push(input.messages)
            // The first run is the steered answer; the next one is checked, then answered with nothing more.
            const events = received.length === 1
              ? steps.pipe(AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }))
              : Stream.empty.pipe(AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }))
            return AgUi.toResponse()(events)
          })
        )
      ).pipe(Effect.provideContext(context))
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "Deploy it" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(problems(first.events), [])
      agent.addMessage({ id: "u2", role: "user", content: "And now?" })
      yield* AgUiClient.run(agent)
      assert.strictEqual(received.length, 2)
      // In place: after the tool's result, before the answer that took it.
      const roles = received[1]!.map((message) =>
        message._tag === "UserMessage" ? `user:${message.text}` : message._tag
      )
      assert.deepStrictEqual(roles, [
        "user:Deploy it",
        "AssistantMessage",
        "ToolResultMessage",
        "user:Use the staging database",
        "AssistantMessage",
        "user:And now?"
      ])
    }).pipe(Effect.scoped))

  it.live("a message the run ended without: a CUSTOM event saying so, before RUN_FINISHED", () =>
    Effect.gen(function*() {
      const { layer, steps } = yield* SteeredAnswer.steeredAnswer({ maxSteps: 1 })
      const events = yield* steps.pipe(
        AgUi.fromSteps({ threadId: "t1", runId: "r1" }),
        Stream.runCollect,
        Effect.provide(layer)
      )
      assert.deepStrictEqual(problems(events), [])
      assert.isUndefined(events.find((event: any) => event.type === "TEXT_MESSAGE_START" && event.role === "user"))
      const at = events.findIndex((event) => event.type === "CUSTOM")
      assert.deepStrictEqual(events[at], {
        type: "CUSTOM",
        name: "effect-llm-stream/steering-not-delivered",
        value: { id: "s1", kind: "steer", reason: "step-count" }
      } as any)
      assert.strictEqual(events.at(-1)!.type, "RUN_FINISHED")
      assert.isBelow(at, events.length - 1)
    }).pipe(Effect.scoped))
})

describe("a steered AG-UI run stopped", () => {
  it.live("a message the stopped run never took: a CUSTOM event after what was open is closed, before RUN_FINISHED", () =>
    Effect.gen(function*() {
      const streamId = `stopped-${Math.random().toString(36).slice(2)}`
      const { layer, steered, steps } = yield* SteeredAnswer.stoppableAnswer(streamId)
      const served = yield* Effect.gen(function*() {
        yield* steps.pipe(
          AgUi.fromSteps({ threadId: "t1", runId: "r1" }),
          AgUi.resumable({ streamId, owner: "alice", steering: Steering.inbox(streamId, { owner: "alice" }) })
        )
        yield* Deferred.await(steered)
        yield* AgUi.stop(streamId, { owner: "alice" })
        const stored = yield* AgUi.resume(streamId, { owner: "alice" })
        return yield* Stream.runCollect(stored)
      }).pipe(Effect.provide(layer))
      const events = served.map((item: any) => "type" in item ? item : item.event)
      assert.deepStrictEqual(problems(events), [])
      assert.deepStrictEqual(events.at(-2), {
        type: "CUSTOM",
        name: "effect-llm-stream/steering-not-delivered",
        value: { id: "s1", kind: "steer", reason: "aborted" }
      } as any)
      // The run's converter ends it (the store's stop taken as a stop from within), with what its call cost.
      const last = events.at(-1) as any
      assert.deepInclude(last, { type: "RUN_FINISHED", threadId: "t1", runId: "r1", outcome: { type: "cancelled" } })
      assert.strictEqual(last.metadata[AgUi.costKey], "0.00045")
    }).pipe(Effect.scoped))
})
