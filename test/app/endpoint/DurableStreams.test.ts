/**
 * `DurableStreams.layer` read by `@durable-streams/client`: an answer `UIMessageStream.resumable` wrote on one
 * instance (the memory store; a real `redis-server` shared by two instances) is read from the other whole, then live
 * as it is written (long-poll, SSE), its end as `streamClosed`;
 * another owner, and a stream never written, get a 404; writes are refused where the app did not enable them. With
 * writes: a writer's headers bounded (a 400 that says which), and another owner's stream neither deleted nor forked.
 */
import { stream } from "@durable-streams/client"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Queue, Scope, Stream } from "effect"
import { DurableStreams, StreamStore, UIMessageStream } from "effect-llm-stream"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

type Chunk = UIMessageStream.Chunk

const chunks: ReadonlyArray<Chunk> = [
  { type: "start", messageId: "m1" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello " },
  { type: "text-delta", id: "t", delta: "world" },
  { type: "text-end", id: "t" },
  { type: "finish" }
]

/** Two instances' stores: one in memory (the same twice). */
const memoryStores: TwoStores = () => Effect.map(storeOf(StreamStore.layerMemory()), (store) => [store, store] as const)

/**
 * Two instances on `stores`: the answer written on the first, the layer's Web handler on the second, and a client
 * `fetch` through that handler as `user`.
 */
const setup = async (stores: TwoStores) => {
  const scope = Scope.makeUnsafe()
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
  const [writer, reader] = await Effect.runPromise(Scope.provide(stores("1 minute"), scope))
  const provided = Layer.succeed(StreamStore.StreamStore, writer)
  const web = await DurableStreams.toWebHandler(
    DurableStreams.layer({
      owner: (request) => Effect.succeed(request.headers["x-user"] ?? "nobody"),
      longPollTimeout: "2 seconds"
    }).pipe(Layer.provide(Layer.succeed(StreamStore.StreamStore, reader)))
  )
  const fetchAs = (user: string): typeof globalThis.fetch => (input, init) => {
    const request = new Request(input, init)
    request.headers.set("x-user", user)
    return web.handler(request)
  }
  /** Writes `self` as the answer `id` of `owner`; the stored stream as `resumable` serves it. */
  const answer = (id: string, owner: string, self: Stream.Stream<Chunk>) =>
    Effect.runPromise(UIMessageStream.resumable(self, { streamId: id, owner }).pipe(Effect.provide(provided)))
  return { web, fetchAs, answer }
}

const url = (id: string) => `http://app.test/v1/stream/${id}`

const suite = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it("serves an answer whole to its owner, closed once it ended", async () => {
      const { answer, fetchAs, web } = await setup(stores)
      const served = await answer("chat-1", "alice", Stream.fromIterable(chunks))
      const expected = await Effect.runPromise(Stream.runCollect(served))
      const response = await stream<Chunk>({ url: url("chat-1"), fetch: fetchAs("alice"), offset: "-1", live: false })
      assert.deepStrictEqual(await response.json(), [...expected])
      assert.isTrue(response.streamClosed)
      // The offset after its 6 chunks, of the stream stored under its name now (its generation after the `_`).
      assert.match(response.offset, /^0000000000000006_[0-9A-Za-z]{1,32}$/)
      await web.dispose()
    })

    it.each(["long-poll", "sse"] as const)("serves an answer live (%s) as it is written", async (live) => {
      const { answer, fetchAs, web } = await setup(stores)
      const queue = await Effect.runPromise(Queue.unbounded<Chunk, Cause.Done>())
      // An answer is served once its first content came (a failure before it is an HTTP status, nothing stored).
      const started = answer(`chat-2-${live}`, "alice", Stream.fromQueue(queue))
      Queue.offerAllUnsafe(queue, chunks.slice(0, 2))
      await started
      const response = await stream<Chunk>({
        url: url(`chat-2-${live}`),
        fetch: fetchAs("alice"),
        offset: "-1",
        live
      })
      const received: Array<Chunk> = []
      const closed = new Promise<void>((resolve) => {
        response.subscribeJson((batch) => {
          received.push(...batch.items)
          if (received.length === 2) {
            // Caught up: the rest is written only now, while the client waits.
            setTimeout(() => {
              Queue.offerAllUnsafe(queue, chunks.slice(2))
              Queue.endUnsafe(queue)
            }, 50)
          }
          if (batch.streamClosed) resolve()
        })
      })
      await closed
      assert.deepStrictEqual(received.slice(0, chunks.length), [...chunks])
      await web.dispose()
    })

    it("a chat's next answer, stored anew under its name, is no 304 to the first answer's ETag", async () => {
      const { answer, fetchAs, web } = await setup(stores)
      const read = async (id: string, ifNoneMatch?: string) => {
        const response = await fetchAs("alice")(url(id) + "?offset=-1", {
          headers: ifNoneMatch === undefined ? {} : { "if-none-match": ifNoneMatch }
        })
        return { status: response.status, etag: response.headers.get("etag")!, body: await response.text() }
      }
      await Effect.runPromise(Stream.runCollect(await answer("chat-next", "alice", Stream.fromIterable(chunks))))
      const first = await read("chat-next")
      assert.strictEqual(first.status, 200)
      // The next answer, as long as the first: the same range of the name, other chunks.
      const next = chunks.map((chunk) => chunk.type === "start" ? { ...chunk, messageId: "m2" } : chunk)
      await Effect.runPromise(Stream.runCollect(await answer("chat-next", "alice", Stream.fromIterable(next))))
      const second = await read("chat-next", first.etag)
      assert.strictEqual(second.status, 200)
      assert.notStrictEqual(second.etag, first.etag)
      assert.deepStrictEqual(JSON.parse(second.body)[0], { type: "start", messageId: "m2" })
      await web.dispose()
    })

    it("answers another owner's stream, and an unknown one, 404; writes 405 unless enabled", async () => {
      const { answer, fetchAs, web } = await setup(stores)
      const served = await answer("chat-3", "alice", Stream.fromIterable(chunks))
      await Effect.runPromise(Stream.runDrain(served))
      for (const [user, id] of [["mallory", "chat-3"], ["alice", "chat-none"]] as const) {
        const error = await stream({ url: url(id), fetch: fetchAs(user), offset: "-1", live: false }).then(
          () => undefined,
          (error: { readonly status?: number }) => error
        )
        assert.strictEqual(error?.status, 404)
        const head = await fetchAs(user)(url(id), { method: "HEAD" })
        assert.strictEqual(head.status, 404)
      }
      const put = await fetchAs("alice")(url("chat-4"), {
        method: "PUT",
        headers: { "content-type": "application/json" }
      })
      assert.strictEqual(put.status, 405)
      await web.dispose()
    })
  })

