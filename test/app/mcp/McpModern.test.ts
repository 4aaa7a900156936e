/**
 * `Mcp.tools` against servers of MCP 2026-07-28 only, built with the official SDK 2.x (`@modelcontextprotocol/server`,
 * `legacy: "reject"`: a client of 2025-11-25 fails), over Streamable HTTP and stdio: the stateless wire
 * (`server/discover`, the `_meta` of every request, the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers,
 * no `initialize`, no session), and a result that asks for input (SEP-2322) bounded: `requestState` alone retried
 * with a new id and the state echoed, at most 15 times; a tool that needs a form the client does not declare an
 * error result the model reads; a hostile server's thousands of input requests, huge form or form that echoes the
 * transport's secret each an error result, the secret scrubbed. Servers of 2025-11-25
 * beside them are spoken to in their revision (`Mcp.test.ts`, `McpHostile.test.ts`).
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Result, Scope } from "effect"
import { Mcp, Message, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as TestPaths from "../../support/TestPaths.js"

const packageJson = JSON.parse(Fs.readFileSync(Path.join(TestPaths.root, "package.json"), "utf8"))

const serverScript = Path.join(TestPaths.test, "support", "mcp", "ModernServer.mjs")
const token = "modern-bearer-token-0123456789"
const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
let httpTools: ReadonlyArray<Mcp.McpTool>
let stdioTools: ReadonlyArray<Mcp.McpTool>

const connect = <A, E>(effect: Effect.Effect<A, E, Scope.Scope | any>) =>
  Effect.runPromise(effect.pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer)) as Effect.Effect<A, E>)

beforeAll(async () => {
  http = await ModernServer.startHttp()
  ;[httpTools, stdioTools] = await Promise.all([
    connect(Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } }
    })),
    connect(Mcp.tools({
      transport: {
        stdio: { command: process.execPath, args: [serverScript, "stdio"], env: { GIVEN_TOKEN: Redacted.make(token) } }
      }
    }))
  ])
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

const named = (tools: ReadonlyArray<Mcp.McpTool>, mcpName: string) => tools.find((tool) => tool.mcpName === mcpName)!

const run = async (tool: Mcp.McpTool, args: unknown) => {
  const call = new Tool.ToolCall({ id: "call_1", name: tool.name, arguments: JSON.stringify(args) })
  const result = await Effect.runPromise(Effect.result(tool.handler(args, call)))
  assert.isTrue(Result.isSuccess(result), String(Result.isFailure(result) && result.failure.message))
  return (result as Result.Success<unknown, never>).success
}

/** The text of an error result. */
const errorText = (output: unknown): string => {
  assert.instanceOf(output, Message.ToolResultMessage)
  const result = output as Message.ToolResultMessage
  assert.isTrue(result.isError)
  return JSON.stringify(result.content)
}

describe.concurrent("Mcp.tools: a server of MCP 2026-07-28", () => {
  for (const [transport, tools] of [["http", () => httpTools], ["stdio", () => stdioTools]] as const) {
    it(`${transport}: its tools listed and called in 2026-07-28`, async () => {
      assert.sameMembers(tools().map((tool) => tool.mcpName), ["echo", "deploy", "busy", "forever"])
      assert.strictEqual(await run(named(tools(), "echo"), { text: "hi" }), "hi")
    })

    it(`${transport}: requestState alone is retried, echoed, until the result`, async () => {
      assert.strictEqual(await run(named(tools(), "busy"), {}), "done after 3 rounds")
    })

    it(`${transport}: a server that only ever answers requestState is called at most 16 times`, async () => {
      assert.include(errorText(await run(named(tools(), "forever"), {})), "more than 15 times")
    })

    it(`${transport}: a tool that needs a form, refused by the server for want of the capability, an error result`, async () => {
      assert.include(errorText(await run(named(tools(), "deploy"), { env: "prod" })), "does not offer")
    })
  }

  it("a server that asks whatever is declared: thousands of requests, a huge form, a secret, each an error result", () =>
    Effect.gen(function*() {
      const hostile = yield* Effect.acquireRelease(
        Effect.promise(() => ModernServer.startHostile()),
        (server) => Effect.promise(() => server.close())
      )
      const tools = yield* Mcp.tools({
        transport: { http: { url: hostile.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } }
      })
      const texts = yield* Effect.promise(() =>
        Promise.all(["flood", "huge_form", "leak"].map(async (name) => errorText(await run(named(tools, name), {}))))
      )
      assert.include(texts[0], "5000 inputs at once, over the limit of 8")
      assert.include(texts[1], "over the size limits")
      assert.include(texts[2], "the tool asked the user")
      assert.include(texts[2], "this program takes no input requests")
      assert.notInclude(texts.join(), token)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer), Effect.runPromise))

  it("http: every request stateless, its version, method and name in headers and _meta, no elicitation declared", async () => {
    await run(named(httpTools, "echo"), { text: "headers" })
    const requests = http.requests.filter((request) => request.body !== undefined)
    assert.isFalse(requests.some((request) => request.body.method === "initialize"))
    assert.isTrue(requests.some((request) => request.body.method === "server/discover"))
    for (const request of requests) {
      assert.strictEqual(request.headers["mcp-protocol-version"], "2026-07-28")
      assert.strictEqual(request.headers["mcp-method"], request.body.method)
      assert.isUndefined(request.headers["mcp-session-id"])
      const meta = request.body.params._meta
      assert.strictEqual(meta["io.modelcontextprotocol/protocolVersion"], "2026-07-28")
      // No elicitation declared; a call declares the Tasks extension (SEP-2663).
      assert.deepStrictEqual(
        meta["io.modelcontextprotocol/clientCapabilities"],
        request.body.method === "tools/call" ? { extensions: { "io.modelcontextprotocol/tasks": {} } } : {}
      )
    }
    const call = requests.find((request) => request.body.params.arguments?.text === "headers")!
    assert.strictEqual(call.headers["mcp-name"], "echo")
    // The client names itself as the package it is: its name and its version (0.7.0 said 0.6.0).
    assert.deepStrictEqual(call.body.params._meta["io.modelcontextprotocol/clientInfo"], {
      name: packageJson.name,
      version: packageJson.version
    })
  })
})

describe("Mcp.tools: retries of a 2026-07-28 call", () => {
  it("http: each retry has a new JSON-RPC id and echoes the requestState exactly", async () => {
    const before = http.requests.length
    await run(named(httpTools, "busy"), {})
    const calls = http.requests.slice(before).filter((request) => request.body?.params?.name === "busy")
    assert.deepStrictEqual(calls.map((request) => request.body.params.requestState), [undefined, "1", "2", "3"])
    assert.strictEqual(new Set(calls.map((request) => request.body.id)).size, 4)
  })
})
