/**
 * What importing the library loads: a server imports the root and uses a model, the UI message stream and a store;
 * what it never uses is loaded the first time something uses it, not at import. Importing the root (in a process of
 * its own, the loader's hook recording every module it loads) loads neither Effect's MCP client with the protocol's
 * schemas (~5 MB of heap, loaded by `Mcp.tools`), nor Effect's cluster engines of the durable loop (~2.5 MB, loaded
 * when a `DurableLoop` layer is built), nor the tokenizer (tens of MB, loaded when a spend is estimated).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..")

const loadedBy = (module: string): ReadonlyArray<string> => {
  const run = ChildProcess.spawnSync(
    process.execPath,
    ["--import", "tsx", Path.join(root, "test", "support", "LoadedModules.mjs"), module],
    { cwd: root, encoding: "utf8" }
  )
  assert.strictEqual(run.status, 0, run.stderr)
  return JSON.parse(run.stdout) as ReadonlyArray<string>
}

describe("importing the library", () => {
  it("the root loads the library, and neither the MCP client, the durable loop's engines nor the tokenizer", () => {
    const loaded = loadedBy("./src/index.ts")
    // The hook sees the library's own modules: the check below is not vacuous.
    assert.isTrue(loaded.some((url) => url.endsWith("/src/UIMessageStream.ts")))
    assert.isTrue(loaded.some((url) => url.endsWith("/src/Mcp.ts")))
    assert.isTrue(loaded.some((url) => url.endsWith("/src/DurableLoop.ts")))
    assert.deepStrictEqual(loaded.filter((url) => /\/effect\/dist\/ai\/Mcp|\/src\/mcp\/McpConnect\.ts$/.test(url)), [])
    assert.deepStrictEqual(
      loaded.filter((url) => /\/effect\/dist\/cluster\/|\/src\/durable\/Engines\.ts$/.test(url)),
      []
    )
    assert.deepStrictEqual(loaded.filter((url) => url.includes("gpt-tokenizer")), [])
  })
})
