/**
 * A stdio server's message of its own over the line bound (`maxResultBytes`): a notification, or a request whose id
 * is the id of a call waiting, answers no call of the client, so it fails none (`McpLines`: the line is skipped).
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Result, Scope } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import * as Path from "node:path"
import * as TestPaths from "../../support/TestPaths.js"

const script = Path.join(TestPaths.test, "support", "mcp", "OversizedServer.mjs")
const maxResultBytes = 64 * 1024
const scope = Effect.runSync(Scope.make())
let tools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  tools = await Effect.runPromise(
    Mcp.tools({
      transport: {
        stdio: { command: process.execPath, args: [script], env: { OVERSIZED_BYTES: String(4 * maxResultBytes) } }
      },
      timeout: "5 seconds",
      maxResultBytes
    }).pipe(Scope.provide(scope))
  )
})

afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

const call = (name: string) => {
  const tool = tools.find((candidate) => candidate.name === name)!
  return Effect.runPromise(
    Effect.result(tool.handler({}, new Tool.ToolCall({ id: "c1", name, arguments: "{}" })))
  )
}

describe("stdio: a server's own message over the line bound", () => {
  it("a notification fails no call: the call waiting is answered", async () => {
    assert.deepStrictEqual(await call("log"), Result.succeed("log: fine"))
  })

  it("a request of the server with the id of a call waiting fails not that call", async () => {
    assert.deepStrictEqual(await call("ask"), Result.succeed("ask: fine"))
  })
})
