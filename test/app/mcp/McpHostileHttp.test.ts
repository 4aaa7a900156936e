/**
 * An MCP server over Streamable HTTP that answers a call as no server should, written here on a raw `node:http`
 * server (2025-11-25, with a session): another request's id, a batch, notifications or requests of its own without
 * end, a JSON-RPC error whose message is 50 MB, an error echoing the transport's credentials, an SSE stream that
 * never ends (after its answer, or inside a line, or in a line without end), a `retry` of years before a resumption,
 * an HTML page, a 500, a reset; and session ids that change at every answer or are 12 KB long. Each call ends in a
 * typed `McpError` (or an error result the model reads) within its timeout, under fetch, undici and node:http, with
 * no run of a credential in its `Cause`; an answer that came is not lost.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, type Layer, Redacted } from "effect"
import { Mcp, Message, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as Http from "node:http"
import * as Listen from "../../support/Listen.js"

const secret = "sk-mcp-hostile-5e8d1c4b7a"

const answer = (id: unknown, result: unknown) => JSON.stringify({ jsonrpc: "2.0", id, result })
const text = (value: string) => ({ content: [{ type: "text", text: value }] })

type Call = (message: { readonly id: number }, request: Http.IncomingMessage, response: Http.ServerResponse) => void

/**
 * A 2025-11-25 server with one tool, `t`, whose calls `onCall` answers; every other answer with `headersOf(n)`, the
 * n-th answer's headers. What each request carried (its method and session) is in `seen`.
 */
const listen = (onCall: Call, headersOf: (count: number) => Record<string, string> = () => ({})) =>
  Effect.suspend(() => {
    const seen: Array<string> = []
    let count = 0
    const server = Http.createServer((request, response) => {
      let body = ""
      request.on("data", (chunk) => (body += chunk))
      request.on("end", () => {
        seen.push(`${request.method} ${request.headers["mcp-session-id"] ?? "-"}`)
        if (request.method !== "POST") return response.writeHead(405).end()
        const message = JSON.parse(body)
        const json = (text: string) =>
          response.writeHead(200, { "content-type": "application/json", ...headersOf(count++) }).end(text)
        if (message.id === undefined) return response.writeHead(202, headersOf(count++)).end()
        switch (message.method) {
          case "initialize":
            return json(answer(message.id, {
              protocolVersion: "2025-11-25",
              capabilities: { tools: {} },
              serverInfo: { name: "hostile", version: "1" }
            }))
          case "tools/list":
            return json(answer(message.id, { tools: [{ name: "t", inputSchema: { type: "object", properties: {} } }] }))
          case "tools/call":
            return onCall(message, request, response)
          default:
            return json(JSON.stringify({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "no" } }))
        }
      })
    })
    return Effect.map(Listen.listen(server), (origin) => ({ url: `${origin}/mcp`, seen }))
  })

/** Calls `t` once, its calls bounded by 1 s: how it ended (a credential in no run of its `Cause`) and in how long. */
const callOnce = (url: string) =>
  Effect.gen(function*() {
    const [tool] = yield* Mcp.tools({
      transport: {
        http: {
          url,
          headers: { authorization: Redacted.make(`Bearer ${secret}`), cookie: Redacted.make(`c=${secret}`) }
        }
      },
      timeout: "1 second"
    })
    const started = Date.now()
    const exit = yield* Effect.exit(tool!.handler({}, new Tool.ToolCall({ id: "c1", name: "t", arguments: "{}" })))
    const millis = Date.now() - started
    const said = Exit.isFailure(exit) ? Cause.pretty(exit.cause) : JSON.stringify(exit.value)
    assert.notInclude(said, secret.slice(3, 11))
    assert.isBelow(millis, 5_000)
    return { exit, said }
  }).pipe(Effect.scoped)

const sse = (response: Http.ServerResponse) => response.writeHead(200, { "content-type": "text/event-stream" })

/** Writes `text` every millisecond until the client hangs up. */
const flood = (response: Http.ServerResponse, text: () => string) => {
  const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(text())), 1)
}

/** How a call ends: failing with an `McpError` of `reason` (and its message holding `says`), or as a result. */
type Ending =
  | { readonly reason: Mcp.McpError["reason"]; readonly says: string }
  | { readonly result: (value: unknown) => void }

