/**
 * An MCP server built with the official SDK (`@modelcontextprotocol/sdk`'s low-level `Server`) whose tools probe
 * a client's boundary, served over stdio (`node ProbeServer.mjs stdio`) or Streamable HTTP (`startHttp`, behind
 * a bearer token, as `SdkServer.mjs` serves):
 *
 * - `weather`: `structuredContent` and a text summary that says something else ("Weather for Paris is ready.");
 *   `weather_spec`: `structuredContent` and its serialized JSON in a text block (pretty-printed), as the spec
 *   asks servers for backwards compatibility (MCP 2025-06-18, server/tools, "Structured Content");
 * - `tree`: a legitimately recursive input schema (`Node` refers to itself through a property); answers how deep
 *   the arguments it got nest;
 * - `self_ref`, `ring`: input schemas whose `$ref`s go round without descending into the arguments (`A` is
 *   `A`; `A` is any of `B`, `B` all of `A`);
 * - `whoami`, `whoami_error`: echo the transport's credential (the `authorization` header and the `api_key`
 *   query parameter over HTTP, the `PROBE_TOKEN` variable over stdio) in every form a careless server could:
 *   whole, inside longer text, base64, URL-encoded, JSON-escaped, in `structuredContent`; as a result, and as a
 *   result with `isError: true`;
 * - `whoami_rpc_error`: answers with a JSON-RPC error (code -32042) whose message echoes the credential.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { CallToolRequestSchema, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js"
import * as SdkServer from "./SdkServer.mjs"

const object = (properties, required = []) => ({ type: "object", properties, required })
const text = (value) => ({ type: "text", text: value })
const readOnly = { readOnlyHint: true }

export const weather = { city: "Paris", celsius: 18, conditions: "light rain", hourly: [17, 18, 18, 16] }

const tools = [
  { name: "weather", inputSchema: object({ city: { type: "string" } }), annotations: readOnly },
  { name: "weather_spec", inputSchema: object({ city: { type: "string" } }), annotations: readOnly },
  {
    name: "tree",
    inputSchema: {
      ...object({ root: { $ref: "#/$defs/Node" } }, ["root"]),
      $defs: { Node: object({ label: { type: "string" }, child: { $ref: "#/$defs/Node" } }) }
    },
    annotations: readOnly
  },
  {
    name: "self_ref",
    inputSchema: { ...object({ a: { $ref: "#/$defs/A" } }), $defs: { A: { $ref: "#/$defs/A" } } }
  },
  {
    name: "ring",
    inputSchema: {
      ...object({ a: { $ref: "#/$defs/A" } }),
      $defs: { A: { anyOf: [{ $ref: "#/$defs/B" }] }, B: { allOf: [{ $ref: "#/$defs/A" }] } }
    }
  },
  { name: "whoami", inputSchema: object({}), annotations: readOnly },
  { name: "whoami_error", inputSchema: object({}), annotations: readOnly },
  { name: "whoami_rpc_error", inputSchema: object({}), annotations: readOnly }
]

/** How deep `{ root: { child: { child: ... } } }` nests under `root`. */
const depthOf = (node) => {
  let depth = 0
  for (let at = node; typeof at === "object" && at !== null; at = at.child) depth++
  return depth
}

/** The credential of the request: `Bearer <token>` and the `api_key` query parameter over HTTP, else the env's. */
const credentialOf = (extra) => {
  const info = extra?.requestInfo
  if (info === undefined) return { header: process.env.PROBE_TOKEN ?? "", query: "" }
  return { header: String(info.headers?.authorization ?? ""), query: info.url?.searchParams.get("api_key") ?? "" }
}

/** Every form of the credential a careless server echoes. */
const echoes = ({ header, query }) => {
  const token = header.replace(/^Bearer /, "")
  const escaped = [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
  return [
    text(`you sent ${header}`),
    text(`token=${token};query=${query};`),
    text(`as base64: ${Buffer.from(token).toString("base64")}`),
    text(`as a URL: https://example.com/?t=${encodeURIComponent(token)}`),
    text(`as JSON: {"token":"${escaped}"}`)
  ]
}

const call = (name, args, extra) => {
  switch (name) {
    case "weather":
      return { content: [text("Weather for Paris is ready.")], structuredContent: weather }
    case "weather_spec":
      return { content: [text(JSON.stringify(weather, null, 2))], structuredContent: weather }
    case "tree":
      return { content: [text(`depth ${depthOf(args.root)}`)] }
    case "whoami": {
      const credential = credentialOf(extra)
      return {
        content: echoes(credential),
        structuredContent: { authorization: credential.header, nested: { query: credential.query } }
      }
    }
    case "whoami_error":
      return { content: echoes(credentialOf(extra)), isError: true }
    case "whoami_rpc_error": {
      const { header, query } = credentialOf(extra)
      throw new McpError(-32042, `refused ${header} (query ${query})`)
    }
    default:
      return { content: [text(`called ${name}`)] }
  }
}

export const makeServer = () => {
  const server = new Server({ name: "probe-server", version: "1.0.0" }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }))
  server.setRequestHandler(
    CallToolRequestSchema,
    (request, extra) => call(request.params.name, request.params.arguments ?? {}, extra)
  )
  return server
}

/** Serves the tools over Streamable HTTP behind `authorization: Bearer <token>`. */
export const startHttp = (token) => SdkServer.startHttp(token, makeServer)

if (process.argv[1]?.endsWith("ProbeServer.mjs") && process.argv[2] === "stdio") {
  await makeServer().connect(new StdioServerTransport())
}