describe("DurableStreams over SSE, its store failing", () => {
  it("a read that fails after the response began ends it, its first events whole: the client reads on", async () => {
    const scope = Scope.makeUnsafe()
    afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
    const [store] = await Effect.runPromise(Scope.provide(memoryStores("1 minute"), scope))
    let reads = 0
    const down = (streamId: string) =>
      new StreamStore.StreamStoreError({ reason: "Unavailable", streamId, message: "down" })
    const failing: StreamStore.Service = {
      ...store,
      read: (streamId, options) => ++reads > 1 ? Effect.fail(down(streamId)) : store.read(streamId, options)
    }
    const web = await DurableStreams.toWebHandler(
      DurableStreams.layer({ owner: () => Effect.succeed("alice"), longPollTimeout: "2 seconds" }).pipe(
        Layer.provide(Layer.succeed(StreamStore.StreamStore, failing))
      )
    )
    const queue = await Effect.runPromise(Queue.unbounded<Chunk, Cause.Done>())
    Queue.offerAllUnsafe(queue, chunks.slice(0, 2))
    await Effect.runPromise(
      UIMessageStream.resumable(Stream.fromQueue(queue), { streamId: "sse-down", owner: "alice" }).pipe(
        Effect.provide(Layer.succeed(StreamStore.StreamStore, store))
      )
    )
    const response = await web.handler(new Request(`${url("sse-down")}?offset=-1&live=sse`))
    assert.strictEqual(response.status, 200)
    const text = await response.text()
    assert.include(text, "event: data")
    assert.include(text, "\"messageId\":\"m1\"")
    assert.notInclude(text, "streamClosed")
    await web.dispose()
  })
})

