/**
 * `ChatEndpoint.toNodeHandler` (what `serveNode` answers with) for any route of the router, on a Node server of the
 * test's own: a route reads the request as Node received it (its path and query, headers, cookies and body, the
 * connection's peer as its remote address, the client's behind a trusted proxy); a
 * `Stream` body written as it is pulled (each chunk as it comes, `HEAD` with the headers alone), any
 * other body as its Web `Response` with every cookie a header of its own, an unknown path a 404, and a client that
 * goes away before the end interrupts what answers it; a stored answer's body written as it is appended; a request
 * Node's parser cannot read answered 400 before any route. `@effect/platform-node`'s `NodeHttpServer.makeHandler`
 * answers (installed here). And `serveNode` on several listening sockets of one port.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, Layer, Option, Stream } from "effect"
import { ChatEndpoint, UIMessageStream } from "effect-llm-stream"
import { HttpMiddleware, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { IpNetwork } from "effect/net"
import * as Http from "node:http"
import * as Net from "node:net"
import * as SseWriter from "../../../src/app/ui/SseWriter.js"
import * as UIHead from "../../../src/app/ui/UIHead.js"
import * as UIResumable from "../../../src/app/ui/UIResumable.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as PacedAnswer from "../../support/PacedAnswer.js"
import { until } from "../../support/Until.js"

/** The routes of `routes` served through `toNodeHandler` on 127.0.0.1 (closed with the scope): its port. */
const serve = (routes: Layer.Layer<never, never, HttpRouter.HttpRouter>) =>
  Effect.map(EndpointApp.viaNodeHandler(routes), ({ url }) => Number(new URL(url).port))

/** A request on a connection of its own; the response once its head arrived. */
const request = (port: number, method: string, path: string) =>
  Effect.callback<{ readonly request: Http.ClientRequest; readonly response: Http.IncomingMessage }>((resume) => {
    const request = Http.request({ host: "127.0.0.1", port, method, path, agent: false })
    request.once("response", (response) => resume(Effect.succeed({ request, response })))
    request.end()
  })

/** The whole body of a response, as text. */
const body = (response: Http.IncomingMessage) =>
  Effect.promise(() =>
    new Promise<string>((resolve) => {
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (piece: string) => text += piece)
      response.on("end", () => resolve(text))
    })
  )

