/**
 * No answer has readers without bound: a hostile client (or a page reconnecting in a loop without closing) opening
 * reader after reader of one answer held a fiber, a wait and a socket each. A store bounds its readers at once on an
 * instance (`maxReadersPerStream`, default 16; `maxReadersPerOwner`, by default 2 for each stream an owner may hold): past one, a read is refused with
 * `TooManyReaders`, a 429 with its sentence from the routes a browser reconnects through (`ChatEndpoint`'s resume
 * GET, AG-UI's `resumeResponse`), logged; a reader gives its slot back as its connection closes, so open-and-close
 * cycles leak none; readers already reading lose nothing. On the memory store and a real `redis-server` (skipped,
 * saying so in its name, where none is installed).
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Scheduler, Stream } from "effect"
import type { Scope } from "effect"
import { ChatEndpoint, DurableStreams, StreamStore } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as MemoryStreamStore from "../../../src/app/store/MemoryStreamStore.js"
import * as AgUiApp from "../../support/AgUiResumableApp.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { describeRedisServer, freshPrefix, storeOf } from "../../support/Stores.js"

/** A store of the test's backing store with `bounds` (a fresh prefix each on Redis). */
type MakeStore = (
  bounds?: StreamStore.ReaderBounds
) => Effect.Effect<StreamStore.Service, StreamStore.StreamStoreError, Scope.Scope>

/** An answer's first chunks, up to its first content (a route answers once it has come). */
const head: ReadonlyArray<StreamStore.StoredChunk> = [
  { type: "start", messageId: "m1" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello " }
]
const deltas = Array.from({ length: 5 }, (_, i) => ({ type: "text-delta", id: "t", delta: `word ${i} ` }))

/** A live stream `id` of `owner` holding its first chunks. */
const opened = (store: StreamStore.Service, id: string, owner: string, first = head) =>
  Effect.andThen(store.create(id, { owner }), store.append(id, first, { owner }))

/** A reader of the store's API, running until interrupted: its chunks so far, its fiber. */
const reading = (store: StreamStore.Service, id: string, owner: string) =>
  Effect.gen(function*() {
    const chunks: Array<StreamStore.StoredChunk> = []
    const stream = yield* store.read(id, { owner })
    const fiber = yield* Effect.forkChild(Stream.runForEach(stream, (chunk) => Effect.sync(() => chunks.push(chunk))))
    // Started (holding its slot) once it has the first chunk.
    while (chunks.length === 0) yield* Effect.sleep(2)
    return { chunks, fiber }
  })

/** A response's body read up to its first Server-Sent Event, the rest left unread: the reader stays open. */
const firstEvent = async (response: Response): Promise<{ text: string; rest: () => Promise<string> }> => {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ""
  while (!text.includes("\n\n")) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  const rest = async () => {
    let more = text
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      more += decoder.decode(read.value, { stream: true })
    }
    return more
  }
  return { text, rest }
}

/** An open reader over HTTP: its first event, how to read the rest, how to close its connection. */
interface HttpReader {
  readonly first: string
  readonly rest: () => Promise<string>
  readonly close: () => void
}

/**
 * Opens a reader at `url` as `user`: retried while refused 429 (the slots of readers closed a moment ago coming
 * back), for at most 5 s; fails on any other status.
 */
