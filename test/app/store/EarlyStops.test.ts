/**
 * A stop of a stream not started yet (`StreamStore.stop`, which `UIMessageStream.stop` and `AgUi.stop` are), on the
 * memory store under the test clock: it waits 30 seconds for its stream, which then stops before it is pulled (its
 * stored stream an `interrupted` finish and `abort`); past them it is dropped and the stream runs. It is taken once:
 * the next stream under the id runs. A stop finding the id's stream ended stops no later one. The stops kept are
 * bounded per owner on every store (memory, a real `redis-server`, the Durable Streams reference server, each shared by
 * two instances): past 64, a typed `Full` with its sentence, never a store that grows. On Redis, an answer reads the
 * stops waiting in its create's script (one script from its start to its model's call; through a store wrapping
 * `create` that passes its options on, one too; through one whose `create` reads nothing, two, no stop lost), and a
 * stop racing its answer's start on another instance stops it every time, before its model is called or once it runs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Stream } from "effect"
import { StreamStore, UIMessageStream } from "effect-llm-stream"
import { TestClock } from "effect/testing"
import * as EarlyStop from "../../../src/app/store/EarlyStop.js"
import { scriptCalls } from "../../support/RedisServer.js"
import {
  describeDurableStreams,
  describeRedis,
  describeRedisServer,
  freshPrefix,
  storeOf,
  type TwoStores
} from "../../support/Stores.js"

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

  it.effect("through a store wrapping `create`, passing its options on or reading nothing: stopped all the same", () =>
    Effect.gen(function*() {
      const memory = yield* StreamStore.StreamStore
      const wrappers: Record<string, StreamStore.Service> = {
        passing: { ...memory, create: (streamId, options) => memory.create(streamId, options) },
        silent: {
          ...memory,
          create: (streamId, options) => Effect.asVoid(memory.create(streamId, { owner: options?.owner }))
        }
      }
      for (const [name, store] of Object.entries(wrappers)) {
        yield* StreamStore.stop(`wrapped-${name}`, { owner: "ann" })
        const pulled = { count: 0 }
        const ended = yield* started(`wrapped-${name}`, pulled).pipe(
          Effect.provideService(StreamStore.StreamStore, store)
        )
        assert.deepStrictEqual([ended, pulled.count], [stopped, 0], name)
      }
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

/** An answer that starts, then runs until it is stopped, counting its pulls in `pulled`. */
const endlessOf = (pulled: { count: number }) =>
  Stream.suspend(() => {
    pulled.count++
    return Stream.concat(Stream.make<Array<UIMessageStream.Chunk>>({ type: "start" }), Stream.never)
  })

/** The last chunks of the answer started under `streamId` on the store in context, read to its end. */
const startedEndless = (streamId: string, owner: string, pulled: { count: number }) =>
  Effect.gen(function*() {
    const stream = yield* UIMessageStream.resumable(endlessOf(pulled), { streamId, owner })
    const chunks = Array.from(yield* Stream.runCollect(stream))
    return chunks.slice(-2).map((chunk) => chunk.type === "finish" ? `finish:${chunk.finishReason}` : chunk.type)
  })

