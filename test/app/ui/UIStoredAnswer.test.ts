/**
 * The answer a continuation continues, read from the chat's stored stream before the continuation is reserved
 * (`UIStoredAnswer.earlierChunks`): a brief read (it takes no reader's slot), so it ends within a bound of its own.
 * A stream the store's `tail` said had ended, replaced by another tab's answer still running by the time it is read,
 * gives nothing within that bound, not a wait for that answer's end.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import { TestClock } from "effect/testing"
import type * as StreamStoreModel from "../../../src/app/store/StreamStoreModel.js"
import * as UIStoredAnswer from "../../../src/app/ui/UIStoredAnswer.js"

describe("UIStoredAnswer.earlierChunks", () => {
  it.effect("gives nothing within its bound when the ended stream was replaced by a running answer", () =>
    Effect.gen(function*() {
      const memory = yield* Effect.provide(Effect.service(StreamStore.StreamStore), StreamStore.layerMemory())
      // The paused answer `m1` ended; by the time it is read, another tab's answer `m2` runs under the chat's id.
      const replaced: StreamStoreModel.Service = {
        ...memory,
        tail: () => Effect.succeed({ count: 2, ended: true, generation: "g1" }),
        read: () => Effect.succeed(Stream.concat(Stream.make({ type: "start", messageId: "m2" }), Stream.never))
      }
      const fiber = yield* UIStoredAnswer.earlierChunks("chat-1", "alice", "m1").pipe(
        Effect.provide(Layer.succeed(StreamStore.StreamStore, replaced)),
        Effect.forkChild
      )
      yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual(fiber.pollUnsafe()?._tag, "Success", "ended within its bound")
      assert.deepStrictEqual(yield* Fiber.join(fiber), [])
    }))
})
