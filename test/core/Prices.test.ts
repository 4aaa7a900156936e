/**
 * The bundled price table against its sources: it prices the real model ids of the five providers, it
 * bills what genai-prices' calculator bills wherever both price a model (every difference explained in
 * scripts/prices/disagreements.json), and it is exactly what the generator makes of the pinned sources.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { PriceTable } from "effect-llm-stream"
import { spawnSync } from "node:child_process"
import * as Path from "node:path"
import * as Prices from "../../scripts/prices/check.js"
import * as Table from "../../scripts/prices/table.js"
import * as TestPaths from "../support/TestPaths.js"

const inputs = Prices.load()
const root = TestPaths.root

describe("the bundled price table", () => {
  it.effect("prices every real model id of the providers, or says why not (the hosts' module's in the loaded table)", () =>
    Effect.gen(function*() {
      const loaded = yield* PriceTable.current
      const { checked, findings } = Prices.coverage(
        (provider, id) => Result.isSuccess((Table.isLazy(provider) ? loaded : PriceTable.bundled).lookup(provider, id)),
        inputs.fixtures
      )
      assert.deepStrictEqual(findings, [])
      assert.isAbove(checked, 300)
    }))

  it("agrees with genai-prices' calculator and LiteLLM, every difference explained", async () => {
    const genaiPrices = await inputs.genaiPrices()
    const { comparedGenaiPrices, findings } = Prices.agreement(
      inputs.table,
      genaiPrices,
      inputs.litellm,
      inputs.explanations
    )
    assert.deepStrictEqual(findings, [])
    assert.isAbove(comparedGenaiPrices, 500)
  })

  it("is what the pinned sources and the corrections give", () => {
    const run = spawnSync(
      process.execPath,
      [Path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/prices/update.ts", "--check"],
      { cwd: root, encoding: "utf8" }
    )
    assert.strictEqual(run.status, 0, run.stdout + run.stderr)
  }, 60_000)

  it.effect("is the table the library decodes (the hosts' module's entries with it where it is loaded on first use)", () =>
    Effect.gen(function*() {
      const lazy = inputs.table.entries.filter((entry) => Table.isLazy(entry.provider)).length
      assert.isAbove(lazy, 0)
      assert.strictEqual(PriceTable.bundled.entries.length, inputs.table.entries.length - lazy)
      assert.strictEqual((yield* PriceTable.current).entries.length, inputs.table.entries.length)
      assert.strictEqual(PriceTable.bundled.version, inputs.table.generatedAt)
    }))
})
