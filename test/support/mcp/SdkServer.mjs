/**
 * An MCP server built with the official SDK (`@modelcontextprotocol/sdk`, the protocol's reference
 * implementation; its low-level `Server`, so that tool names and schemas are exactly what a test needs), served
 * over stdio (`node SdkServer.mjs stdio`) or Streamable HTTP with sessions (`startHttp`, in the test's process),
 * behind a bearer token. Its tools cover the result shapes of the spec (MCP 2025-11-25, `CallToolResult`: text,
 * image, audio, resource links, embedded resources, `structuredContent`, `isError`) and the names providers
 * refuse.
 */
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js"

/** A 1x1 PNG. */
export const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64"
)

const text = (value) => ({ type: "text", text: value })

/** A small PDF. */
const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

const object = (properties, required = []) => ({ type: "object", properties, required })
const readOnly = { readOnlyHint: true }

/** What every block of `blocks` carries beside its content (MCP 2025-11-25 `Annotations`, `_meta`). */
const extras = {
  annotations: { audience: ["user", "assistant"], priority: 0.5, lastModified: "2025-01-12T15:00:58Z" },
  _meta: { "example.com/trace": "t-1" }
}

/**
 * The results of `blocks`, one per member of `CallToolResult` (spec.types.ts `ContentBlock`, each with annotations
 * and `_meta`; an embedded resource with text and with blobs of each kind; `structuredContent`; `isError`).
 */
export const blockResults = {
  text: { content: [{ type: "text", text: "plain text", ...extras }] },
  image: { content: [{ type: "image", data: png.toString("base64"), mimeType: "image/png", ...extras }] },
  // Base64 without its padding, which the SDK takes (`Base64Schema`: `atob`).
  "image/unpadded": {
    content: [{ type: "image", data: png.toString("base64").replace(/=+$/, ""), mimeType: "image/png", ...extras }]
  },
  audio: { content: [{ type: "audio", data: Buffer.from("RIFF....WAVE").toString("base64"), mimeType: "audio/wav", ...extras }] },
  resource_link: {
    content: [{ type: "resource_link", uri: "file:///notes.md", name: "notes.md", description: "The notes", ...extras }]
  },
  "resource/text": {
    content: [{ type: "resource", resource: { uri: "file:///a.txt", mimeType: "text/plain", text: "embedded text" }, ...extras }]
  },
  "resource/pdf": {
    content: [{
      type: "resource",
      resource: { uri: "file:///docs/report.pdf", mimeType: "application/pdf", blob: Buffer.from(pdf).toString("base64") },
      ...extras
    }]
  },
  "resource/png": {
    content: [{ type: "resource", resource: { uri: "file:///dot.png", mimeType: "image/png", blob: png.toString("base64") }, ...extras }]
  },
  "resource/csv": {
    content: [{
      type: "resource",
      resource: { uri: "file:///t.csv", mimeType: "text/csv", blob: Buffer.from("a,b\n1,2\n").toString("base64") },
      ...extras
    }]
  },
  "resource/zip": {
    content: [{
      type: "resource",
      resource: { uri: "file:///a.zip", mimeType: "application/zip", blob: Buffer.from("PK\x03\x04").toString("base64") },
      ...extras
    }]
  },
  // Blocks for the user alone (MCP 2025-06-18 `Annotations.audience`) beside one for the model; only such blocks; a
  // block for the assistant.
  "audience/user": {
    content: [
      text("the forecast"),
      { type: "text", text: "a note for the user", annotations: { audience: ["user"] } },
      { type: "image", data: png.toString("base64"), mimeType: "image/png", annotations: { audience: ["user"] } }
    ]
  },
  "audience/user-only": { content: [{ type: "text", text: "a note for the user", annotations: { audience: ["user"] } }] },
  // An error result with blocks for the user alone: the model reads the error, the user is shown the blocks.
  "audience/user-error": {
    content: [
      text("the disk is full at /srv/db"),
      { type: "text", text: "Free some space, then try again.", annotations: { audience: ["user"] } },
      { type: "image", data: png.toString("base64"), mimeType: "image/png", annotations: { audience: ["user"] } }
    ],
    isError: true
  },
  "audience/assistant": {
    content: [{ type: "text", text: "for the assistant", annotations: { audience: ["assistant"] } }]
  },
  structured: { content: [text("{\"celsius\":18}")], structuredContent: { celsius: 18 } },
  error: { content: [text("the disk is full")], isError: true }
}

