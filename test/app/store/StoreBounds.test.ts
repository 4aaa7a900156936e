/**
 * The memory store is bounded (issue 43, item 5), the probe of the issue as a test: it keeps at most
 * `maxStreams` streams and `maxBytes` bytes of chunks, by default (the probe: 20,000 streams of 200 deltas
 * kept, +562 MB): past either, a start is refused with `StreamStoreError` `Full` (a 503 from the route), a
 * stream that cannot grow ends there, and room comes back as streams end and expire. (The Redis store's bound on
 * connections is in test/app/store/StreamStore.test.ts.)
 *
 * And it is shared fairly (issue 85, finding 4: 10,000 cookie-less answers in 69 s filled it, and every user got a
 * 503 for 10 minutes, without `Retry-After`): ended streams make room before they expire (the first ended first,
 * an owner past its share its own), an owner holds at most its share, and only open streams filling a bound
 * refuse a start, with `retryAfterMillis` (the 503's `Retry-After`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Stream } from "effect"
import { ChatEndpoint, StreamStore } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
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
        // No answer has ended yet: room is expected within the first guess of an answer's time, 10 s.
        assert.strictEqual(refused.retryAfterMillis, 10_000)
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

  it.live("streams of 200 deltas past maxStreams: ended ones make room, first ended first; open ones are refused", () =>
    Effect.gen(function*() {
      // A TTL none of them reaches: room is made by ending, not by expiry, however slow the machine.
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute", maxStreams: 50 }))
      const deltas = Array.from({ length: 200 }, (_, i) => delta(`word ${i} `))
      const answer = (id: string) =>
        Effect.gen(function*() {
          yield* store.create(id)
          yield* store.append(id, deltas)
          yield* store.end(id, "completed")
        })
      yield* Effect.forEach(Array.from({ length: 80 }, (_, i) => `p${i}`), answer)
      // All 80 were kept; the first 30 to end made room for the last 30, which are whole.
      for (const id of ["p0", "p29"]) assert.strictEqual((yield* Effect.flip(store.read(id)))._tag, "StreamNotFound")
      for (const id of ["p30", "p79"]) assert.strictEqual(yield* Effect.flatMap(store.read(id), Stream.runCount), 200)
      // Open streams are never evicted: 50 open, the 51st is refused, and kept nothing.
      yield* Effect.forEach(Array.from({ length: 50 }, (_, i) => `open${i}`), (id) => store.create(id))
      const refused = yield* Effect.flip(store.create("one-more"))
      assert.strictEqual(refused.reason, "Full")
      assert.strictEqual((yield* Effect.flip(store.read("one-more")))._tag, "StreamNotFound")
      yield* store.append("open0", deltas)
      // One ends: its room is taken by the next start (it is evicted at once, ended first of all).
      yield* store.end("open0", "completed")
      yield* store.create("after-an-end")
      assert.strictEqual((yield* Effect.flip(store.read("open0")))._tag, "StreamNotFound")
      assert.strictEqual((yield* Effect.flip(store.create("one-more"))).reason, "Full")
    }))

  it.live("kept values (put): an owner past its share is refused; no other owner's value is pushed out", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ maxStreams: 100, maxStreamsPerOwner: 10 }))
      yield* store.put("alice-form", { asked: true }, { ttl: "1 minute", owner: "alice" })
      const mallory = { ttl: "1 minute" as const, owner: "mallory" }
      for (let i = 0; i < 10; i++) yield* store.put(`m${i}`, i, mallory)
      const refused = yield* Effect.flip(store.put("m10", 10, mallory))
      assert.strictEqual(refused.reason, "Full")
      assert.include(refused.message, "this owner's share")
      // Putting one of hers again replaces it: no room taken.
      yield* store.put("m3", "again", mallory)
      // Owners of their own, one each, fill the store: refused at its bound, Alice's value still kept.
      const full = yield* Effect.flip(
        Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) => store.put("form", i, { ttl: "1 minute", owner: `anonymous-${i}` })
        )
      )
      assert.strictEqual(full.reason, "Full")
      assert.deepStrictEqual(yield* store.get("alice-form", { owner: "alice" }), { asked: true })
      assert.strictEqual(yield* store.get("m3", { owner: "mallory" }), "again")
    }))

  it.live("one owner filling the store refuses no other: its share, then its own ended streams make room", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ maxStreams: 100, maxStreamsPerOwner: 10 }))
      const mallory = { owner: "mallory" }
      // Ten open streams are her share; the eleventh is refused whatever room the store has.
      for (let i = 0; i < 10; i++) yield* store.create(`m${i}`, mallory)
      const refused = yield* Effect.flip(store.create("m10", mallory))
      assert.strictEqual(refused.reason, "Full")
      assert.include(refused.message, "maxStreamsPerOwner")
      // Ended, they make room for her next ones, hers first: she never holds more than ten.
      for (let i = 0; i < 10; i++) yield* store.end(`m${i}`, "completed", mallory)
      for (let i = 10; i < 1_000; i++) {
        yield* store.create(`m${i}`, mallory)
        yield* store.end(`m${i}`, "completed", mallory)
      }
      assert.strictEqual((yield* Effect.flip(store.read("m989", mallory)))._tag, "StreamNotFound")
      assert.strictEqual(yield* Effect.flatMap(store.read("m990", mallory), Stream.runCount), 0)
      // The probe: 10,000 answers, each of an owner of its own (no session cookie), all ended: Alice starts hers.
      for (let i = 0; i < 10_000; i++) {
        const owner = { owner: `anonymous-${i}` }
        yield* store.create("chat", owner)
        yield* store.end("chat", "completed", owner)
      }
      yield* store.create("chat", { owner: "alice" })
      // Ninety open streams of nine owners and ten ended ones: the store has room for ten more starts.
      for (let i = 0; i < 90; i++) yield* store.create(`o${i}`, { owner: `owner-${i % 9}` })
      for (let i = 0; i < 9; i++) yield* store.create(`more${i}`, { owner: `new-${i}` })
      assert.strictEqual((yield* Effect.flip(store.create("last", { owner: "bob" }))).reason, "Full")
    }))

  it.live("an owner's bytes: past its share, its own ended streams go first, then its append is refused", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ maxBytesPerOwner: 10_000 }))
      const kilobyte = delta("x".repeat(1_000))
      const mallory = { owner: "mallory" }
      yield* store.create("old", mallory)
      yield* store.append("old", Array.from({ length: 6 }, () => kilobyte), mallory)
      yield* store.end("old", "completed", mallory)
      yield* store.create("new", mallory)
      yield* store.append("new", Array.from({ length: 6 }, () => kilobyte), mallory)
      assert.strictEqual((yield* Effect.flip(store.read("old", mallory)))._tag, "StreamNotFound")
      const full = yield* Effect.flip(store.append("new", Array.from({ length: 6 }, () => kilobyte), mallory))
      assert.strictEqual(full._tag === "StreamStoreError" && full.reason, "Full")
      assert.include(full.message, "maxBytesPerOwner")
      // Another owner's stream grows as before.
      yield* store.create("new", { owner: "alice" })
      yield* store.append("new", Array.from({ length: 9 }, () => kilobyte), { owner: "alice" })
    }))

  it.live("over HTTP: a start past the bound (open streams) is a 503, and a stream that outgrows maxBytes ends there", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const model = replay.serve({ headers: { "content-type": "text/event-stream" }, ...App.chatBody(40), delayMs: 5 })
      // An answer of a second (25 ms a delta), open while a loaded machine sends the next request.
      const paced = replay.serve({ headers: { "content-type": "text/event-stream" }, ...App.chatBody(40), delayMs: 25 })
      const one = yield* App.instance(yield* storeOf(StreamStore.layerMemory({ maxStreams: 1 })), paced)
      // The first answer is open while the second is asked for.
      const first = yield* Effect.promise(() => fetch(`${one.url}/chat/a`, { method: "POST" }))
      const refused = yield* Effect.promise(() => fetch(`${one.url}/chat/b`, { method: "POST" }))
      assert.strictEqual(refused.status, 503)
      assert.include(((yield* Effect.promise(() => refused.json())) as { error: string }).error, "full")
      assert.strictEqual((yield* Effect.promise(() => App.readChunks(first))).at(-1)?.type, "finish")
      // Ended, it makes room.
      const second = yield* Effect.promise(async () =>
        App.readChunks(await fetch(`${one.url}/chat/b`, { method: "POST" }))
      )
      assert.strictEqual(second.at(-1)?.type, "finish")
      // 40 deltas do not fit in 1,000 bytes: the stream ends, the generation stops.
      const small = yield* App.instance(yield* storeOf(StreamStore.layerMemory({ maxBytes: 1_000 })), model)
      const cut = yield* Effect.promise(async () =>
        App.readChunks(await fetch(`${small.url}/chat/c`, { method: "POST" }))
      )
      assert.isAbove(cut.length, 3)
      assert.isBelow(cut.length, 40)
      assert.isTrue(yield* App.until(() => small.endings.length === 1))
    }))

  it.live(
    "ChatEndpoint: 200 answers without a session cookie leave room for the next user; open ones a 503 with Retry-After",
    () =>
      Effect.gen(function*() {
        const app = (delayMs: number) =>
          ChatEndpoint.layer({}).pipe(
            Layer.provide(TestKit.scripted([{ text: "Hello there." }], { delayMs })),
            Layer.provide(StreamStore.layerMemory({ maxStreams: 50 })),
            Layer.provide(EndpointApp.collecting([]))
          )
        const post = (served: EndpointApp.Served, id: string) =>
          Effect.promise(async () => {
            const body = JSON.stringify({
              id,
              messages: [{ id: `${id}-u`, role: "user", parts: [{ type: "text", text: "Hi" }] }]
            })
            const response = await served.fetch(`${served.url}/api/chat`, { method: "POST", body })
            return {
              status: response.status,
              retryAfter: response.headers.get("retry-after"),
              body: await response.text()
            }
          })
        const quick = yield* EndpointApp.viaWebHandler(app(0))
        const statuses = yield* Effect.forEach(Array.from({ length: 200 }, (_, i) => `flood-${i}`), (id) =>
          post(quick, id))
        assert.deepStrictEqual(
          statuses.filter((answer) =>
            answer.status !== 200
          ),
          []
        )
        assert.strictEqual((yield* post(quick, "alice")).status, 200)
        // Fifty answers running (a slow model, 400 ms between events: seconds each): the next, 500 ms after they were
        // sent, is refused, told when to try again, in a sentence.
        const slow = yield* EndpointApp.viaWebHandler(app(400))
        const running = yield* Effect.forkChild(
          Effect.forEach(Array.from({ length: 50 }, (_, i) => `open-${i}`), (id) => post(slow, id), { concurrency: 50 })
        )
        yield* Effect.sleep("500 millis")
        const refused = yield* post(slow, "bob")
        assert.strictEqual(refused.status, 503)
        assert.strictEqual(refused.retryAfter, "10")
        assert.strictEqual(refused.body, "Too many answers are running now; try again shortly.")
        yield* Fiber.join(running)
      }),
    { timeout: 30_000 }
  )
})
