/**
 * The HTTP client a model layer asks with on Node when it is given none (`NodeClient`: `@effect/platform-node`'s
 * `NodeHttpClient`, installed here): a `layerModel` program sends its requests over `node:http` with keep-alive
 * connections (Node's agent with `keepAlive: true` sends `Connection:
 * keep-alive` and no `user-agent`, where Node's fetch sends `user-agent: node`: the Node.js `http` and `fetch`
 * documentation), or fetch without that package; a whole body is read as text and JSON, a streamed body is sent; a request Node will not send and a refused connection are
 * `TransportError`s (as is an answer no client reads: test/core/HostileServers.test.ts); a response read after its
 * layer was released reads to its end (as over fetch); and a request interrupted before its response's head, or
 * whose response's reading is interrupted, closes its connection. Every provider test also runs through it
 * (support/Clients.ts, "default"), test/core/ConnectionReuse.test.ts among them: calls one after another share one
 * connection.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Fiber, Layer, Stream } from "effect"
import { LanguageModel, OpenAI } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as Http from "node:http"
import * as NodeClient from "../../../src/core/http/NodeClient.js"
import * as Fixtures from "../../../support/Fixtures.js"

const client = NodeClient.layer()!

const env = (variables: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env: variables }))

/** The connections the replay server still has open for `baseUrl`, once they closed or 2 s went by. */
const openConnectionsAfter = (server: ReplayServer.ReplayServer, baseUrl: string) =>
  Effect.gen(function*() {
    for (let waited = 0; server.openRequestConnections(baseUrl) > 0 && waited < 2_000; waited += 10) {
      yield* Effect.sleep("10 millis")
    }
    return server.openRequestConnections(baseUrl)
  })

