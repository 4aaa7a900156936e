/**
 * One conformance suite for every stream store: in memory, and on Redis Streams against a real `redis-server`
 * (Debian's package, started here on a free port; skipped, with the reason in the test names, where it is not
 * installed), and on the Durable Streams reference server and the library's own `DurableStreams.layer`. Append, read in order from any cursor, a stream's tail
 * (count, end, generation), wait for live chunks, two readers, expiry after the end, checked writes (`write`:
 * Stream-Seq, producers, an end with its chunks), `delete`, an expiry set (`expire`), a stop asked on another
 * instance (heard through `stopped` and `onStopUnsafe`), and, for Redis, the server going away mid-stream, the
 * readers of one instance sharing a few connections (the probe of issue 43: 300 readers held 303 connections),
 * counted with `CLIENT LIST`, and appends that do not wait for the store (`waitForStore: false`) with Redis holding
 * its writes (`CLIENT PAUSE`) or refusing them.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Redacted, Result, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { calls, cli, redis } from "../../support/RedisServer.js"
import {
  describeDurableStreams,
  describeRedis,
  failureOf,
  freshPrefix,
  ownEndpoint,
  storeOf,
  type TwoStores
} from "../../support/Stores.js"
import * as TestPaths from "../../support/TestPaths.js"
import { until } from "../../support/Until.js"

type Service = StreamStore.Service

const chunk = (index: number) => ({ type: "text-delta", id: "t", delta: `piece ${index}` })
const chunks = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => chunk(from + i))

const collect = (store: Service, streamId: string, after?: number) =>
  Effect.flatMap(store.read(streamId, { after }), (stream) => Stream.runCollect(stream))

/** The first `n` chunks a reader of the stream gets (waiting for them while the stream is open). */
const firstOf = (store: Service, streamId: string, n: number) =>
  Effect.flatMap(store.read(streamId), (stream) => Stream.runCollect(Stream.take(stream, n)))

/** How an answer appends: without waiting for the store to hold each batch. */
const unwaited = { waitForStore: false }

let streams = 0
const newId = () => `stream-${process.pid}-${++streams}-${Math.random().toString(36).slice(2)}`

/**
 * The suite, for stores made by `make`: two instances sharing one store (two clients of one Redis; the same
 * store in memory, where one process is one instance).
 */
