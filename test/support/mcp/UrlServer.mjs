/**
 * MCP servers that ask the user to open a URL (URL-mode elicitation), built with the official SDKs, each with a
 * tool `files` that lists a user's files once the user has been to the page it names (`visit(url)`: the out-of-band
 * step a person takes in a browser, which the client never sees). `startLegacy`: MCP 2025-11-25 on
 * `@modelcontextprotocol/sdk` 1.x (its low-level `Server`, Streamable HTTP with sessions, `SdkServer.startHttp`; or
 * stdio, `node UrlServer.mjs stdio`): `files` fails with `UrlElicitationRequiredError` (-32042) until visited, as does
 * `deploy` (which then deploys to its `env`), and a visit sends `notifications/elicitation/complete`; `open` fails
 * with -32042 naming the URL (and message) it is given, and `required` with the error's `data` it is given (what a
 * hostile server could send); `sign_in` asks within the call (`askedWithin`). `startModern`: MCP 2026-07-28 on
 * `@modelcontextprotocol/server` 2.x: `files` answers `inputRequired.elicitUrl` until an accepted answer comes after a
 * visit. Both record what the client declared and each `tools/call`.
 */
import { randomUUID } from "node:crypto"
import { inputRequired, McpServer } from "@modelcontextprotocol/server"
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  UrlElicitationRequiredError
} from "@modelcontextprotocol/sdk/types.js"
import * as z from "zod"
import * as ModernServer from "./ModernServer.mjs"
import * as SdkServer from "./SdkServer.mjs"

const text = (value) => ({ content: [{ type: "text", text: value }] })
const message = "Connect your Example Files account."
const pageOf = (id) => `https://files.example.com/connect?elicitation=${id}`

/**
 * What a server knows: the pages visited, the capabilities declared, the calls made, the completions to send, and what
 * each request it made within a call came to (the client's answer, or its JSON-RPC error's code).
 */
const stateOf = () => ({ visited: new Set(), capabilities: [], calls: [], notifiers: new Map(), answers: [] })

/** The user went to `url` (the page a question showed): its elicitation is complete. */
const visitOf = (state) => async (url) => {
  const id = new URL(url).searchParams.get("elicitation")
  state.visited.add(id)
  await state.notifiers.get(id)?.().catch(() => undefined)
}

const legacyTools = [
  { name: "files", inputSchema: { type: "object", properties: {} } },
  { name: "deploy", inputSchema: { type: "object", properties: { env: { type: "string" } }, required: ["env"] } },
  {
    name: "open",
    inputSchema: {
      type: "object",
      properties: { url: { type: "string" }, message: { type: "string" } },
      required: ["url"]
    }
  },
  { name: "required", inputSchema: { type: "object", properties: { data: {} } } },
  {
    name: "sign_in",
    inputSchema: {
      type: "object",
      properties: { url: { type: "string" }, count: { type: "integer" }, optional: { type: "boolean" } }
    }
  },
  { name: "form_within", inputSchema: { type: "object", properties: {} } },
  // Over stdio, where the test cannot reach the server's state: the user's visit, the visits forgotten, and what the
  // server was answered.
  { name: "visit", inputSchema: { type: "object", properties: { url: { type: "string" } }, required: ["url"] } },
  { name: "forget", inputSchema: { type: "object", properties: {} } },
  { name: "answers", inputSchema: { type: "object", properties: {} } }
]

/**
 * Asks the client within the call (`extra.sendRequest`: on the call's own stream over HTTP), recording what the answer
 * came to: the client's result, or its error's code.
 */
const askWithin = async (state, extra, params) => {
  try {
    const answer = await extra.sendRequest({ method: "elicitation/create", params }, ElicitResultSchema)
    state.answers.push(answer)
    return answer
  } catch (error) {
    state.answers.push({ error: error.code })
    return { action: `error ${error.code}` }
  }
}

/**
 * `sign_in`: the spec's main flow (client/elicitation, "URL Mode Flow"), as `elicitInput({ mode: "url" })` does it,
 * asked within the call: until a page was visited, it asks the user to open one (`count` of them, the URL it is given
 * or its own) and, without an accepted answer, fails (`optional`: goes on without the page). `form_within` asks a form,
 * which the client did not declare.
 */
