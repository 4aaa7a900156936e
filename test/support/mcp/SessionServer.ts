/**
 * A hand-written MCP 2025-11-25 server over Streamable HTTP (raw `node:http`), for a test that writes its session's GET
 * stream (`McpListen`) as no server should. Two tools: `t`, answered at once; `files`, failing with a
 * `URLElicitationRequiredError` (-32042) naming a page of a new elicitation id until one it issued is `completed`
 * (what the server knows; what it says on the stream is the test's). Sessions
 * (`Mcp-Session-Id`) are named unless `sessions` is false; `expire` ends the session (its GET streams end, and each
 * request naming it is answered 404, as the spec says). It records every request (method, session, `Last-Event-ID`,
 * when it came, the JSON-RPC method or answer), the answers the client posted, and counts the sockets open to it.
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import type * as Net from "node:net"

/** One request the server received. */
export interface Seen {
  readonly method: string
  readonly session: string | undefined
  readonly authorization: string | undefined
  /** A GET's `Last-Event-ID`. */
  readonly lastEventId: string | undefined
  /** When it came (`Date.now()`). */
  readonly at: number
  /** The JSON-RPC message a POST carried. */
  readonly message: { readonly id?: unknown; readonly method?: string; readonly result?: unknown; error?: unknown }
}

export interface SessionServer {
  readonly url: string
  readonly seen: Array<Seen>
  /** The elicitation ids `files` issued, in order. */
  readonly issued: Array<string>
  /** The ids whose page is done: `files` answers once one is here. */
  readonly completed: Set<string>
  /** The sessions named, in order. */
  readonly sessions: Array<string>
  /** Ends the current session. */
  readonly expire: () => void
  /**
   * The TCP connections open now that carried a request (fetch's dispatcher may open a spare one it sends nothing on:
   * nodejs/undici#5845).
   */
  readonly openSockets: () => number
  /** The GET streams open now. */
  readonly streams: Set<Http.ServerResponse>
}

/** How the GET stream is answered: `response` as the test writes it; `server`, what the server knows. */
export type OnGet = (request: Http.IncomingMessage, response: Http.ServerResponse, server: SessionServer) => void

const json = (response: Http.ServerResponse, headers: Record<string, string>, body: unknown) =>
  response.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body))

/** The answer of a POST carrying `message`, in the server `server`. */
const answerOf = (server: SessionServer, message: { id?: unknown; method?: string; params?: any }) => {
  const { id, method } = message
  if (method === "initialize") {
    const serverInfo = { name: "session-server", version: "1" }
    return { jsonrpc: "2.0", id, result: { protocolVersion: "2025-11-25", capabilities: { tools: {} }, serverInfo } }
  }
  if (method === "tools/list") {
    const inputSchema = { type: "object", properties: {} }
    return { jsonrpc: "2.0", id, result: { tools: [{ name: "t", inputSchema }, { name: "files", inputSchema }] } }
  }
  if (method !== "tools/call") return { jsonrpc: "2.0", id, error: { code: -32601, message: "no such method" } }
  if (message.params?.name === "t" || server.completed.size > 0) {
    return { jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "files: a.txt, b.txt" }] } }
  }
  const elicitationId = randomUUID()
  server.issued.push(elicitationId)
  const url = `https://files.example.com/connect?elicitation=${elicitationId}`
  const elicitations = [{ mode: "url", elicitationId, url, message: "Connect your Example Files account." }]
  return { jsonrpc: "2.0", id, error: { code: -32042, message: "URL required", data: { elicitations } } }
}

/** The server for the scope, its GET stream answered by `onGet`; `sessions` false: it names none. */
export const make = (onGet: OnGet, options?: { readonly sessions?: boolean }): Effect.Effect<
  SessionServer,
  never,
  Scope.Scope
> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly http: Http.Server; readonly server: SessionServer }>((resume) => {
      const sockets = new Set<Net.Socket>()
      let current: string | undefined
      let url = ""
      const server: SessionServer = {
        get url() {
          return url
        },
        seen: [],
        issued: [],
        completed: new Set(),
        sessions: [],
        streams: new Set(),
        openSockets: () => sockets.size,
        expire: () => {
          current = undefined
          for (const stream of server.streams) stream.end()
        }
      }
      const http = Http.createServer((request, response) => {
        sockets.add(request.socket)
        let body = ""
        request.on("data", (chunk) => (body += chunk))
        request.on("end", () => {
          const session = request.headers["mcp-session-id"] as string | undefined
          const message = request.method === "POST" ? JSON.parse(body) : {}
          const { authorization } = request.headers
          const lastEventId = request.headers["last-event-id"] as string | undefined
          server.seen.push({ method: request.method!, session, authorization, lastEventId, at: Date.now(), message })
          // Only a GET stream may hold its socket: what is open after the client closes is what it left open.
          if (request.method !== "GET") response.setHeader("connection", "close")
          if (session !== undefined && session !== current) return response.writeHead(404).end()
          if (request.method === "DELETE") return response.writeHead(200).end()
          if (request.method === "GET") {
            server.streams.add(response)
            response.on("close", () => server.streams.delete(response))
            return onGet(request, response, server)
          }
          if (message.method === "initialize" && options?.sessions !== false) {
            current = randomUUID()
            server.sessions.push(current)
          }
          const headers: Record<string, string> = current === undefined ? {} : { "mcp-session-id": current }
          if (message.id === undefined || message.method === undefined) return response.writeHead(202, headers).end()
          json(response, headers, answerOf(server, message))
        })
      })
      http.on("connection", (socket) => socket.on("close", () => sockets.delete(socket)))
      http.listen(0, "127.0.0.1", () => {
        url = `http://127.0.0.1:${(http.address() as Net.AddressInfo).port}/mcp`
        resume(Effect.succeed({ http, server }))
      })
    }),
    ({ http }) =>
      Effect.callback<void>((resume) => {
        http.closeAllConnections()
        http.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ server }) => server))

/** Answers a GET with an event stream, `text` its first chunk (else the headers alone, sent now). */
export const sse = (response: Http.ServerResponse, text = "") => {
  response.writeHead(200, { "content-type": "text/event-stream" })
  if (text !== "") response.write(text)
  else response.flushHeaders()
}

/** One SSE event of `message`. */
export const event = (message: unknown) => `data: ${JSON.stringify(message)}\n\n`

/** Writes `text` on every GET stream open now. */
export const push = (server: SessionServer, text: string) => {
  for (const stream of server.streams) stream.write(text)
}