const openReader = async (url: string, user: string): Promise<HttpReader> => {
  const until = Date.now() + 5_000
  while (true) {
    const abort = new AbortController()
    const response = await fetch(url, { headers: { "x-user": user }, signal: abort.signal })
    if (response.status === 200) {
      const { rest, text } = await firstEvent(response)
      return { first: text, rest, close: () => abort.abort() }
    }
    await response.body?.cancel()
    if (response.status !== 429 || Date.now() > until) throw new Error(`GET ${url} answered ${response.status}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Over HTTP at `url` (a live answer of `alice`): `bound` readers are admitted, the next is a 429 with its sentence
 * and `Retry-After`; `cycles` times, all close and as many are admitted again (none leaked); then the answer goes on
 * and ends, and an open reader has it whole. `append` and `end` write it.
 */
const boundOverHttp = (
  url: string,
  bound: number,
  writer: { readonly append: () => Promise<void>; readonly end: () => Promise<void> },
  cycles = 5
) =>
  Effect.promise(async () => {
    let readers: Array<HttpReader> = []
    for (let cycle = 0; cycle <= cycles; cycle++) {
      readers = []
      for (let i = 0; i < bound; i++) readers.push(await openReader(url, "alice"))
      const refused = await fetch(url, { headers: { "x-user": "alice" } })
      assert.strictEqual(refused.status, 429, `cycle ${cycle}`)
      assert.strictEqual(refused.headers.get("retry-after"), "1")
      assert.strictEqual(
        await refused.text(),
        "This answer is open in too many tabs or connections at once; close one and try again."
      )
      if (cycle < cycles) { for (const reader of readers) reader.close() }
    }
    // Nothing already reading lost anything: the answer goes on and ends, every open reader has it whole.
    await writer.append()
    await writer.end()
    const whole = await Promise.all(readers.map((reader) => reader.rest()))
    for (const text of whole) assert.include(text, "word 4")
    for (const reader of readers) assert.include(reader.first, "m1")
    return readers.length
  })

/** The Durable Streams routes over `store`, every request as `alice`, with `options`; disposed with the scope. */
const durableStreams = (store: StreamStore.Service, options: Omit<DurableStreams.Options, "owner">) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      DurableStreams.toWebHandler(
        DurableStreams.layer({ owner: () => Effect.succeed("alice"), ...options }).pipe(
          Layer.provide(Layer.succeed(StreamStore.StreamStore, store))
        )
      )
    ),
    (web) => Effect.promise(() => web.dispose())
  )

const suite = (name: string, makeStore: MakeStore) =>
  describe(name, () => {
    it.live("the store: a stream's readers past its bound are refused; a closed reader frees its slot", () =>
      Effect.gen(function*() {
        const store = yield* makeStore({ maxReadersPerStream: 4 })
        yield* opened(store, "answer", "alice")
        const readers = yield* Effect.forEach(Array.from({ length: 4 }), () => reading(store, "answer", "alice"))
        const refused = yield* Effect.flip(store.read("answer", { owner: "alice" }))
        assert.strictEqual(refused._tag === "StreamStoreError" && refused.reason, "TooManyReaders")
        assert.include(refused.message, "maxReadersPerStream")
        // The bound is the stream's: another owner's stream under the same id has readers of its own.
        yield* opened(store, "answer", "bob")
        yield* Fiber.interrupt((yield* reading(store, "answer", "bob")).fiber)
        // 50 readers opened and closed in turn: none leaked, the fifth slot still frees as a reader closes.
        yield* Fiber.interrupt(readers[0]!.fiber)
        for (let i = 0; i < 50; i++) yield* Fiber.interrupt((yield* reading(store, "answer", "alice")).fiber)
        const last = yield* reading(store, "answer", "alice")
        assert.strictEqual((yield* Effect.flip(store.read("answer", { owner: "alice" })))._tag, "StreamStoreError")
        // Readers reading when one was refused have every chunk.
        yield* store.append("answer", deltas, { owner: "alice" })
        yield* store.end("answer", "completed", { owner: "alice" })
        for (const reader of [...readers.slice(1), last]) {
          yield* Fiber.join(reader.fiber)
          assert.strictEqual(reader.chunks.length, 8)
        }
      }))

    it.live("the store: a reader interrupted as it takes its slot (its fiber yielding there) gives it back", () =>
      Effect.gen(function*() {
        // A fiber yields every `ops` steps, as every fiber does past Effect's budget (2,048): one yielding between
        // its slot taken and its release added, interrupted there (its client gone), kept the slot for good.
        const store = yield* makeStore({ maxReadersPerStream: 1 })
        yield* opened(store, "answer", "alice")
        for (let ops = 2; ops < 40; ops++) {
          for (let yields = 0; yields < 3; yields++) {
            const stream = yield* store.read("answer", { owner: "alice" })
            const fiber = yield* Effect.forkChild(
              Stream.runDrain(stream).pipe(Effect.provideService(Scheduler.MaxOpsBeforeYield, ops))
            )
            for (let i = 0; i < yields; i++) yield* Effect.yieldNow
            yield* Fiber.interrupt(fiber)
            const next = yield* Effect.result(Effect.flatMap(store.read("answer", { owner: "alice" }), Stream.runHead))
            assert.isTrue(next._tag === "Success", `a slot kept after ${ops} steps a yield, ${yields} yields`)
          }
        }
      }))

    it.live("the store: an owner's readers past its bound are refused on any of its streams, not another's", () =>
      Effect.gen(function*() {
        const store = yield* makeStore({ maxReadersPerOwner: 3 })
        for (const id of ["a", "b", "c", "d"]) yield* opened(store, id, "mallory")
        yield* opened(store, "a", "alice")
        const held = yield* Effect.forEach(["a", "b", "c"], (id) => reading(store, id, "mallory"))
        const refused = yield* Effect.flip(store.read("d", { owner: "mallory" }))
        assert.strictEqual(refused._tag === "StreamStoreError" && refused.reason, "TooManyReaders")
        assert.include(refused.message, "maxReadersPerOwner")
        yield* Fiber.interrupt((yield* reading(store, "a", "alice")).fiber)
        yield* Fiber.interrupt(held[2]!.fiber)
        yield* Fiber.interrupt((yield* reading(store, "d", "mallory")).fiber)
      }))

    it.live("the store: answers sharing one owner (an API key, a service) are not capped below the streams it may hold", () =>
      Effect.gen(function*() {
        // 80 answers at once of one owner, each read once: within the memory store's default share of streams (100),
        // and on a store that bounds no owner's streams. A fixed 64 readers an owner refused the 65th answer.
        const store = yield* makeStore()
        const ids = Array.from({ length: 80 }, (_, i) => `shared-${i}`)
        for (const id of ids) yield* opened(store, id, "service")
        const readers = yield* Effect.forEach(ids, (id) => reading(store, id, "service"))
        assert.strictEqual(readers.length, 80)
        yield* Effect.forEach(readers, (reader) => Fiber.interrupt(reader.fiber), { discard: true })
      }))

    it.live("ChatEndpoint's resume GET: 16 readers, the 17th a 429 and a log line; closed ones free their slots", () =>
      Effect.gen(function*() {
        const store = yield* makeStore()
        const lines: Array<EndpointApp.LogLine> = []
        const served = yield* EndpointApp.viaNode(
          ChatEndpoint.layer({
            owner: (request) =>
              Effect.succeed(request.headers["x-user"] ?? "nobody")
          }).pipe(
            Layer.provide(TestKit.scripted([{ text: "Hi." }])),
            Layer.provide(Layer.succeed(StreamStore.StreamStore, store)),
            Layer.provide(EndpointApp.collecting(lines))
          )
        )
        const owner = { owner: "alice" }
        yield* opened(store, "chat-1", "alice")
        const run = (effect: Effect.Effect<void, unknown>) => Effect.runPromise(Effect.orDie(effect))
        const open = yield* boundOverHttp(
          `${served.url}/api/chat/chat-1/stream`,
          StreamStore.defaultMaxReadersPerStream,
          {
            append: () => run(store.append("chat-1", deltas, owner)),
            end: () => run(store.end("chat-1", "completed", owner))
          }
        )
        assert.strictEqual(open, 16)
        const logged = lines.filter((line) => line.message.includes("answered 429"))
        assert.isAtLeast(logged.length, 1)
        assert.strictEqual(logged[0]!.level, "Warn")
        assert.include(logged[0]!.message, "too many readers")
        assert.isTrue(lines.some((line) => line.message.includes("stream store: a reader was refused")))
      }), { timeout: 30_000 })

    it.live("AG-UI's reconnect (resumeResponse): the same bound, a 429 past it; closed readers free their slots", () =>
      Effect.gen(function*() {
        const store = yield* makeStore({ maxReadersPerStream: 6 })
        const { url: model } = yield* AgUiApp.modelUrl
        const app = yield* AgUiApp.instance(store, model)
        const owner = { owner: "alice" }
        yield* opened(store, "run-1", "alice", [
          { type: "RUN_STARTED", threadId: "m1", runId: "run-1" },
          { type: "TEXT_MESSAGE_START", messageId: "x", role: "assistant" },
          { type: "TEXT_MESSAGE_CONTENT", messageId: "x", delta: "Hello " }
        ])
        const run = (effect: Effect.Effect<void, unknown>) =>
          Effect.runPromise(Effect.orDie(effect))
        const events = deltas.map((delta) => ({ type: "TEXT_MESSAGE_CONTENT", messageId: "x", delta: delta.delta }))
        const open = yield* boundOverHttp(`${app.url}/agent/runs/run-1/stream`, 6, {
          append: () =>
            run(store.append("run-1", events, owner)),
          end: () =>
            run(store.end("run-1", "completed", owner))
        })
        assert.strictEqual(open, 6)
      }), { timeout: 30_000 })

    it.live("the Durable Streams routes: a long-poll past the bound is a 429; ended ones free their slots", () =>
      Effect.gen(function*() {
        const store = yield* makeStore({ maxReadersPerStream: 2 })
        yield* opened(store, "answer-1", "alice")
        const web = yield* durableStreams(store, { longPollTimeout: "1 second" })
        const url = "http://app.test/v1/stream/answer-1"
        // Its tail, as the routes issue it (an offset names its stream's generation).
        const head = yield* Effect.promise(() =>
          web.handler(new Request(url, { method: "HEAD" }))
        )
        const tail = head.headers.get("stream-next-offset")!
        const longPoll = () =>
          web.handler(new Request(`${url}?offset=${tail}&live=long-poll`))
        // Two long-polls wait at the stream's tail, each a reader; a third is refused while they wait.
        const waiting = [longPoll(), longPoll()]
        yield* Effect.sleep(100)
        const refused = yield* Effect.promise(longPoll)
        assert.strictEqual(refused.status, 429)
        assert.include(
          yield* Effect.promise(() =>
            refused.text()
          ),
          "too many tabs or connections"
        )
        // Their waits over (204, nothing came), their slots are free: two wait again, then one is answered.
        for (
          const response of yield* Effect.promise(() => Promise.all(waiting))
        ) {
          assert.strictEqual(response.status, 204)
        }
        const again = [longPoll(), longPoll()]
        yield* Effect.sleep(100)
        yield* store.append("answer-1", deltas, { owner: "alice" })
        for (
          const response of yield* Effect.promise(() => Promise.all(again))
        ) {
          assert.strictEqual(response.status, 200)
          assert.include(yield* Effect.promise(() => response.text()), "word 4")
        }
      }), { timeout: 15_000 })

    it.live(
      "the Durable Streams routes: writes and catch-up reads take no slot while live readers fill the bound",
      () =>
        Effect.gen(function*() {
          // The conformance suite's mixed readers and writers: a POST looks up its stream's kind by a read, and a
          // catch-up GET reads a page; counted as readers, 20 at once met a bound of 16 and writes were refused 429.
          const store = yield* makeStore({ maxReadersPerStream: 2 })
          const web = yield* durableStreams(store, { writes: { prefix: "" } })
          const url = "http://app.test/v1/stream/notes"
          const send = (init?: RequestInit) =>
            Effect.promise(() =>
              web.handler(new Request(url, init))
            )
          const created = yield* send({ method: "PUT", headers: { "content-type": "text/plain" } })
          assert.strictEqual(created.status, 201)
          // Two long-polls wait at its tail: the bound is full.
          const tail = (yield* send({ method: "HEAD" })).headers.get("stream-next-offset")!
          const waiting = [0, 1].map(() => web.handler(new Request(`${url}?offset=${tail}&live=long-poll`)))
          yield* Effect.sleep(100)
          const third = yield* Effect.promise(() => web.handler(new Request(`${url}?offset=${tail}&live=long-poll`)))
          assert.strictEqual(third.status, 429)
          const answers = yield* Effect.promise(() =>
            Promise.all(Array.from({ length: 40 }, (_, i) =>
              i % 2 === 0
                ? web.handler(
                  new Request(url, { method: "POST", headers: { "content-type": "text/plain" }, body: `w${i};` })
                )
                : web.handler(new Request(url))))
          )
          answers.forEach((answer, i) =>
            assert.include(i % 2 === 0 ? [200, 204] : [200], answer.status, `request ${i}`)
          )
          const whole = yield* Effect.promise(() => web.handler(new Request(url)).then((response) => response.text()))
          for (let i = 0; i < 40; i += 2) assert.include(whole, `w${i};`)
          for (const response of yield* Effect.promise(() => Promise.all(waiting))) {
            assert.strictEqual(response.status, 200)
          }
        }),
      { timeout: 15_000 }
    )
  })

suite("readers of a memory store", (bounds) => storeOf(StreamStore.layerMemory({ ttl: "1 minute", ...bounds })))

// A store of an app's own given through `StreamStore.layer`: the same bounds (before, only the library's own layers
// bounded their readers; a service provided with `Layer.succeed` had none).
suite("readers of a store of your own (StreamStore.layer)", (bounds) =>
  storeOf(StreamStore.layer(
    MemoryStreamStore.make({
      ttl: Duration.minutes(1),
      maxStreams: 1_000,
      maxBytes: 64 * 1024 * 1024,
      maxStreamsPerOwner: 1_000,
      maxBytesPerOwner: 64 * 1024 * 1024
    }),
    bounds
  )))

describeRedisServer("readers on Redis", (url) =>
  suite(
    "on its store",
    (bounds) => storeOf(StreamStore.layerRedis({ url: url(), ttl: "1 minute", prefix: freshPrefix(":"), ...bounds }))
  ))
