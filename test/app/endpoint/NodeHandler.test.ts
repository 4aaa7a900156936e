/**
 * `ChatEndpoint.toNodeHandler` (what `serveNode` answers with) for any route of the router, on a Node server of the
 * test's own: a `Stream` body written as it is pulled (each chunk as it comes, `HEAD` with the headers alone), any
 * other body as its Web `Response` with every cookie a header of its own, an unknown path a 404, and a client that
 * goes away before the end interrupts what answers it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Layer, Stream } from "effect"
import { UIMessageStream } from "effect-llm-stream"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as Http from "node:http"
import * as EndpointApp from "../../support/EndpointApp.js"

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
  it.live("a Stream body is written whole; HEAD gets its headers alone; cookies stay apart; unknown paths 404", () =>
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
      assert.strictEqual((yield* request(port, "GET", "/nothing")).response.statusCode, 404)
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