const conformance = (name: string, make: TwoStores) =>
  // Its expiry tests read a value kept for 100 ms at once, and a stream ended to expire in 400 ms at once: on a loaded
  // machine (the full test run) a server's answer can come later than that, so each test has two more tries; a
  // store that breaks a rule fails all three.
  describe(name, { retry: 2 }, () => {
    it.live("write: after the last Stream-Seq, once per producer's seq, ended with its chunks; delete", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const write = a.write!
        const id = newId()
        const owner = { owner: "alice" }
        yield* a.create(id, owner)
        const producer = (seq: number, epoch = 0) => ({ owner: "alice", producer: { id: "p", epoch, seq } })
        assert.deepStrictEqual(yield* write(id, chunks(0, 2), { ...owner, seq: "b" }), {
          _tag: "Written",
          count: 2,
          ended: false
        })
        // Not after "b" (byte order: "B" < "b"): refused, nothing written.
        assert.deepStrictEqual(yield* b.write!(id, chunks(2, 3), { ...owner, seq: "B" }), { _tag: "SeqConflict" })
        assert.deepStrictEqual(yield* write(id, chunks(2, 3), producer(1)), { _tag: "SeqGap", expected: 0 })
        assert.strictEqual((yield* write(id, chunks(2, 3), producer(0)))._tag, "Written")
        // The same producer's seq again, from the other instance: taken once.
        const again = yield* b.write!(id, chunks(2, 3), producer(0))
        assert.deepStrictEqual(again, { _tag: "Duplicate", seq: 0, count: 3, ended: false })
        assert.deepStrictEqual(yield* write(id, chunks(3, 4), producer(1, 1)), { _tag: "EpochStart" })
        assert.strictEqual((yield* write(id, chunks(3, 4), producer(0, 1)))._tag, "Written")
        assert.deepStrictEqual(yield* write(id, chunks(4, 5), producer(5, 0)), { _tag: "StaleEpoch", epoch: 1 })
        // The last chunk and the end together.
        const last = yield* write(id, chunks(4, 5), { ...owner, end: true })
        assert.deepStrictEqual(last, { _tag: "Written", count: 5, ended: true })
        // Every chunk taken once, in order, and the end: read on the other instance.
        assert.deepStrictEqual(yield* Stream.runCollect(yield* b.read(id, owner)), chunks(0, 5))
        assert.deepStrictEqual(yield* write(id, chunks(5, 6), owner), { _tag: "Ended", count: 5 })
        yield* b.delete!(id, owner)
        assert.strictEqual((yield* Effect.flip(a.read(id, owner)))._tag, "StreamNotFound")
        assert.strictEqual((yield* Effect.flip(a.delete!(id, owner)))._tag, "StreamNotFound")
      }))

    it.live("expire: a stream gone at the instant set, its end not moving it (a store that sets one)", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        // `expire` is optional: a store without one has nothing to check here.
        if (a.expire === undefined) return
        const id = newId()
        yield* a.create(id)
        yield* a.append(id, chunks(0, 1))
        yield* a.expire(id, Date.now() + 400)
        yield* a.end(id, "completed")
        assert.deepStrictEqual(yield* collect(b, id), chunks(0, 1))
        yield* Effect.sleep(600)
        assert.strictEqual((yield* Effect.flip(b.read(id)))._tag, "StreamNotFound")
        assert.strictEqual((yield* Effect.flip(b.expire!(id, Date.now() + 1000)))._tag, "StreamNotFound")
        // Its id is free again.
        yield* b.create(id)
      }))

    it.live("put and get: a value kept under its key and owner, on every instance, until its ttl", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const key = newId()
        assert.isUndefined(yield* b.get(key))
        yield* a.put(key, { asked: "Deploy?", at: [1, 2] }, { ttl: "1 minute", owner: "alice" })
        assert.deepStrictEqual(yield* b.get(key, { owner: "alice" }), { asked: "Deploy?", at: [1, 2] })
        // Another owner's, or none: nothing is kept under it for them.
        assert.isUndefined(yield* b.get(key, { owner: "bob" }))
        assert.isUndefined(yield* b.get(key))
        // Put again: replaced.
        yield* b.put(key, "second", { ttl: "1 minute", owner: "alice" })
        assert.strictEqual(yield* a.get(key, { owner: "alice" }), "second")
        // Its own ttl, not the store's.
        yield* a.put(key, 3, { ttl: "100 millis" })
        assert.strictEqual(yield* b.get(key), 3)
        yield* Effect.sleep("250 millis")
        assert.isUndefined(yield* b.get(key))
        assert.strictEqual(yield* a.get(key, { owner: "alice" }), "second")
        // A key that is not a stream id is refused as one is.
        const refused = yield* Effect.flip(a.put("not a key*", 1, { ttl: "1 minute" }))
        assert.strictEqual(refused.reason, "InvalidId")
        assert.isUndefined(yield* a.get(key, { owner: "" }))
      }))

    it.live("swap: a value changed only from the one still kept, none lost of many at once on two instances", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const key = newId()
        const alice = { ttl: "1 minute" as const, owner: "alice" }
        // From none: taken once; from a value no longer kept, or another owner's, refused, nothing changed.
        assert.isTrue(yield* a.swap(key, undefined, { n: 0 }, alice))
        assert.isFalse(yield* b.swap(key, undefined, { n: 9 }, alice))
        assert.isFalse(yield* b.swap(key, { n: 1 }, { n: 9 }, alice))
        assert.isFalse(yield* b.swap(key, { n: 0 }, { n: 9 }, { ttl: "1 minute", owner: "bob" }))
        assert.deepStrictEqual(yield* b.get(key, alice), { n: 0 })
        // Ten writers on two instances, each adding one five times (read, then swap from what it read: other fibers run
        // between the two, in memory too).
        const add = (store: Service) =>
          Effect.gen(function*() {
            let tries = 0
            for (;;) {
              tries++
              const kept = (yield* store.get(key, alice)) as { readonly n: number }
              yield* Effect.yieldNow
              if (yield* store.swap(key, kept, { n: kept.n + 1 }, alice)) {
                return tries
              }
            }
          })
        const writers = Array.from({ length: 10 }, (_, i) =>
          Effect.replicateEffect(add(i % 2 === 0 ? a : b), 5))
        const tries = (yield* Effect.all(writers, { concurrency: "unbounded" })).flat()
        assert.deepStrictEqual(yield* a.get(key, alice), { n: 50 })
        // They met: some swaps were refused, and tried again.
        assert.isAbove(tries.reduce((sum, n) => sum + n, 0), 50)
        // A value put is swapped from as any other; one expired is none.
        yield* a.put(key, "put", alice)
        assert.isTrue(yield* b.swap(key, "put", "swapped", { ttl: "100 millis", owner: "alice" }))
        assert.strictEqual(yield* a.get(key, alice), "swapped")
        yield* Effect.sleep("250 millis")
        assert.isFalse(yield* a.swap(key, "swapped", "late", alice))
        assert.isTrue(yield* a.swap(key, undefined, "again", alice))
        assert.strictEqual(yield* b.get(key, alice), "again")
        const refused = yield* Effect.flip(a.swap("not a key*", undefined, 1, alice))
        assert.strictEqual(refused.reason, "InvalidId")
      }), 60_000)

    it.live("reads what was appended, in order, from the start or from any index, then ends", () =>
      Effect.gen(function*() {
        const [store] = yield* make("1 minute")
        const id = newId()
        yield* store.create(id)
        yield* store.append(id, chunks(0, 3))
        yield* store.append(id, [])
        yield* store.append(id, chunks(3, 700))
        yield* store.end(id, "completed")
        assert.deepStrictEqual(yield* collect(store, id), chunks(0, 700))
        assert.deepStrictEqual(yield* collect(store, id, 5), chunks(5, 700))
        assert.deepStrictEqual(yield* collect(store, id, 700), [])
        assert.deepStrictEqual(yield* collect(store, id, 9999), [])
        // An `after` that is not a whole number of chunks reads from the start.
        assert.deepStrictEqual(yield* collect(store, id, Number.NaN), chunks(0, 700))
        assert.deepStrictEqual(yield* collect(store, id, -3), chunks(0, 700))
        assert.deepStrictEqual(yield* collect(store, id, 2.5), chunks(0, 700))
        // Ending again does nothing; appending after the end is refused.
        yield* store.end(id, "aborted")
        const late = yield* Effect.flip(store.append(id, [chunk(700)]))
        assert.strictEqual(late._tag, "StreamStoreError")
        assert.strictEqual(late._tag === "StreamStoreError" && late.reason, "Ended")
        assert.deepStrictEqual(yield* collect(store, id), chunks(0, 700))
      }))

    it.live("refuses an id that could name another key or pattern, before it reaches the store", () =>
      Effect.gen(function*() {
        const [store] = yield* make("1 minute")
        const id = newId()
        yield* store.create(id)
        yield* store.append(id, chunks(0, 2))
        const hostile = [
          "",
          `${id}:x`,
          "*",
          `${id}*`,
          `stop:${id}`,
          `${id}\r\nFLUSHALL`,
          `${id}\n`,
          "a b",
          "x".repeat(StreamStore.maxIdLength + 1)
        ]
        for (const streamId of hostile) {
          assert.isFalse(StreamStore.isValidId(streamId), JSON.stringify(streamId.slice(0, 40)))
          for (
            const attempt of [
              store.create(streamId),
              store.append(streamId, [chunk(9)]),
              store.end(streamId, "aborted"),
              store.read(streamId),
              store.stop(streamId),
              store.stopped(streamId)
            ] as ReadonlyArray<Effect.Effect<unknown, StreamStore.StreamStoreError | StreamStore.StreamNotFound>>
          ) {
            const error = yield* Effect.flip(attempt)
            assert.strictEqual(error._tag, "StreamStoreError")
            assert.strictEqual(error._tag === "StreamStoreError" && error.reason, "InvalidId")
            assert.isAtMost(error.message.length, 300)
          }
        }
        assert.isTrue(StreamStore.isValidId("x".repeat(StreamStore.maxIdLength)))
        assert.isTrue(StreamStore.isValidId("0b9d6a2e-6c1f-4f7e-9a43-1d2b3c4d5e6f"))
        // The stream under the valid id is untouched.
        yield* store.end(id, "completed")
        assert.deepStrictEqual(yield* collect(store, id), chunks(0, 2))
      }))

    it.live("two creates at once over an ended stream, on two instances: one opens it, the other AlreadyExists", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        for (let round = 0; round < 12; round++) {
          const id = newId()
          yield* a.create(id)
          yield* a.end(id, "completed")
          const both = yield* Effect.all([Effect.exit(a.create(id)), Effect.exit(b.create(id))], { concurrency: 2 })
          const opened = both.filter(Exit.isSuccess).length
          assert.strictEqual(
            opened,
            1,
            `round ${round}: ${
              both.map((exit) => failureOf(exit) ?? "opened")
            }`
          )
          for (const exit of both) {
            if (Exit.isFailure(exit)) {
              assert.match(failureOf(exit)!, /^AlreadyExists: /)
            }
          }
        }
      }), 60_000)

    it.live("create replacing what was looked at: the ended generation read, or none; another made since refused", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const id = newId()
        const alice = { owner: "alice" }
        const refused = (exit: Exit.Exit<unknown, StreamStore.StreamStoreError>) =>
          assert.match(failureOf(exit) ?? "opened", /^AlreadyExists: /)
        // None looked at: opened where none is; refused where one is, open or ended.
        yield* a.create(id, { ...alice, replacing: null })
        refused(yield* Effect.exit(b.create(id, { ...alice, replacing: null })))
        yield* a.end(id, "completed", alice)
        const first = (yield* b.tail!(id, alice)).generation
        refused(yield* Effect.exit(b.create(id, { ...alice, replacing: null })))
        // Another tab's create (any ended one) since the look: the look's generation is refused; the new one's taken.
        yield* b.create(id, alice)
        yield* b.end(id, "completed", alice)
        const second = (yield* a.tail!(id, alice)).generation
        assert.notStrictEqual(second, first)
        refused(yield* Effect.exit(a.create(id, { ...alice, replacing: first })))
        yield* a.create(id, { ...alice, replacing: second })
        // Open, it is refused to any.
        refused(yield* Effect.exit(b.create(id, { ...alice, replacing: second })))
        assert.strictEqual((yield* b.tail!(id, alice)).ended, false)
        // Two at once replacing the one ended generation: one opens it.
        yield* a.end(id, "completed", alice)
        const third = (yield* a.tail!(id, alice)).generation
        const both = yield* Effect.all([
          Effect.exit(a.create(id, { ...alice, replacing: third })),
          Effect.exit(b.create(id, { ...alice, replacing: third }))
        ], { concurrency: 2 })
        assert.strictEqual(both.filter(Exit.isSuccess).length, 1)
      }))

    it.live("create reading a kept value: as it stands once the stream is created, the owner's; a bad key refused", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const [key, alice] = [newId(), { owner: "alice" }]
        yield* a.put(key, { stops: 1 }, { ttl: "1 minute", ...alice })
        // On the other instance: the value the owner keeps, read with the create; none of another owner's.
        assert.deepStrictEqual(yield* b.create(newId(), { ...alice, read: key }), {
          read: Result.succeed({ stops: 1 })
        })
        assert.deepStrictEqual(yield* b.create(newId(), { owner: "bob", read: key }), {
          read: Result.succeed(undefined)
        })
        // Changed since: the create reads it as it is now. Without `read`, nothing is read.
        yield* b.put(key, { stops: 2 }, { ttl: "1 minute", ...alice })
        assert.deepStrictEqual(yield* a.create(newId(), { ...alice, read: key }), {
          read: Result.succeed({ stops: 2 })
        })
        assert.isUndefined(yield* a.create(newId(), alice))
        // A key no value is kept under (as `put` refuses it): refused before a stream is created.
        const id = newId()
        assert.strictEqual((yield* Effect.flip(a.create(id, { ...alice, read: "not a key*" }))).reason, "InvalidId")
        yield* a.create(id, alice)
      }))

    it.live("refuses a second stream under the id of an open one, replaces an ended one", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const id = newId()
        yield* a.create(id)
        yield* a.append(id, chunks(0, 3))
        const error = yield* Effect.flip(b.create(id))
        assert.strictEqual(error.reason, "AlreadyExists")
        yield* a.stop(id)
        yield* a.end(id, "aborted")
        yield* b.create(id)
        yield* b.append(id, chunks(10, 12))
        yield* b.end(id, "completed")
        assert.deepStrictEqual(yield* collect(a, id), chunks(10, 12))
        // The replaced stream's stop is forgotten.
        yield* b.create(id)
        const stopped = yield* Effect.forkChild(b.stopped(id))
        yield* Effect.sleep("50 millis")
        assert.isUndefined(stopped.pollUnsafe())
      }))

    it.live("tail: the chunks a stream holds, whether it ended, a generation of its own, on every instance", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const tail = (store: Service) =>
          store.tail!
        const id = newId()
        const unknown = yield* Effect.flip(tail(b)(newId()))
        assert.strictEqual(unknown._tag, "StreamNotFound")
        yield* a.create(id, { owner: "ann" })
        const empty = yield* tail(b)(id, { owner: "ann" })
        assert.deepStrictEqual([empty.count, empty.ended], [0, false])
        assert.match(empty.generation, /^[0-9A-Za-z]{1,32}$/)
        // Another owner's stream is not there for them.
        assert.strictEqual((yield* Effect.flip(tail(b)(id, { owner: "bob" })))._tag, "StreamNotFound")
        yield* a.append(id, chunks(0, 3), { owner: "ann" })
        yield* a.append(id, chunks(3, 5), { owner: "ann" })
        assert.deepStrictEqual(yield* tail(b)(id, { owner: "ann" }), { ...empty, count: 5 })
        yield* a.end(id, "completed", { owner: "ann" })
        // An ended stream's writer has handed on nothing it does not hold; a live one's at most `ahead` more.
        assert.isAtLeast(empty.ahead ?? -1, 0)
        assert.deepStrictEqual(yield* tail(b)(id, { owner: "ann" }), { ...empty, count: 5, ended: true, ahead: 0 })
        // Started again under the id: another generation, however many streams came before.
        yield* b.create(id, { owner: "ann" })
        const again = yield* tail(a)(id, { owner: "ann" })
        assert.deepStrictEqual([again.count, again.ended], [0, false])
        assert.notStrictEqual(again.generation, empty.generation)
      }))

    it.live("a reader waits for live chunks and ends with the stream; two readers on two instances get it all", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const id = newId()
        yield* a.create(id)
        yield* a.append(id, chunks(0, 2))
        const first = yield* Effect.forkChild(collect(a, id))
        const second = yield* Effect.forkChild(collect(b, id, 1))
        yield* Effect.sleep("50 millis")
        for (let i = 2; i < 12; i++) {
          yield* a.append(id, [chunk(i)])
        }
        yield* Effect.sleep("20 millis")
        yield* a.append(id, chunks(12, 20))
        yield* a.end(id, "completed")
        assert.deepStrictEqual(yield* Fiber.join(first), chunks(0, 20))
        assert.deepStrictEqual(yield* Fiber.join(second), chunks(1, 20))
      }))

    it.live("an unknown id and an expired one fail alike; a stream expires ttl after its end", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("300 millis")
        const unknown = yield* Effect.flip(a.read(newId()))
        assert.strictEqual(unknown._tag, "StreamNotFound")
        const id = newId()
        yield* a.create(id)
        yield* a.append(id, chunks(0, 4))
        yield* a.end(id, "completed")
        yield* Effect.sleep("100 millis")
        assert.strictEqual((yield* collect(b, id)).length, 4)
        yield* Effect.sleep("350 millis")
        const expired = yield* Effect.flip(b.read(id))
        assert.strictEqual(expired._tag, "StreamNotFound")
        assert.strictEqual(expired._tag === "StreamNotFound" && expired.streamId, id)
        assert.strictEqual(expired._tag, unknown._tag)
        const stop = yield* Effect.flip(b.stop(id))
        assert.strictEqual(stop._tag, "StreamNotFound")
      }))

    it.live("a reader holding every chunk of an ended stream ends cleanly when it pulls the end after the expiry", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("300 millis")
        const id = newId()
        yield* a.create(id)
        yield* a.append(id, chunks(0, 4))
        yield* a.end(id, "completed")
        // A slow client: its last chunk handed on, the end is pulled only once the stream has expired.
        const read = yield* b.read(id)
        const slow = Stream.mapEffect(
          read,
          (chunk, index) =>
            index === 3 ? Effect.as(Effect.sleep("450 millis"), chunk) : Effect.succeed(chunk)
        )
        assert.deepStrictEqual(yield* Stream.runCollect(slow), chunks(0, 4))
      }))

    it.live("a stop asked on another instance reaches the writer within 1 s, also one asked before it listened", () =>
      Effect.gen(function*() {
        const [a, b] = yield* make("1 minute")
        const id = newId()
        yield* a.create(id)
        const stopped = yield* Effect.forkChild(a.stopped(id))
        yield* Effect.sleep("50 millis")
        assert.isUndefined(stopped.pollUnsafe())
        const asked = Date.now()
        yield* b.stop(id)
        yield* Fiber.join(stopped).pipe(Effect.timeout("1 second"))
        assert.isBelow(Date.now() - asked, 1000)
        // A writer that listens after the stop was asked still sees it.
        const early = newId()
        yield* a.create(early)
        yield* b.stop(early)
        yield* a.stopped(early).pipe(Effect.timeout("1 second"))
        // A stop of an ended stream does nothing.
        yield* a.end(early, "aborted")
        yield* b.stop(early)
      }))

    it.live(
      "onStopUnsafe calls back once for a stop asked on another instance, at once for one asked before it listened, never once it stopped listening",
      () =>
        Effect.gen(function*() {
          const [a, b] = yield* make("1 minute")
          const listen = a.onStopUnsafe!
          const id = newId()
          yield* a.create(id)
          const heard: Array<string> = []
          listen(id, undefined, () =>
            heard.push("writer"))
          const stopListening = listen(id, undefined, () =>
            heard.push("gone"))
          stopListening()
          yield* Effect.sleep("50 millis")
          assert.deepStrictEqual(heard, [])
          yield* b.stop(id)
          yield* Effect.sleep("20 millis")
          yield* b.stop(id)
          assert.isTrue(yield* until(() => heard.length > 0, 1_000))
          yield* Effect.sleep("100 millis")
          assert.deepStrictEqual(heard, ["writer"])
          // A writer that listens after the stop was asked hears it all the same.
          const early = newId()
          yield* a.create(early)
          yield* b.stop(early)
          listen(early, undefined, () => heard.push("early"))
          assert.isTrue(yield* until(() => heard.length === 2, 1_000))
          // An unknown id, one no store takes, a stream that ended unstopped: nothing to hear.
          const ended = newId()
          yield* a.create(ended)
          yield* a.end(ended, "completed")
          for (const streamId of [newId(), "not an id*", ended]) listen(streamId, undefined, () => heard.push(streamId))
          yield* Effect.sleep("100 millis")
          assert.deepStrictEqual(heard, ["writer", "early"])
        })
    )
  })

