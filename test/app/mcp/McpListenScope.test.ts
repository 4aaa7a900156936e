/**
 * The stream a connection holds to hear its 2025-11-25 server (`McpListen`) lives as long as the connection's scope:
 * connected and closed many times, against the official SDK 1.x (`support/mcp/UrlServer.mjs`, Streamable HTTP with
 * sessions) behind a front that counts the GET streams open, each connection opens its stream, and none is left open
 * once its scope is closed: no socket, and no fiber holding one, outlives its connection.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { forward } from "../../support/Forward.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"

const token = "listen-scope-test-token"
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>
// The GET streams open now, and every one opened.
const streams = { open: 0, opened: 0 }
const front = Http.createServer((request, response) => {
  if (request.method === "GET") {
    streams.open++
    streams.opened++
    response.on("close", () => streams.open--)
  }
  forward(new URL(legacy.url).origin, request, response)
})
let url = ""

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
  await new Promise<void>((listening) => front.listen(0, "127.0.0.1", listening))
  url = `http://127.0.0.1:${(front.address() as AddressInfo).port}/mcp`
})

afterAll(async () => {
  await legacy.close()
  front.closeAllConnections()
  front.close()
})

/** Connects in a scope of its own, waits for its stream to open, and closes the scope. */
const connectAndClose = Effect.gen(function*() {
  const scope = yield* Scope.make()
  const opened = streams.opened
  yield* Mcp.tools({
    transport: { http: { url, headers: { authorization: `Bearer ${token}` } } },
    needsApproval: false,
    elicitation: "approval"
  }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  yield* until(() => streams.opened > opened)
  yield* Scope.close(scope, Exit.void)
})

/** Waits (up to 5 seconds) for `done`. */
const until = (done: () => boolean) =>
  Effect.gen(function*() {
    for (let waited = 0; !done() && waited < 5_000; waited += 10) yield* Effect.sleep("10 millis")
  })

describe("Mcp.tools over Streamable HTTP, connected and closed many times", () => {
  it.live("each connection's stream opens, and closes with its scope: none left open", () =>
    Effect.gen(function*() {
      const times = 20
      for (let at = 0; at < times; at++) yield* connectAndClose
      assert.strictEqual(streams.opened, times, "one stream a connection")
      yield* until(() => streams.open === 0)
      assert.strictEqual(streams.open, 0, "none left open")
    }), 60_000)
})
