/**
 * What a store answers is checked against what the library wrote. Redis: a chunk is at most 16 MiB of JSON
 * (`maxChunkBytes`), a write of a larger one refused with `Full`; an entry over it, or with fields the writer does not
 * write, fails its readers with `Unavailable` (one sentence, never its text), and a read that is behind or starting
 * takes none of it from Redis. Durable Streams: a read answered with another content type, or with an `ETag` naming
 * another range or another stream than the reader's, fails it with `Unavailable`, none of its items shown: on the
 * reference server and on the library's own `DurableStreams.layer`, each behind a hostile proxy.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Stream } from "effect"
import type { Scope } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as ChildProcess from "node:child_process"
import * as Http from "node:http"
import { forward } from "../../support/Forward.js"
import { listen } from "../../support/Listen.js"
import { cli, redis, redisServer } from "../../support/RedisServer.js"
import { failureOf, ownEndpoint, reference, storeOf } from "../../support/Stores.js"

const chunk = (index: number) => ({ type: "text-delta", id: "t", delta: `piece ${index}` })

/** 17 MiB of JSON (a string: any JSON value is a chunk), past the 16 MiB a chunk may hold. */
const huge = `"${"a".repeat(17 * 1024 * 1024)}"`

/** `redis-cli -x`: `args` then `input` as the last argument (through stdin: past what a command line may hold). */
const cliWith = (url: string, input: string, ...args: ReadonlyArray<string>): Effect.Effect<string> =>
  Effect.promise(() =>
    new Promise<string>((resolve, reject) => {
      const child = ChildProcess.execFile(
        "redis-cli",
        ["-u", url, "-x", ...args],
        { maxBuffer: 1024 * 1024 },
        (error, stdout) => error === null ? resolve(stdout) : reject(error)
      )
      child.stdin!.end(input)
    })
  )

/** A stream's generation in Redis: its last entry's id is `<index>-<generation>`. */
const generationOf = (url: string, key: string) =>
  Effect.map(cli(url, "XRANGE", key, "-", "+", "COUNT", "1"), (reply) => reply.split("\n")[0]!.split("-")[1]!)

/** How many bytes Redis has sent its clients. */
const sentBytes = (url: string) =>
  Effect.map(cli(url, "INFO", "stats"), (stats) => Number(/total_net_output_bytes:(\d+)/.exec(stats)![1]))

const foreign = "Unavailable: Redis holds an entry of this stream the library did not write"

