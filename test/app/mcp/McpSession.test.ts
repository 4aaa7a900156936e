/**
 * A Streamable HTTP server that ends its session (MCP 2025-11-25, basic/transports, "Session Management": a server
 * MAY terminate the session at any time, after which it MUST respond to requests containing that session ID with HTTP
 * 404; a client that receives it MUST start a new session by sending a new `InitializeRequest` without a session ID).
 * The server is the official SDK's (`StreamableHTTPServerTransport`, one per session, `support/mcp/SdkServer.mjs`'s
 * tools). The call that met the 404 was not run: it is sent again in the new session, once; a server that ends every
 * session at once fails the call with an `McpError` (`Closed`) that says the session ended.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import { Effect } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import * as SdkServer from "../../support/mcp/SdkServer.mjs"

/** The server for the scope: a session not in `sessions` has ended; with `ends.every`, every session has. */
const serve = Effect.acquireRelease(
  Effect.callback<{
    url: string
    server: Http.Server
    sessions: Map<string, StreamableHTTPServerTransport>
    initialized: Array<string>
    ends: { every: boolean }
  }>(
    (resume) => {
      const sessions = new Map<string, StreamableHTTPServerTransport>()
      const initialized: Array<string> = []
      const ends = { every: false }
      const server = Http.createServer(async (request, response) => {
        const id = request.headers["mcp-session-id"]
        if (typeof id === "string" && (!sessions.has(id) || ends.every)) {
          response.writeHead(404, { "content-type": "application/json" })
          response.end(
            JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } })
          )
          return
        }
        let transport: StreamableHTTPServerTransport | undefined = typeof id === "string" ? sessions.get(id) : undefined
        if (transport === undefined) {
          const made: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (session) => {
              initialized.push(session)
              sessions.set(session, made)
            }
          })
          transport = made
          await (SdkServer.makeServer() as Server).connect(transport)
        }
        await transport.handleRequest(request, response)
      })
      server.listen(0, "127.0.0.1", () => {
        const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`
        resume(Effect.succeed({ url, server, sessions, initialized, ends }))
      })
    }
  ),
  ({ server }) =>
    Effect.callback<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const call = (tools: ReadonlyArray<Mcp.McpTool>, mcpName: string) => {
  const tool = tools.find((candidate) => candidate.mcpName === mcpName)!
  return tool.handler({ city: "Oslo" }, new Tool.ToolCall({ id: "c", name: tool.name, arguments: "{}" }))
}

describe("an MCP server that ends its session", () => {
  it.live("the call that met the 404 goes again in a new session, and the next calls in it", () =>
    Effect.gen(function*() {
      const { initialized, sessions, url } = yield* serve
      const tools = yield* Mcp.tools({ transport: { http: { url } } })
      const first = yield* call(tools, "get weather")
      sessions.clear()
      assert.deepStrictEqual(yield* call(tools, "get weather"), first)
      assert.deepStrictEqual(yield* call(tools, "get weather"), first)
      assert.strictEqual(initialized.length, 2)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a server that ends every session: the call fails with an McpError that says so, after one new session", () =>
    Effect.gen(function*() {
      const { ends, initialized, url } = yield* serve
      const tools = yield* Mcp.tools({ transport: { http: { url } } })
      ends.every = true
      const error = yield* Effect.flip(call(tools, "get weather"))
      assert.strictEqual(error.reason, "Closed")
      assert.strictEqual(error.message, `MCP server at ${new URL(url).origin} ended the session`)
      assert.strictEqual(initialized.length, 2)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
