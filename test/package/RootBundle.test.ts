/**
 * What the OpenAI-only program imported from the root (`test/consumer/stream-openai.mjs`, the program of the bundle
 * budget in Package.test.ts) carries of what it never runs. esbuild bundles it from the sources for the browser as
 * the budget's bundle is made (one IIFE, minified syntax; identifiers kept so that a value can be found by its name):
 * from the root esbuild keeps every export of each namespace the program names (docs/browser.md), but no module-level
 * value that nothing kept reads, when it can tell that making it does nothing else.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Path from "node:path"
import * as CompatibleHosts from "../../src/providers/openai-compatible/CompatibleHosts.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root

/** The OpenAI-only root program's browser bundle, from the sources, its identifiers kept. */
const make = async (): Promise<string> => {
  const esbuild = await import("esbuild")
  const result = await esbuild.build({
    entryPoints: [Path.join(root, "test", "consumer", "stream-openai.mjs")],
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "iife",
    minifySyntax: true,
    alias: { "effect-llm-stream": Path.join(root, "src", "index.ts") },
    write: false,
    logLevel: "silent"
  })
  return result.outputFiles[0]!.text
}

let bundled: Promise<string> | undefined
/** The bundle, made once for the tests of this file. */
const bundle = (): Promise<string> => bundled ??= make()

/**
 * Module-level values that nothing the program keeps reads, each made by a call marked `@__PURE__` so that esbuild
 * leaves it out: the value, and how it is written in the bundle (esbuild may number a name).
 */
const unread: ReadonlyArray<readonly [string, RegExp]> = [
  ["ResponsesBlocks.done", /\bupdate\d*\("Start"/],
  ["ResponsesBlocks.added", /\bupdate\d*\("Open"/],
  ["Message.Message", /\bUnion\d*\(\[SystemMessage\d*, UserMessage\d*/],
  ["Steering's encoder of a message", /\bencodeSync\d*\(codec\d*\)/],
  ["Steering's check of a user message", /=\s*is\d*\(UserMessage\d*\)/]
]

describe("the OpenAI-only program imported from the root", () => {
  it("carries no compatible host's row but Groq's, whose profile the tool loop reads", async () => {
    const code = await bundle()
    assert.include(code, CompatibleHosts.presets.groq.baseUrl)
    for (const host of Object.values(CompatibleHosts.presets)) {
      if (host.name === "groq" || host.baseUrl === "") continue
      assert.notInclude(code, JSON.stringify(host.baseUrl), host.name)
    }
  }, 60_000)

  it("carries no module-level value that nothing it keeps reads", async () => {
    const code = await bundle()
    for (const [name, written] of unread) assert.notMatch(code, written, name)
  }, 60_000)
})
