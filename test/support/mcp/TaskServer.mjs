/**
 * A server of MCP 2026-07-28 with the Tasks extension (SEP-2663), written by hand (no released SDK implements the
 * Tasks server), over Streamable HTTP on 127.0.0.1 (JSON responses). A call of a tool named here is answered with a
 * task (`resultType: "task"`) when the client declares the extension: `report` completes on its third `tasks/get`,
 * `broken` fails (a JSON-RPC error), `endless` works until `tasks/cancel`, `asking` asks which disk in a form, and
 * once answered with `tasks/update` (still shown asking on the poll right after, as the extension allows) completes
 * with what it was told; `held` works until `release()`, then completes; `flaky` works, its polls failing (a JSON-RPC
 * error) until `tasks/cancel`. `requests` records each request (method, `Mcp-Name`, time, params); `started` counts the
 * tasks each tool started.
 */
import { listen } from "./HostileServer.mjs"
import * as Http from "node:http"

const object = { type: "object" }
const disk = { type: "object", properties: { disk: { type: "string" } }, required: ["disk"] }
const cached = { ttlMs: 0, cacheScope: "private" }
const names = ["report", "broken", "endless", "asking", "quick", "held", "flaky"]

export const start = () => {
  const requests = []
  const started = Object.fromEntries(names.map((name) => [name, 0]))
  const tasks = new Map()
  let released = false
  const taskOf = (task) => {
    const now = new Date().toISOString()
    return { taskId: task.id, status: task.status, createdAt: now, lastUpdatedAt: now, ttlMs: 60_000, pollIntervalMs: 200, ...task.extra }
  }
  const step = (task) => {
    task.polls++
    if (task.answer !== undefined && task.status === "input_required") {
      if (task.stale-- > 0) return
      const { action, content } = task.answer
      task.status = "completed"
      const text = action === "accept" ? `formatted ${content.disk}` : `not formatted: ${action}`
      task.extra = { result: { content: [{ type: "text", text }] } }
      return
    }
    if (task.status !== "working") return
    if (task.tool === "report" && task.polls >= 3) {
      task.status = "completed"
      task.extra = { result: { content: [{ type: "text", text: "report ready" }] } }
    } else if (task.tool === "held" && released) {
      task.status = "completed"
      task.extra = { result: { content: [{ type: "text", text: `held ${task.id} done` }] } }
    } else if (task.tool === "broken") {
      task.status = "failed"
      task.extra = { error: { code: -32603, message: "disk full" } }
    } else if (task.tool === "asking") {
      task.status = "input_required"
      task.extra = { inputRequests: { disk: { method: "elicitation/create", params: { mode: "form", message: "Which disk?", requestedSchema: disk } } } }
    }
  }
  const answer = (method, params, req) => {
    if (method === "server/discover") return { supportedVersions: ["2026-07-28"], capabilities: { tools: {}, extensions: { "io.modelcontextprotocol/tasks": {} } }, ...cached }
    if (method === "tools/list") return { tools: names.map((name) => ({ name, inputSchema: object })), ...cached }
    if (method === "tools/call") {
      const declared = params._meta?.["io.modelcontextprotocol/clientCapabilities"]?.extensions?.["io.modelcontextprotocol/tasks"]
      if (params.name === "quick" || declared === undefined) return { content: [{ type: "text", text: "quick" }] }
      started[params.name]++
      const task = { id: `task-${params.name}-${started[params.name]}`, tool: params.name, status: "working", polls: 0, extra: {} }
      tasks.set(task.id, task)
      return { resultType: "task", ...taskOf(task) }
    }
    const task = tasks.get(params.taskId)
    if (task === undefined) return undefined
    if (method === "tasks/cancel") {
      task.status = "cancelled"
      return {}
    }
    if (method === "tasks/update") {
      task.answer = params.inputResponses?.disk
      task.stale = 1
      return {}
    }
    // A poll of `flaky`'s task that fails, the task still working.
    if (task.tool === "flaky" && task.status === "working") return undefined
    step(task)
    return taskOf(task)
  }
  const server = Http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      const { id, method, params } = JSON.parse(body)
      requests.push({ method, name: req.headers["mcp-name"], at: Date.now(), params })
      const result = answer(method, params, req)
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify(result === undefined
        ? { jsonrpc: "2.0", id, error: { code: -32602, message: "no such task" } }
        : { jsonrpc: "2.0", id, result: { resultType: "complete", ...result } }))
    })
  })
  const release = () => (released = true)
  return listen(server).then((listening) => ({ ...listening, requests, started, release }))
}
