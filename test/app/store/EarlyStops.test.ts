/**
 * A stop of a stream not started yet (`StreamStore.stop`, which `UIMessageStream.stop` and `AgUi.stop` are), on the
 * memory store under the test clock: it waits 30 seconds for its stream, which then stops before it is pulled (its
 * stored stream an `interrupted` finish and `abort`); past them it is dropped and the stream runs. It is taken once: the
 * next stream under the id runs. A stop finding the id's stream ended stops no later one. The stops kept are bounded per
 * owner on every store (memory, a real `redis-server`, the Durable Streams reference server, each shared by two
 * instances): past 64, a typed `Full` with its sentence, never a store that grows.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestClock } from "effect/testing"
import * as EarlyStop from "../../../src/app/store/EarlyStop.js"
import { describeDurableStreams, describeRedis, type TwoStores } from "../../support/Stores.js"

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

  it.effect("stops of ids that never start are bounded per owner: past 64, Full; room again once they expire", () =>
    Effect.gen(function*() {
      yield* boundedFor("mallory")
      yield* TestClock.adjust("31 seconds")
      yield* StreamStore.stop("never-64", { owner: "mallory" })
    }).pipe(Effect.provide(StreamStore.layerMemory())))
})

/**
 * `owner`'s stops of 64 ids that never start, then a 65th: `Full`, with its sentence, never a store that grows; a stop
 * naming 64 approvals counts 64 too; another owner's share is its own.
 */
const boundedFor = (owner: string) =>
  Effect.gen(function*() {
    for (let index = 0; index < EarlyStop.maxKept; index++) yield* StreamStore.stop(`never-${index}`, { owner })
    const refused = yield* Effect.flip(StreamStore.stop(`never-${EarlyStop.maxKept}`, { owner }))
    assert.strictEqual(refused._tag, "StreamStoreError")
    assert.strictEqual((refused as StreamStore.StreamStoreError).reason, "Full")
    assert.match(refused.message, /^The stream store is full \(an owner's 64 stops of streams not started yet\)/)
    // Another owner's share is its own. A stop naming 32 approvals of an id with nothing stored keeps 33 stops.
    const other = { owner: `${owner}-2` }
    const names = Array.from({ length: EarlyStop.maxNames }, (_, index) => `approval-${index}`)
    yield* Effect.flatMap(StreamStore.StreamStore, (store) => EarlyStop.stop(store, "named", other, names))
    for (let index = names.length + 1; index < EarlyStop.maxKept; index++) {
      yield* StreamStore.stop(`never-${index}`, other)
    }
    const named = yield* Effect.flip(StreamStore.stop("never-0", other))
    assert.strictEqual((named as StreamStore.StreamStoreError).reason, "Full")
  })

/** The bound on a store shared by instances: kept by every instance's writes, read by the other's. */
const sharedSuite = (name: string, twoStores: TwoStores) =>
  describe(name, () => {
    it.live("an owner's stops of ids that never start are bounded on every instance: past 64, Full", () =>
      Effect.gen(function*() {
        const [a, b] = yield* twoStores("1 minute")
        const owner = `mallory-${process.pid}-${Math.random().toString(36).slice(2)}`
        yield* boundedFor(owner).pipe(Effect.provideService(StreamStore.StreamStore, a))
        const refused = yield* Effect.flip(StreamStore.stop("one-more", { owner })).pipe(
          Effect.provideService(StreamStore.StreamStore, b)
        )
        assert.strictEqual((refused as StreamStore.StreamStoreError).reason, "Full")
      }), 60_000)
  })

describeRedis("a stop before its stream on Redis", (twoStores) => sharedSuite("two instances on one Redis", twoStores))

describeDurableStreams(
  "a stop before its stream on Durable Streams",
  (twoStores) => sharedSuite("two instances on one Durable Streams server", twoStores)
)
