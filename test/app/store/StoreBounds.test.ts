/**
 * The memory store is bounded (issue 43, item 5), the probe of the issue as a test: it keeps at most
 * `maxStreams` streams and `maxBytes` bytes of chunks, by default (the probe: 20,000 streams of 200 deltas
 * kept, +562 MB): past either, a start is refused with `StreamStoreError` `Full` (a 503 from the route), a
 * stream that cannot grow ends there, and room comes back as streams expire. (The Redis store's bound on
 * connections is in test/app/store/StreamStore.test.ts.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as App from "../../support/ResumableApp.js"
import { storeOf } from "../../support/Stores.js"

const delta = (text: string) => ({ type: "text-delta", id: "t", delta: text })

describe("StreamStore.layerMemory is bounded", () => {
  it.live(
    "by default: the 10,001st stream is refused with Full, and so is a stream past 128 MiB",
    () =>
      Effect.gen(function*() {
        const store = yield* storeOf(StreamStore.layerMemory())
        for (let i = 0; i < StreamStore.defaultMaxStreams; i++) yield* store.create(`s${i}`)
        const refused = yield* Effect.flip(store.create("one-more"))
        assert.strictEqual(refused.reason, "Full")
        assert.include(refused.message, "maxStreams")
        const read = yield* Effect.flip(store.read("one-more"))
        assert.strictEqual(read._tag, "StreamNotFound")
        // Bytes: 64 KiB deltas (one string, so the test holds little) until the store is full.
        const big = delta("x".repeat(64 * 1024))
        const bytes = yield* storeOf(StreamStore.layerMemory())
        yield* bytes.create("big")
        let appended = 0
        const full = yield* Effect.flip(
          Effect.forever(Effect.andThen(bytes.append("big", [big]), Effect.sync(() => appended++)))
        )
        assert.strictEqual(full._tag === "StreamStoreError" && full.reason, "Full")
        assert.include(full.message, "maxBytes")
        // Each counts its 64 KiB and a few bytes of names and punctuation.
        assert.isAtLeast(appended, StreamStore.defaultMaxBytes / (65 * 1024))
        assert.isAtMost(appended, StreamStore.defaultMaxBytes / (64 * 1024))
        // What is left fits a small chunk, not another big one, in any stream.
        yield* bytes.create("next")
        const refusedBig = yield* Effect.flip(bytes.append("next", [big]))
        assert.strictEqual(refusedBig._tag === "StreamStoreError" && refusedBig.reason, "Full")
        yield* bytes.append("next", [delta("small")])
        // What was kept is whole; ending frees nothing until the stream expires.
        yield* bytes.end("big", "completed")
        assert.strictEqual(yield* Effect.flatMap(bytes.read("big"), Stream.runCount), appended)
      }),
    { timeout: 20_000 }
  )

  it.live("streams of 200 deltas past maxStreams are refused, not kept; room comes back as they expire", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "200 millis", maxStreams: 50 }))
      const deltas = Array.from({ length: 200 }, (_, i) => delta(`word ${i} `))
      const outcomes = yield* Effect.forEach(
        Array.from({ length: 80 }, (_, i) => `p${i}`),
        (id) =>
          Effect.gen(function*() {
            yield* store.create(id)
            yield* store.append(id, deltas)
            yield* store.end(id, "completed")
            return "kept"
          }).pipe(Effect.catch((error) => Effect.succeed(error._tag === "StreamStoreError" ? error.reason : "?")))
      )
      assert.strictEqual(outcomes.filter((outcome) => outcome === "kept").length, 50)
      assert.strictEqual(outcomes.filter((outcome) => outcome === "Full").length, 30)
      yield* Effect.sleep("250 millis")
      yield* store.create("after-expiry")
    }))

  it.live("over HTTP: a start past the bound is a 503, and a stream that outgrows maxBytes ends there", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const model = replay.serve({ headers: { "content-type": "text/event-stream" }, ...App.chatBody(40), delayMs: 0 })
      const one = yield* App.instance(yield* storeOf(StreamStore.layerMemory({ maxStreams: 1 })), model)
      const first = yield* Effect.promise(async () =>
        App.readChunks(await fetch(`${one.url}/chat/a`, { method: "POST" }))
      )
      assert.strictEqual(first.at(-1)?.type, "finish")
      const refused = yield* Effect.promise(() => fetch(`${one.url}/chat/b`, { method: "POST" }))
      assert.strictEqual(refused.status, 503)
      assert.include(((yield* Effect.promise(() => refused.json())) as { error: string }).error, "full")
      // 40 deltas do not fit in 1,000 bytes: the stream ends, the generation stops.
      const small = yield* App.instance(yield* storeOf(StreamStore.layerMemory({ maxBytes: 1_000 })), model)
      const cut = yield* Effect.promise(async () =>
        App.readChunks(await fetch(`${small.url}/chat/c`, { method: "POST" }))
      )
      assert.isAbove(cut.length, 3)
      assert.isBelow(cut.length, 40)
      assert.isTrue(yield* App.until(() => small.endings.length === 1))
    }))
})