const askedWithin = async (state, server, name, args, extra) => {
  if (name === "form_within") {
    const params = { mode: "form", message: "Your name?", requestedSchema: { type: "object", properties: {} } }
    return text(`form: ${(await askWithin(state, extra, params)).action}`)
  }
  if ([...state.visited].length > 0) return text("signed in: a.txt, b.txt")
  const actions = []
  for (let i = 0; i < (args.count ?? 1); i++) {
    const elicitationId = randomUUID()
    state.notifiers.set(elicitationId, server.createElicitationCompletionNotifier(elicitationId))
    const params = { mode: "url", elicitationId, url: args.url ?? pageOf(elicitationId), message }
    actions.push((await askWithin(state, extra, params)).action)
  }
  if (args.optional === true) return text(`went on without: ${actions.join(", ")}`)
  return { ...text(`not signed in: ${actions.join(", ")}`), isError: true }
}

/** A 2025-11-25 session's server. */
const legacyServer = (state) => () => {
  const server = new Server({ name: "url-legacy", version: "1.0.0" }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: legacyTools }))
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: args = {} } = request.params
    if (name === "visit") return visitOf(state)(args.url).then(() => text("visited"))
    if (name === "answers") return text(JSON.stringify(state.answers))
    if (name === "forget") return (state.visited.clear(), text("forgotten"))
    state.calls.push(name)
    state.capabilities.push(server.getClientCapabilities())
    if (server.getClientCapabilities()?.elicitation?.url === undefined) {
      return { ...text("this tool needs a client that opens URLs"), isError: true }
    }
    if (name === "open") {
      const asked = { mode: "url", elicitationId: randomUUID(), url: args.url, message: args.message ?? message }
      throw new UrlElicitationRequiredError([asked])
    }
    if (name === "required") throw new McpError(ErrorCode.UrlElicitationRequired, "URL elicitation required", args.data)
    if (name === "sign_in" || name === "form_within") return askedWithin(state, server, name, args, extra)
    if ([...state.visited].length > 0) return text(name === "deploy" ? `deployed to ${args.env}` : "files: a.txt, b.txt")
    const elicitationId = randomUUID()
    state.notifiers.set(elicitationId, server.createElicitationCompletionNotifier(elicitationId))
    throw new UrlElicitationRequiredError([{ mode: "url", elicitationId, url: pageOf(elicitationId), message }])
  })
  return server
}

/** Serves 2025-11-25 over Streamable HTTP behind the bearer token `token`. */
export const startLegacy = async (token) => {
  const state = stateOf()
  const http = await SdkServer.startHttp(token, legacyServer(state))
  return { ...http, state, visit: visitOf(state) }
}

/** Serves 2025-11-25 over stdio (`node UrlServer.mjs stdio`): one session, its state its own. */
if (process.argv[1]?.endsWith("UrlServer.mjs") && process.argv[2] === "stdio") {
  await legacyServer(stateOf())().connect(new StdioServerTransport())
}

/** A 2026-07-28 server (one per request). */
const modernServer = (state) => {
  const server = new McpServer({ name: "url-modern", version: "1.0.0" })
  server.registerTool("files", { inputSchema: z.object({}) }, (_, ctx) => {
    state.calls.push(ctx.mcpReq.inputResponses ?? null)
    const answer = ctx.mcpReq.inputResponses?.["connect"]
    if (answer !== undefined && answer.action !== "accept") return text(`not connected: ${answer.action}`)
    if (answer !== undefined && [...state.visited].length > 0) return text("files: a.txt, b.txt")
    const url = pageOf(randomUUID())
    return inputRequired({ inputRequests: { connect: inputRequired.elicitUrl({ message, url }) }, requestState: "files" })
  })
  return server
}

/** Serves 2026-07-28 over HTTP (JSON responses); `state.capabilities`, what each request declared. */
export const startModern = async () => {
  const state = stateOf()
  const http = await ModernServer.serve(() => modernServer(state))
  const capabilities = () =>
    http.requests.map((request) => request.body?.params?._meta?.["io.modelcontextprotocol/clientCapabilities"])
  return {
    ...http,
    state: { ...state, get capabilities() { return capabilities() } },
    visit: visitOf(state)
  }
}
