/**
 * What importing the library loads: a server imports the root and serves answers; the tokenizer (tens of MB of heap,
 * an optional dependency) is loaded the first time a spend is estimated, never by the import nor by an answer whose
 * provider reported its usage (test/SpendEndings.test.ts). Importing the root, in a process of its own whose
 * loader hook records every module it loads, does not load it.
 *
 * A server that imports the subpaths it uses loads the providers it names and, of the others, only their profiles
 * (a few numbers) and the turn formats the history's signature reads (`providers/TurnFormats.ts`), and no test kit: the provider tables are
 * one file per concern (10 MB less RSS for an OpenAI server than when one table loaded every provider's test kit).
 *
 * Effect's MCP client, `effect/ai` and the durable loop's workflow, cluster and SQL engines are loaded when they are
 * first used (`Mcp.tools` connecting, `AiLanguageModel.layer` or a `DurableLoop` layer built), not with the root:
 * importing the root and `ChatEndpoint` costs 1.2x `effect`'s CPU, not 2.2x (`npm run bench -- imports`). Their
 * dynamic `import()`s are in `McpImports`, `AiImports` and `DurableImports`, whose `.browser.ts` twins import them
 * statically: a bundle without code splitting has no module to wrap for them (test/Package.test.ts's budgets).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root

const loadedBy = (...modules: ReadonlyArray<string>): ReadonlyArray<string> => {
  const run = ChildProcess.spawnSync(
    process.execPath,
    ["--import", "tsx", Path.join(root, "test", "support", "LoadedModules.mjs"), ...modules],
    { cwd: root, encoding: "utf8" }
  )
  assert.strictEqual(run.status, 0, run.stderr)
  return JSON.parse(run.stdout) as ReadonlyArray<string>
}

describe("importing the library", () => {
  it("the root loads the library, not the tokenizer", () => {
    const loaded = loadedBy("./src/index.ts")
    // The hook sees the library's own modules: the check below is not vacuous.
    assert.isTrue(loaded.some((url) => url.endsWith("/src/app/ui/UIMessageStream.ts")))
    // The module that loads the tokenizer on demand is there; the tokenizer is not.
    assert.isTrue(loaded.some((url) => url.endsWith("/src/core/estimate/Tokenizer.ts")))
    assert.deepStrictEqual(loaded.filter((url) => url.includes("gpt-tokenizer")), [])
  })
  it("the root loads neither Effect's MCP client, effect/ai, nor the durable loop's workflow, cluster and SQL engines", () => {
    const loaded = loadedBy("./src/index.ts")
    assert.isTrue(loaded.some((url) => url.endsWith("/src/app/durable/DurableLoop.ts")))
    assert.isTrue(loaded.some((url) => url.endsWith("/src/app/mcp/Mcp.ts")))
    assert.isTrue(loaded.some((url) => url.endsWith("/src/app/ai/AiLanguageModel.ts")))
    assert.deepStrictEqual(
      loaded.filter((url) => /\/effect\/dist\/(workflow|cluster|sql|reactivity|ai)\//.test(url)),
      []
    )
  })
  it("an OpenAI server's subpaths load no other provider's service or schemas, and no test kit", () => {
    const loaded = loadedBy(
      "./src/providers/openai/OpenAI.ts",
      "./src/app/LanguageModel.ts",
      "./src/app/ui/UIMessageStream.ts"
    )
    const providerFiles = loaded.map((url) => /\/src\/providers\/(.+)$/.exec(url)?.[1]).filter((file) =>
      file !== undefined
    )
    assert.isTrue(providerFiles.includes("openai/OpenAIService.ts"))
    const others = providerFiles.filter((file) =>
      !/^(openai|openai-compatible)\//.test(file) && !/(Profile|Limits|Blocks)\.ts$/.test(file) &&
      // The provider tables the UI stream asks (each provider's turn format, through TurnState and TurnCarry).
      !["TurnState.ts", "TurnCarry.ts", "TurnFormats.ts", "ProviderProfiles.ts"].includes(file)
    )
    assert.deepStrictEqual(others, [])
    assert.deepStrictEqual(loaded.filter((url) => /TestKit|Scripted/.test(url)), [])
  })
})