describe.skipIf(redisServer === undefined)("the Redis store bounds what it reads and writes", () => {
  it.live(
    "an entry over 16 MiB, behind or last, fails its reader with none of it read from Redis",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix: "big:" }))
        for (const ended of [true, false]) {
          const id = ended ? "behind" : "last"
          const key = `big:stream:${id}`
          yield* store.create(id)
          yield* store.append(id, [chunk(0)])
          const generation = yield* generationOf(server.url, key)
          yield* cliWith(server.url, huge, "XADD", key, `2-${generation}`, "c")
          if (ended) yield* cli(server.url, "XADD", key, `3-${generation}`, "e", "completed")
          const before = yield* sentBytes(server.url)
          const read = yield* Effect.exit(Effect.flatMap(store.read(id), Stream.runCollect)).pipe(
            Effect.timeout("10 seconds")
          )
          assert.strictEqual(failureOf(read), `${foreign}: another program writes this prefix`)
          assert.isBelow((yield* sentBytes(server.url)) - before, 1024 * 1024)
        }
      }),
    60_000
  )

  it.live(
    "an entry over 16 MiB, or with fields the writer does not write, fails a live reader, not another's",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const layer = StreamStore.layerRedis({ url: server.url, prefix: "live:", readConnections: 1 })
        const [a, b] = [yield* storeOf(layer), yield* storeOf(layer)]
        const entries: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
          ["huge", []],
          ["fields", ["c", JSON.stringify(chunk(1)), "x", "more"]]
        ]
        for (const [id, fields] of entries) {
          yield* a.create(id)
          yield* a.create(`${id}-good`)
          yield* a.append(id, [chunk(0)])
          const live = yield* Effect.forEach(
            [id, `${id}-good`],
            (stream) => Effect.forkChild(Effect.exit(Effect.flatMap(b.read(stream), Stream.runCollect)))
          )
          yield* Effect.sleep("300 millis")
          const generation = yield* generationOf(server.url, `live:stream:${id}`)
          yield* fields.length === 0
            ? cliWith(server.url, huge, "XADD", `live:stream:${id}`, `2-${generation}`, "c")
            : cli(server.url, "XADD", `live:stream:${id}`, `2-${generation}`, ...fields)
          yield* Effect.sleep("300 millis")
          yield* a.append(`${id}-good`, [chunk(1)])
          yield* a.end(`${id}-good`, "completed")
          const [bad, good] = yield* Effect.forEach(
            live,
            (fiber) => Fiber.join(fiber).pipe(Effect.timeout("10 seconds"))
          )
          assert.strictEqual(failureOf(bad!), `${foreign}: another program writes this prefix`)
          assert.deepStrictEqual(good, Exit.succeed([chunk(1)]))
        }
      }),
    60_000
  )

  it.live(
    "a chunk over 16 MiB of UTF-8 is refused as it is written (Full), by any instance, nothing of it stored",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const layer = StreamStore.layerRedis({ url: server.url, prefix: "write:" })
        const [a, b] = [yield* storeOf(layer), yield* storeOf(layer)]
        // 6 Mi characters, each 3 bytes of UTF-8: 18 MiB.
        const wide = { type: "text-delta", id: "t", delta: "語".repeat(6 * 1024 * 1024) }
        const refused = "Full: A chunk of over 16777216 bytes of JSON is more than a stored chunk may hold"
        yield* a.create("w")
        yield* a.append("w", [chunk(0)])
        assert.strictEqual(failureOf(yield* Effect.exit(b.append("w", [chunk(1), wide]))), refused)
        assert.strictEqual(failureOf(yield* Effect.exit(a.append("w", [chunk(1), wide]))), refused)
        assert.strictEqual(failureOf(yield* Effect.exit(a.write!("w", [wide], {}))), refused)
        assert.strictEqual((yield* cli(server.url, "XLEN", "write:stream:w")).trim(), "2")
        // Just under the bound is a chunk like any other.
        const under = { type: "text-delta", id: "t", delta: "a".repeat(16 * 1024 * 1024 - 100) }
        yield* a.create("u")
        yield* a.append("u", [under])
        yield* a.end("u", "completed")
        const read = yield* Effect.flatMap(b.read("u"), Stream.runCollect)
        assert.strictEqual((read[0] as typeof under).delta.length, under.delta.length)
      }),
    60_000
  )

  it.live(
    "a kept value over 16 MiB is refused as it is put (Full), and one another program put is not read",
    () =>
      Effect.gen(function*() {
        const server = yield* redis
        const store = yield* storeOf(StreamStore.layerRedis({ url: server.url, prefix: "value:" }))
        const put = yield* Effect.exit(store.put("k", { text: "a".repeat(17 * 1024 * 1024) }, { ttl: "1 minute" }))
        assert.strictEqual(
          failureOf(put),
          "Full: A value of over 16777216 bytes of JSON is more than a stored value may hold"
        )
        assert.strictEqual((yield* cli(server.url, "EXISTS", "value:value:k")).trim(), "0")
        yield* cliWith(server.url, huge, "SET", "value:value:k")
        const before = yield* sentBytes(server.url)
        const got = yield* Effect.exit(store.get("k"))
        assert.include(failureOf(got), "Unavailable: The value kept under \"k\" is not JSON as this library writes it")
        assert.isBelow((yield* sentBytes(server.url)) - before, 1024 * 1024)
      }),
    60_000
  )
})

/** What a hostile proxy does with a read: asks `path` in its place, or answers `body`; changes `headers`. */
interface Hostile {
  readonly path?: string
  readonly body?: string
  readonly headers?: Record<string, string>
}

/** A proxy in front of `target` answering each read as `hostile` says of its URL (as it is: `undefined`). */
const proxy = (target: string, hostile: (url: URL) => Hostile | undefined) =>
  listen(Http.createServer((request, response) => {
    const plan = request.method === "GET" ? hostile(new URL(request.url!, "http://x")) : undefined
    if (plan?.body === undefined) return forward(target, request, response, plan)
    const headers = { "content-type": "application/json", "stream-next-offset": "1", ...plan.headers }
    response.writeHead(200, headers).end(plan.body)
  }))

/** A Durable Streams server of a test, for the scope's lifetime: where it listens. */
type Server = Effect.Effect<{ readonly url: string }, never, Scope.Scope>

/** The servers the store's checks run on: the reference server, and the library's own endpoint. */
const servers: ReadonlyArray<readonly [name: string, server: Server]> = [
  ["the reference server", reference],
  ["DurableStreams.layer (the library's own endpoint)", ownEndpoint]
]

/** A live reader's first chunks of `id` (at most 4), or its failure, within 8 seconds. */
const readLive = (store: StreamStore.Service, id: string) =>
  Effect.exit(Effect.flatMap(store.read(id), (chunks) => Stream.runCollect(Stream.take(chunks, 4)))).pipe(
    Effect.timeout("8 seconds")
  )

const refused = "Unavailable: The Durable Streams server is unavailable: "