conformance(
  "StreamStore.layerMemory",
  (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)
)

it.live("without a layer, the memory store runs", () =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    assert.strictEqual(Duration.toMillis(store.ttl), Duration.toMillis(StreamStore.defaultTtl))
    const id = newId()
    yield* store.create(id)
    yield* store.append(id, [chunk(0)])
    yield* store.end(id, "completed")
    assert.deepStrictEqual(yield* collect(store, id), [chunk(0)])
  }))

it("no module imports the redis package by name: it is loaded when a Redis store is built, never otherwise", () => {
  const files = (dir: string): Array<string> =>
    Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(Path.join(dir, entry.name)) : [Path.join(dir, entry.name)]
    )
  const src = Path.join(TestPaths.root, "src")
  const named = /from\s+"(?:redis|@redis\/[^"]+)"|(?:import|require)\s*\(\s*"(?:redis|@redis\/[^"]+)"/
  const offenders = files(src).filter((file) => file.endsWith(".ts") && named.test(Fs.readFileSync(file, "utf8")))
  assert.deepStrictEqual(offenders, [])
  // Imported by a name held in a variable (`NodeModules.load`), which no bundler follows.
  assert.match(
    Fs.readFileSync(Path.join(src, "app", "store", "RedisConnection.ts"), "utf8"),
    /NodeModules\.load<RedisModule>\(clientSpecifier\)/
  )
})

