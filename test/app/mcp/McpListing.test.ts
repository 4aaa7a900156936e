/**
 * A `tools/list` whose tools the MCP schema refuses one by one (MCP 2025-11-25, schema.ts `Tool`: an `inputSchema`
 * of `type: "array"`, an `outputSchema` without `type`, a hint that is not a boolean, no `inputSchema`, an entry
 * that is no object), from a server built with the official SDK (`support/mcp/ListingServer.mjs`), over stdio and
 * Streamable HTTP: each tool is taken on its own, the well-formed ones offered across pages and each malformed one
 * left out with a warning naming it and what is wrong, the transport's credential scrubbed. A server all of whose
 * tools are malformed gives no tools, each logged. The listing stays bounded: a tool left out counts towards its
 * 10,000 tools as one offered does.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type * as McpClient from "effect/ai/McpClient"
import * as McpProtocol from "effect/ai/McpProtocol"
import * as McpListing from "../../../src/app/mcp/McpListing.js"
import * as Listings from "../../support/mcp/Listings.js"

const token = "listing-bearer-token-24680"
const { close, listed, refused, start } = Listings.make(token)

beforeAll(() => start(["mixed", "malformed"]))

afterAll(close)

/** The warnings of the malformed tools, each naming the tool and what is wrong with it. */
const leftOut = (logs: string) => {
  for (
    const [name, why] of [
      ["array_input", /inputSchema\.type: expected "object"/i],
      ["untyped_output", /outputSchema\.type: missing/i],
      ["wrong_annotation", /annotations\.readOnlyHint: expected boolean/i],
      ["no_input_schema", /inputSchema: missing/i]
    ] as const
  ) {
    const line = logs.split("\n").find((line) => line.includes(`tool "${name}" left out`))
    assert.isDefined(line, `no warning for ${name}:\n${logs}`)
    assert.match(line!, /^Warn /)
    assert.match(line!, why)
  }
  assert.match(logs, /tool "leaks_<redacted>" left out/)
  assert.match(logs, /a tool without a name left out/)
  assert.notInclude(logs, token)
}

describe("MCP listing: each tool on its own", () => {
  for (const transport of ["stdio", "http"] as const) {
    it.effect(`${transport}: the well-formed tools offered across pages, each malformed one left out and logged`, () =>
      Effect.gen(function*() {
        const [tools, logs] = yield* listed(transport, "mixed")
        assert.deepStrictEqual(tools.map((tool) => tool.mcpName), ["first", "second", "third"])
        assert.isFalse(tools[0]!.needsApproval)
        leftOut(logs)
      }))

    it.effect(`${transport}: a server whose every tool is malformed gives no tools, each logged`, () =>
      Effect.gen(function*() {
        const [tools, logs] = yield* listed(transport, "malformed")
        assert.deepStrictEqual(tools, [])
        leftOut(logs)
      }))
  }

  it.effect("12,000 malformed tools over three pages: the listing is over its 10,000 tools, an McpError (Limit)", () =>
    Effect.gen(function*() {
      const [error, logs] = yield* refused("stdio", "flood")
      assert.strictEqual(error.reason, "Limit")
      assert.match(error.message, /^MCP server \(node\): MCP tools discovery exceeded its item limit$/)
      // The first two pages' tools were logged, not the third's.
      assert.include(logs, `tool "flood_1_3999" left out`)
      assert.notInclude(logs, "flood_2_")
    }))
})

/** A transport of 2025-06-18 whose `tools/list` is answered with `tools`. */
const listing = (tools: ReadonlyArray<unknown>): McpClient.Transport => ({
  ["~effect/ai/McpClient/Transport"]: "~effect/ai/McpClient/Transport",
  // A stateful revision's adapter, as `McpConnect` opens it.
  protocol: McpProtocol.v2025_06_18 as unknown as McpClient.Transport["protocol"],
  isCallable: () => true,
  notify: () => Effect.void,
  request: (message) => Effect.succeed({ jsonrpc: "2.0", id: message.id, result: { tools } } as any)
})

describe("MCP listing: both schemas the client checks", () => {
  // `McpClient.request` decodes a `tools/list` result with the revision's schema, then the public `ListToolsResult`;
  // in 2025-06-18 each refuses a tool the other takes, and either refusal would refuse the whole listing.
  it.effect("2025-06-18: a tool only the public schema refuses and one only the revision's refuses, both left out", () =>
    Effect.gen(function*() {
      const input = { type: "object", properties: {} }
      const tools = [
        { name: "fine", inputSchema: input },
        { name: "icons_not_a_list", inputSchema: input, icons: "icon.png" },
        { name: "array_output", inputSchema: input, outputSchema: { type: "array" } }
      ]
      const reported: Array<McpListing.Notice> = []
      const transport = McpListing.wellFormed(
        listing(tools),
        (tool) => Effect.sync(() => reported.push(tool))
      )
      const response = yield* transport.request({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} })
      assert.deepStrictEqual((response as any).result.tools.map((tool: any) => tool.name), ["fine"])
      assert.deepStrictEqual(reported.map((notice) => notice._tag === "LeftOut" && notice.name), [
        "icons_not_a_list",
        "array_output"
      ])
    }))
})
