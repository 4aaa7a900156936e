/**
 * A hostile MCP server: a well-behaved handshake (MCP 2025-11-25), then tools that break the boundary. Over stdio
 * (`node HostileServer.mjs`: newline-delimited JSON-RPC on stdin and stdout), and over HTTP (`startHttp`, in
 * the test's process). Each tool's name says what it does to its call:
 *
 * - `huge`: a 64 MB result (its id at the end of the line, as the official SDK writes a response);
 * - `malformed`: a line that is not JSON-RPC; `wrong_shape`: a result that is not a `CallToolResult`;
 * - `hang`: never answers; `exit`: the process exits; `close`: stdout is closed (stdio);
 * - `drop`: the connection is destroyed (HTTP); `ok`: a text result.
 */
import * as Http from "node:http"

const tools = ["ok", "huge", "malformed", "wrong_shape", "hang", "exit", "close", "drop"].map((name) => ({
  name,
  inputSchema: { type: "object", properties: {} }
}))

export const hugeBytes = 64 * 1024 * 1024

const answer = (id, result) => JSON.stringify({ jsonrpc: "2.0", id, result })

// The revision it answers with: 2025-11-25, or an earlier one an older SDK would choose (`MCP_REVISION`).
const initialized = {
  protocolVersion: process.env.MCP_REVISION ?? "2025-11-25",
  capabilities: { tools: {} },
  serverInfo: { name: "hostile", version: "1.0.0" }
}

/** Writes the 64 MB result in 1 MB pieces, as fast as the reader takes them. */
const writeHuge = async (write, id) => {
  const piece = "x".repeat(1024 * 1024)
  await write(`{"result":{"content":[{"type":"text","text":"`)
  for (let i = 0; i < hugeBytes / piece.length; i++) await write(piece)
  await write(`"}]},"jsonrpc":"2.0","id":${JSON.stringify(id)}}\n`)
}

if (process.argv[1]?.endsWith("HostileServer.mjs") && process.argv[2] === "stdio") {
  const write = (text) =>
    new Promise((resolve) => process.stdout.write(text) ? resolve() : process.stdout.once("drain", resolve))
  let buffer = ""
  process.stdin.setEncoding("utf8")
  process.stdin.on("data", async (chunk) => {
    buffer += chunk
    let newline
    while ((newline = buffer.indexOf("\n")) !== -1) {
      const message = JSON.parse(buffer.slice(0, newline))
      buffer = buffer.slice(newline + 1)
      if (message.id === undefined) continue
      if (message.method === "initialize") await write(answer(message.id, initialized) + "\n")
      else if (message.method === "tools/list") await write(answer(message.id, { tools }) + "\n")
      else if (message.method === "tools/call") {
        switch (message.params.name) {
          case "ok":
            await write(answer(message.id, { content: [{ type: "text", text: "fine" }] }) + "\n")
            break
          case "huge":
            await writeHuge(write, message.id)
            break
          case "malformed":
            await write(`{"jsonrpc":"2.0","id":${message.id},"result":{oops\n`)
            break
          case "wrong_shape":
            await write(answer(message.id, { content: "not a list of blocks" }) + "\n")
            break
          case "exit":
            process.exit(7)
            break
          case "close":
            process.stdout.end()
            break
        }
      }
    }
  })
}

/** Listens on a free port of 127.0.0.1: the server's URL, and how to close it (its connections too). */
export const listen = (server) =>
  new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/mcp`,
        close: () => {
          server.closeAllConnections()
          return new Promise((done) => server.close(() => done()))
        }
      })
    })
  })

/**
 * Serves the hostile tools over HTTP on 127.0.0.1 (JSON responses, no session), answering the initialization
 * with `revision` and refusing a later request whose `MCP-Protocol-Version` is another, as the official SDK does.
 */
export const startHttp = (revision = "2025-11-25") =>
  new Promise((resolve) => {
    const server = Http.createServer((req, res) => {
      let body = ""
      req.on("data", (chunk) => (body += chunk))
      req.on("end", async () => {
        const message = JSON.parse(body)
        const json = (text) => {
          res.writeHead(200, { "content-type": "application/json" })
          res.end(text)
        }
        if (message.id === undefined) {
          res.writeHead(202).end()
          return
        }
        if (message.method === "initialize") return json(answer(message.id, { ...initialized, protocolVersion: revision }))
        if (req.headers["mcp-protocol-version"] !== revision) {
          res.writeHead(400, { "content-type": "application/json" })
          return res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "Bad revision" } }))
        }
        if (message.method === "tools/list") return json(answer(message.id, { tools }))
        switch (message.params.name) {
          case "ok":
            return json(answer(message.id, { content: [{ type: "text", text: "fine" }] }))
          case "huge": {
            res.writeHead(200, { "content-type": "application/json" })
            const write = (text) =>
              new Promise((resolve) => res.write(text) ? resolve() : res.once("drain", resolve))
            res.on("close", () => res.destroy())
            await writeHuge(write, message.id).catch(() => {})
            return res.end()
          }
          case "malformed":
            return json(`{"jsonrpc":"2.0","id":${message.id},"result":{oops`)
          case "wrong_shape":
            return json(answer(message.id, { content: "not a list of blocks" }))
          case "drop":
            return req.socket.destroy()
          default:
            return undefined
        }
      })
    })
    listen(server).then(resolve)
  })