const answer: ReadonlyArray<UIMessageStream.Chunk> = [
  { type: "start", messageId: "m" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello" },
  { type: "text-end", id: "t" },
  { type: "finish" }
]

describe("ChatEndpoint.toNodeHandler", () => {
  it.live("a Stream body is written whole; HEAD gets its headers alone; cookies stay apart (a streamed body's too, its status text kept); unknown paths 404", () =>
    Effect.gen(function*() {
      const routes = Layer.mergeAll(
        HttpRouter.add("GET", "/stream", UIMessageStream.toHttpServerResponse(Stream.fromIterable(answer))),
        HttpRouter.add(
          "GET",
          "/cookies",
          Effect.succeed(
            HttpServerResponse.text("ok").pipe(
              HttpServerResponse.setCookieUnsafe("a", "1"),
              HttpServerResponse.setCookieUnsafe("b", "2")
            )
          )
        ),
        // A streamed answer's head, written from the response as it is: its cookies and status text kept.
        HttpRouter.add(
          "GET",
          "/stream-cookies",
          UIMessageStream.toHttpServerResponse(Stream.fromIterable(answer), { status: 201, statusText: "Made" }).pipe(
            Effect.map((response) =>
              response.pipe(
                HttpServerResponse.setHeader("set-cookie", "c=3"),
                HttpServerResponse.setCookieUnsafe("a", "1"),
                HttpServerResponse.setCookieUnsafe("b", "2")
              )
            )
          )
        )
      )
      const port = yield* serve(routes)
      const streamed = yield* request(port, "GET", "/stream")
      assert.strictEqual(streamed.response.statusCode, 200)
      assert.strictEqual(streamed.response.headers["content-type"], "text/event-stream")
      const events = (yield* body(streamed.response)).split("\n\n").filter((event) => event !== "")
      assert.deepStrictEqual(events.map((event) => event.slice("data: ".length)), [
        ...answer.map((chunk) => JSON.stringify(chunk)),
        "[DONE]"
      ])
      const head = yield* request(port, "HEAD", "/stream")
      assert.strictEqual(head.response.statusCode, 200)
      assert.strictEqual(yield* body(head.response), "")
      const cookies = yield* request(port, "GET", "/cookies")
      assert.deepStrictEqual(cookies.response.headers["set-cookie"], ["a=1", "b=2"])
      assert.strictEqual(yield* body(cookies.response), "ok")
      const streamedCookies = yield* request(port, "GET", "/stream-cookies")
      assert.strictEqual(streamedCookies.response.statusCode, 201)
      assert.strictEqual(streamedCookies.response.statusMessage, "Made")
      assert.strictEqual(streamedCookies.response.headers["content-type"], "text/event-stream")
      assert.deepStrictEqual(streamedCookies.response.headers["set-cookie"], ["a=1", "b=2", "c=3"])
      assert.include(yield* body(streamedCookies.response), "Hello")
      assert.strictEqual((yield* request(port, "GET", "/nothing")).response.statusCode, 404)
    }).pipe(Effect.scoped))

  it.live("a route reads the request as Node received it: method, path and query, headers, cookies, a JSON body", () =>
    Effect.gen(function*() {
      const routes = HttpRouter.add(
        "POST",
        "/echo",
        Effect.gen(function*() {
          const request = yield* HttpServerRequest.HttpServerRequest
          const url = HttpServerRequest.toURL(request)
          // The request as a Web one, for code that reads it so.
          const web = yield* HttpServerRequest.toWeb(request)
          return HttpServerResponse.jsonUnsafe({
            method: request.method,
            url: request.url,
            href: url._tag === "Some" ? url.value.href : undefined,
            tags: request.headers["x-tag"],
            cookies: request.cookies,
            web: [web.method, web.url, web.headers.get("x-tag")],
            body: yield* request.json
          })
        }).pipe(Effect.orDie)
      )
      const port = yield* serve(routes)
      const answered = yield* Effect.callback<Http.IncomingMessage>((resume) => {
        const sent = Http.request({
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/echo?q=1",
          agent: false,
          // Raw headers, as sent: an array sends each as given (the host too), a header twice.
          headers: [
            "Host",
            `127.0.0.1:${port}`,
            "Content-Type",
            "application/json",
            "X-Tag",
            "a",
            "X-Tag",
            "b",
            "Cookie",
            "session=s1; theme=dark"
          ]
        })
        sent.once("response", (response) => resume(Effect.succeed(response)))
        sent.end(JSON.stringify({ hello: "world" }))
      })
      const text = yield* body(answered)
      assert.strictEqual(answered.statusCode, 200, text)
      assert.deepStrictEqual(JSON.parse(text), {
        method: "POST",
        url: "/echo?q=1",
        href: `http://127.0.0.1:${port}/echo?q=1`,
        tags: "a, b",
        cookies: { session: "s1", theme: "dark" },
        web: ["POST", `http://127.0.0.1:${port}/echo?q=1`, "a, b"],
        body: { hello: "world" }
      })
    }).pipe(Effect.scoped))

  it.live("a route sees the connection's peer as the remote address, and the client's behind a trusted proxy", () =>
    Effect.gen(function*() {
      // What a route reads of where the request came from (as under Effect's own Node server).
      const addresses = Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const changed = request.modify({ url: "/changed" })
        return HttpServerResponse.jsonUnsafe({
          remote: Option.getOrNull(request.remoteAddress),
          peer: Option.getOrNull(request.peerAddress),
          protocol: request.protocol ?? null,
          changed: [changed.url, Option.getOrNull(changed.remoteAddress), Option.getOrNull(changed.peerAddress)]
        })
      })
      const routes = Layer.mergeAll(
        HttpRouter.add("GET", "/direct", addresses),
        HttpRouter.add(
          "GET",
          "/proxied",
          HttpMiddleware.xForwardedHeaders({ trustedProxies: [IpNetwork.fromStringUnsafe("127.0.0.0/8")] })(addresses)
        ),
        HttpRouter.add(
          "GET",
          "/untrusted",
          HttpMiddleware.xForwardedHeaders({ trustedProxies: [IpNetwork.fromStringUnsafe("10.0.0.0/8")] })(addresses)
        )
      )
      const port = yield* serve(routes)
      const get = (path: string, headers: Http.OutgoingHttpHeaders = {}) =>
        Effect.flatMap(
          Effect.callback<Http.IncomingMessage>((resume) => {
            const sent = Http.request({ host: "127.0.0.1", port, path, agent: false, headers })
            sent.once("response", (response) => resume(Effect.succeed(response)))
            sent.end()
          }),
          (response) => Effect.map(body(response), (text) => JSON.parse(text))
        )
      const direct = { remote: "127.0.0.1", peer: "127.0.0.1", protocol: null }
      assert.deepStrictEqual(yield* get("/direct"), {
        ...direct,
        changed: ["/changed", "127.0.0.1", "127.0.0.1"]
      })
      // A client's own X-Forwarded-For is not believed: the peer is no proxy the server trusts.
      assert.deepStrictEqual(yield* get("/untrusted", { "x-forwarded-for": "198.51.100.7" }), {
        ...direct,
        changed: ["/changed", "127.0.0.1", "127.0.0.1"]
      })
      // The proxy appended the client it saw to a list the client began (a spoofed first entry), one scheme for each.
      const forwarded = { "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-forwarded-proto": "http, https" }
      assert.deepStrictEqual(yield* get("/proxied", forwarded), {
        remote: "198.51.100.7",
        peer: "127.0.0.1",
        protocol: "https",
        changed: ["/changed", "198.51.100.7", "127.0.0.1"]
      })
    }).pipe(Effect.scoped))

  it.live("a request it cannot read (a header no HTTP request has, a line break in a value) is a 400; no route sees it", () =>
    Effect.gen(function*() {
      let routed = 0
      const port = yield* serve(
        HttpRouter.add("*", "*", Effect.sync(() => (routed++, HttpServerResponse.text("routed"))))
      )
      // What a client sends on the wire, as it is: the status line of the answer.
      const answered = (head: string) =>
        Effect.promise(() =>
          new Promise<string>((resolve) => {
            const socket = Net.connect(port, "127.0.0.1", () => socket.write(`${head}\r\n\r\n`))
            let text = ""
            socket.setEncoding("utf8")
            socket.on("data", (piece: string) => text += piece)
            socket.on("close", () => resolve(text.split("\r\n")[0]!))
            socket.on("end", () => socket.destroy())
            setTimeout(() => socket.end(), 500)
          })
        )
      assert.strictEqual(yield* answered("GET / HTTP/1.1\r\nHost: a\r\nX Bad Name: 1"), "HTTP/1.1 400 Bad Request")
      assert.strictEqual(
        yield* answered("GET / HTTP/1.1\r\nHost: a\r\nX-Split: a\rSet-Cookie: s=1"),
        "HTTP/1.1 400 Bad Request"
      )
      assert.strictEqual(routed, 0)
      assert.strictEqual(
        yield* answered("GET / HTTP/1.1\r\nHost: a\r\nX-Fine: 1\r\nConnection: close"),
        "HTTP/1.1 200 OK"
      )
      assert.strictEqual(routed, 1)
    }).pipe(Effect.scoped))

  it.live("a stored answer is written whole as it is appended", () =>
    Effect.gen(function*() {
      const deltas = 40
      const { stream } = PacedAnswer.writtenInGeneration(deltas)
      const port = yield* serve(HttpRouter.add(
        "GET",
        "/stored",
        Effect.flatMap(
          Effect.orDie(UIResumable.resumable(stream, { streamId: "stored-answer" })),
          (stored) => SseWriter.serve(stored, UIHead.uiWire, undefined, false)
        )
      ))
      const { response } = yield* request(port, "GET", "/stored")
      const text = yield* body(response)
      assert.strictEqual(PacedAnswer.deltasIn(text), PacedAnswer.text(deltas))
      assert.include(text, "data: [DONE]")
    }).pipe(Effect.scoped))

  it.live("a client that goes away before the end interrupts the route's stream", () =>
    Effect.gen(function*() {
      const ended = yield* Deferred.make<Exit.Exit<void, unknown>>()
      const endless = Stream.concat(Stream.fromIterable(answer.slice(0, 3)), Stream.never).pipe(
        Stream.onExit((exit) => Deferred.succeed(ended, Exit.asVoid(exit)))
      )
      const port = yield* serve(HttpRouter.add("GET", "/stream", UIMessageStream.toHttpServerResponse(endless)))
      const { request: sent, response } = yield* request(port, "GET", "/stream")
      yield* Effect.promise(() => new Promise((resolve) => response.once("data", resolve)))
      sent.destroy()
      const exit = yield* Deferred.await(ended).pipe(Effect.timeout("5 seconds"))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause))
    }).pipe(Effect.scoped))
})