suite("DurableStreams on the memory store", memoryStores)
describeRedis("DurableStreams on Redis, written and read by two instances", (twoStores) => suite("reads", twoStores))

describe("DurableStreams writes", () => {
  const web = DurableStreams.toWebHandler(
    DurableStreams.layer({
      owner: (request) => Effect.succeed(request.headers["x-user"] ?? "nobody"),
      writes: { prefix: "notes-" }
    }).pipe(Layer.provide(StreamStore.layerMemory()))
  )
  afterAll(async () => (await web).dispose())
  const send = async (user: string, id: string, init: RequestInit) => {
    const request = new Request(url(id), init)
    request.headers.set("x-user", user)
    return (await web).handler(request)
  }
  const text = { "content-type": "text/plain" }

  it("a client's stream made again under its name: its old offsets are a 410; a fork's reads take its source's", async () => {
    // Made with a first append; a fork with none.
    const put = (id: string, headers: Record<string, string> = {}) =>
      send("alice", id, {
        method: "PUT",
        headers: { ...text, ...headers },
        ...(id.includes("fork") ? {} : { body: "one," })
      })
    const post = (id: string, body: string) => send("alice", id, { method: "POST", headers: text, body })
    const read = (id: string, offset: string) => send("alice", `${id}?offset=${offset}`, { method: "GET" })
    assert.strictEqual((await put("notes-gen")).status, 201)
    const old = (await post("notes-gen", "two,")).headers.get("stream-next-offset")!
    // A fork at the source's offset: it reads on from it, the same offset space up to where it forked.
    const fork = await put("notes-gen-fork", {
      "stream-forked-from": "/v1/stream/notes-gen",
      "stream-fork-offset": old
    })
    assert.strictEqual(fork.status, 201)
    assert.strictEqual(fork.headers.get("stream-next-offset"), old)
    assert.strictEqual((await post("notes-gen-fork", "fork,")).status, 204)
    assert.strictEqual(await (await read("notes-gen-fork", old)).text(), "fork,")
    // The fork deleted, then its source, which is made again under its name: longer, past the old offset's index.
    assert.strictEqual((await send("alice", "notes-gen-fork", { method: "DELETE" })).status, 204)
    assert.strictEqual((await send("alice", "notes-gen", { method: "DELETE" })).status, 204)
    assert.strictEqual((await put("notes-gen")).status, 201)
    await post("notes-gen", "three,")
    await post("notes-gen", "four,")
    const stale = await read("notes-gen", old)
    assert.strictEqual(stale.status, 410)
    assert.notInclude(await stale.text(), "four")
    // A fork at the old stream's offset is no position of the new one.
    const stranger = await put("notes-gen-fork2", {
      "stream-forked-from": "/v1/stream/notes-gen",
      "stream-fork-offset": old
    })
    assert.strictEqual(stranger.status, 400)
    // Its own offsets read on.
    const fresh = (await read("notes-gen", "-1")).headers.get("stream-next-offset")!
    await post("notes-gen", "five,")
    assert.strictEqual(await (await read("notes-gen", fresh)).text(), "five,")
  })

  it("refuses a writer's headers past their bounds with a 400 that names the header", async () => {
    assert.strictEqual((await send("alice", "notes-1", { method: "PUT", headers: text })).status, 201)
    const long = "x".repeat(257)
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ "stream-seq": long }, "Stream-Seq"],
      [{ "producer-id": long, "producer-epoch": "0", "producer-seq": "0" }, "Producer-Id"],
      [{ "producer-id": "p", "producer-epoch": "0", "producer-seq": "1e3" }, "Producer-Seq"],
      [{ "producer-id": "p", "producer-epoch": "99999999999999999", "producer-seq": "0" }, "Producer-Epoch"],
      [{ "producer-id": "p" }, "Producer-Id, Producer-Epoch and Producer-Seq"]
    ]
    for (const [headers, named] of cases) {
      const response = await send("alice", "notes-1", { method: "POST", headers: { ...text, ...headers }, body: "a" })
      assert.strictEqual(response.status, 400)
      assert.include(await response.text(), named)
    }
    for (
      const [headers, named] of [[{ "stream-ttl": "12345678901" }, "Stream-TTL"], [{
        "stream-expires-at": `2030-01-01T00:00:00.${"0".repeat(60)}Z`
      }, "Stream-Expires-At"], [
        { "stream-forked-from": "/v1/stream/notes-1", "stream-fork-sub-offset": "-1" },
        "Sub-Offset"
      ]] as const
    ) {
      const response = await send("alice", "notes-2", { method: "PUT", headers: { ...text, ...headers } })
      assert.strictEqual(response.status, 400)
      assert.include(await response.text(), named)
    }
    // Nothing was written by the refused appends.
    const read = await send("alice", "notes-1", { method: "GET" })
    assert.strictEqual(await read.text(), "")
  })

  it.each(["in the order made", "in reverse"] as const)(
    "lists every fork of a source made at once: the deleted source is held until its last fork goes (%s)",
    async (order) => {
      const source = `notes-src-${order === "in reverse" ? "r" : "f"}`
      assert.strictEqual((await send("alice", source, { method: "PUT", headers: text, body: "base" })).status, 201)
      const forks = Array.from({ length: 8 }, (_, index) => `${source}-fork-${index}`)
      const made = await Promise.all(
        forks.map((fork) =>
          send("alice", fork, { method: "PUT", headers: { ...text, "stream-forked-from": `/v1/stream/${source}` } })
        )
      )
      assert.deepStrictEqual(made.map((response) => response.status), forks.map(() => 201))
      assert.strictEqual((await send("alice", source, { method: "DELETE" })).status, 204)
      // Each fork, deleted in turn, leaves the source held (410) while another is there; the last lets it go (404).
      for (const fork of order === "in reverse" ? [...forks].reverse() : forks) {
        assert.strictEqual((await send("alice", source, { method: "GET" })).status, 410, `before ${fork} went`)
        assert.strictEqual((await send("alice", fork, { method: "DELETE" })).status, 204)
      }
      assert.strictEqual((await send("alice", source, { method: "GET" })).status, 404)
    }
  )

  it("refuses a write from a page of another origin (a form another site posts, with the owner's cookie)", async () => {
    const from = (origin: string, init: RequestInit) => ({ ...init, headers: { ...text, ...init.headers, origin } })
    assert.strictEqual((await send("alice", "notes-5", { method: "PUT", headers: text, body: "mine" })).status, 201)
    for (const init of [{ method: "POST", body: "x" }, { method: "DELETE" }, { method: "PUT" }] as const) {
      const response = await send("alice", "notes-5", from("https://evil.test", init))
      assert.strictEqual(response.status, 403, init.method)
      assert.include(await response.text(), "cross-origin writes")
    }
    // Its own origin writes; reads stay open.
    assert.strictEqual(
      (await send("alice", "notes-5", from("http://app.test", { method: "POST", body: "!" }))).status,
      204
    )
    const read = await send("alice", "notes-5", from("https://evil.test", { method: "GET" }))
    assert.strictEqual(await read.text(), "mine!")
    // An origin the app's cors lets in writes.
    const open = await DurableStreams.toWebHandler(
      DurableStreams.layer({
        owner: () => Effect.succeed("alice"),
        writes: { prefix: "notes-" },
        cors: { origins: ["https://editor.test"] }
      }).pipe(Layer.provide(StreamStore.layerMemory()))
    )
    const put = (origin: string) => open.handler(new Request(url("notes-6"), from(origin, { method: "PUT" })))
    assert.strictEqual((await put("https://evil.test")).status, 403)
    assert.strictEqual((await put("https://editor.test")).status, 201)
    await open.dispose()
  })

  it("keeps another owner's stream from being deleted, forked or written as a producer", async () => {
    await send("alice", "notes-3", { method: "PUT", headers: text, body: "mine" })
    assert.strictEqual((await send("mallory", "notes-3", { method: "DELETE" })).status, 404)
    const fork = await send("mallory", "notes-4", {
      method: "PUT",
      headers: { ...text, "stream-forked-from": "/v1/stream/notes-3" }
    })
    assert.strictEqual(fork.status, 404)
    const producer = { "producer-id": "p", "producer-epoch": "0", "producer-seq": "0" }
    const write = await send("mallory", "notes-3", { method: "POST", headers: { ...text, ...producer }, body: "x" })
    assert.strictEqual(write.status, 404)
    // Alice's producer starts at 0: mallory's write left no state.
    const first = await send("alice", "notes-3", { method: "POST", headers: { ...text, ...producer }, body: "!" })
    assert.strictEqual(first.status, 200)
    assert.strictEqual(await (await send("alice", "notes-3", { method: "GET" })).text(), "mine!")
    assert.strictEqual((await send("alice", "notes-3", { method: "DELETE" })).status, 204)
    assert.strictEqual((await send("alice", "notes-3", { method: "GET" })).status, 404)
  })
})

