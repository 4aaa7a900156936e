/**
 * An MCP server built with the official SDK (`@modelcontextprotocol/sdk`'s low-level `Server`, which sends the tools
 * it is given as they are) whose `tools/list` holds tools the MCP schema refuses (MCP 2025-11-25, schema.ts `Tool`:
 * `inputSchema` and `outputSchema` of `type: "object"`, annotations' hints booleans), over stdio
 * (`node ListingServer.mjs stdio <kind>`) or Streamable HTTP (`startHttp(token, kind)`). `kind` is `mixed`: good and
 * malformed tools over two pages; `malformed`: only malformed ones; or `flood`: 12,000 malformed ones over three
 * pages. One malformed tool's name holds the
 * transport's credential (the bearer token over HTTP, `LISTING_TOKEN` over stdio).
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

/**
 * The pages of `kind`: mixed, two pages with good tools on both; malformed, one page of malformed tools; flood,
 * three pages of 4,000 malformed tools.
 */
const pages = (kind, token) => {
  const bad = malformed(token)
  return kind === "malformed"
    ? [bad]
    : kind === "flood"
    ? [0, 1, 2].map(floodPage)
    : [[good[0], ...bad.slice(0, 3), good[1]], [...bad.slice(3), good[2]]]
}

/** The credential of the request: the bearer token over HTTP, the env's over stdio. */
const tokenOf = (extra) =>
  String(extra?.requestInfo?.headers?.authorization ?? process.env.LISTING_TOKEN ?? "").replace(/^Bearer /, "")

export const makeServer = (kind) => () => {
  const server = new Server({ name: "listing-server", version: "1.0.0" }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, (request, extra) => {
    const all = pages(kind, tokenOf(extra))
    const page = Number(request.params?.cursor ?? 0)
    return { tools: all[page], ...(page + 1 < all.length ? { nextCursor: String(page + 1) } : {}) }
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