describeRedisServer("a stop before its stream on Redis, as the stream starts", (url) => {
  const twoStores = Effect.gen(function*() {
    const prefix = freshPrefix(":")
    const a = yield* storeOf(StreamStore.layerRedis({ url: url(), ttl: "1 minute", prefix }))
    const b = yield* storeOf(StreamStore.layerRedis({ url: url(), ttl: "1 minute", prefix }))
    return [a, b] as const
  })

  it.live(
    "an answer reads the stops waiting in its create's round trip: one script from its start to its model",
    () =>
      Effect.gen(function*() {
        const [a] = yield* twoStores
        // The create, which reads the owner's stops waiting too (a read of its own was a second round trip, after it).
        assert.strictEqual(yield* scriptsToModel(a, "counted"), 1)
        // A store made of it with a `create` of its own, passing the options on: read in the create all the same.
        const passing: StreamStore.Service = { ...a, create: (streamId, options) => a.create(streamId, options) }
        assert.strictEqual(yield* scriptsToModel(passing, "counted-passing"), 1)
        // One whose `create` reads nothing (a store made before `read`): they are read after the create.
        const silent: StreamStore.Service = {
          ...a,
          create: (streamId, options) => Effect.asVoid(a.create(streamId, { owner: options?.owner }))
        }
        assert.strictEqual(yield* scriptsToModel(silent, "counted-silent"), 2)
        // Either way, a stop asked before the answer stops it: no model called.
        for (const [name, store] of [["passing", passing], ["silent", silent]] as const) {
          yield* StreamStore.stop(`stopped-${name}`, { owner: "ann" }).pipe(
            Effect.provideService(StreamStore.StreamStore, a)
          )
          const pulled = { count: 0 }
          const ended = yield* started(`stopped-${name}`, pulled).pipe(
            Effect.provideService(StreamStore.StreamStore, store)
          )
          assert.deepStrictEqual([ended, pulled.count], [stopped, 0], name)
        }
      }),
    30_000
  )

  /** The scripts Redis ran from the start of an answer under `streamId` on `store` to its model's call. */
  const scriptsToModel = (store: StreamStore.Service, streamId: string) =>
    Effect.gen(function*() {
      const scripts = scriptCalls(url())
      const before = yield* scripts
      let atModel = -1
      const answer = Stream.concat(
        Stream.fromEffectDrain(Effect.map(scripts, (now) => atModel = now - before)),
        answerOf({ count: 0 })
      )
      const stream = yield* UIMessageStream.resumable(answer, { streamId, owner: "ann" }).pipe(
        Effect.provideService(StreamStore.StreamStore, store)
      )
      yield* Stream.runDrain(stream)
      return atModel
    })

  it.live(
    "a stop racing its answer's start on another instance stops it, before its model or while it runs",
    () =>
      Effect.gen(function*() {
        const [a, b] = yield* twoStores
        const owner = `ann-${process.pid}`
        const outcomes = { beforeModel: 0, running: 0 }
        for (let index = 0; index < races; index++) {
          const pulled = { count: 0 }
          yield* race(`race-${index}`, owner, pulled, index % 8).pipe(
            Effect.provideService(Starter, a),
            Effect.provideService(Stopper, b)
          )
          if (pulled.count === 0) outcomes.beforeModel++
          else outcomes.running++
        }
        // Both ways happen: a stop kept before the create (read with it), and one after it (heard by the answer).
        assert.isAbove(outcomes.beforeModel, 0)
        assert.isAbove(outcomes.running, 0)
        // Each stop was taken, by its answer or by itself once it found its answer running: none waits for a later one.
        const kept = yield* a.get("early-stops.v2", { owner })
        const now = Date.now()
        assert.deepStrictEqual(Object.values(kept ?? {}).filter((until) => (until as number) > now), [])
      }),
    120_000
  )
})

const races = 120

class Starter extends Context.Service<Starter, StreamStore.Service>()("test/EarlyStops/Starter") {}
class Stopper extends Context.Service<Stopper, StreamStore.Service>()("test/EarlyStops/Stopper") {}

/**
 * The answer under `streamId` started on one instance and a stop of it asked on another at once, one of them
 * `lead % 4` milliseconds late (the stop for `lead` under 4, else the start): the answer ends stopped, never running on
 * (a stop lost).
 */
const race = (streamId: string, owner: string, pulled: { count: number }, lead: number) =>
  Effect.gen(function*() {
    const starter = yield* Starter
    const stopper = yield* Stopper
    const late = (effect: Effect.Effect<unknown, unknown>, late: boolean) =>
      late ? Effect.andThen(Effect.sleep(`${lead % 4} millis`), effect) : effect
    const start = startedEndless(streamId, owner, pulled).pipe(Effect.provideService(StreamStore.StreamStore, starter))
    const stop = StreamStore.stop(streamId, { owner }).pipe(Effect.provideService(StreamStore.StreamStore, stopper))
    const [ended] = yield* Effect.all([late(start, lead >= 4), late(stop, lead < 4)], { concurrency: 2 }).pipe(
      Effect.timeout("10 seconds")
    )
    assert.deepStrictEqual(ended, stopped, streamId)
  })

describeDurableStreams(
  "a stop before its stream on Durable Streams",
  (twoStores) => sharedSuite("two instances on one Durable Streams server", twoStores)
)