/**
 * A JSON append nested past `JsonDepth.maxDepth` is a 400, nothing stored: kept, a store that reads entries as hostile
 * (Redis, Durable Streams) failed every later read of the stream (a 503); one nested past what serializing it takes
 * was a 500.
 */
const deepWrites = (name: string, stores: TwoStores) =>
  it.live(`refuses a JSON value nested too deep with a 400; the stream reads on (${name})`, () =>
    Effect.gen(function*() {
      const [store] = yield* stores("1 minute")
      const web = yield* Effect.acquireRelease(
        Effect.promise(() =>
          DurableStreams.toWebHandler(
            DurableStreams.layer({ owner: () => Effect.succeed("alice"), writes: { prefix: "" } }).pipe(
              Layer.provide(Layer.succeed(StreamStore.StreamStore, store))
            )
          )
        ),
        (web) => Effect.promise(() => web.dispose())
      )
      const json = { "content-type": "application/json" }
      const send = (init: RequestInit) => Effect.promise(() => web.handler(new Request(url("deep"), init)))
      const text = (response: Response) => Effect.promise(() => response.text())
      assert.strictEqual((yield* send({ method: "PUT", headers: json, body: `[{"a":1}]` })).status, 201)
      for (const depth of [1_500, 2_000_000]) {
        const body = `{"x":${"[".repeat(depth)}${"]".repeat(depth)}}`
        const response = yield* send({ method: "POST", headers: json, body })
        assert.strictEqual(response.status, 400, `depth ${depth}`)
        assert.include(yield* text(response), "nested deeper")
      }
      const read = yield* send({ method: "GET" })
      assert.strictEqual(read.status, 200)
      assert.strictEqual(yield* text(read), `[{"a":1}]`)
    }).pipe(Effect.scoped))

