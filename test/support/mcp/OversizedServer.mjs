/**
 * An MCP server over stdio (`node OversizedServer.mjs`) whose messages of its own are over the client's line bound,
 * written as the official SDK writes them (`{"method":...,"jsonrpc":"2.0"}`, a request's `"id"` last). Each tool
 * answers its call with a short text after one such message:
 *
 * - `log`: a `notifications/message` of `OVERSIZED_BYTES` bytes;
 * - `ask`: a `sampling/createMessage` request of that size, its id the id of the call it precedes the answer to.
 */
const size = Number(process.env.OVERSIZED_BYTES ?? 1024 * 1024)
const tools = ["log", "ask"].map((name) => ({ name, inputSchema: { type: "object", properties: {} } }))
const initialized = {
  protocolVersion: "2025-11-25",
  capabilities: { tools: {} },
  serverInfo: { name: "oversized", version: "1.0.0" }
}
const write = (message) => process.stdout.write(JSON.stringify(message) + "\n")
const answer = (id, result) => write({ result, jsonrpc: "2.0", id })
const big = "x".repeat(size)

let buffer = ""
process.stdin.setEncoding("utf8")
process.stdin.on("data", (chunk) => {
  buffer += chunk
  let newline
  while ((newline = buffer.indexOf("\n")) !== -1) {
    const message = JSON.parse(buffer.slice(0, newline))
    buffer = buffer.slice(newline + 1)
    if (message.id === undefined || message.method === undefined) continue
    if (message.method === "initialize") answer(message.id, initialized)
    else if (message.method === "tools/list") answer(message.id, { tools })
    else if (message.method === "tools/call") {
      if (message.params.name === "log") {
        write({ method: "notifications/message", params: { level: "info", data: big }, jsonrpc: "2.0" })
      } else {
        const params = { messages: [{ role: "user", content: { type: "text", text: big } }], maxTokens: 1 }
        write({ method: "sampling/createMessage", params, jsonrpc: "2.0", id: message.id })
      }
      answer(message.id, { content: [{ type: "text", text: `${message.params.name}: fine` }] })
    }
  }
})
