/**
 * A tool's result against its output schema (MCP server/tools, "Output Schema": "Servers MUST provide structured
 * results that conform to this schema. Clients SHOULD validate structured results against this schema"), as the
 * official TypeScript SDK's `Client.callTool` checks it: a result that is no error and has no structured content, or
 * whose structured content does not fit, fails the call with an `McpError` (`Protocol`) naming where, the transport's
 * credential scrubbed; an error result is not checked; a tool whose output schema cannot check a result (its `$ref`s
 * go round) is left out, logged. The server is built with the official SDK's low-level `Server`, which sends the
 * results as written (its `McpServer` would check them itself), over stdio.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Logger, Redacted, References } from "effect"
import { Mcp, Tool } from "effect-llm-stream"

const token = "output-schema-token-31415926"

/** The server: `TOOLS` listed, `RESULTS[name]` answered, `$TOKEN` replaced by the variable. */
const server = String.raw`
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js"
const spec = JSON.parse(process.env.SPEC.replaceAll("$TOKEN", process.env.TOKEN))
const server = new Server({ name: "output", version: "1.0.0" }, { capabilities: { tools: {} } })
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: spec.tools }))
server.setRequestHandler(CallToolRequestSchema, async (request) => spec.results[request.params.name])
await server.connect(new StdioServerTransport())
`

const weather = {
  type: "object",
  properties: { celsius: { type: "number" }, sky: { enum: ["clear", "$TOKEN"] } },
  required: ["celsius"]
}
const input = { type: "object", properties: {} }
const tools = ["fits", "misfit", "secret", "missing", "failed"].map((name) => ({
  name,
  inputSchema: input,
  outputSchema: weather
}))
const spec = {
  tools: [...tools, {
    name: "round",
    inputSchema: input,
    outputSchema: {
      type: "object",
      properties: { a: { $ref: "#/$defs/A" } },
      $defs: { A: { $ref: "#/$defs/B" }, B: { anyOf: [{ $ref: "#/$defs/A" }] } }
    }
  }],
  results: {
    fits: { content: [], structuredContent: { celsius: 18, sky: "clear" } },
    misfit: { content: [{ type: "text", text: "{}" }], structuredContent: { celsius: "warm" } },
    secret: { content: [], structuredContent: { celsius: 1, sky: "cloudy" } },
    missing: { content: [{ type: "text", text: "18 degrees" }] },
    failed: { content: [{ type: "text", text: "no weather today" }], isError: true }
  }
}

const listed = Effect.gen(function*() {
  const lines: Array<string> = []
  const logger = Logger.make(({ cause, message }) => {
    lines.push(`${[message].flat().map(String).join(" ")} ${Cause.pretty(cause)}`)
  })
  const listed = yield* Mcp.tools({
    transport: {
      stdio: {
        command: process.execPath,
        args: ["--input-type=module", "-e", server],
        env: { TOKEN: Redacted.make(token), SPEC: JSON.stringify(spec) }
      }
    },
    needsApproval: false
  }).pipe(Effect.provide(Logger.layer([logger])), Effect.provideService(References.MinimumLogLevel, "All"))
  return { tools: listed, logs: lines.join("\n") }
})

const call = (tools: ReadonlyArray<Mcp.McpTool>, name: string) =>
  tools.find((tool) => tool.name === name)!.handler({}, new Tool.ToolCall({ id: "c", name, arguments: "{}" }))

describe("an MCP tool's output schema", () => {
  it.live(
    "a result that fits is the tool's; one that does not, or has no structured content, an McpError",
    () =>
      Effect.gen(function*() {
        const { logs, tools } = yield* listed
        assert.deepStrictEqual(tools.map((tool) => tool.name), ["fits", "misfit", "secret", "missing", "failed"])
        assert.match(logs, /tool "round" left out: its output schema's \$refs go round/)
        assert.strictEqual(yield* call(tools, "fits"), JSON.stringify({ celsius: 18, sky: "clear" }))
        const misfit = yield* Effect.flip(call(tools, "misfit"))
        assert.strictEqual(misfit.reason, "Protocol")
        assert.include(misfit.message, "does not fit its output schema: /celsius:")
        const secret = yield* Effect.flip(call(tools, "secret"))
        assert.include(secret.message, "/sky:")
        assert.include(secret.message, "<redacted>")
        assert.notInclude(JSON.stringify(secret) + String(secret), token)
        const missing = yield* Effect.flip(call(tools, "missing"))
        assert.include(missing.message, "has an output schema but its result has no structured content")
        const failed = (yield* call(tools, "failed")) as { readonly isError: boolean; readonly content: unknown }
        assert.isTrue(failed.isError)
      }).pipe(Effect.scoped),
    30_000
  )
})