describe("DurableStreams writes of deep JSON", () => deepWrites("in memory", memoryStores))
describeRedis("DurableStreams writes of deep JSON", (twoStores) => deepWrites("on Redis", twoStores))

/**
 * Two instances' stores of `base` (a memory store, twice) whose reads of the answer `id` go through `racing` until the
 * writer stored `next` as the answer `id` of alice anew (a chat's next answer) with the `replace` it is given;
 * `replaced` tells whether it did.
 */
const racingStores = (
  id: string,
  next: ReadonlyArray<Chunk>,
  racing: (read: StreamStore.Service["read"], replace: Effect.Effect<void>) => StreamStore.Service["read"],
  base: TwoStores = memoryStores
) => {
  let replaced = false
  const stores: TwoStores = (ttl) =>
    Effect.map(base(ttl), ([writer, store]) => {
      const owner = { owner: "alice" }
      const replace = Effect.sync(() => (replaced = true)).pipe(
        Effect.andThen(writer.delete!(id, owner)),
        Effect.andThen(writer.create(id, owner)),
        Effect.andThen(writer.append(id, next as unknown as ReadonlyArray<StreamStore.StoredChunk>, owner)),
        Effect.andThen(writer.end(id, "completed", owner)),
        Effect.orDie
      )
      const read = racing(store.read, replace)
      const reader: StreamStore.Service = {
        ...store,
        read: (streamId, options) =>
          streamId !== id || replaced ? store.read(streamId, options) : read(streamId, options)
      }
      return [writer, reader] as const
    })
  return { stores, replaced: () => replaced }
}