describe("a Stream body that fails after its head", () => {
  it.live("cuts the connection (not an end as if whole) and logs the failure once", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      // The failure comes after the head and the first event have reached the client.
      const failing = Stream.concat(
        Stream.make(new TextEncoder().encode("data: 1\n\n")),
        Stream.fromEffect(Effect.andThen(Effect.sleep("50 millis"), Effect.fail(new Error("the disk went away"))))
      )
      const routes = HttpRouter.add(
        "GET",
        "/failing",
        Effect.succeed(HttpServerResponse.stream(failing, { contentType: "text/event-stream" }))
      ).pipe(Layer.provideMerge(EndpointApp.collecting(lines)))
      const port = yield* serve(routes)
      const { response } = yield* request(port, "GET", "/failing")
      assert.strictEqual(response.statusCode, 200)
      const cut = yield* Effect.promise(() =>
        new Promise<{ readonly text: string; readonly aborted: boolean }>((resolve) => {
          let text = ""
          response.setEncoding("utf8")
          response.on("data", (piece: string) => text += piece)
          // Cut: the response closes without being complete.
          response.on("error", () => undefined)
          response.on("close", () => resolve({ text, aborted: !response.complete }))
        })
      )
      assert.deepStrictEqual(cut, { text: "data: 1\n\n", aborted: true })
      // Logged once the body failed: waited for (up to 10 s), not timed.
      const errors = () => lines.filter((line) => line.level === "Error")
      assert.isTrue(yield* until(() => errors().length > 0, 10_000))
      assert.strictEqual(errors().length, 1)
      assert.include(errors()[0]!.message, "a response body failed after its head was sent")
    }).pipe(Effect.scoped))
})

