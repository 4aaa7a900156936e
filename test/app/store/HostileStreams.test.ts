/**
 * Stores read what another program wrote or answered: a Redis stream with an entry this library did not write (a
 * chunk that is not JSON, a gap) fails its readers with a typed error, and no reader of another stream on the same
 * lane waits for ever; a Durable Streams server whose body never ends, whose offsets do not move on, whose body is
 * no JSON array, or that redirects to another host, fails the store with `Unavailable` (the headers going nowhere
 * else), and one whose offsets move on without end (items never at the tail, or reads of no item at a later offset)
 * fails a tail or a reader after a bounded number of reads, and paces the watch for stops (also one at the start); a
 * huge `Stream-Cursor` is ignored, a stream closed mid-read ends its reader with its items, answers to writes read
 * for their status have their bodies cancelled, and with header capture on no header value reaches a span;
 * `DurableStreams`' writes read no more of a body than `maxBodyBytes`, whatever its `Content-Length` says.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Redacted, Stream } from "effect"
import { DurableStreams, StreamStore } from "effect-llm-stream"
import { HttpClient } from "effect/http"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as RawServer from "../../support/RawServer.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"
import { cli, redis, redisServer } from "../../support/RedisServer.js"
import { failureOf, storeOf } from "../../support/Stores.js"

const chunk = (index: number) => ({ type: "text-delta", id: "t", delta: `piece ${index}` })

/** JSON nested 50,000 deep: far past `JsonDepth.maxDepth`, and past what `JSON.stringify` can recurse into. */
const deep = "[".repeat(50_000) + "]".repeat(50_000)

/** A stream's generation in Redis: its last entry's id is `<index>-<generation>`. */
const generationOf = (url: string, key: string) =>
  Effect.map(cli(url, "XREVRANGE", key, "+", "-", "COUNT", "1"), (reply) => reply.split("\n")[0]!.split("-")[1]!)

describe.skipIf(redisServer === undefined)("the Redis store reads what another program wrote", () => {
  it.live("a chunk that is not JSON fails its readers (behind, and live on a lane), not another stream's", () =>
    Effect.gen(function*() {
      const server = yield* redis
      const layer = StreamStore.layerRedis({ url: server.url, prefix: "hostile:", readConnections: 1 })
      const [a, b] = [yield* storeOf(layer), yield* storeOf(layer)]
      yield* a.create("bad")
      yield* a.create("good")
      yield* a.append("bad", [chunk(0)])
      const live = yield* Effect.forEach(
        ["bad", "good"],
        (id) => Effect.forkChild(Effect.exit(Effect.flatMap(b.read(id), Stream.runCollect)))
      )
      yield* Effect.sleep("300 millis")
      const generation = yield* generationOf(server.url, "hostile:stream:bad")
      yield* cli(server.url, "XADD", "hostile:stream:bad", `2-${generation}`, "c", "{not json")
      yield* Effect.sleep("300 millis")
      yield* a.append("good", [chunk(1)])
      yield* a.end("good", "completed")
      const [bad, good] = yield* Effect.forEach(live, (fiber) => Fiber.join(fiber).pipe(Effect.timeout("5 seconds")))
      assert.include(failureOf(bad!), "Unavailable: Redis holds an entry of this stream the library did not write")
      assert.deepStrictEqual(good, Exit.succeed([chunk(1)]))
      const behind = yield* Effect.exit(Effect.flatMap(b.read("bad"), Stream.runCollect))
      assert.include(failureOf(behind), "Unavailable: Redis holds an entry")
    }))

  it.live("a chunk deleted from the middle of a stream fails its reader: no stream with a hole in it", () =>
    Effect.gen(function*() {
      const server = yield* redis
      const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix: "gap:" }))
      yield* store.create("g")
      yield* store.append("g", [chunk(0), chunk(1), chunk(2)])
      yield* store.end("g", "completed")
      yield* cli(server.url, "XDEL", "gap:stream:g", `2-${yield* generationOf(server.url, "gap:stream:g")}`)
      const exit = yield* Effect.exit(Effect.flatMap(store.read("g"), Stream.runCollect))
      assert.include(failureOf(exit), "Unavailable: Redis holds an entry")
    }))

  it.live("a chunk or kept value nested 50,000 deep fails its reader: served, it ran JSON.stringify out of stack", () =>
    Effect.gen(function*() {
      const server = yield* redis
      const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix: "deep:" }))
      yield* store.create("d")
      yield* store.append("d", [chunk(0)])
      const generation = yield* generationOf(server.url, "deep:stream:d")
      yield* cli(server.url, "XADD", "deep:stream:d", `2-${generation}`, "c", deep)
      const read = yield* Effect.exit(Effect.flatMap(store.read("d"), (chunks) => Stream.runCollect(chunks)))
        .pipe(Effect.timeout("5 seconds"))
      assert.include(failureOf(read), "Unavailable: Redis holds an entry of this stream the library did not write")
      yield* cli(server.url, "SET", "deep:value:k", deep)
      assert.include(failureOf(yield* Effect.exit(store.get!("k"))), "is not JSON as this library writes it")
    }))
})

