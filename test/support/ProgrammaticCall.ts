/**
 * An Anthropic response whose code made a call of the program's tool (programmatic tool calling), for the tests of the
 * container that call is answered in. `anthropic/code-execution.sse` (its `server_tool_use` of `code_execution` and
 * its `message_delta`'s container, as recorded) cut after the code's block, with the call its code made (a `tool_use`
 * whose `caller` is the code execution, its input whole, as platform.claude.com's programmatic tool calling guide
 * shows it) and `stop_reason: "tool_use"`; and the request's provider tools: code execution, and the tool the code may
 * call, declared with its `allowed_callers`.
 */
import * as Fixtures from "../../support/Fixtures.js"

/** The container the code ran in, as recorded (the recording's `message_delta`; `response` checks it is). */
export const container = "container_011CZ7Sfnq618zZMP4X843ky"

/** The call the code made. */
export const call = {
  type: "tool_use",
  id: "toolu_query_1",
  name: "query_database",
  input: { sql: "SELECT region, SUM(revenue) FROM sales GROUP BY region" },
  caller: { type: "code_execution_20250825", tool_id: "srvtoolu_01Saqbt8742cmRao9JJZoSWW" }
}

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify(data)}`

/** The response's body (read when asked for: a bundle of the tests' support reads no fixture as it loads). */
export const body = (): Uint8Array => {
  const recorded = new TextDecoder().decode(Fixtures.bytes("anthropic", "code-execution.sse")).split("\n\n")
  const codeBlock = recorded.findIndex((event) => event.includes(`"type":"content_block_stop","index":0`))
  const delta = JSON.parse(recorded.find((event) => event.includes("message_delta"))!.split("data: ")[1]!)
  if (delta.delta.container.id !== container) throw new Error("the recording's container is not the one named here")
  return new TextEncoder().encode(
    [
      ...recorded.slice(0, codeBlock + 1),
      event("content_block_start", { type: "content_block_start", index: 1, content_block: call }),
      event("content_block_stop", { type: "content_block_stop", index: 1 }),
      event("message_delta", { ...delta, delta: { ...delta.delta, stop_reason: "tool_use" } }),
      event("message_stop", { type: "message_stop" })
    ].join("\n\n") + "\n\n"
  )
}

/** The response, as the replay server serves it. */
export const response = () => ({ headers: { "content-type": "text/event-stream" }, body: body() })

/** Code execution, and `query_database` as the API declares a tool code may call. */
export const providerTools = [
  { type: "code_execution_20250825", name: "code_execution" },
  {
    name: "query_database",
    input_schema: { type: "object", properties: { sql: { type: "string" } }, required: ["sql"] },
    allowed_callers: ["code_execution_20250825"]
  }
]
