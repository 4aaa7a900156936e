/**
 * `ChatEndpoint.serveNode`'s bounds on each connection: a client sending its headers a byte at a time is cut at
 * `headersTimeout` (408, the connection closed), a request whose answer streams for longer than `requestTimeout`
 * is answered whole (the bound is on the request's arrival, not the answer), an idle kept-alive connection closes
 * after `keepAliveTimeout` (65 s by default, said in its `Keep-Alive` header), `maxRequestsPerSocket` is kept, and
 * a bound that is none is a `ServeError` before anything listens.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as Net from "node:net"
import { until } from "../../support/Until.js"

/** `routes` served by `serveNode` with `options` on 127.0.0.1 (stopped with the scope): its port. */
const served = (
  routes: Layer.Layer<never, never, HttpRouter.HttpRouter>,
  options: Omit<ChatEndpoint.NodeOptions, "port" | "onListen">
) =>
  Effect.gen(function*() {
    const listening = yield* Deferred.make<string>()
    const server = yield* Effect.forkScoped(
      ChatEndpoint.serveNode(routes, { ...options, port: 0, onListen: (url) => Deferred.succeed(listening, url) })
    )
    const url = yield* Deferred.await(listening).pipe(
      Effect.raceFirst(Effect.flatMap(Fiber.join(server), () => Effect.never))
    )
    return Number(new URL(url).port)
  })

/** A raw connection to `port`: what it received, and when it closed (ms after it opened), as a promise. */
const connect = (port: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const socket = Net.connect(port, "127.0.0.1")
      const opened = Date.now()
      let received = ""
      socket.setEncoding("utf8")
      socket.on("data", (piece: string) => received += piece)
      socket.on("error", () => {})
      const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now() - opened)))
      return { socket, received: () => received, closed }
    }),
    ({ socket }) => Effect.sync(() => socket.destroy())
  )

/** Waits for `promise`, at most `millis` (then `undefined`). */
const within = <A>(promise: Promise<A>, millis: number) =>
  Effect.promise(() => promise).pipe(
    Effect.timeoutOption(millis),
    Effect.map((a) => a._tag === "Some" ? a.value : undefined)
  )

const hello = HttpRouter.add("GET", "/", Effect.succeed(HttpServerResponse.text("hello")))

/** An answer of six pieces, half a second apart: three seconds. */
const slow = HttpRouter.add(
  "GET",
  "/slow",
  Effect.succeed(
    HttpServerResponse.stream(
      Stream.fromSchedule(Schedule.spaced("500 millis")).pipe(
        Stream.take(6),
        Stream.map((i) => new TextEncoder().encode(`piece ${i};`))
      ),
      { contentType: "text/plain" }
    )
  )
)

const get = (path: string, close = false) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${close ? "Connection: close\r\n" : ""}\r\n`

describe("ChatEndpoint.serveNode's bounds on a connection", () => {
  it.live(
    "a client sending its headers a byte at a time is cut at headersTimeout: 408, the connection closed",
    () =>
      Effect.gen(function*() {
        const port = yield* served(hello, { headersTimeout: "1 second", requestTimeout: "2 seconds" })
        const client = yield* connect(port)
        const head = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "x".repeat(100)
        yield* Effect.forkScoped(Effect.forEach(
          head,
          (byte) => Effect.andThen(Effect.sync(() => client.socket.write(byte)), Effect.sleep("50 millis")),
          { discard: true }
        ))
        const closedAfter = yield* within(client.closed, 4_000)
        assert.isDefined(closedAfter, "the slow client is still connected after 4 s")
        assert.isAtLeast(closedAfter!, 900)
        assert.isAtMost(closedAfter!, 2_500)
        assert.match(client.received(), /^HTTP\/1\.1 408 /)
      }).pipe(Effect.scoped),
    10_000
  )

  it.live("an answer streamed for 3 s under a requestTimeout of 1 s is written whole", () =>
    Effect.gen(function*() {
      const port = yield* served(slow, { requestTimeout: "1 second", headersTimeout: "500 millis" })
      const client = yield* connect(port)
      client.socket.write(get("/slow", true))
      const closedAfter = yield* within(client.closed, 8_000)
      assert.isDefined(closedAfter)
      assert.isAtLeast(closedAfter!, 2_500)
      assert.match(client.received(), /^HTTP\/1\.1 200 /)
      for (let i = 0; i < 6; i++) assert.include(client.received(), `piece ${i};`)
    }).pipe(Effect.scoped), 15_000)

  it.live(
    "keepAliveTimeout: 65 s by default (its Keep-Alive header), an idle connection closed after a shorter one",
    () =>
      Effect.gen(function*() {
        const byDefault = yield* connect(yield* served(hello, {}))
        byDefault.socket.write(get("/"))
        // Its answer waited for (up to 10 s), not 300 ms.
        yield* until(() => /\r\n\r\n/.test(byDefault.received()), 10_000)
        assert.match(byDefault.received(), /keep-alive: timeout=65\r\n/i)
        const short = yield* connect(yield* served(hello, { keepAliveTimeout: "200 millis" }))
        short.socket.write(get("/"))
        // Node adds a second to the socket's own timeout (keepAliveTimeoutBuffer), past the header's.
        assert.isDefined(yield* within(short.closed, 3_000), "the idle connection is still open after 3 s")
        assert.match(short.received(), /^HTTP\/1\.1 200 /)
        assert.isUndefined(yield* within(byDefault.closed, 100))
      }).pipe(Effect.scoped),
    10_000
  )

  it.live("maxRequestsPerSocket: the request past it on a connection is answered 503", () =>
    Effect.gen(function*() {
      const client = yield* connect(yield* served(hello, { maxRequestsPerSocket: 1 }))
      client.socket.write(get("/") + get("/"))
      const statuses = () => [...client.received().matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => match[1])
      yield* Effect.sleep("20 millis").pipe(Effect.repeat({ until: () => statuses().length >= 2, times: 100 }))
      assert.deepStrictEqual(statuses(), ["200", "503"])
    }).pipe(Effect.scoped))

  it.live("a bound that is none is a ServeError naming it, before anything listens", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Omit<ChatEndpoint.NodeOptions, "port">, string]> = [
        [{ requestTimeout: "1 second", headersTimeout: "2 seconds" }, "headersTimeout must not be longer than"],
        [{ headersTimeout: 0 }, "headersTimeout must be a duration of at least 1 ms"],
        [{ keepAliveTimeout: -5 }, "keepAliveTimeout must be a duration"],
        [{ maxHeadersCount: 1.5 }, "maxHeadersCount must be a whole number"],
        [{ maxRequestsPerSocket: -1 }, "maxRequestsPerSocket must be a whole number"]
      ]
      for (const [options, message] of cases) {
        const error = yield* Effect.flip(ChatEndpoint.serveNode(hello, { ...options, port: 0 }))
        assert.strictEqual(error._tag, "ServeError")
        assert.include(error.message, message)
      }
    }))
})
