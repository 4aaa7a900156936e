/**
 * A stop of a stream not started yet (`StreamStore.stop`, which `UIMessageStream.stop` and `AgUi.stop` are), on the
 * memory store under the test clock: it waits 30 seconds for its stream, which then stops before it is pulled (its
 * stored stream an `interrupted` finish and `abort`); past them it is dropped and the stream runs. It is taken once: the
 * next stream under the id runs. A stop finding the id's stream ended stops no later one. The stops kept are bounded as
 * the store bounds kept values: past the bound, a typed `Full` with its sentence, never a store that grows.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestClock } from "effect/testing"

/** An answer of one word, counting its pulls in `pulled`. */
const answerOf = (pulled: { count: number }) =>
  Stream.suspend(() => {
    pulled.count++
    return Stream.make<Array<UIMessageStream.Chunk>>(
      { type: "start" },
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Hi" },
      { type: "text-end", id: "t" },
      { type: "finish", finishReason: "stop" }
    )
  })

/** The stored stream of the answer started under `streamId`, read to its end: its chunks' types. */
const started = (streamId: string, pulled: { count: number }) =>
  Effect.gen(function*() {
    const stream = yield* UIMessageStream.resumable(answerOf(pulled), { streamId, owner: "ann" })
    const chunks = yield* Stream.runCollect(stream)
    return Array.from(chunks, (chunk) => chunk.type === "finish" ? `finish:${chunk.finishReason}` : chunk.type)
  })

const stopped = ["finish:interrupted", "abort"]
const ran = ["start", "text-start", "text-delta", "text-end", "finish:stop"]

describe("a stop before its stream", () => {
  it.effect("waits 30 s for its stream, which stops unpulled; taken once; past 30 s, dropped", () =>
    Effect.gen(function*() {
      const pulled = { count: 0 }
      yield* StreamStore.stop("early-1", { owner: "ann" })
      yield* TestClock.adjust("29 seconds")
      assert.deepStrictEqual(yield* started("early-1", pulled), stopped)
      assert.strictEqual(pulled.count, 0)
      // Taken by the stream it stopped: the id's next stream runs.
      assert.deepStrictEqual(yield* started("early-1", pulled), ran)
      // Another owner's stop of the id is another stream's.
      yield* StreamStore.stop("early-2", { owner: "bob" })
      assert.deepStrictEqual(yield* started("early-2", pulled), ran)
      // Past 30 s, dropped: the stream runs.
      yield* StreamStore.stop("early-3", { owner: "ann" })
      yield* TestClock.adjust("31 seconds")
      assert.deepStrictEqual(yield* started("early-3", pulled), ran)
      // A stop finding the id's stream ended was that stream's: the next runs.
      yield* StreamStore.stop("early-3", { owner: "ann" })
      assert.deepStrictEqual(yield* started("early-3", pulled), ran)
      assert.strictEqual(pulled.count, 4)
    }).pipe(Effect.provide(StreamStore.layerMemory())))

  it.effect("stops of ids that never start are bounded: past the owner's share, Full; room again once dropped", () =>
    Effect.gen(function*() {
      for (let index = 0; index < 4; index++) yield* StreamStore.stop(`never-${index}`, { owner: "mallory" })
      const refused = yield* Effect.flip(StreamStore.stop("never-4", { owner: "mallory" }))
      assert.strictEqual(refused._tag, "StreamStoreError")
      assert.strictEqual((refused as StreamStore.StreamStoreError).reason, "Full")
      assert.match(refused.message, /^The stream store is full/)
      // Another owner's share is its own.
      yield* StreamStore.stop("never-0", { owner: "ann" })
      yield* TestClock.adjust("31 seconds")
      yield* StreamStore.stop("never-4", { owner: "mallory" })
    }).pipe(Effect.provide(StreamStore.layerMemory({ maxStreams: 8, maxStreamsPerOwner: 4 }))))
})
