/**
 * An MCP server built with the official SDK (`@modelcontextprotocol/sdk`'s low-level `Server`, which sends the tools
 * it is given as they are) whose `tools/list` holds tools the MCP schema refuses (MCP 2025-11-25, schema.ts `Tool`:
 * `inputSchema` and `outputSchema` of `type: "object"`, annotations' hints booleans), or tools and pages over the
 * client's bounds, over stdio (`node ListingServer.mjs stdio <kind>`) or Streamable HTTP (`startHttp(token, kind)`).
 * `kind` is `mixed`: good and malformed tools over two pages; `malformed`: only malformed ones; `flood`: 12,000
 * malformed ones over three pages; `oversized`: a tool of each kind over a bound (a description of 6,000 characters,
 * a schema of 150 KB, one nested 100 levels, a name of 200 characters) and a fine one; `many`: 300 fine tools over
 * three pages; `heavy`: five pages of 40 tools of a 55 KB schema each (11 MB); `loop`: pages whose `nextCursor` is
 * always the same; `endless`: pages whose `nextCursor` is always new. One malformed tool's name, and the long
 * description, hold the transport's credential (the bearer token over HTTP, `LISTING_TOKEN` over stdio).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import * as SdkServer from "./SdkServer.mjs"

const object = (properties) => ({ type: "object", properties })

/** The malformed tools, each named by what is wrong with it; `token` is the transport's credential. */
const malformed = (token) => [
  { name: "array_input", inputSchema: { type: "array", items: { type: "string" } } },
  { name: "untyped_output", inputSchema: object({}), outputSchema: { properties: { n: { type: "number" } } } },
  { name: "wrong_annotation", inputSchema: object({}), annotations: { readOnlyHint: "yes" } },
  { name: "no_input_schema", description: "no schema at all" },
  { name: `leaks_${token}`, inputSchema: { type: "string" } },
  42
]

const good = [
  { name: "first", inputSchema: object({ q: { type: "string" } }), annotations: { readOnlyHint: true } },
  { name: "second", inputSchema: object({}), outputSchema: object({ n: { type: "number" } }) },
  { name: "third", inputSchema: object({}) }
]

/** 4,000 malformed tools, `page` in their names. */
const floodPage = (page) =>
  Array.from({ length: 4_000 }, (_, i) => ({ name: `flood_${page}_${i}`, inputSchema: { type: "array" } }))

/** An input schema of `count` string properties, each with a description of `width` characters. */
const wide = (count, width) =>
  object(Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, { type: "string", description: "d".repeat(width) }])))

/** An input schema whose property nests `levels` levels of objects (twice as many of JSON). */
const deep = (levels) => {
  let schema = { type: "string" }
  for (let i = 0; i < levels; i++) schema = object({ a: schema })
  return schema
}

/** A tool of each kind over a bound of the client, beside a fine one. */
const oversized = (token) => [
  { name: "fine", inputSchema: object({ q: { type: "string" } }) },
  { name: "long_description", description: `Uses ${token}. ${"word ".repeat(1_200)}`, inputSchema: object({}) },
  { name: "huge_schema", inputSchema: wide(2_000, 40) },
  { name: "huge_output", inputSchema: object({}), outputSchema: wide(2_000, 40) },
  { name: "deep_schema", inputSchema: object({ a: deep(50) }) },
  { name: "deep_meta", inputSchema: object({}), _meta: { "example.com/x": deep(50) } },
  { name: "n".repeat(200), inputSchema: object({}) }
]

/** How many pages a kind of a fixed number has. */
const pageCounts = { mixed: 2, malformed: 1, flood: 3, oversized: 1, many: 3, heavy: 5 }

/** Page `index` of `kind`, and the cursor of the next (none after the last; `loop` and `endless` have no last). */
const pageOf = (kind, token, index) => {
  if (kind === "loop") return { tools: good.slice(2), nextCursor: "again" }
  if (kind === "endless") return { tools: [{ ...good[2], name: `endless_${index}` }], nextCursor: String(index + 1) }
  const bad = malformed(token)
  const tools = kind === "malformed"
    ? bad
    : kind === "flood"
    ? floodPage(index)
    : kind === "oversized"
    ? oversized(token)
    : kind === "many"
    ? Array.from({ length: 100 }, (_, i) => ({ name: `tool_${index}_${i}`, inputSchema: object({}) }))
    : kind === "heavy"
    ? Array.from({ length: 40 }, (_, i) => ({ name: `heavy_${index}_${i}`, inputSchema: wide(500, 70) }))
    : [[good[0], ...bad.slice(0, 3), good[1]], [...bad.slice(3), good[2]]][index]
  return { tools, ...(index + 1 < pageCounts[kind] ? { nextCursor: String(index + 1) } : {}) }
}

/** The credential of the request: the bearer token over HTTP, the env's over stdio. */
const tokenOf = (extra) =>
  String(extra?.requestInfo?.headers?.authorization ?? process.env.LISTING_TOKEN ?? "").replace(/^Bearer /, "")

export const makeServer = (kind) => () => {
  const server = new Server({ name: "listing-server", version: "1.0.0" }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, (request, extra) => {
    const cursor = request.params?.cursor
    return pageOf(kind, tokenOf(extra), cursor === undefined ? 0 : Number(cursor))
  })
  server.setRequestHandler(CallToolRequestSchema, (request) => ({
    content: [{ type: "text", text: `called ${request.params.name}` }]
  }))
  return server
}

/** Serves the tools of `kind` over Streamable HTTP behind `authorization: Bearer <token>`. */
export const startHttp = (token, kind) => SdkServer.startHttp(token, makeServer(kind))

if (process.argv[1]?.endsWith("ListingServer.mjs") && process.argv[2] === "stdio") {
  await makeServer(process.argv[3] ?? "mixed")().connect(new StdioServerTransport())
}