describe("DurableStreams ETags under a race", () => {
  it("a chat's answer stored anew while its first is read: that read's ETag is no 304 for the next answer", async () => {
    // The store replaces the answer (a chat's next, as long) just after the first read of it is taken, before the
    // read's ETag is made: the tag must name the generation the bytes came from, not the one after.
    const next = chunks.map((chunk) => chunk.type === "start" ? { ...chunk, messageId: "m2" } : chunk)
    const racing = racingStores(
      "chat-race",
      next,
      (read, replace) => (id, options) =>
        Effect.map(read(id, options), (chunks) => Stream.concat(chunks, Stream.drain(Stream.fromEffect(replace))))
    )
    const { answer, fetchAs, web } = await setup(racing.stores)
    await Effect.runPromise(Stream.runCollect(await answer("chat-race", "alice", Stream.fromIterable(chunks))))
    const read = async (ifNoneMatch?: string) => {
      const response = await fetchAs("alice")(url("chat-race") + "?offset=-1", {
        headers: ifNoneMatch === undefined ? {} : { "if-none-match": ifNoneMatch }
      })
      return { status: response.status, etag: response.headers.get("etag")!, body: await response.text() }
    }
    const first = await read()
    assert.strictEqual(first.status, 200)
    assert.deepStrictEqual(JSON.parse(first.body)[0], { type: "start", messageId: "m1" })
    assert.isTrue(racing.replaced())
    const second = await read(first.etag)
    assert.strictEqual(second.status, 200)
    assert.deepStrictEqual(JSON.parse(second.body)[0], { type: "start", messageId: "m2" })
    await web.dispose()
  })
})

/** An answer written as `queue` gives its chunks, served once its first came. */
const queued = async (
  answer: Awaited<ReturnType<typeof setup>>["answer"],
  id: string,
  first: ReadonlyArray<Chunk>
) => {
  const queue = await Effect.runPromise(Queue.unbounded<Chunk, Cause.Done>())
  Queue.offerAllUnsafe(queue, first)
  const served = await answer(id, "alice", Stream.fromQueue(queue))
  /** Writes `rest` and ends the answer; completes once it is stored whole. */
  const finish = (rest: ReadonlyArray<Chunk>) => {
    Queue.offerAllUnsafe(queue, rest)
    Queue.endUnsafe(queue)
    return Effect.runPromise(Stream.runDrain(served))
  }
  return finish
}

/**
 * A chat's answers under its one id, each stored anew (another generation): a client's offset into the first answer,
 * brought back once the next one started, is told so (410), on every read mode and by the official client, never
 * served the next answer's chunks from its index; an offset of the next answer reads on. Forged and malformed offsets
 * are refused alike.
 */