const secret = "Bearer hostile-s3cret"

/** A server answering `answer` (a probe: 404); what it was asked, with the headers, in `seen`. */
const hostile = (answer: (request: Http.IncomingMessage, response: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ readonly url: string; readonly seen: Array<string>; readonly close: () => void }>((resolve) => {
        const sockets = new Set<Net.Socket>()
        const seen: Array<string> = []
        const server = Http.createServer((request, response) => {
          seen.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)}`)
          if (request.url!.includes("probe")) response.writeHead(404).end()
          else answer(request, response)
        })
        server.on("connection", (socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
        })
        server.listen(0, "127.0.0.1", () => {
          const close = () => {
            server.close()
            for (const socket of sockets) socket.destroy()
          }
          resolve({ url: `http://127.0.0.1:${(server.address() as Net.AddressInfo).port}`, seen, close })
        })
      })
    ),
    (server) => Effect.sync(server.close)
  )

const json = (response: Http.ServerResponse, body: string, headers: Record<string, string> = {}) =>
  response.writeHead(200, { "content-type": "application/json", ...headers }).end(body)

/** A stream's control stream as this store writes it, and its chunks as `chunks` answers them. */
const serving = (chunks: (offset: string, response: Http.ServerResponse) => void) =>
  hostile((request, response) => {
    const url = new URL(request.url!, "http://x")
    if (url.pathname.includes("/x:")) return json(response, `[{"generation":"g"}]`, { "stream-next-offset": "1" })
    chunks(url.searchParams.get("offset")!, response)
  })

const storeOn = (url: string, headers: Record<string, string | Redacted.Redacted<string>> = {}) =>
  storeOf(StreamStore.layerDurableStreams({ url: `${url}/v1/stream`, headers: { authorization: secret, ...headers } }))

const readAll = (store: StreamStore.Service, id: string) =>
  Effect.exit(Effect.flatMap(store.read(id), (chunks) => Stream.runCollect(Stream.take(chunks, 10)))).pipe(
    Effect.timeout("8 seconds")
  )

/** The offset after `offset`, sortable as text. */
const later = (offset: string) => String((offset === "-1" ? 0 : Number(offset)) + 1).padStart(10, "0")

/** The reads of streams whose name holds `kind` (`/s:` chunks, `/x:` control) among what `seen` holds. */
const readsOf = (seen: ReadonlyArray<string>, kind: string) =>
  seen.filter((line) => line.startsWith("GET ") && line.includes(kind)).length

