/**
 * A chat's answer reserved before its model is called, against a store that contradicts itself: one whose `create`
 * says a stream is open under the id while its `tail` says the stream has ended, every time. The reservation tries
 * again a few times (an answer may end between the two), then answers with the store's own refusal, never a loop.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
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
