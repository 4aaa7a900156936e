/**
 * A call that read its provider's last event leaves the connection to the client's pool: a provider writes its
 * body's end just after the last event (OpenAI's `data: [DONE]`), often in a packet of its own, and a body cancelled
 * before that end closes the connection, so that every new answer would open one. A body that does not end soon
 * after its last event is still cancelled (a consumer that stops early, or an interrupted call, closes its connection
 * at once: test/core/Reliability.test.ts). A real `node:http` server on loopback counts the connections, through
 * each HTTP client (support/Clients.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallStream, LanguageModel, OpenAI } from "effect-llm-stream"
import * as Http from "node:http"
import type * as Net from "node:net"
import { clients } from "../../support/Clients.js"

const head = `"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
const event = (choice: string, usage = "null") => `data: {${head},"choices":[${choice}],"usage":${usage}}\n\n`
const delta = (text: string) => event(`{"index":0,"delta":{"content":"${text}"},"finish_reason":null}`)
const answer = delta("Hello") + event(`{"index":0,"delta":{},"finish_reason":"stop"}`) +
  `data: {${head},"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}\n\n` +
  "data: [DONE]\n\n"

/** How a test server answers: its response, written as it likes. */
type Answer = (response: Http.ServerResponse) => void

/**
 * A loopback server answering every request with `answer`; counts the connections that carried a request
 * (`connections`: a client may open one it does not use) and how many of them closed.
 */
const server = (answer: Answer) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      // `answeredAt`: when the server last began an answer (epoch ms).
      const counts = { connections: 0, closed: 0, answeredAt: 0 }
      const used = new Set<Net.Socket>()
      const http = Http.createServer((request, response) => {
        if (!used.has(request.socket)) {
          used.add(request.socket)
          counts.connections++
          request.socket.on("close", () => counts.closed++)
        }
        request.resume()
        request.on("end", () => {
          response.writeHead(200, { "content-type": "text/event-stream" })
          counts.answeredAt = Date.now()
          answer(response)
        })
      })
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))
      return { http, counts, baseUrl: `http://127.0.0.1:${(http.address() as { port: number }).port}/v1` }
    }),
    ({ http }) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          http.closeAllConnections()
          http.close(() => resolve())
        })
      )
  )

const model = (baseUrl: string, client: (typeof clients)[number][1]) =>
  OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-test"), baseUrl })),
    Layer.provide(client)
  )

describe.each(clients)("the connection after a call, through %s", (_, client) => {
  // Each client's body is read by this library (a web body under fetch, a Node stream under undici and node:http),
  // which waits a moment for the body's end after the last event rather than closing it.
  it.live("a body that ends just after its last event keeps its connection: calls one after another share one", () =>
    Effect.gen(function*() {
      const { baseUrl, counts } = yield* server((response) => {
        response.write(answer)
        setTimeout(() => response.end(), 5)
      })
      // One model for the five calls, as a server has it: node:http's agent (its pool) lives as long as its layer.
      const services = yield* Layer.build(model(baseUrl, client))
      for (let call = 0; call < 5; call++) {
        const response = yield* CallStream.accumulate(LanguageModel.stream("Hi")).pipe(Effect.provide(services))
        assert.strictEqual(response.content, "Hello")
        // Time for the body's end (written 5 ms after its last event) to free the connection, under a loaded CI
        // machine's pauses too (50 ms once saw undici open a second).
        yield* Effect.sleep("250 millis")
      }
      assert.strictEqual(counts.connections, 1)
    }))

  it.live("a body that does not end after its last event is cancelled within a second; the call ends at once", () =>
    Effect.gen(function*() {
      const { baseUrl, counts } = yield* server((response) => response.write(answer))
      const response = yield* CallStream.accumulate(LanguageModel.stream("Hi")).pipe(
        Effect.provide(model(baseUrl, client))
      )
      assert.strictEqual(response.content, "Hello")
      // At once, not after the second the reader gives the body to end: timed from the answer, not from the call's
      // start (a loaded machine's stall while connecting does not count).
      assert.isBelow(Date.now() - counts.answeredAt, 900)
      yield* Effect.sleep("1500 millis")
      assert.isAtLeast(counts.connections, 1)
      assert.strictEqual(counts.closed, counts.connections)
    }))
})
