/**
 * A chat's answer reserved before its model is called, against a store that contradicts itself: one whose `create`
 * says a stream is open under the id while its `tail` says the stream has ended, every time. The reservation tries
 * again a few times (an answer may end between the two), then answers with the store's own refusal, never a loop. A
 * continuation that finds another message's answer ended between its first look and its `create` is refused (409),
 * and so is one whose `create` comes after another tab's answer was made and ended whole since its look.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as ChatReservation from "../../../src/app/endpoint/ChatReservation.js"
import * as StreamStoreModel from "../../../src/app/store/StreamStoreModel.js"

describe("ChatReservation.reserve", () => {
  it.effect("answers with the store's AlreadyExists when the store says open and ended each time", () =>
    Effect.gen(function*() {
      let creates = 0
      const memory = yield* Effect.provide(Effect.service(StreamStore.StreamStore), StreamStore.layerMemory())
      const contradicting: StreamStoreModel.Service = {
        ...memory,
        create: (streamId) =>
          Effect.sync(() => creates++).pipe(Effect.andThen(Effect.fail(StreamStoreModel.alreadyExists(streamId)))),
        tail: () => Effect.succeed({ count: 3, ended: true, generation: "g" })
      }
      const reserved = yield* ChatReservation.reserve("chat-1", "alice", {
        messageIds: [],
        regenerates: false,
        continues: undefined
      }).pipe(
        Effect.provide(Layer.succeed(StreamStore.StreamStore, contradicting)),
        Effect.timeout("2 seconds"),
        Effect.flip
      )
      assert.strictEqual(reserved._tag, "StreamStoreError")
      assert.strictEqual((reserved as StreamStore.StreamStoreError).reason, "AlreadyExists")
      assert.strictEqual(creates, 4)
    }))
})

/** Alice's continuation of `m1` in `chat-1`, reserved on `store`: reserved, or its refusal. */
const continuingM1 = (store: StreamStoreModel.Service) =>
  ChatReservation.reserve("chat-1", "alice", { messageIds: ["u1", "m1"], regenerates: false, continues: "m1" }).pipe(
    Effect.provide(Layer.succeed(StreamStore.StreamStore, store)),
    Effect.timeout("2 seconds"),
    Effect.result
  )

describe("ChatReservation.reserve of a continuation", () => {
  it.effect("refuses it when another tab's answer, headless as it was first looked at, has ended meanwhile", () =>
    Effect.gen(function*() {
      // Another tab's answer `m2` is reserved with nothing stored yet as the continuation of `m1` first looks; by the
      // time its `create` is refused and it looks again, `m2` has stored its answer and ended.
      const memory = yield* Effect.provide(Effect.service(StreamStore.StreamStore), StreamStore.layerMemory())
      yield* memory.create("chat-1", { owner: "alice" })
      let creates = 0
      const racing: StreamStoreModel.Service = {
        ...memory,
        create: (streamId, options) =>
          ++creates > 1 ? memory.create(streamId, options) : Effect.andThen(
            Effect.orDie(Effect.andThen(
              memory.append(streamId, [{ type: "start", messageId: "m2" }, { type: "finish" }], options),
              memory.end(streamId, "completed", options)
            )),
            Effect.fail(StreamStoreModel.alreadyExists(streamId))
          )
      }
      const reserved = yield* continuingM1(racing)
      assert.isTrue(reserved._tag === "Failure" && reserved.failure._tag === "AnswerReplaced", "refused, not reserved")
      // The other tab's answer is left as it is: nothing replaced it.
      const stored = yield* Effect.flatMap(memory.read("chat-1", { owner: "alice" }), Stream.runCollect)
      assert.deepStrictEqual(stored.map((chunk) => chunk["messageId"]), ["m2", undefined])
    }))
})

describe("ChatReservation.reserve of a continuation, another tab's answer run whole between its look and its create", () => {
  it.effect("refuses it, the chat's answer ended or gone as it looked: nothing replaces the other tab's answer", () =>
    Effect.gen(function*() {
      for (const before of ["ended", "gone"] as const) {
        const memory = yield* Effect.provide(Effect.service(StreamStore.StreamStore), StreamStore.layerMemory())
        const alice = { owner: "alice" }
        if (before === "ended") {
          yield* memory.create("chat-1", alice)
          yield* memory.append("chat-1", [{ type: "start", messageId: "m1" }, { type: "finish" }], alice)
          yield* memory.end("chat-1", "completed", alice)
        }
        // As the continuation of `m1` creates, another tab's new message is answered whole first: `m2` starts and ends.
        let creates = 0
        const racing: StreamStoreModel.Service = {
          ...memory,
          create: (streamId, options) =>
            ++creates > 1 ? memory.create(streamId, options) : Effect.andThen(
              Effect.orDie(Effect.all([
                memory.create(streamId, options),
                memory.append(streamId, [{ type: "start", messageId: "m2" }, { type: "finish" }], options),
                memory.end(streamId, "completed", options)
              ])),
              memory.create(streamId, options)
            )
        }
        const reserved = yield* continuingM1(racing)
        assert.isTrue(
          reserved._tag === "Failure" && reserved.failure._tag === "AnswerReplaced",
          `${before}: refused, not reserved`
        )
        const stored = yield* Effect.flatMap(memory.read("chat-1", alice), Stream.runCollect)
        assert.deepStrictEqual(stored.map((chunk) => chunk["messageId"]), ["m2", undefined], before)
      }
    }))
})

describe("ChatReservation.reserve over a store's value that is no object", () => {
  it.effect("reads a running answer whose first chunk is null as one with no message id: refused, typed", () =>
    Effect.gen(function*() {
      const memory = yield* Effect.provide(Effect.service(StreamStore.StreamStore), StreamStore.layerMemory())
      yield* memory.create("chat-odd", { owner: "alice" })
      yield* memory.append("chat-odd", [null] as never, { owner: "alice" })
      const reserved = yield* ChatReservation.reserve("chat-odd", "alice", {
        messageIds: ["u1", "m1"],
        regenerates: false,
        continues: "m1"
      }).pipe(Effect.provide(Layer.succeed(StreamStore.StreamStore, memory)), Effect.timeout("5 seconds"), Effect.flip)
      assert.isTrue(ChatReservation.isRefusal(reserved), String(reserved))
    }))
})