describe("ChatEndpoint.serveNode's sockets", () => {
  const routes = HttpRouter.add("GET", "/", Effect.succeed(HttpServerResponse.text("ok")))

  it.live.skipIf(process.platform !== "linux")(
    "on several listening sockets of one port (reusePort, Linux) with a backlog: every request answered",
    () =>
      Effect.gen(function*() {
        const listening = yield* Deferred.make<string>()
        const server = yield* Effect.forkScoped(
          ChatEndpoint.serveNode(routes, {
            port: 0,
            listeners: 3,
            backlog: 1024,
            onListen: (url) => Deferred.succeed(listening, url)
          })
        )
        // A socket that could not join the port fails the server: the test with it.
        const url = yield* Deferred.await(listening).pipe(
          Effect.raceFirst(Effect.flatMap(Fiber.join(server), () => Effect.never))
        )
        const port = Number(new URL(url).port)
        const answers = yield* Effect.forEach(
          Array.from({ length: 30 }, () => request(port, "GET", "/")),
          (sent) => Effect.flatMap(sent, ({ response }) => body(response)),
          { concurrency: "unbounded" }
        )
        assert.deepStrictEqual(new Set(answers), new Set(["ok"]))
      }).pipe(Effect.scoped)
  )

  it.live("listeners that are not a whole number of 1 or more: a ServeError naming them, nothing listens", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ChatEndpoint.serveNode(routes, { port: 0, listeners: 0 }))
      assert.strictEqual(error._tag, "ServeError")
      assert.include(error.message, "listeners must be a whole number of 1 or more: 0")
    }))
})