describe("NodeClient", () => {
  it.effect("is what layerModel asks with on Node when it is given no client: node:http, keep-alive", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("openai", "text.sse")
      })
      const model = OpenAI.layerModel("gpt-4o").pipe(
        Layer.provide(env({ OPENAI_API_KEY: "sk-from-env", OPENAI_BASE_URL: baseUrl }))
      )
      const text = yield* Effect.gen(function*() {
        let text = ""
        for (let call = 0; call < 3; call++) {
          text += yield* Stream.runFold(LanguageModel.stream("hi"), () => "", (text, chunk) => text + chunk.content)
        }
        return text
      }).pipe(Effect.provide(model))
      assert.isAbove(text.length, 0)
      const requests = server.requests(baseUrl)
      assert.strictEqual(requests.length, 3)
      for (const request of requests) {
        assert.strictEqual(request.headers["connection"], "keep-alive")
        assert.strictEqual(request.headers["user-agent"], undefined)
      }
    }))

  it.effect("is fetch when @effect/platform-node is not installed (an optional peer)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/plain" }, body: "ok" })
      const http = yield* HttpClient.HttpClient
      assert.strictEqual(yield* Effect.flatMap(http.get(`${baseUrl}/`), (response) => response.text), "ok")
      // Node's fetch names itself; node:http sends no user-agent.
      assert.strictEqual(server.requests(baseUrl)[0]!.headers["user-agent"], "node")
    }).pipe(Effect.provide(NodeClient.layer(() => Promise.reject(new Error("Cannot find package")))!)))

  it.effect("reads a whole body as text and as JSON", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "application/json" }, body: `{"answer":42}` })
      const http = yield* HttpClient.HttpClient
      const response = yield* http.execute(HttpClientRequest.post(`${baseUrl}/thing`))
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["content-type"], "application/json")
      assert.deepStrictEqual(yield* response.json, { answer: 42 })
      const again = yield* http.execute(HttpClientRequest.get(`${baseUrl}/thing`))
      assert.strictEqual(yield* again.text, `{"answer":42}`)
    }).pipe(Effect.provide(client)))

  it.effect("sends a streamed body (the platform's client sends every kind of body)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/plain" }, body: "ok" })
      const http = yield* HttpClient.HttpClient
      const request = HttpClientRequest.post(`${baseUrl}/upload`).pipe(
        HttpClientRequest.bodyStream(Stream.make(new TextEncoder().encode("one "), new TextEncoder().encode("two")))
      )
      assert.strictEqual(yield* Effect.flatMap(http.execute(request), (response) => response.text), "ok")
      assert.strictEqual(server.requests(baseUrl)[0]!.body, "one two")
    }).pipe(Effect.provide(client)))

  it.effect("fails a request Node will not send (a header with a line break) with a TransportError, not a defect", () =>
    Effect.gen(function*() {
      const http = yield* HttpClient.HttpClient
      const request = HttpClientRequest.get("http://127.0.0.1:9/").pipe(HttpClientRequest.setHeader("x-note", "a\nb"))
      const error = yield* Effect.flip(http.execute(request))
      assert.strictEqual(error.reason._tag, "TransportError")
    }).pipe(Effect.provide(client)))

  it.effect("fails a refused connection with a TransportError", () =>
    Effect.gen(function*() {
      // A port nothing listens on: one a server had, closed.
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const probe = Http.createServer().listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as { readonly port: number }
            probe.close(() => resolve(port))
          })
        })
      )
      const http = yield* HttpClient.HttpClient
      const error = yield* Effect.flip(http.execute(HttpClientRequest.get(`http://127.0.0.1:${port}/`)))
      assert.strictEqual(error.reason._tag, "TransportError")
    }).pipe(Effect.provide(client)))

  it.live("a response read after the layer that asked for it was released still reads to its end", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/plain" },
        body: "one two three",
        cuts: [4, 8],
        delayMs: 50
      })
      // A handler that provides its client per request and hands its response on to be read later.
      const response = yield* Effect.flatMap(
        HttpClient.HttpClient,
        (http) => http.execute(HttpClientRequest.get(`${baseUrl}/late`))
      ).pipe(Effect.provide(client))
      assert.strictEqual(yield* response.text, "one two three")
    }))

  it.live("closes the connection of a request interrupted before its response's head", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/plain" }, body: "late", headerDelayMs: 5_000 })
      const http = yield* HttpClient.HttpClient
      const fiber = yield* Effect.forkChild(http.execute(HttpClientRequest.get(`${baseUrl}/slow`)))
      while (server.requests(baseUrl).length === 0) yield* Effect.sleep("5 millis")
      const exit = yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
      assert.isTrue(Exit.hasInterrupts(exit))
      assert.strictEqual(yield* openConnectionsAfter(server, baseUrl), 0)
    }).pipe(Effect.provide(client)))

  it.live("closes the connection of a response whose reading is interrupted (its request's signal aborted)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/plain" },
        body: "one two three",
        cuts: [4],
        delayMs: 5_000
      })
      const http = yield* HttpClient.HttpClient
      const response = yield* http.execute(HttpClientRequest.get(`${baseUrl}/slow-body`))
      // Effect's client aborts the request's signal when an accessor of its response is interrupted.
      const fiber = yield* Effect.forkChild(response.text)
      yield* Effect.sleep("50 millis")
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(yield* openConnectionsAfter(server, baseUrl), 0)
    }).pipe(Effect.provide(client)))

  it.live(
    "closes a kept-alive connection unused for 5 s (as Node's global agent does), a server keeping it longer",
    () =>
      Effect.gen(function*() {
        let open = 0
        const server = Http.createServer((_, response) => response.end("ok"))
        server.keepAliveTimeout = 60_000
        server.on("connection", (socket) => {
          open++
          socket.on("close", () => open--)
        })
        const port = yield* Effect.acquireRelease(
          Effect.callback<number>((resume) => {
            server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as { port: number }).port)))
          }),
          () => Effect.sync(() => server.close())
        )
        const http = yield* HttpClient.HttpClient
        const get = Effect.flatMap(http.get(`http://127.0.0.1:${port}/`), (response) => response.text)
        assert.strictEqual(yield* get, "ok")
        const done = Date.now()
        // Still there to be used again within the 5 s.
        yield* Effect.sleep("3 seconds")
        assert.strictEqual(open, 1)
        assert.strictEqual(yield* get, "ok")
        assert.strictEqual(open, 1)
        const reused = Date.now()
        while (open > 0 && Date.now() - reused < 8_000) yield* Effect.sleep("50 millis")
        assert.strictEqual(open, 0)
        assert.isAtLeast(Date.now() - reused, 4_500)
        assert.isAbove(reused - done, 2_900)
      }).pipe(Effect.provide(client)),
    20_000
  )
})
