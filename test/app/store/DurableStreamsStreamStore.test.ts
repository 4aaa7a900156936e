/**
 * What only the Durable Streams store has (its contract is the conformance suite of StreamStore.test.ts): its
 * `headers` go with every request and into no error, through a gate in front of the reference server that answers
 * 401 to a request without its bearer token; a server that goes away mid-stream fails the writer and every reader
 * with `Unavailable` within 5 s; a layer built on no server fails with `Unavailable`; what it keeps is readable by
 * the protocol's own client (`@durable-streams/client`), JSON under `<prefix>s:<id>`; `expire` on an open stream (a
 * later one moving it, its id free once it has passed) and after its end.
 */
import { stream } from "@durable-streams/client"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Redacted, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as Http from "node:http"
import type * as Net from "node:net"
import { forward } from "../../support/Forward.js"
import { reference, storeOf } from "../../support/Stores.js"

const secret = "Bearer s3cret-token-7f2a"

/** A gate in front of `target`: requests without `authorization: <secret>` get 401; `kill` cuts every connection. */
const gate = (target: string) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ readonly url: string; readonly seen: Array<string>; readonly kill: () => void }>((resolve) => {
        const sockets = new Set<Net.Socket>()
        const seen: Array<string> = []
        const server = Http.createServer((request, response) => {
          seen.push(`${request.method} ${request.headers.authorization ?? "-"}`)
          if (request.headers.authorization !== secret) {
            response.writeHead(401).end("no")
            return
          }
          forward(target, request, response)
        })
        server.on("connection", (socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as Net.AddressInfo
          resolve({
            url: `http://127.0.0.1:${port}`,
            seen,
            kill: () => {
              server.close()
              for (const socket of sockets) socket.destroy()
            }
          })
        })
      })
    ),
    (gate) => Effect.sync(gate.kill)
  )

const chunk = (index: number) => ({ type: "text-delta", id: "t", delta: `piece ${index}` })