const scenarios: ReadonlyArray<readonly [string, Call, Ending]> = [
  [
    "an answer with another request's id",
    (message, _, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end(answer(message.id + 1000, text("x"))),
    {
      reason: "Protocol",
      says: "id does not match"
    }
  ],
  [
    "a batch holding the answer",
    (message, _, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end(`[${answer(message.id, text("x"))}]`),
    {
      reason: "Protocol",
      says: "Invalid JSON-RPC message"
    }
  ],
  ["notifications without end", (_, __, response) => {
    sse(response)
    const note = { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "x".repeat(1000) } }
    flood(response, () => `data: ${JSON.stringify(note)}\n\n`.repeat(50))
  }, { reason: "Timeout", says: "did not answer within 1s" }],
  ["requests of its own without end", (_, __, response) => {
    sse(response)
    let id = 0
    flood(response, () => `data: ${JSON.stringify({ jsonrpc: "2.0", id: `s${id++}`, method: "ping" })}\n\n`)
  }, { reason: "Timeout", says: "did not answer within 1s" }],
  ["a JSON-RPC error whose message is 50 MB", (message, _, response) => {
    response.writeHead(200, { "content-type": "application/json" })
    response.write(`{"jsonrpc":"2.0","id":${message.id},"error":{"code":-1,"message":"`)
    let sent = 0
    const write = () => {
      while (sent < 50 && !response.destroyed) {
        sent++
        if (!response.write("y".repeat(2 ** 20))) return void response.once("drain", write)
      }
      response.end(`"}}`)
    }
    write()
  }, {
    result: (value) => {
      assert.instanceOf(value, Message.ToolResultMessage)
      assert.isTrue(value.isError)
      assert.include(value.content, "maxResultBytes")
    }
  }],
  [
    "an error echoing the credentials",
    (message, request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
        jsonrpc: "2.0",
        id: message.id,
        error: {
          code: -32000,
          message: `denied ${request.headers["authorization"]} ${request.headers["cookie"]}`,
          data: { auth: request.headers["authorization"] }
        }
      })),
    { reason: "Protocol", says: "denied <redacted> <redacted>" }
  ],
  ["an SSE stream that never ends after its answer", (message, _, response) => {
    sse(response)
    response.write(`data: ${answer(message.id, text("done"))}\n\n`)
  }, { result: (value) => assert.strictEqual(value, "done") }],
  ["an SSE stream that stalls inside a line", (message, _, response) => {
    sse(response)
    response.write(`data: ${answer(message.id, text("é")).slice(0, 40)}`)
  }, { reason: "Timeout", says: "did not answer within 1s" }],
  ["an SSE line without end", (_, __, response) => {
    sse(response)
    response.write("data: ")
    flood(response, () => "z".repeat(64 * 1024))
  }, {
    result: (value) => {
      assert.instanceOf(value, Message.ToolResultMessage)
      assert.include(value.content, "maxResultBytes")
    }
  }],
  ["a retry of years before resuming a broken stream", (_, __, response) => {
    sse(response)
    response.write("retry: 99999999999\nid: 1\ndata: \n\n")
    setTimeout(() => response.socket?.destroy(), 50)
  }, { reason: "Timeout", says: "did not answer within 1s" }],
  ["an HTML page", (_, __, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html></html>"), {
    reason: "Protocol",
    says: "Unsupported MCP response Content-Type"
  }],
  [
    "a 500 echoing the credentials",
    (_, request, response) =>
      response.writeHead(500, { "content-type": "text/plain", "www-authenticate": `Bearer ${secret}` }).end(
        `boom ${request.headers["authorization"]}`
      ),
    { reason: "Http", says: "answered HTTP 500" }
  ],
  ["a reset after a comment", (_, __, response) => {
    sse(response)
    response.write(": hi\n\n", () => setTimeout(() => response.socket?.resetAndDestroy(), 20))
  }, { reason: "Transport", says: "Cannot read MCP response" }]
]

const clients: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node", NodeHttpClient.layerNodeHttp]
]

describe("an MCP server over HTTP that answers a call as none should", () => {
  for (const [name, onCall, ending] of scenarios) {
    // What ends at the call's timeout is checked under fetch alone: the other clients read the same bytes.
    const under = "reason" in ending && ending.reason === "Timeout" ? clients.slice(0, 1) : clients
    for (const [clientName, layer] of under) {
      it.live(`${clientName}: ${name}`, () =>
        Effect.gen(function*() {
          const server = yield* listen(onCall)
          const { exit, said } = yield* callOnce(server.url)
          if ("result" in ending) {
            assert.isTrue(Exit.isSuccess(exit), said)
            ending.result((exit as Exit.Success<unknown>).value)
          } else {
            assert.isTrue(Exit.isFailure(exit), said)
            const error = Cause.squash((exit as Exit.Failure<unknown, unknown>).cause)
            assert.instanceOf(error, Mcp.McpError)
            assert.strictEqual(error.reason, ending.reason, said)
            assert.include(error.message, ending.says)
          }
        }).pipe(Effect.provide(layer)))
    }
  }
})

describe("an MCP server's session ids", () => {
  const kinds: ReadonlyArray<readonly [string, (count: number) => Record<string, string>]> = [
    ["another at every answer", (count) => ({ "mcp-session-id": `s-${count}` })],
    ["12 KB long", () => ({ "mcp-session-id": "h".repeat(12_000) })]
  ]
  for (const [kind, headersOf] of kinds) {
    it.live(`${kind}: each request carries the last one given; the call is answered`, () =>
      Effect.gen(function*() {
        const server = yield* listen(
          (message, request, response) =>
            response.writeHead(200, { "content-type": "application/json", ...headersOf(-1) }).end(
              answer(message.id, text(`${request.headers["mcp-session-id"]}`.length > 100 ? "long" : "ok"))
            ),
          headersOf
        )
        const { exit } = yield* callOnce(server.url)
        assert.isTrue(Exit.isSuccess(exit))
        assert.include(["ok", "long"], (exit as Exit.Success<unknown>).value)
        // The first request has none; the session is ended (DELETE) with the last one.
        assert.strictEqual(server.seen[0], "POST -")
        assert.strictEqual(server.seen.at(-1)!.split(" ")[0], "DELETE")
      }).pipe(Effect.provide(FetchHttpClient.layer)))
  }
})