describe.each(servers)(
  "the Durable Streams store checks each read's answer against what it asked, on %s",
  (name, server) => {
    /** A store on `server` behind a proxy doing `hostile`. */
    const behindProxy = (hostile: (url: URL) => Hostile | undefined) =>
      Effect.gen(function*() {
        const { url } = yield* server
        const front = yield* proxy(url, hostile)
        return yield* storeOf(StreamStore.layerDurableStreams({ url: `${front}/v1/stream`, prefix: "p/" }))
      })

    it.live(
      "a long-poll answered with another stream's items (its ETag naming that stream) fails the reader",
      () =>
        Effect.gen(function*() {
          // Every long-poll of `a` is answered from `b`, at the offset asked: `b` holds more there.
          const store = yield* behindProxy((url) =>
            url.pathname.endsWith("/s:a") && url.searchParams.get("live") === "long-poll"
              ? { path: `${url.pathname.replace("/s:a", "/s:b")}${url.search}` }
              : undefined
          )
          yield* store.create("a")
          yield* store.append("a", [chunk(0)])
          yield* store.create("b")
          yield* store.append("b", [1, 2, 3, 4, 5].map(chunk))
          const read = yield* readLive(store, "a")
          // The library's own endpoint takes no offset of `a` on `b` (another generation: a 410, read as gone); the
          // reference server's offsets name no stream, its ETag tells. Either way, none of `b`'s items is read.
          if (name === servers[1]![0]) assert.include(failureOf(read), `No stored stream "a"`)
          else assert.strictEqual(failureOf(read), `${refused}a read answered another stream's items`)
        }),
      20_000
    )

    it.live(
      "an answer whose ETag names another range than the one asked fails the reader",
      () =>
        Effect.gen(function*() {
          // The long-poll's answer says it is the stream from its start: its items the reader has.
          const store = yield* behindProxy((url) =>
            url.pathname.endsWith("/s:a") && url.searchParams.get("live") === "long-poll"
              ? { headers: { etag: `"${Buffer.from(url.pathname).toString("base64")}:-1:9"` } }
              : undefined
          )
          yield* store.create("a")
          yield* store.append("a", [chunk(0)])
          const reading = yield* Effect.forkChild(readLive(store, "a"))
          yield* Effect.sleep("300 millis")
          yield* store.append("a", [chunk(1)])
          assert.strictEqual(
            failureOf(yield* Fiber.join(reading)),
            `${refused}a read answered another range than the one asked`
          )
        }),
      20_000
    )

    it.live(
      "a long-poll answered at once with nothing, without end, is asked once a second, not as fast",
      () =>
        Effect.gen(function*() {
          // Every long-poll of `a` is answered at once: a 204 at the offset asked, as no server waiting for items does.
          // Before, the reader asked again as soon as each came back: hundreds of requests a second, without end.
          const { url } = yield* server
          let answered = 0
          const front = yield* listen(Http.createServer((request, response) => {
            const asked = new URL(request.url!, "http://x")
            if (!asked.pathname.endsWith("/s:a") || asked.searchParams.get("live") !== "long-poll") {
              return forward(url, request, response)
            }
            answered++
            const offset = asked.searchParams.get("offset")!
            response.writeHead(204, { "stream-next-offset": offset, "stream-up-to-date": "true" }).end()
          }))
          const store = yield* storeOf(StreamStore.layerDurableStreams({ url: `${front}/v1/stream`, prefix: "p/" }))
          yield* store.create("a")
          yield* store.append("a", [chunk(0)])
          const reading = yield* Effect.forkChild(readLive(store, "a"))
          yield* Effect.sleep("2500 millis")
          yield* Fiber.interrupt(reading)
          assert.isAtLeast(answered, 2)
          assert.isAtMost(answered, 4, `${answered} long-polls in 2.5 s`)
        }),
      20_000
    )

    it.live("an answer of another content type than JSON fails the reader and the tail", () =>
      Effect.gen(function*() {
        const store = yield* behindProxy((url) =>
          url.pathname.endsWith("/s:a") ? { headers: { "content-type": "text/plain" } } : undefined
        )
        yield* store.create("a")
        yield* store.append("a", [chunk(0)])
        const message = `${refused}a read answered another content type than JSON`
        assert.strictEqual(failureOf(yield* readLive(store, "a")), message)
        assert.strictEqual(failureOf(yield* Effect.exit(store.tail!("a"))), message)
      }), 20_000)

    it.live(
      "a control stream without a generation as the library writes it fails the tail: none goes into offsets",
      () =>
        Effect.gen(function*() {
          for (const generation of ["a".repeat(100_000), "../x", 7]) {
            const store = yield* behindProxy((url) =>
              url.pathname.endsWith("/x:a") ? { body: JSON.stringify([{ generation }]) } : undefined
            )
            yield* Effect.ignore(store.delete!("a"))
            yield* store.create("a")
            const tail = yield* Effect.exit(store.tail!("a"))
            assert.strictEqual(
              failureOf(tail),
              `${refused}a control stream holds no generation as this library writes it`
            )
          }
        }),
      20_000
    )
  }
)
