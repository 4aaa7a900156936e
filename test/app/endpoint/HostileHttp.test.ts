/**
 * What a hostile client sends on the wire to routes served on Node. With `@effect/platform-node`'s handler, a path no
 * route has (whatever its method) is a 404, and nothing of the server's failing in its log. Without that package (the
 * Web bridge), a request a Web `Request` cannot be (`TRACE`, a target that is no URL) is a 400, not the end of the
 * process, and a path beginning `//` is routed as the path it is, never as a host.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import * as Net from "node:net"
import * as EndpointApp from "../../support/EndpointApp.js"

/** The status line answering `head`, sent as it is on a connection of its own. */
const statusOf = (port: number, head: string) =>
  Effect.promise(() =>
    new Promise<string>((resolve) => {
      const socket = Net.connect(
        port,
        "127.0.0.1",
        () => socket.write(`${head}\r\nHost: a\r\nConnection: close\r\n\r\n`)
      )
      let text = ""
      socket.setEncoding("latin1")
      socket.on("data", (piece: string) => text += piece)
      socket.on("error", () => undefined)
      socket.on("close", () => resolve(text.split("\r\n")[0]!))
      setTimeout(() => socket.destroy(), 2000)
    })
  )

const portOf = (served: EndpointApp.Served) => Number(new URL(served.url).port)

describe("a hostile client's requests", () => {
  it.live("a path no route has, whatever its method, is a 404 and no error in the server's log", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      const routes = HttpRouter.add("GET", "/", Effect.succeed(HttpServerResponse.text("ok"))).pipe(
        Layer.provideMerge(EndpointApp.collecting(lines))
      )
      const port = portOf(yield* EndpointApp.viaNodeHandler(routes))
      for (const head of ["GET /nope HTTP/1.1", "TRACE / HTTP/1.1", "OPTIONS * HTTP/1.1", "HEAD /nope HTTP/1.1"]) {
        assert.strictEqual(yield* statusOf(port, head), "HTTP/1.1 404 Not Found", head)
      }
      yield* Effect.sleep("20 millis")
      assert.deepStrictEqual(lines.filter((line) => line.level === "Error").map((line) => line.message), [])
    }).pipe(Effect.scoped))

  it.live("without @effect/platform-node: TRACE and a target that is no URL are 400s; //a/x is the path //a/x", () =>
    Effect.gen(function*() {
      const routes = HttpRouter.add("GET", "/x", Effect.succeed(HttpServerResponse.text("x")))
      const port = portOf(yield* EndpointApp.viaNodeBridge(routes))
      assert.strictEqual(yield* statusOf(port, "TRACE /x HTTP/1.1"), "HTTP/1.1 400 Bad Request")
      assert.strictEqual(yield* statusOf(port, "GET http://[::1/x HTTP/1.1"), "HTTP/1.1 400 Bad Request")
      assert.strictEqual(yield* statusOf(port, "GET //a/x HTTP/1.1"), "HTTP/1.1 404 Not Found")
      // Still serving.
      assert.strictEqual(yield* statusOf(port, "GET /x HTTP/1.1"), "HTTP/1.1 200 OK")
    }).pipe(Effect.scoped))
})