/** The connections the Redis at `url` has open, from `CLIENT LIST` (redis-cli's own not counted). */
const connections = (url: string) =>
  Effect.map(cli(url, "CLIENT", "LIST"), (list) => list.trim().split("\n").length - 1)

/** Two instances on a Redis of the test's own, and a stream that `a` writes, holding `written` (chunk 0). */
const writeOnA = (written: ReadonlyArray<StreamStore.StoredChunk> = [chunk(0)]) =>
  Effect.gen(function*() {
    const server = yield* redis
    const a = yield* storeOf(StreamStore.layerRedis({ url: server.url }))
    const b = yield* storeOf(StreamStore.layerRedis({ url: server.url }))
    const id = newId()
    yield* a.create(id)
    yield* a.append(id, written)
    return { a, b, id, server }
  })

/**
 * A store on a Redis of the test's own, its keys under `prefix`, and a stream it writes holding chunk 0; `remove`
 * deletes the stream from Redis under its writer (as when it expired, or Redis lost it).
 */
const writeAlone = (prefix: string) =>
  Effect.gen(function*() {
    const server = yield* redis
    const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix }))
    const id = newId()
    yield* store.create(id)
    yield* store.append(id, [chunk(0)])
    return { id, remove: cli(server.url, "DEL", `${prefix}stream:${id}`), server, store }
  })

