/**
 * Connecting to a Streamable HTTP MCP server that takes each request and never answers: the whole connect, every
 * revision tried (MCP 2026-07-28's `server/discover`, then 2025-11-25's `initialize`), is bounded by the one
 * timeout, failing with an `McpError` (`Timeout`) within it, not once per revision tried. And a stdio server slower to
 * start than the probe's 5 seconds (the official SDK's, started after 5.5 s): its late answer to `server/discover` is
 * not taken for the answer to `initialize`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import * as Path from "node:path"
import * as McpConnect from "../../../src/app/mcp/McpConnect.js"
import { listen } from "../../support/Listen.js"

describe("MCP connect: a hung HTTP server", () => {
  it.live("every revision's try within the one timeout: an McpError (Timeout) in about 1 s, not 2 s", () =>
    Effect.gen(function*() {
      const methods: Array<string> = []
      // Takes each request, reads it, and never answers.
      const server = Http.createServer((req) => {
        let body = ""
        req.on("data", (chunk) => body += chunk)
        req.on("end", () => methods.push(JSON.parse(body || "{}").method ?? req.method))
      })
      const url = `${yield* listen(server)}/mcp`
      const started = Date.now()
      const error = yield* Effect.flip(McpConnect.connect({
        transport: { http: { url } },
        label: "hung",
        maxBytes: 1024 * 1024,
        timeout: "1 second",
        elicitation: false
      }))
      const elapsed = Date.now() - started
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.message, `MCP server "hung" did not answer in time (initialization)`)
      assert.isAtLeast(elapsed, 900)
      // Under twice the timeout (2 s), with room for a loaded machine's stall.
      assert.isBelow(elapsed, 1_950, `connect took ${elapsed} ms`)
      assert.deepStrictEqual(methods.slice(0, 1), ["server/discover"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live(
    "stdio: a server that answers the probe after 5 s is initialized, its tools listed",
    () =>
      Effect.gen(function*() {
        const script = Path.join(import.meta.dirname, "..", "..", "support", "mcp", "SdkServer.mjs")
        const connection = yield* McpConnect.connect({
          transport: {
            stdio: { command: "sh", args: ["-c", `sleep 5.5; exec "${process.execPath}" "${script}" stdio`] }
          },
          label: "slow",
          maxBytes: 1024 * 1024,
          timeout: "30 seconds",
          elicitation: false
        })
        // Before: "MCP server "slow" broke the protocol: Method not found", the probe's -32601 taken for the
        // `initialize` of the same id.
        const tools = yield* Effect.mapError(connection.client.listTools(), connection.error)
        assert.isTrue(tools.some((tool) => tool.name === "echo"))
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    30_000
  )
})
