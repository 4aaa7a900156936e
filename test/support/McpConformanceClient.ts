/**
 * The client the MCP conformance framework (`@modelcontextprotocol/conformance`, `conformance client`) runs, written
 * as a user of the library writes one: `Mcp.tools` on the server's URL (the last argument), then what the scenario
 * (`MCP_CONFORMANCE_SCENARIO`) asks. Bundled by esbuild and run with plain `node` (`McpConformance.test.ts`).
 *
 * - `initialize`: connects (the handshake) and lists the tools;
 * - `tools_call`: calls `add_numbers` with 2 and 3;
 * - `elicitation-sep1034-client-defaults`: declares form elicitation (`elicitation: "approval"`) and calls the tool
 *   that asks for a form (its 2025-11-25 `elicitation/create` is not answered: the call ends at its 10 s timeout);
 * - `sse-retry`: calls `test_reconnection`, whose SSE stream the server closes after a `retry:` field.
 *
 * Prints the tool's result as `RESULT <json>`; exits 1 when the call fails or asks for input it cannot answer here.
 */
import { Effect } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const url = process.argv.at(-1)!
const scenario = process.env["MCP_CONFORMANCE_SCENARIO"] ?? "initialize"

/** The tool each scenario calls, and its arguments (`initialize` calls none). */
const calls: { readonly [scenario: string]: { readonly tool: string; readonly input: object } } = {
  tools_call: { tool: "add_numbers", input: { a: 2, b: 3 } },
  "elicitation-sep1034-client-defaults": { tool: "test_client_elicitation_defaults", input: {} },
  "sse-retry": { tool: "test_reconnection", input: {} }
}

const program = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url } },
    needsApproval: false,
    timeout: "10 seconds",
    ...(scenario.startsWith("elicitation") ? { elicitation: "approval" as const } : {})
  })
  process.stdout.write(`TOOLS ${JSON.stringify(tools.map((tool) => tool.mcpName))}\n`)
  const wanted = calls[scenario]
  if (wanted === undefined) return
  const tool = tools.find((tool) => tool.mcpName === wanted.tool)
  if (tool === undefined) return yield* Effect.die(new Error(`the server lists no tool ${wanted.tool}`))
  const call = new Tool.ToolCall({ id: "call-1", name: tool.name, arguments: JSON.stringify(wanted.input) })
  const result = yield* tool.handler(wanted.input, call)
  // A form (MCP 2026-07-28's input requests) is asked through the loop's approvals, which this program has not.
  if (typeof result === "object" && result !== null && (result as { _tag?: unknown })._tag === "InputRequired") {
    return yield* Effect.die(new Error("the tool asks for input through the loop's approvals"))
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
})

Effect.runPromise(Effect.provide(Effect.scoped(program), FetchHttpClient.layer)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