const generations = (stores: TwoStores) =>
  it("an offset of a chat's earlier answer is a 410 once its next answer started; the next one's reads on", async () => {
    const { answer, fetchAs, web } = await setup(stores)
    const get = (query: string) => fetchAs("alice")(url("chat-gen") + query)
    // The first answer, read to its third chunk by a client that then goes away; then it ends.
    const finishFirst = await queued(answer, "chat-gen", chunks.slice(0, 2))
    const early = await get("?offset=-1")
    assert.deepStrictEqual(await early.json(), chunks.slice(0, 2))
    const old = early.headers.get("stream-next-offset")!
    assert.match(old, /^0000000000000002_[0-9A-Za-z]{1,32}$/)
    await finishFirst(chunks.slice(2))
    // The chat's next answer, longer: read from the old offset's index, it has chunks of its own there.
    const second: ReadonlyArray<Chunk> = [
      { type: "start", messageId: "m2" },
      { type: "text-start", id: "u" },
      { type: "text-delta", id: "u", delta: "Second " },
      { type: "text-delta", id: "u", delta: "answer " },
      { type: "text-delta", id: "u", delta: "here" },
      { type: "text-end", id: "u" },
      { type: "finish" }
    ]
    const finishSecond = await queued(answer, "chat-gen", second.slice(0, 4))
    for (const query of [`?offset=${old}`, `?offset=${old}&live=long-poll`, `?offset=${old}&live=sse`]) {
      const response = await get(query)
      assert.strictEqual(response.status, 410, query)
      assert.notInclude(await response.text(), "Second", query)
    }
    // The official client is told as the protocol says: a 410 it does not retry, not a read of the next answer.
    const error = await stream<Chunk>({ url: url("chat-gen"), fetch: fetchAs("alice"), offset: old, live: false })
      .then(() => undefined, (error: { readonly status?: number }) => error)
    assert.strictEqual(error?.status, 410)
    // Forged (another generation, or one past what a generation is), malformed or long: never a read.
    const forged = `${old.slice(0, 17)}zz9`
    assert.strictEqual((await get(`?offset=${forged}`)).status, 410)
    for (
      const bad of [
        "0000000000000002",
        `${old}_x`,
        `${old.slice(0, 17)}${"a".repeat(33)}`,
        "9".repeat(17),
        "x".repeat(5000)
      ]
    ) {
      assert.strictEqual((await get(`?offset=${encodeURIComponent(bad)}`)).status, 400, bad.slice(0, 40))
    }
    // A client of the next answer: its offset, then what follows it, live, to the end.
    const fresh = await get("?offset=-1")
    assert.deepStrictEqual(await fresh.json(), second.slice(0, 4))
    const offset = fresh.headers.get("stream-next-offset")!
    assert.notStrictEqual(offset.slice(17), old.slice(17))
    const response = await stream<Chunk>({ url: url("chat-gen"), fetch: fetchAs("alice"), offset, live: "long-poll" })
    const received: Array<Chunk> = []
    const closed = new Promise<void>((resolve) =>
      response.subscribeJson((batch) => {
        received.push(...batch.items)
        if (batch.streamClosed) resolve()
      })
    )
    await finishSecond(second.slice(4))
    await closed
    assert.deepStrictEqual(received, second.slice(4))
    // `-1` and `now` as before: the next answer whole, and its tail.
    assert.deepStrictEqual(await (await get("?offset=-1")).json(), [...second])
    const now = await get("?offset=now")
    assert.strictEqual(now.headers.get("stream-next-offset"), `${"7".padStart(16, "0")}${offset.slice(16)}`)
    await web.dispose()
  })

describe("DurableStreams offsets of a chat's answers, on the memory store", () => generations(memoryStores))
describeRedis("DurableStreams offsets of a chat's answers, on Redis", (twoStores) => generations(twoStores))
describeDurableStreams("DurableStreams offsets of a chat's answers", (twoStores) => generations(twoStores))

/** A chat's next answer, longer than `chunks`: read from the first answer's tail, it has chunks of its own there. */
const next: ReadonlyArray<Chunk> = [
  ...chunks.slice(0, -1).map((chunk) => chunk.type === "start" ? { ...chunk, messageId: "m2" } : chunk),
  { type: "text-start", id: "v" },
  { type: "text-delta", id: "v", delta: "Later" },
  { type: "text-end", id: "v" },
  { type: "finish" }
]

describe("DurableStreams offsets under a race", () => {
  it.each(["catch-up", "sse"] as const)(
    "a chat's next answer stored as an old offset's read starts (%s): a 410, none of the next answer's chunks",
    async (mode) => {
      // The store stores the chat's next answer (longer) just as the read from the first answer's tail starts, after
      // any look at the tail made before it: the read is of the next answer, which the old offset must not read on.
      const racing = racingStores(
        "chat-race-offset",
        next,
        (read, replace) => (id, options) =>
          (options?.after ?? 0) > 0 ? Effect.andThen(replace, read(id, options)) : read(id, options)
      )
      const { answer, fetchAs, web } = await setup(racing.stores)
      await Effect.runPromise(Stream.runCollect(await answer("chat-race-offset", "alice", Stream.fromIterable(chunks))))
      const whole = await fetchAs("alice")(url("chat-race-offset") + "?offset=-1")
      const old = whole.headers.get("stream-next-offset")!
      assert.deepStrictEqual(await whole.json(), [...chunks])
      const later = await fetchAs("alice")(
        url("chat-race-offset") + `?offset=${old}${mode === "sse" ? "&live=sse" : ""}`
      )
      assert.isTrue(racing.replaced())
      assert.strictEqual(later.status, 410)
      assert.notInclude(await later.text(), "Later")
      await web.dispose()
    }
  )
})