describe("StreamStore.layerDurableStreams", () => {
  it.live("sends its headers with every request, and names them in no error", () =>
    Effect.gen(function*() {
      const { url } = yield* reference
      const front = yield* gate(url)
      const store = yield* storeOf(
        StreamStore.layerDurableStreams({
          url: `${front.url}/v1/stream`,
          headers: { authorization: Redacted.make(secret) }
        })
      )
      yield* store.create("a1", { owner: "alice" })
      yield* store.append("a1", [chunk(0), chunk(1)], { owner: "alice" })
      yield* store.end("a1", "completed", { owner: "alice" })
      const read = yield* Effect.flatMap(store.read("a1", { owner: "alice" }), Stream.runCollect)
      assert.deepStrictEqual(read, [chunk(0), chunk(1)])
      assert.isTrue(yield* store.claim("approval-1", Duration.minutes(1)))
      assert.isFalse(yield* store.claim("approval-1", Duration.minutes(1)))
      assert.isAbove(front.seen.length, 6)
      assert.deepStrictEqual(front.seen.filter((line) => !line.endsWith(secret)), [])
      // Without the token the gate refuses: a typed error that names neither the token nor the header's value.
      const build = yield* Effect.flip(
        storeOf(StreamStore.layerDurableStreams({ url: `${front.url}/v1/stream`, headers: { authorization: "x" } }))
      )
      assert.strictEqual(build.reason, "Unavailable")
      assert.notInclude(JSON.stringify(build) + build.message, "s3cret")
    }), 20_000)

  it.live(
    "a server going away mid-stream fails the writer and every reader with Unavailable within 5 s",
    () =>
      Effect.gen(function*() {
        const { url } = yield* reference
        const front = yield* gate(url)
        const layer = StreamStore.layerDurableStreams({
          url: Redacted.make(`${front.url}/v1/stream`),
          headers: { authorization: Redacted.make(secret) }
        })
        const a = yield* storeOf(layer)
        const b = yield* storeOf(layer)
        yield* a.create("cut")
        yield* a.append("cut", [chunk(0)])
        const readers = yield* Effect.forEach(
          [a, b],
          (store) => Effect.forkChild(Effect.exit(Effect.flatMap(store.read("cut"), Stream.runCollect)))
        )
        yield* Effect.sleep("200 millis")
        const killed = Date.now()
        front.kill()
        for (const reader of readers) {
          const exit = yield* Fiber.join(reader).pipe(Effect.timeout("5 seconds"))
          assert.isTrue(Exit.isFailure(exit))
          const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
          const failure = error?._tag === "Fail" ? error.error : undefined
          assert.strictEqual(failure?._tag === "StreamStoreError" && failure.reason, "Unavailable")
        }
        assert.isBelow(Date.now() - killed, 5_000)
        const write = yield* Effect.flip(a.append("cut", [chunk(1)]))
        assert.strictEqual(write._tag === "StreamStoreError" && write.reason, "Unavailable")
        assert.notInclude(write.message, "s3cret")
        const build = yield* Effect.flip(storeOf(layer))
        assert.strictEqual(build.reason, "Unavailable")
        assert.include(build.message, "The Durable Streams server is unavailable")
      }),
    20_000
  )

  it.live("what it keeps is a JSON stream the protocol's own client reads", () =>
    Effect.gen(function*() {
      const { url } = yield* reference
      const store = yield* storeOf(StreamStore.layerDurableStreams({ url: `${url}/v1/stream`, prefix: "answers/" }))
      yield* store.create("c1")
      yield* store.append("c1", [chunk(0)])
      yield* store.append("c1", [chunk(1), chunk(2)])
      yield* store.end("c1", "completed")
      const items = yield* Effect.promise(async () => {
        const response = await stream({ url: `${url}/v1/stream/answers/s:c1`, offset: "-1", live: false })
        return await response.json()
      })
      assert.deepStrictEqual(items, [chunk(0), chunk(1), chunk(2)])
    }))

  it.live("expire: an open stream gone at the instant set, a later expire moving it, its id free again", () =>
    Effect.gen(function*() {
      const { url } = yield* reference
      const layer = StreamStore.layerDurableStreams({ url: `${url}/v1/stream`, prefix: "expiring/" })
      const [a, b] = [yield* storeOf(layer), yield* storeOf(layer)]
      const failure = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
        Effect.map(Effect.flip(effect), (error) => error._tag)
      yield* a.create("e1")
      yield* a.append("e1", [chunk(0)])
      const first = yield* a.tail!("e1")
      yield* a.expire!("e1", Date.now() + 300)
      // A later expire moves it: still there past the first instant, on the other instance too.
      yield* b.expire!("e1", Date.now() + 1_000)
      yield* Effect.sleep(500)
      assert.deepStrictEqual(yield* b.tail!("e1"), first)
      assert.deepStrictEqual(yield* Stream.runCollect(Stream.take(yield* a.read("e1"), 1)), [chunk(0)])
      yield* Effect.sleep(700)
      // Gone once its instant passes, open as it is, to every verb.
      assert.strictEqual(yield* failure(b.read("e1")), "StreamNotFound")
      assert.strictEqual(yield* failure(a.tail!("e1")), "StreamNotFound")
      assert.strictEqual(yield* failure(a.expire!("e1", Date.now() + 60_000)), "StreamNotFound")
      assert.strictEqual(yield* failure(a.stop("e1")), "StreamNotFound")
      // Its id is free: a new stream, empty, of another generation, expiring `ttl` after its end.
      yield* b.create("e1")
      const fresh = yield* a.tail!("e1")
      assert.deepStrictEqual({ ...fresh, generation: "" }, { count: 0, ended: false, generation: "", ahead: 0 })
      assert.notStrictEqual(fresh.generation, first.generation)
      yield* b.append("e1", [chunk(1)])
      yield* b.end("e1", "completed")
      assert.deepStrictEqual(yield* Stream.runCollect(yield* a.read("e1")), [chunk(1)])
      // After its end too, an expire sets when it goes, in place of `ttl` after the end.
      yield* a.expire!("e1", Date.now() + 200)
      yield* Effect.sleep(300)
      assert.strictEqual(yield* failure(b.read("e1")), "StreamNotFound")
    }))

  it.live("expire: touches a moment apart (a stream read or written in a burst) keep one item, not one each", () =>
    Effect.gen(function*() {
      // Each touch of a stream with `Stream-TTL` is an expire; every read of the stream reads its control stream whole.
      const { url } = yield* reference
      const store = yield* storeOf(StreamStore.layerDurableStreams({ url: `${url}/v1/stream`, prefix: "touched/" }))
      const expiries = Effect.promise(async () => {
        const items: Array<object> = await (await fetch(`${url}/v1/stream/touched/x:t1?offset=-1`)).json()
        return items.filter((item) => "expire" in item).length
      })
      yield* store.create("t1")
      for (let i = 0; i < 50; i++) yield* store.expire!("t1", Date.now() + 60_000)
      assert.strictEqual(yield* expiries, 1)
      // One that moves it by more than a tenth of the time left is kept, as is one moving it earlier.
      yield* store.expire!("t1", Date.now() + 120_000)
      yield* store.expire!("t1", Date.now() + 30_000)
      assert.strictEqual(yield* expiries, 3)
    }))
})