/** A reader of the stream `id` of `store` from its start, attached: the exit of its whole read. */
const readerOf = (store: Service, id: string) =>
  Effect.tap(Effect.forkChild(Effect.exit(collect(store, id))), () => Effect.sleep("50 millis"))

describeRedis("StreamStore.layerRedis", (twoStores) => {
  conformance("conformance", twoStores)

  it.live(
    "300 readers on one instance, of 300 streams written on another, use at most 6 connections; each gets its stream",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const writer = yield* storeOf(StreamStore.layerRedis({ url: server.url }))
        const before = yield* connections(server.url)
        const reader = yield* storeOf(StreamStore.layerRedis({ url: server.url }))
        const ids = Array.from({ length: 300 }, (_, i) => `r${i}`)
        const text = (id: string, round: number) => ({ type: "text-delta", id: "t", delta: `${id}:${round}` })
        yield* Effect.forEach(ids, (id) => Effect.andThen(writer.create(id), writer.append(id, [text(id, 0)])), {
          concurrency: "unbounded"
        })
        // Forked one after another, by this fiber (a fiber forked under `concurrency` ends with its parent's fiber).
        const readers = yield* Effect.forEach(ids, (id) =>
          Effect.forkChild(Effect.flatMap(reader.read(id), Stream.runCollect)))
        for (let round = 1; round <= 3; round++) {
          yield* Effect.forEach(ids, (id) =>
            writer.append(id, [text(id, round)]), { concurrency: "unbounded" })
        }
        // The readers wait for the end, on the reading instance's connections: its command connection, its stop
        // listener, its read connections.
        const during = (yield* connections(server.url)) - before
        assert.isAtLeast(during, 3)
        assert.isAtMost(during, 2 + StreamStore.defaultReadConnections)
        yield* Effect.forEach(ids, (id) => writer.end(id, "completed"), { concurrency: "unbounded" })
        const read = yield* Effect.forEach(readers, Fiber.join)
        for (const [i, chunks] of read.entries()) {
          assert.deepStrictEqual(chunks, [0, 1, 2, 3].map((round) => text(ids[i]!, round)))
        }
      }),
    20_000
  )

  it.live(
    "a reader on the writer's instance gets each chunk as it is sent, not after Redis confirms it; the append completes once stored, a reader elsewhere gets it then",
    () =>
      Effect.gen(function*() {
        const { a, b, id, server } = yield* writeOnA()
        const here = yield* Effect.flatMap(a.read(id), (stream) => Stream.toPull(stream))
        const there = yield* Effect.flatMap(b.read(id), (stream) => Stream.toPull(stream))
        assert.deepStrictEqual(yield* here, [chunk(0)])
        assert.deepStrictEqual(yield* there, [chunk(0)])
        // Redis holds every write for two seconds (the append's script waits in it unanswered).
        const asked = Date.now()
        yield* cli(server.url, "CLIENT", "PAUSE", "2000", "WRITE")
        const paused = Date.now()
        const appending = yield* Effect.forkChild(a.append(id, [chunk(1), chunk(2)]))
        const reading = yield* Effect.forkChild(there)
        assert.deepStrictEqual(yield* here, [chunk(1), chunk(2)])
        assert.isBelow(Date.now() - paused, 1_000)
        assert.isUndefined(appending.pollUnsafe())
        // A reader starting here while a chunk is sent and not confirmed gets every chunk once, in order.
        const more = yield* Effect.forkChild(a.append(id, [chunk(3)]))
        const late = yield* Effect.forkChild(
          Effect.flatMap(a.read(id), (stream) => Stream.runCollect(Stream.take(stream, 4)))
        )
        yield* Fiber.join(appending)
        assert.isAtLeast(Date.now() - asked, 1_900)
        // The reader elsewhere got them from Redis once stored (with chunk 3, when its read came after).
        assert.deepStrictEqual((yield* Fiber.join(reading)).slice(0, 2), [chunk(1), chunk(2)])
        yield* Fiber.join(more)
        assert.deepStrictEqual(yield* Fiber.join(late), chunks(0, 4))
        yield* a.end(id, "completed")
        assert.deepStrictEqual(yield* collect(b, id), chunks(0, 4))
        assert.deepStrictEqual(yield* collect(a, id), chunks(0, 4))
      }),
    20_000
  )

  it.live(
    "a reader of a stream its own instance writes leaves the instance's blocked read of other streams alone (no CLIENT UNBLOCK, no read again)",
    () =>
      Effect.gen(function*() {
        const { a, b, id, server } = yield* writeOnA()
        const unblocks = calls(server.url, "client|unblock")
        // B reads A's stream: one of B's lanes blocks in an XREAD for it.
        const remote = yield* Effect.forkChild(collect(b, id))
        yield* Effect.sleep("100 millis")
        const before = yield* unblocks
        // B's own streams, read on B: fed by B's writer, not read from Redis.
        for (let index = 0; index < 8; index++) {
          const own = newId()
          yield* b.create(own)
          const reader = yield* Effect.forkChild(collect(b, own))
          yield* Effect.sleep("10 millis")
          yield* b.append(own, [chunk(0)])
          yield* b.end(own, "completed")
          assert.deepStrictEqual(yield* Fiber.join(reader), [chunk(0)])
        }
        assert.strictEqual((yield* unblocks) - before, 0)
        yield* a.append(id, [chunk(1)])
        yield* a.end(id, "completed")
        assert.deepStrictEqual(yield* Fiber.join(remote).pipe(Effect.timeout("10 seconds")), chunks(0, 2))
      }),
    20_000
  )

  it.live(
    "a stream another instance appended to before its writer did: a reader on the writer's instance gets that chunk too",
    () =>
      Effect.gen(function*() {
        const { a, b, id } = yield* writeOnA([])
        yield* b.append(id, [chunk(0)])
        assert.deepStrictEqual(yield* firstOf(a, id, 1).pipe(Effect.timeout("10 seconds")), [chunk(0)])
      }),
    20_000
  )

  it.live(
    "a stream appended to from another instance as well: a reader on its writer's instance gets every chunk once, in order",
    () =>
      Effect.gen(function*() {
        const { a, b, id } = yield* writeOnA()
        yield* b.append(id, [chunk(1)])
        const reader = yield* Effect.forkChild(firstOf(a, id, 4))
        yield* Effect.sleep("50 millis")
        yield* a.append(id, [chunk(2)])
        yield* b.append(id, [chunk(3)])
        assert.deepStrictEqual(yield* Fiber.join(reader).pipe(Effect.timeout("10 seconds")), chunks(0, 4))
      }),
    20_000
  )

  it.live(
    "an append Redis refuses fails with its error, and the writer's readers on its instance at once; what the writer appends next follows what Redis holds",
    () =>
      Effect.gen(function*() {
        const { id, remove, server, store } = yield* writeAlone("gone:")
        const reader = yield* readerOf(store, id)
        yield* remove
        const refused = yield* Effect.flip(store.append(id, [chunk(1)]))
        assert.strictEqual(refused._tag, "StreamNotFound")
        // At once: not at the next check of quiet streams (once a second).
        const exit = yield* Fiber.join(reader).pipe(Effect.timeout("250 millis"))
        assert.deepStrictEqual(exit, Exit.fail(refused))
        const again = yield* Effect.flip(store.append(id, [chunk(2)]))
        assert.strictEqual(again._tag, "StreamNotFound")
        assert.strictEqual(yield* cli(server.url, "EXISTS", `gone:stream:${id}`), "0\n")
      })
  )

  it.live(
    "an append not waiting for the store completes at once, its chunks handed to the readers here; the end waits until Redis holds every chunk",
    () =>
      Effect.gen(function*() {
        const { a, b, id, server } = yield* writeOnA()
        const here = yield* Effect.forkChild(firstOf(a, id, 20))
        yield* Effect.sleep("100 millis")
        const asked = Date.now()
        yield* cli(server.url, "CLIENT", "PAUSE", "2000", "WRITE")
        const paused = Date.now()
        for (let i = 1; i < 20; i++) yield* a.append(id, [chunk(i)], unwaited)
        assert.deepStrictEqual(yield* Fiber.join(here), chunks(0, 20))
        assert.isBelow(Date.now() - paused, 1_000)
        const ending = yield* Effect.forkChild(a.end(id, "completed"))
        yield* Effect.sleep("200 millis")
        assert.isUndefined(ending.pollUnsafe())
        yield* Fiber.join(ending)
        assert.isAtLeast(Date.now() - asked, 1_900)
        // Every chunk stored, in order, before the end.
        assert.deepStrictEqual(yield* collect(b, id), chunks(0, 20))
      }),
    20_000
  )

  /**
   * Asserts that, Redis holding every write for two seconds, `within` (appended without waiting for the store) completes
   * at once, and `past` (appended after it) once Redis has stored what came before it.
   */
  const waitsPast = (within: ReadonlyArray<StreamStore.StoredChunk>, past: StreamStore.StoredChunk) =>
    Effect.gen(function*() {
      const { a, b, id, server } = yield* writeOnA()
      const asked = Date.now()
      yield* cli(server.url, "CLIENT", "PAUSE", "2000", "WRITE")
      const paused = Date.now()
      for (const item of within) yield* a.append(id, [item], unwaited)
      assert.isBelow(Date.now() - paused, 1_000)
      const waiting = yield* Effect.forkChild(a.append(id, [past], unwaited))
      yield* Effect.sleep("200 millis")
      assert.isUndefined(waiting.pollUnsafe())
      yield* Fiber.join(waiting)
      assert.isAtLeast(Date.now() - asked, 1_900)
      yield* a.end(id, "completed")
      assert.deepStrictEqual(yield* collect(b, id), [chunk(0), ...within, past])
    })

  it.live(
    "an append not waiting for the store waits once 512 chunks are not yet stored",
    () => waitsPast(chunks(1, 513), chunk(513)),
    20_000
  )

  it.live(
    "one append of 600 chunks hands the readers here 512 until Redis holds some: no more than the tail's ahead",
    () =>
      Effect.gen(function*() {
        const { a, b, id, server } = yield* writeOnA()
        const received: Array<StreamStore.StoredChunk> = []
        const reading = yield* Effect.forkChild(
          Effect.flatMap(a.read(id), (stream) =>
            Stream.runForEach(Stream.take(stream, 601), (item) => Effect.sync(() => received.push(item))))
        )
        yield* Effect.sleep("100 millis")
        const asked = Date.now()
        // Three seconds: the readers here are waited for (up to two), then seen to have no more while Redis holds.
        yield* cli(server.url, "CLIENT", "PAUSE", "3000", "WRITE")
        const appending = yield* Effect.forkChild(a.append(id, chunks(1, 601), unwaited))
        const handed = yield* until(() =>
          received.length >= 1 + 512, 2_000)
        assert.isTrue(handed)
        // Redis holds chunk 0; the readers here have 512 more, as far ahead as another instance's tail allows.
        assert.strictEqual(received.length, 1 + 512)
        const held = yield* b.tail!(id)
        assert.deepStrictEqual([held.count, held.ended, held.ahead], [1, false, 512])
        assert.isUndefined(appending.pollUnsafe())
        yield* Fiber.join(appending)
        assert.isAtLeast(Date.now() - asked, 2_900)
        yield* Fiber.join(reading)
        assert.deepStrictEqual(received, chunks(0, 601))
        yield* a.end(id, "completed")
        assert.deepStrictEqual(yield* collect(b, id), chunks(0, 601))
      }),
    20_000
  )

  it.live(
    "an append not waiting for the store waits once 1 MiB of JSON is not yet stored",
    () => {
      // Five of 200,041 characters each: under 1 MiB (1,048,576 characters); a sixth is past it.
      const large = (index: number) => ({ type: "text-delta", id: "t", delta: `${index}`.padEnd(200_000, "x") })
      return waitsPast([1, 2, 3, 4, 5].map(large), large(6))
    },
    20_000
  )

  it.live(
    "an append not waiting for the store that Redis refuses fails the readers here at once, and the writer at its next append or its end",
    () =>
      Effect.gen(function*() {
        for (const next of ["append", "end"] as const) {
          const { id, remove, store } = yield* writeAlone("refused:")
          const reader = yield* readerOf(store, id)
          yield* remove
          yield* store.append(id, [chunk(1)], unwaited)
          // At once: once Redis refuses, not at the next check of quiet streams (once a second).
          const exit = yield* Fiber.join(reader).pipe(Effect.timeout("250 millis"))
          const told = yield* Effect.flip(
            next === "append" ? store.append(id, [chunk(2)], unwaited) : store.end(id, "completed")
          )
          assert.strictEqual(told._tag, "StreamNotFound", next)
          assert.deepStrictEqual(exit, Exit.fail(told))
        }
      }),
    20_000
  )

  it.live(
    "a writer has one append under way at a time: nothing is sent after one Redis refuses (EVALSHA calls counted)",
    () =>
      Effect.gen(function*() {
        const { id, remove, server, store } = yield* writeAlone("one:")
        yield* remove
        const before = yield* calls(server.url, "evalsha")
        // The first append waits in Redis; the others come while it does.
        yield* cli(server.url, "CLIENT", "PAUSE", "1500", "WRITE")
        yield* store.append(id, [chunk(1)], unwaited)
        yield* Effect.sleep("100 millis")
        yield* store.append(id, [chunk(2)], unwaited)
        yield* store.append(id, [chunk(3)], unwaited)
        const told = yield* Effect.flip(store.end(id, "completed"))
        assert.strictEqual(told._tag, "StreamNotFound")
        yield* Effect.sleep("100 millis")
        assert.strictEqual((yield* calls(server.url, "evalsha")) - before, 1)
      }),
    20_000
  )

  it.live(
    "each write sends its script's digest (EVALSHA), not its source; after Redis flushes its scripts, writes go on, nothing lost or doubled",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const store = yield* storeOf(StreamStore.layerRedis({ url: server.url }))
        const id = newId()
        yield* store.create(id)
        yield* store.append(id, [chunk(0)])
        // As after a restart of Redis: it no longer has the scripts the store loaded.
        yield* cli(server.url, "SCRIPT", "FLUSH")
        yield* store.append(id, [chunk(1)])
        yield* store.append(id, [chunk(2), chunk(3)])
        yield* store.end(id, "completed")
        assert.deepStrictEqual(yield* collect(store, id), chunks(0, 4))
        // create, three appends, end, and the read's last entry and page by digest; the append, the end and the
        // read's two scripts, whose digest Redis no longer knew, sent their source once each (the second append found
        // the script the first one's EVAL loaded again). A reader hub's check of quiet streams, were one due
        // meanwhile (once a second), would add one of each.
        assert.include([7, 8], yield* calls(server.url, "evalsha"))
        assert.include([4, 5], yield* calls(server.url, "eval"))
      })
  )

  it.live("a stop of an earlier stream under an id, however late it arrives, stops no later one", () =>
    Effect.gen(function*() {
      const server = yield* redis
      const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix: "late:" }))
      // A client of the stop channel that records what the store publishes, to deliver it again later.
      const listener = ChildProcess.spawn("redis-cli", ["-u", server.url, "--csv", "SUBSCRIBE", "late:stop"])
      yield* Effect.addFinalizer(() => Effect.sync(() => listener.kill()))
      let heard = ""
      listener.stdout.on("data", (data: Buffer) => heard += data.toString())
      yield* Effect.promise(() => new Promise((resolve) => listener.stdout.once("data", resolve)))
      const id = newId()
      yield* store.create(id)
      yield* store.stop(id)
      yield* store.end(id, "aborted")
      const message = yield* Effect.gen(function*() {
        while (!heard.includes("\"message\"")) yield* Effect.sleep("10 millis")
        return JSON.parse(`[${heard.trim().split("\n").at(-1)!}]`)[2] as string
      }).pipe(Effect.timeout("10 seconds"))
      // A new stream under the id, and the first stream's stop delivered only now.
      yield* store.create(id)
      const stopped = yield* Effect.forkChild(store.stopped(id))
      yield* Effect.sleep("50 millis")
      yield* cli(server.url, "PUBLISH", "late:stop", message)
      yield* Effect.sleep("100 millis")
      assert.isUndefined(stopped.pollUnsafe())
      yield* store.stop(id)
      // Its own stop does stop it (waited for: the 1 s bound is the conformance tests').
      yield* Fiber.join(stopped).pipe(Effect.timeout("10 seconds"))
    }))

  /** A Redis of the test's own, a stream written on instance `a` holding chunks 0 to 2, read on `a` and twice on `b`. */
  const readOnTwoInstances = Effect.gen(function*() {
    const { a, b, id, server: own } = yield* writeOnA(chunks(0, 3))
    const readers = yield* Effect.forEach([a, b, b], (store) => Effect.forkChild(Effect.exit(collect(store, id))))
    yield* Effect.sleep("100 millis")
    return { a, id, own, readers }
  })

  /** Asserts that every reader failed with `Unavailable` within 5 s. */
  const allUnavailable = (
    readers: ReadonlyArray<Fiber.Fiber<Exit.Exit<unknown, StreamStore.StreamStoreError | StreamStore.StreamNotFound>>>
  ) =>
    Effect.forEach(readers, (reader) =>
      Effect.map(Fiber.join(reader).pipe(Effect.timeout("5 seconds")), (exit) => {
        const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
        assert.strictEqual(error?._tag, "Fail")
        const failure = error?._tag === "Fail" ? error.error : undefined
        assert.strictEqual(failure?._tag === "StreamStoreError" && failure.reason, "Unavailable")
      }))

  it.live(
    "Redis going away mid-stream fails every reader and the writer with a typed error within 5 s",
    () =>
      Effect.gen(function*() {
        const { a, id, own, readers } = yield* readOnTwoInstances
        const killed = Date.now()
        own.kill()
        yield* allUnavailable(readers)
        assert.isBelow(Date.now() - killed, 5000)
        const write = yield* Effect.flip(a.append(id, [chunk(3)]).pipe(Effect.timeout("5 seconds")))
        assert.strictEqual(write._tag, "StreamStoreError")
        // A new store cannot be built on the dead server: a typed error, not a hang.
        const url = own.url.replace("redis://", "redis://user:hunter2-secret@")
        const build = yield* Effect.flip(Effect.scoped(storeOf(StreamStore.layerRedis({ url: Redacted.make(url) }))))
        assert.strictEqual(build.reason, "Unavailable")
        assert.notInclude(build.message, "hunter2")
      }),
    20_000
  )

  it.live(
    "a frozen Redis (connections open, nothing answers): the writer and every reader fail with Unavailable, 'no answer within', in 5 s",
    () =>
      Effect.gen(function*() {
        const { a, id, own, readers } = yield* readOnTwoInstances
        own.signal("SIGSTOP")
        const frozen = Date.now()
        const write = yield* Effect.flip(a.append(id, [chunk(3)]).pipe(Effect.timeout("8 seconds")))
        const waited = Date.now() - frozen
        assert.strictEqual(write._tag, "StreamStoreError")
        assert.strictEqual(write._tag === "StreamStoreError" && write.reason, "Unavailable")
        assert.include(write.message, "Redis is unavailable: no answer within 5000 ms")
        assert.isAtLeast(waited, 4_900)
        assert.isBelow(waited, 6_500)
        yield* allUnavailable(readers)
        own.signal("SIGCONT")
      }),
    20_000
  )
})

describeDurableStreams("StreamStore.layerDurableStreams", (twoStores) => {
  conformance("conformance", twoStores)
})

// The store on the library's own endpoint (`DurableStreams.layer` on the memory store, over a socket): each read's
// ETag in the protocol's form, so the store checks its stream and range.
conformance(
  "StreamStore.layerDurableStreams on DurableStreams.layer",
  (ttl) =>
    Effect.gen(function*() {
      const { url } = yield* ownEndpoint
      const options = { url: `${url}/v1/stream`, ttl, prefix: freshPrefix("/") }
      const a = yield* storeOf(StreamStore.layerDurableStreams(options))
      const b = yield* storeOf(StreamStore.layerDurableStreams(options))
      return [a, b] as const
    })
)