/** The tools every server lists (a second `dup` and `remote_ref`'s schema are for the client to refuse). */
const baseTools = () => [
  {
    name: "secret_retrieval_tool",
    description: "A tool that requires a password to retrieve a secret.",
    inputSchema: object({ password: { type: "string" } }, ["password"]),
    annotations: readOnly
  },
  { name: "files/read", description: "Reads a file", inputSchema: object({ path: { type: "string" } }, ["path"]) },
  { name: "get weather", inputSchema: object({ city: { type: "string" } }), annotations: readOnly },
  { name: "x".repeat(70), inputSchema: object({}) },
  { name: "record", inputSchema: object({}) },
  { name: "links", inputSchema: object({}) },
  { name: "slow", inputSchema: object({ ms: { type: "integer" } }, ["ms"]) },
  { name: "big", inputSchema: object({ bytes: { type: "integer" } }, ["bytes"]) },
  { name: "deep", inputSchema: object({ depth: { type: "integer" } }, ["depth"]) },
  { name: "many", inputSchema: object({ count: { type: "integer" } }, ["count"]) },
  { name: "add_tool", inputSchema: object({}) },
  {
    name: "blocks",
    inputSchema: object({ member: { type: "string", enum: Object.keys(blockResults) } }, ["member"]),
    annotations: readOnly
  },
  // draft-07 definitions, a $ref to them, a closed object, bounds and an enum.
  {
    name: "echo",
    inputSchema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      ...object({ count: { type: "integer", minimum: 1 }, tag: { $ref: "#/definitions/Tag" } }, ["count", "tag"]),
      additionalProperties: false,
      definitions: { Tag: { type: "string", enum: ["a", "b"] } }
    }
  },
  { name: "echo_count", inputSchema: object({}), annotations: readOnly },
  { name: "env", inputSchema: object({}), annotations: readOnly },
  { name: "dup", inputSchema: object({}) },
  { name: "dup", inputSchema: object({ other: { type: "string" } }) },
  { name: "remote_ref", inputSchema: object({ a: { $ref: "https://example.com/a.json" } }) }
]

const state = { tools: baseTools(), echoes: 0 }


const nested = (depth) => {
  let value = { leaf: true }
  for (let i = 0; i < depth; i++) value = { child: value }
  return value
}

const call = async (name, args) => {
  switch (name) {
    case "secret_retrieval_tool":
      if (args.password === "mellon") {
        return { content: [text("Welcome to Moria!"), { type: "image", data: png.toString("base64"), mimeType: "image/png" }] }
      }
      if (args.password === "radiance") return { content: [text("Life before Death is sealed")], isError: true }
      return { content: [text("no such password")] }
    case "files/read":
      return { content: [text(`contents of ${args.path}`)] }
    case "get weather":
      return { content: [], structuredContent: { city: args.city ?? "Paris", celsius: 18 } }
    case "record":
      return { content: [{ type: "audio", data: Buffer.from("RIFF....WAVE").toString("base64"), mimeType: "audio/wav" }] }
    case "links":
      return {
        content: [
          { type: "resource_link", uri: "file:///notes.md", name: "notes.md", description: "The notes" },
          { type: "resource", resource: { uri: "file:///a.txt", mimeType: "text/plain", text: "embedded text" } },
          { type: "resource", resource: { uri: "file:///a.pdf", mimeType: "application/pdf", blob: "JVBERi0=" } }
        ]
      }
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, args.ms))
      return { content: [text("slept")] }
    case "big":
      return { content: [text("x".repeat(args.bytes))] }
    case "deep":
      return { content: [], structuredContent: nested(args.depth) }
    case "many":
      return { content: Array.from({ length: args.count }, (_, i) => text(`part ${i}`)) }
    case "echo":
      state.echoes++
      return { content: [text(JSON.stringify(args))] }
    case "blocks":
      return blockResults[args.member]
    case "echo_count":
      return { content: [text(String(state.echoes))] }
    case "env":
      return { content: [text(JSON.stringify(process.env))] }
    default:
      return { content: [text(`called ${name}`)] }
  }
}

/** A server instance (one per session over HTTP); `add_tool` adds `late_tool` to every later list. */
export const makeServer = () => {
  const server = new Server({ name: "sdk-test-server", version: "1.0.0" }, {
    capabilities: { tools: { listChanged: true } }
  })
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: state.tools }))
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name === "add_tool") {
      state.tools = [...state.tools, { name: "late_tool", inputSchema: object({}) }]
      await server.sendToolListChanged()
      return { content: [text("added")] }
    }
    return call(request.params.name, request.params.arguments ?? {})
  })
  return server
}

/**
 * Serves the tools over Streamable HTTP (sessions) on 127.0.0.1 at `/mcp`, answering 401 to a request without
 * `authorization: Bearer <token>` (with the header it got echoed in the error, as a careless server would);
 * `make` makes the server of each session (this file's by default).
 */
export const startHttp = (token, make = makeServer) =>
  new Promise((resolve) => {
    const sessions = new Map()
    const server = Http.createServer(async (req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { "content-type": "application/json" })
        res.end(JSON.stringify({
          jsonrpc: "2.0",
          id: null,
          error: { code: -32001, message: `unauthorized: ${req.headers.authorization} is not a valid token` }
        }))
        return
      }
      const id = req.headers["mcp-session-id"]
      let transport = typeof id === "string" ? sessions.get(id) : undefined
      if (transport === undefined) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (session) => sessions.set(session, transport)
        })
        await make().connect(transport)
      }
      await transport.handleRequest(req, res)
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}/mcp`,
        sessions,
        close: () => new Promise((done) => server.close(() => done())).finally(() => server.closeAllConnections())
      })
    })
  })

if (process.argv[1]?.endsWith("SdkServer.mjs") && process.argv[2] === "stdio") {
  await makeServer().connect(new StdioServerTransport())
}
