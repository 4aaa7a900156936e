/**
 * What an MCP server lists is hostile input, bounded (`McpBounds.listing`), against a server built with the official
 * SDK (`support/mcp/ListingServer.mjs`) over stdio and Streamable HTTP: a description over OpenAI's 1,024 characters
 * is cut once the credential is scrubbed from it, and logged; a tool whose name is over the spec's 128 characters,
 * whose input or output schema is over 64 KiB of JSON or 64 levels, or that nests deeper elsewhere, is left out and
 * logged, the others offered. 300 tools are more than the 128 a request may carry (OpenAI's `tools`): refused, unless
 * `include` chooses fewer or `maxTools` allows them. A listing of 11 MB of tools is refused at the page past its
 * 8 MiB, an `McpError` (`Limit`) naming the server and a log line saying where. A server whose `nextCursor` repeats,
 * or never ends, is refused within the client's bounds (`effect/ai/McpClient`: a repeated cursor, 100 pages), never
 * waited on for ever.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Listings from "../../support/mcp/Listings.js"

const token = "bounds-bearer-token-97531"
const { close, listed, refused, start } = Listings.make(token)

beforeAll(() => start(["oversized", "many"]))

afterAll(close)

/** The warning of `logs` about `tool`. */
const lineOf = (logs: string, tool: string) => {
  const line = logs.split("\n").find((line) => line.includes(`tool "${tool}`))
  assert.isDefined(line, `no warning for ${tool}:\n${logs.slice(0, 2000)}`)
  assert.match(line!, /^Warn /)
  return line!
}

describe("MCP listing bounds: each tool", () => {
  for (const transport of ["stdio", "http"] as const) {
    it.effect(`${transport}: a long description cut, tools over their bounds left out, each logged`, () =>
      Effect.gen(function*() {
        const [tools, logs] = yield* listed(transport, "oversized")
        assert.deepStrictEqual(tools.map((tool) => tool.mcpName), ["fine", "long_description"])
        const description = tools[1]!.description!
        assert.strictEqual(description.length, 1_024)
        assert.match(description, /^Uses ?<redacted>\. word word/)
        assert.isTrue(description.endsWith("…"))
        assert.match(lineOf(logs, "long_description"), /its description of 6\d{3} characters is cut to 1024/)
        assert.match(lineOf(logs, "huge_schema"), /left out: its input schema is over 65536 characters of JSON/)
        assert.match(lineOf(logs, "huge_output"), /left out: its output schema is over 65536 characters of JSON/)
        assert.match(lineOf(logs, "deep_schema"), /left out: its input schema nests deeper than 64 levels/)
        assert.match(lineOf(logs, "deep_meta"), /left out: it nests deeper than 65 levels/)
        // The name in the line is cut to the bound it is over.
        assert.match(lineOf(logs, "nnnn"), new RegExp(`tool "${"n".repeat(128)}…" left out: its name is over 128`))
        assert.notInclude(logs, token)
      }))
  }
})

describe("MCP listing bounds: the listing", () => {
  for (const transport of ["stdio", "http"] as const) {
    it.effect(`${transport}: 300 tools are more than a request carries, an McpError (Limit) naming the server`, () =>
      Effect.gen(function*() {
        const [error] = yield* refused(transport, "many")
        assert.strictEqual(error.reason, "Limit")
        assert.match(
          error.message,
          /^MCP server .* offers 300 tools, more than the 128 a request may carry \(maxTools\)/
        )
        assert.include(error.message, "include or exclude")
      }))
  }

  it.effect("stdio: include chooses fewer, maxTools allows more", () =>
    Effect.gen(function*() {
      const [chosen] = yield* listed("stdio", "many", { include: ["tool_0_1", "tool_2_99"] })
      assert.deepStrictEqual(chosen.map((tool) => tool.mcpName), ["tool_0_1", "tool_2_99"])
      const [all] = yield* listed("stdio", "many", { maxTools: 300 })
      assert.strictEqual(all.length, 300)
      const [error] = yield* refused("stdio", "many", { maxTools: 0 })
      assert.strictEqual(error.reason, "Configuration")
    }))

  it.effect("stdio: 11 MB of tools over five pages, refused at the page past 8 MiB, the log saying where", () =>
    Effect.gen(function*() {
      const [error, logs] = yield* refused("stdio", "heavy")
      assert.strictEqual(error.reason, "Limit")
      assert.strictEqual(
        error.message,
        "MCP server (node): its tools are over 8388608 characters of JSON; the listing is refused"
      )
      assert.match(
        logs,
        /^Warn MCP server \(node\): its tools are refused: \d+ characters of JSON by page 4 of its listing, over 8388608 /m
      )
    }))

  it.effect("stdio: a nextCursor that repeats is refused, not followed for ever", () =>
    Effect.gen(function*() {
      const [error] = yield* refused("stdio", "loop")
      assert.strictEqual(error.reason, "Limit")
      assert.match(error.message, /^MCP server \(node\): .*repeated a cursor/)
    }))

  it.effect("stdio: a nextCursor always new is refused at the client's 100 pages", () =>
    Effect.gen(function*() {
      const [error] = yield* refused("stdio", "endless")
      assert.strictEqual(error.reason, "Limit")
      assert.match(error.message, /^MCP server \(node\): .*page limit/)
    }))
})