/**
 * The answer `id`, written whole on `stores`, whose first read hands on two chunks and no end, and whose next read
 * (from a later index) starts as the chat's next answer (`next`) is stored: an SSE's two pages with it between.
 */
const sseRacing = async (id: string, stores: TwoStores) => {
  const racing = racingStores(
    id,
    next,
    (read, replace) => (streamId, options) =>
      (options?.after ?? 0) > 0
        ? Effect.andThen(replace, read(streamId, options))
        : Effect.map(read(streamId, options), (all) => Stream.concat(Stream.take(all, 2), Stream.never)),
    stores
  )
  const { answer, fetchAs, web } = await setup(racing.stores)
  await Effect.runPromise(Stream.runCollect(await answer(id, "alice", Stream.fromIterable(chunks))))
  return { fetchAs, racing, web }
}

/**
 * An answer's SSE reader between two pages as the chat's next answer is stored (on `stores`): the response ends with
 * the first answer's chunks, none of the next one's, and the client's next request from its last offset is a 410.
 */
const sseRace = (stores: TwoStores) =>
  it("a chat's next answer stored between an SSE's two pages: the SSE ends, its last offset a 410", async () => {
    // The chat's next answer (longer) is stored as the second page's read starts: the response must not read it on
    // under the first answer's offsets.
    const { fetchAs, racing, web } = await sseRacing("chat-sse-race", stores)
    const response = await fetchAs("alice")(url("chat-sse-race") + "?offset=-1&live=sse")
    assert.strictEqual(response.status, 200)
    const text = await response.text()
    assert.isTrue(racing.replaced())
    assert.include(text, "\"messageId\":\"m1\"")
    assert.notInclude(text, "Later")
    assert.notInclude(text, "streamClosed")
    const offsets = [...text.matchAll(/"streamNextOffset":"([^"]+)"/g)].map((match) => match[1]!)
    const last = offsets.at(-1)!
    assert.match(last, /^0000000000000002_/)
    // The client reads on from its last offset, as after any SSE's end: told the answer it read is gone.
    const again = await fetchAs("alice")(url("chat-sse-race") + `?offset=${last}&live=sse`)
    assert.strictEqual(again.status, 410)
    assert.notInclude(await again.text(), "Later")
    await web.dispose()
  })

/**
 * As `sseRace`, read by the official client: it takes the first answer's two chunks, reads on from its last offset
 * once the SSE ended, and is told 410 (an error it does not retry), never handed the next answer's chunks.
 */
const sseRaceClient = (stores: TwoStores) =>
  it("a chat's next answer stored between an SSE's two pages: the official client is told 410", async () => {
    const { fetchAs, racing, web } = await sseRacing("chat-sse-client", stores)
    const response = await stream<Chunk>({
      url: url("chat-sse-client"),
      fetch: fetchAs("alice"),
      offset: "-1",
      live: "sse"
    })
    const received: Array<Chunk> = []
    response.subscribeJson((batch) => {
      received.push(...batch.items)
    })
    const error = await response.closed.then(() => undefined, (error: { readonly status?: number }) => error)
    assert.isTrue(racing.replaced())
    assert.strictEqual(error?.status, 410)
    assert.deepStrictEqual(received, chunks.slice(0, 2))
    await web.dispose()
  })

describe("DurableStreams SSE of an answer stored anew, on the memory store", () => {
  sseRace(memoryStores)
  sseRaceClient(memoryStores)
})
describeRedis("DurableStreams SSE of an answer stored anew, on Redis", (twoStores) => sseRace(twoStores))
