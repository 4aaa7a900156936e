/**
 * MCP input schemas a client must survive, from a server built with the official SDK
 * (`support/mcp/ProbeServer.mjs`), over stdio and Streamable HTTP: a schema whose `$ref`s go round without
 * descending into the arguments (`self_ref`: `A` is `A`; `ring`: `A` is any of `B`, `B` all of `A`), against which
 * no value can be checked, is left out at listing with a warning naming the tool, and the server's other tools are
 * kept; a model that calls it anyway reads an error result, and the loop goes on. A legitimately recursive schema
 * (`tree`: `Node` refers to itself through a property) checks arguments nested up to the cap
 * (`JsonDepth.maxDepth`, 1,000 levels) and the server gets them; past the cap the model reads an error result.
 * Whatever throws while a call's arguments are checked is an `invalid-arguments` error result, never a defect
 * that ends the loop.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Logger, Redacted, References, Schema, Scope } from "effect"
import { LanguageModel, Mcp, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as Util from "node:util"
import * as LoopWire from "../../support/LoopWire.js"
import * as ProbeServer from "../../support/mcp/ProbeServer.mjs"
import * as TestPaths from "../../support/TestPaths.js"

const script = Path.join(TestPaths.test, "support", "mcp", "ProbeServer.mjs")
const token = "schemas-bearer-token-5678"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }

/** Everything logged while `effect` runs, as text. */
const logged = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.make(({ cause, logLevel, message }) => {
      const parts = [message].flat().map((part) => typeof part === "string" ? part : Util.inspect(part, { depth: 10 }))
      lines.push(`${logLevel} ${parts.join(" ")} ${Cause.pretty(cause)}`)
    })
    const result = yield* effect.pipe(
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
    return [result, lines.join("\n")] as const
  })

const transports = {
  stdio: () => ({ stdio: { command: process.execPath, args: [script, "stdio"] } }),
  http: () => ({ http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } })
} as const

/** The tools of the probe server, and what was logged while they were listed. */
const listed = (transport: keyof typeof transports) =>
  logged(Mcp.tools({ transport: transports[transport]() })).pipe(
    Scope.provide(scope),
    Effect.provide(FetchHttpClient.layer)
  )

beforeAll(async () => {
  http = await ProbeServer.startHttp(token)
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

/** `{ root: { child: ... } }` with `nodes` nodes under `root`: nested `nodes + 1` levels deep. */
const tree = (nodes: number) => {
  let node: unknown = { label: "leaf" }
  for (let i = 1; i < nodes; i++) node = { child: node }
  return JSON.stringify({ root: node })
}

describe("MCP input schemas", () => {
  for (const transport of ["stdio", "http"] as const) {
    it.effect(`${transport}: a schema whose $refs go round is left out with a warning naming the tool`, () =>
      Effect.gen(function*() {
        const [tools, logs] = yield* listed(transport)
        assert.sameMembers(tools.map((tool) => tool.name), [
          "weather",
          "weather_spec",
          "tree",
          "whoami",
          "whoami_error",
          "whoami_rpc_error"
        ])
        for (const name of ["self_ref", "ring"]) {
          assert.match(logs, new RegExp(`^Warn .*tool "${name}" left out: its input schema's \\$refs go round`, "m"))
        }
        assert.include(logs, "(#/$defs/A)")
      }))

    it.effect(`${transport}: arguments nested up to the cap are checked and sent; the server gets them`, () =>
      Effect.gen(function*() {
        const [tools] = yield* listed(transport)
        const target = tools.find((tool) => tool.name === "tree")!
        const call = new Tool.ToolCall({ id: "t1", name: "tree", arguments: tree(999) })
        const decoded = yield* Effect.fromResult(Tool.decodeCall(tools, call))
        assert.strictEqual(yield* target.handler(decoded.input, call), "depth 999")
        // A mistake 999 levels down is found, and named.
        const wrong = new Tool.ToolCall({ id: "t2", name: "tree", arguments: tree(999).replace("\"leaf\"", "7") })
        const refused = yield* Effect.flip(Effect.fromResult(Tool.decodeCall(tools, wrong)))
        assert.strictEqual(refused.reason, "invalid-arguments")
        assert.match(refused.message, /\/root\/child\/child\/child\/child\/….*\/label: expected string, got integer/)
      }))
  }

  it.live("in the loop: a left-out tool, a tree within the cap and one past it; the loop goes on to the answer", () =>
    Effect.gen(function*() {
      const [tools] = yield* listed("http")
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("anthropic", {
          calls: [
            { id: "toolu_1", name: "self_ref", arguments: "{\"a\":1}" },
            { id: "toolu_2", name: "tree", arguments: tree(999) },
            { id: "toolu_3", name: "tree", arguments: tree(1000) }
          ]
        }, "1"),
        LoopWire.scripted("anthropic", { calls: [{ id: "toolu_4", name: "tree", arguments: tree(3) }] }, "2"),
        LoopWire.scripted("anthropic", { texts: ["Done."] }, "3")
      ])
      const [done, logs] = yield* logged(
        LanguageModel.runToolsToEnd({ messages: [Message.user("Walk the trees")], tools }).pipe(
          Effect.provide(LoopWire.modelAt("anthropic", baseUrl, FetchHttpClient.layer))
        )
      )
      assert.strictEqual(done.reason, "stop")
      const [, second, third] = server.requests(baseUrl)
      // Anthropic's `tool_result` (`@anthropic-ai/sdk` `ToolResultBlockParam`: `is_error` for a failed call).
      const results = LoopWire.sent("anthropic", second!.body).results
      assert.deepStrictEqual(results.map((result) => [result.id, result.isError === true]), [
        ["toolu_1", true],
        ["toolu_2", false],
        ["toolu_3", true]
      ])
      assert.include(results[0]!.content, "no such tool")
      assert.strictEqual(results[1]!.content, "depth 999")
      assert.include(results[2]!.content, "nested deeper than 1000 levels")
      assert.deepStrictEqual(LoopWire.sent("anthropic", third!.body).results.map((result) => result.content), [
        "depth 3"
      ])
      assert.notMatch(logs, /defect|RangeError|Result adapter/i)
    }).pipe(Effect.scoped))

  it.live("a Schema that throws while it checks is an invalid-arguments error result, and the loop goes on", () =>
    Effect.gen(function*() {
      const thrower = Tool.handle(
        Tool.make("label", {
          parameters: Schema.Struct({
            text: Schema.String.check(Schema.makeFilter(() => {
              throw new RangeError("Maximum call stack size exceeded")
            }))
          })
        }),
        () => Effect.succeed("labelled")
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", { calls: [{ id: "call_1", name: "label", arguments: "{\"text\":\"a\"}" }] }, "1"),
        LoopWire.scripted("openai", { texts: ["Sorry."] }, "2")
      ])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Label it")], tools: [thrower] }).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
      assert.strictEqual(done.reason, "stop")
      const [result] = LoopWire.sent("openai", server.requests(baseUrl)[1]!.body).results
      assert.include(result!.content, "the arguments could not be checked against the tool's Schema")
    }).pipe(Effect.scoped))
})
