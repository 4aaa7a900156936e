/**
 * An MCP server over Streamable HTTP that redirects: never followed. fetch follows a redirect by itself, and sends
 * every header of the request but `authorization` to wherever the `location` points (a 302 or 303 as a GET): a
 * credential in any other header (`x-api-key`) would reach another host. Each 3xx is an `McpError` (`Http`, its
 * status) naming the origin it points to, never the credential, under fetch and undici alike; the other host is sent
 * nothing.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as Http from "node:http"

const secret = "sk-redirected-key-0123456789"

/** A server on a port of its own for the scope, answering with `handler`. */
const listen = (handler: Http.RequestListener) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly url: string; readonly server: Http.Server }>((resume) => {
      const server = Http.createServer(handler)
      server.listen(0, "127.0.0.1", () =>
        resume(Effect.succeed({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`, server })))
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.close(() =>
          resume(Effect.void)
        )
      })
  )

const clients: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici]
]

describe("an MCP server that redirects", () => {
  for (const [client, layer] of clients) {
    for (const status of [302, 303, 307, 308]) {
      it.live(`${client}: ${status} to another origin is an McpError naming it; the other is sent nothing`, () =>
        Effect.gen(function*() {
          const seen: Array<Http.IncomingHttpHeaders> = []
          const other = yield* listen((request, response) => {
            seen.push(request.headers)
            response.writeHead(500).end()
          })
          const first = yield* listen((_, response) => response.writeHead(status, { location: other.url }).end())
          const error = yield* Effect.flip(Mcp.tools({
            transport: { http: { url: first.url, headers: { "x-api-key": Redacted.make(secret) } } }
          }))
          assert.deepStrictEqual(seen, [])
          assert.strictEqual(error.reason, "Http")
          assert.strictEqual(error.status, status)
          assert.include(error.message, `redirects to ${new URL(other.url).origin}`)
          assert.include(error.message, "redirects are not followed")
          assert.notInclude(JSON.stringify(error) + String(error), secret)
        }).pipe(Effect.scoped, Effect.provide(layer)))
    }
  }
})
