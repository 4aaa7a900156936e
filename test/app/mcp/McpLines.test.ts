/**
 * The line reader of the stdio transport: of a line over the bound, the start it reads the id (or the `method`) from
 * is the line's first bytes, whatever the pieces the line arrived in.
 */
import { assert, describe, it } from "@effect/vitest"
import * as McpLines from "../../../src/app/mcp/McpLines.js"

/** What a reader of lines of at most 1,000 bytes is told of `pieces`, fed one by one. */
const read = (pieces: ReadonlyArray<string>) => {
  const told: Array<string> = []
  const feed = McpLines.reader(1_000, {
    line: (text) => told.push(`line ${text}`),
    skipped: (id) => told.push(`skipped ${JSON.stringify(id)}`)
  })
  for (const piece of pieces) feed(new TextEncoder().encode(piece))
  return told
}

describe("McpLines: a line over the bound, arrived in pieces", () => {
  it("an answer whose id is at its start, the start in two short pieces: that id is failed", () => {
    const told = read([
      `{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc":"2.0","id"`,
      `:7,"result":{"content":[{"type":"text","text":"${"a".repeat(500)}`,
      `${"a".repeat(2_000)}"}]}}\n`
    ])
    assert.deepStrictEqual(told, [`line {"jsonrpc":"2.0","id":1,"result":{}}`, "skipped 7"])
  })

  it("a notification whose method starts in one piece and ends in the next fails nothing", () => {
    const told = read([
      `{"met`,
      `hod":"notifications/message","params":{"level":"info","data":"${"a".repeat(500)}`,
      `${"a".repeat(2_000)}"},"jsonrpc":"2.0"}\n`
    ])
    assert.deepStrictEqual(told, [])
  })

  it("an answer in one piece, its id last as the official SDK writes it: that id is failed", () => {
    assert.deepStrictEqual(read([`{"result":{"x":"${"a".repeat(2_000)}"},"jsonrpc":"2.0","id":"k"}\n`]), [
      `skipped "k"`
    ])
  })
})