describe("the Durable Streams store reads what its server answers", () => {
  it.live(
    "a body that never ends fails the read with Unavailable within the request's time",
    () =>
      Effect.gen(function*() {
        const server = yield* serving((_, response) => {
          response.writeHead(200, { "content-type": "application/json", "stream-next-offset": "1" }).write("[")
        })
        const exit = yield* readAll(yield* storeOn(server.url), "endless")
        assert.include(failureOf(exit), "Unavailable: The Durable Streams server is unavailable: no answer within 5 s")
      }),
    20_000
  )

  it.live(
    "items at an offset that does not move on (absent, the same, backwards) are not served twice",
    () =>
      Effect.gen(function*() {
        for (const next of [undefined, "0001", "0000"]) {
          const server = yield* serving((offset, response) =>
            offset === "-1"
              ? json(response, JSON.stringify([chunk(0)]), { "stream-next-offset": "0001" })
              : json(response, JSON.stringify([chunk(1)]), next === undefined ? {} : { "stream-next-offset": next })
          )
          const store = yield* storeOn(server.url)
          assert.include(failureOf(yield* readAll(store, "again")), "an offset not after the one asked")
          const tail = yield* Effect.exit(store.tail!("again")).pipe(Effect.timeout("8 seconds"))
          assert.include(failureOf(tail), "Unavailable")
        }
      }),
    30_000
  )

  it.live("items whose next offset is the start (-1) are not served again from it", () =>
    Effect.gen(function*() {
      const server = yield* serving((_, response) =>
        json(response, JSON.stringify([chunk(0)]), { "stream-next-offset": "-1" })
      )
      const store = yield* storeOn(server.url)
      assert.include(failureOf(yield* readAll(store, "again")), "an offset not after the one asked")
    }))

  it.live(
    "offsets that move on without end: a tail stops after 1,024 pages, a reader after 16 empty reads, both Unavailable",
    () =>
      Effect.gen(function*() {
        // Every read answers an item and a later offset, never at the tail.
        const paging = yield* serving((offset, response) =>
          json(response, JSON.stringify([chunk(0)]), { "stream-next-offset": later(offset) })
        )
        const tail = yield* Effect.exit(Effect.flatMap(storeOn(paging.url), (store) => store.tail!("endless")))
          .pipe(Effect.timeout("20 seconds"))
        assert.include(failureOf(tail), "Unavailable: The Durable Streams server is unavailable: a stream's tail was")
        assert.isAtMost(readsOf(paging.seen, "/s:"), 1_024)
        // Its first read answers an item; every read after it, live, none at a later offset, at once.
        const moving = yield* serving((offset, response) =>
          json(response, offset === "-1" ? JSON.stringify([chunk(0)]) : "[]", { "stream-next-offset": later(offset) })
        )
        const read = yield* Effect.exit(
          Effect.flatMap(storeOn(moving.url), (store) => Effect.flatMap(store.read("moving"), Stream.runCollect))
        ).pipe(Effect.timeout("8 seconds"))
        assert.include(failureOf(read), "17 reads in a row answered no item at a later offset")
        assert.strictEqual(readsOf(moving.seen, "/s:"), 18)
      }),
    30_000
  )

  it.live("a control stream whose offsets move on with no item is watched for stops at a pace, not at once for ever", () =>
    Effect.gen(function*() {
      const server = yield* hostile((request, response) => {
        const offset = new URL(request.url!, "http://x").searchParams.get("offset")!
        json(response, offset === "-1" ? `[{"generation":"g"}]` : "[]", { "stream-next-offset": later(offset) })
      })
      const store = yield* storeOn(server.url)
      const unwatch = store.onStopUnsafe!("watched", undefined, () => {})
      yield* Effect.sleep("1500 millis")
      unwatch()
      // 17 reads, then one a second.
      assert.isAtMost(readsOf(server.seen, "/x:"), 20)
    }))

  it.live("an empty control stream that stays at the start is watched for stops at a pace, not at once for ever", () =>
    Effect.gen(function*() {
      for (const next of [{}, { "stream-next-offset": "-1" }]) {
        const server = yield* hostile((_, response) => json(response, "[]", next))
        const store = yield* storeOn(server.url)
        const unwatch = store.onStopUnsafe!("watched", undefined, () => {})
        yield* Effect.sleep("1500 millis")
        unwatch()
        assert.isAtMost(readsOf(server.seen, "/x:"), 20)
      }
    }))

  it.live("a 12 KB Stream-Cursor is neither kept nor sent back; a stream closed where it was open ends its reader", () =>
    Effect.gen(function*() {
      // Each read answers one item and a cursor of 12 KB; the third says the stream is closed.
      const server = yield* serving((offset, response) =>
        json(response, JSON.stringify([chunk(Number(later(offset)))]), {
          "stream-next-offset": later(offset),
          "stream-cursor": "c".repeat(12_000),
          ...(later(offset) === "0000000003" ? { "stream-closed": "true" } : {})
        })
      )
      const read = yield* readAll(yield* storeOn(server.url), "cursor")
      assert.deepStrictEqual(read, Exit.succeed<Array<StreamStore.StoredChunk>>([chunk(1), chunk(2), chunk(3)]))
      assert.isTrue(server.seen.every((line) => line.length < 2_000))
    }))

  it.live("a body that is JSON but no array, or not UTF-8, is no stream (not an empty one)", () =>
    Effect.gen(function*() {
      for (const body of [Buffer.from(`{"items":[]}`), Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d])]) {
        const server = yield* serving((_, response) =>
          response.writeHead(200, { "stream-next-offset": "1", "stream-closed": "true" }).end(body)
        )
        assert.include(failureOf(yield* readAll(yield* storeOn(server.url), "odd")), "Unavailable")
      }
    }))

  it.live("a body holding an item nested 50,000 deep is no stream: served, it ran JSON.stringify out of stack", () =>
    Effect.gen(function*() {
      const server = yield* serving((_, response) =>
        json(response, `[${deep}]`, { "stream-next-offset": "1", "stream-closed": "true" })
      )
      const read = failureOf(yield* readAll(yield* storeOn(server.url), "deep"))
      assert.include(read, "Unavailable: The Durable Streams server is unavailable: a read answered something other")
    }))

  it.live("with header capture on, its headers' values are redacted in the spans, and a server's echo scrubbed", () =>
    Effect.gen(function*() {
      const token = "ds-span-token-0a9b8c7d6e"
      // It echoes the token in a header of each answer, under a name no list redacts.
      const server = yield* hostile((request, response) =>
        response.writeHead(500, { "x-echo": `${request.headers["x-ds-token"]}` }).end()
      )
      const tracer = yield* RecordingTracer.make
      const created = yield* Effect.exit(Effect.flatMap(
        storeOn(server.url, { "x-ds-token": Redacted.make(token) }),
        (store) => store.create("traced")
      )).pipe(
        Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
        Effect.withTracer(tracer.tracer)
      )
      assert.include(failureOf(created), "a create answered 500")
      const attributes = tracer.spans.map((span) => JSON.stringify([...span.attributes])).join("\n")
      assert.include(attributes, `"http.request.header.x-ds-token","<redacted>"`)
      assert.include(attributes, `"http.response.header.x-echo","<redacted>"`)
      assert.notInclude(attributes, token.slice(0, 8))
    }))

  it.live("answers to writes with a body without end hold no connection open once their status is read", () =>
    Effect.gen(function*() {
      const server = yield* RawServer.make((request, response) => {
        if (request.url!.includes("probe")) return response.writeHead(404).end()
        response.writeHead(200, { "content-type": "application/json" })
        RawServer.repeat(response, "x".repeat(16 * 1024), 1)
      })
      const store = yield* storeOn(server.origin)
      for (let index = 0; index < 20; index++) yield* store.append("written", [chunk(index)])
      // Unread and uncancelled, each body kept its connection open until a GC: 20 of them.
      for (let wait = 0; wait < 50 && server.openSockets() > 2; wait++) yield* Effect.sleep("100 millis")
      assert.isAtMost(server.openSockets(), 2)
    }))

  it.live("a 403 to a write of no producer, or to a producer's without its epoch, is Unavailable, not a stale epoch", () =>
    Effect.gen(function*() {
      const server = yield* hostile((_, response) => response.writeHead(403).end())
      const store = yield* storeOn(server.url)
      const plain = yield* Effect.exit(store.write!("w", [chunk(0)], { seq: "1" }))
      assert.include(failureOf(plain), "a write answered 403")
      const producer = { id: "p", epoch: 1, seq: 0 }
      const produced = yield* Effect.exit(store.write!("w", [chunk(0)], { producer }))
      assert.include(failureOf(produced), "a write answered 403 without its producer-epoch")
    }))

  it.live("a redirect to another host is an Unavailable answer: no header, no chunk goes there", () =>
    Effect.gen(function*() {
      const other = yield* hostile((_, response) => response.writeHead(201).end())
      const server = yield* hostile((request, response) =>
        response.writeHead(307, { location: `${other.url.replace("127.0.0.1", "localhost")}${request.url}` }).end()
      )
      const store = yield* storeOn(server.url, { "x-api-key": Redacted.make("key-s3cret") })
      const created = yield* Effect.exit(store.create("moved"))
      const appended = yield* Effect.exit(store.append("moved", [chunk(0)]))
      assert.include(failureOf(created), "a create answered 307")
      assert.include(failureOf(appended), "an append answered 307")
      assert.deepStrictEqual(other.seen, [])
    }))
})

