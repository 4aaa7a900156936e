/**
 * An MCP tool's structured result reaches the model whole. MCP 2025-06-18 (server/tools, "Structured Content"):
 * "Structured content is returned as a JSON object in the `structuredContent` field of a result. For backwards
 * compatibility, a tool that returns structured content SHOULD also return the serialized JSON in a TextContent
 * block" (the official SDK's `CallToolResultSchema`: `structuredContent: z.record(z.string(), z.unknown())`).
 * The structured content is the result; a text block is the fallback of a client that cannot read it, or (as the
 * probe server's `weather` sends, "Weather for Paris is ready.") a summary that says something else. Against a
 * server built with the official SDK (`support/mcp/ProbeServer.mjs`), over stdio and Streamable HTTP: the model
 * reads the JSON (and the summary beside it; the serialized copy once, not twice) on every turn of a
 * conversation, through the loop of each provider and through the browser (the `ai` package's own client, its
 * next POST read back with `toMessages`), and the browser's tool output is what the model read.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Scope } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Mcp, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as LoopWire from "../../support/LoopWire.js"
import * as ProbeServer from "../../support/mcp/ProbeServer.mjs"
import { NodeChat } from "../../support/NodeChat.js"
import * as TestPaths from "../../support/TestPaths.js"
import * as ToolChat from "../../support/ToolChat.js"

const script = Path.join(TestPaths.test, "support", "mcp", "ProbeServer.mjs")
const token = "structured-bearer-token-1234"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }
let stdioTools: ReadonlyArray<Mcp.McpTool>
let httpTools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  http = await ProbeServer.startHttp(token)
  const include = ["weather", "weather_spec"]
  ;[stdioTools, httpTools] = await Promise.all([
    Mcp.tools({ transport: { stdio: { command: process.execPath, args: [script, "stdio"] } }, include }),
    Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
      include
    })
  ].map((effect) =>
    Effect.runPromise(
      (effect as Effect.Effect<ReadonlyArray<Mcp.McpTool>, Mcp.McpError, any>).pipe(
        Scope.provide(scope),
        Effect.provide(FetchHttpClient.layer)
      ) as Effect.Effect<ReadonlyArray<Mcp.McpTool>, Mcp.McpError>
    )
  ))
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

/** The weather's JSON as the model reads it: compact, the server's key order. */
const json = JSON.stringify(ProbeServer.weather)

const calls = [
  { id: "call_w1", name: "weather", arguments: "{\"city\":\"Paris\"}" },
  { id: "call_w2", name: "weather_spec", arguments: "{\"city\":\"Paris\"}" }
]

/** How many times `needle` is in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1

describe("MCP structured content", () => {
  for (const [transport, tools] of [["stdio", () => stdioTools], ["http", () => httpTools]] as const) {
    it.effect(`${transport}: the JSON, with the summary beside it; the serialized copy sent once`, () =>
      Effect.gen(function*() {
        const run = (name: string) =>
          tools().find((tool) => tool.name === name)!.handler(
            { city: "Paris" },
            new Tool.ToolCall({ id: "c1", name, arguments: "{}" })
          )
        assert.strictEqual(yield* run("weather"), `Weather for Paris is ready.\n${json}`)
        // The text block is the JSON pretty-printed: the same value, so the model reads it once, compact.
        assert.strictEqual(yield* run("weather_spec"), json)
      }))
  }

  const providers: ReadonlyArray<CallResponseChunk.Provider> = ["openai", "anthropic", "google", "bedrock"]
  for (const provider of providers) {
    it.live(`${provider}: every next request of a two-turn conversation carries the JSON`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted(provider, { calls }, "1"),
          LoopWire.scripted(provider, { texts: ["18 °C and light rain."] }, "2"),
          LoopWire.scripted(provider, { texts: ["Then take an umbrella."] }, "3")
        ])
        const model = LoopWire.modelAt(provider, baseUrl, FetchHttpClient.layer)
        const first = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Weather in Paris?")],
          tools: httpTools
        }).pipe(Effect.provide(model))
        yield* LanguageModel.runToolsToEnd({
          messages: [...first.messages, Message.user("Should I take an umbrella?")],
          tools: httpTools
        }).pipe(Effect.provide(model))
        const [, second, third] = server.requests(baseUrl)
        const results = LoopWire.sent(provider, second!.body).results
        assert.deepStrictEqual(results.map((result) => result.content), [`Weather for Paris is ready.\n${json}`, json])
        assert.deepStrictEqual(JSON.parse(results[0]!.content.split("\n")[1]!), ProbeServer.weather)
        // The next turn sends the same results back, the JSON in each.
        const escaped = JSON.stringify(json).slice(1, -1)
        assert.strictEqual(count(third!.body, escaped), 2)
        assert.include(third!.body, "Weather for Paris is ready.")
      }).pipe(Effect.scoped))
  }

  it.live("through the browser: its tool output is what the model read, and its next POST gives the JSON back", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([
        LoopWire.scripted("openai", { calls }, "1"),
        LoopWire.scripted("openai", { texts: ["18 °C and light rain."] }, "2"),
        LoopWire.scripted("openai", { texts: ["Then take an umbrella."] }, "3")
      ])
      const app = yield* ToolChat.make({
        tools: stdioTools,
        model: LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)
      })
      const chat = new NodeChat(app.url)
      yield* Effect.promise(() => chat.sendMessage({ text: "Weather in Paris?" }))
      const outputs = chat.toolParts.map((part) => [part.type, part.state, part.output])
      assert.deepStrictEqual(outputs, [
        ["tool-weather", "output-available", `Weather for Paris is ready.\n${json}`],
        ["tool-weather_spec", "output-available", json]
      ])
      const read = LoopWire.sent("openai", replay.requests(baseUrl)[1]!.body).results.map((result) => result.content)
      assert.deepStrictEqual(read, outputs.map((output) => output[2]))
      yield* Effect.promise(() => chat.sendMessage({ text: "Should I take an umbrella?" }))
      const third = JSON.parse(replay.requests(baseUrl)[2]!.body)
      const tools = third.messages.filter((message: any) => message.role === "tool")
      assert.deepStrictEqual(tools.map((message: any) => message.content), read)
    }).pipe(Effect.scoped))
})