describe("DurableStreams' writes", () => {
  it.live("read no more of a body without Content-Length than maxBodyBytes: 413 after one piece past it", () =>
    Effect.gen(function*() {
      const web = yield* Effect.acquireRelease(
        Effect.promise(() =>
          DurableStreams.toWebHandler(
            DurableStreams.layer({ owner: () => Effect.succeed("alice"), writes: { prefix: "n-" }, maxBodyBytes: 1024 })
              .pipe(Layer.provide(StreamStore.layerMemory()))
          )
        ),
        (web) => Effect.promise(web.dispose)
      )
      const url = "http://app.test/v1/stream/n-1"
      const headers = { "content-type": "text/plain" }
      const created = yield* Effect.promise(() => web.handler(new Request(url, { method: "PUT", headers })))
      assert.strictEqual(created.status, 201)
      let pulled = 0
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          pulled += 65536
          controller.enqueue(new Uint8Array(65536))
          if (pulled >= 64 * 1024 * 1024) controller.close()
        }
      })
      const init = { method: "POST", headers, body, duplex: "half" } as RequestInit
      const response = yield* Effect.promise(() => web.handler(new Request(url, init)))
      assert.strictEqual(response.status, 413)
      assert.isAtMost(pulled, 4 * 65536)
    }))
})
